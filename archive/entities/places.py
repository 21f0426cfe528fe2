"""Cities in a story: place-name mentions and the evidence around them, resolved to "City, ST".

What counts (README, "Facets"): a town named as a place, also as a modifier ("Philadelphia
police", "an Alexandria woman", "a Dallas-based firm") and in a legislator's party tag
("R-Elbow Lake"); a town's own bodies ("Bloomfield Police Department"). What does not: a
county, a street ("Houston Lake Road"), a name inside an organisation's ("Georgia Power",
"Chamber of Commerce"), a person's name ("Commissioner Jerry West").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from archive.entities.mentions import Run, Token, strip_stop_words
from archive.entities.place_context import (
    abroad,
    among_countries,
    bare_the,
    org_of,
    person_after,
    street,
)
from archive.entities.place_labels import Mention, PlaceLabeller
from archive.entities.place_words import (
    CIVIC_UNITS,
    CIVIC_WORDS,
    COUNTY_WORDS,
    COURT_WORDS,
    DIRECTIONS,
    MODIFIER_NOUNS,
    NUMBER_WORDS,
    PLACE_BEFORE,
    PREPOSITIONS,
    STATE_ACRONYMS,
    TOWNSHIP_WORDS,
)
from archive.entities.resolve import (
    COUNTY_VOTE,
    STATE_NAMED_VOTE,
    name_risk,
)
from archive.lexicon.gazetteer import (
    county_states,
    is_country,
    parse_state,
    places_named,
    world_city,
)
from archive.lexicon.names import TITLE_WORDS

# States named like their best-known cities: "Washington" and "New York" vote for no state.
CITY_STATES = frozenset({"Washington", "New York"})
# A legislator's party and home town: "Sen. Tom Bakk, DFL-Cook" or "Rep. Amy Roe, R-Ga.".
_PARTY_TAG = re.compile(r"^(?:D|R|I|DFL|GOP|Ind)-([A-Z].*)$")


@dataclass
class PlaceFinder:
    """Collects place mentions and state evidence from the runs of one text, and resolves them."""

    tokens: list[Token]
    runs_by_lo: dict[int, Run]
    skip_words: frozenset[str]  # words of persons' names: no place unless the context says so
    surnames: frozenset[str] = frozenset()  # last names of persons found: never a place
    mentions: list[Mention] = field(default_factory=list)
    evidence: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    used: set[int] = field(default_factory=set)
    dateline_label: str | None = None  # what add_dateline's town resolved to
    county_names: set[str] = field(default_factory=set)  # "Oconee" of "Oconee County"
    _last_hi: int = -1

    def add_run(self, run: Run) -> None:
        """Read one run (not a person) for a place name and its state or country."""
        if run.lo in self.used:
            return
        self._note_states(run.words)
        skipped, words = strip_stop_words(run.words)
        while words and words[0] in NUMBER_WORDS and not places_named(" ".join(words)):
            skipped, words = skipped + 1, words[1:]  # "Three Philadelphia", not "Ten Mile"
        if (
            not words
            or words[0] == "Greater"
            or self._county(run, words)
            or org_of(self.tokens, run)
        ):
            return
        tag = _PARTY_TAG.match(words[0])
        if tag:
            self._party_tag(run, (tag.group(1), *words[1:]))
            return
        if len(words) > 2 and words[0] in {"City", "Town", "Village", "Borough"}:
            words = words[2:] if words[1] == "of" else words
        state, country = self._qualifier(run)
        name = self._place_part(words, exact=state is not None or country is not None)
        if name is None or (state is None and street(self.tokens, self.runs_by_lo, run)):
            return
        owner = run.hi < len(self.tokens) and self.tokens[run.hi].text == "'s"
        placed = self._placed(run, skipped) and not owner  # "went to Warden's home"
        if state is None and not placed and person_after(self.tokens, run):
            return
        if country is None and (
            abroad(self.tokens, self.runs_by_lo, run)
            or among_countries(self.tokens, self.runs_by_lo, run, name)
        ):
            return
        if name == " ".join(words) and bare_the(self.tokens, run):
            return
        strong = self._strong(run, skipped, name)
        mention = Mention(name, run.lo + skipped, state, country, strong, placed, possessive=owner)
        self.mentions.append(mention)
        self._last_hi = run.hi

    def add_civic(self, name: str, pos: int) -> None:
        """Add a town named before a title ("Hartford Police Chief ..."), never a county's."""
        after = pos + len(name.split())
        word = self.tokens[after].text if after < len(self.tokens) else ""
        if word in COUNTY_WORDS:
            self._note_county(name)
        elif word in CIVIC_WORDS or word in TITLE_WORDS or word in COURT_WORDS:
            self.mentions.append(Mention(name, pos, strong=True))

    def add_capitals(self) -> None:
        """Read words in capitals: a town before a dash ("XENIA — The ..."), "the GBI"."""
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.is_cap or not tok.text.isupper():
                continue
            code = STATE_ACRONYMS.get(tok.text)
            if code:
                self.evidence[code] += STATE_NAMED_VOTE
            if not (tok.sentence_start and len(tok.text) > 2):
                continue
            j = i
            while j < len(toks) and toks[j].text.isupper() and toks[j].text.isalpha():
                j += 1
            if j < len(toks) and toks[j].text in {"\u2014", "\u2013", "\x97", "-"}:
                name = " ".join(t.text.title() for t in toks[i:j])
                if i >= 2 and toks[i - 1].text == "." and toks[i - 2].text in {"ST", "MT", "FT"}:
                    name = f"{toks[i - 2].text.title()}. {name}"  # "ST. PARIS —"
                if places_named(name):
                    self.mentions.append(Mention(name, i, strong=True))

    def add_dateline(self, name: str) -> None:
        """Add a dateline's town that names no state, to be resolved from the story."""
        self.mentions.append(Mention(name, -1, strong=True))

    def resolve(self, dateline: str | None, home: str | None) -> list[str]:
        """Return the labels of the accepted mentions in order (dateline and home states)."""
        labeller = PlaceLabeller(
            self.tokens,
            self.mentions,
            self.evidence,
            self.skip_words,
            self.surnames,
            self.county_names,
        )
        found = labeller.resolve(dateline, home)
        self.dateline_label = labeller.dateline_label
        return found

    def _note_states(self, words: tuple[str, ...]) -> None:
        """Count the states a run names: "Georgia Power", "Ohio State", "the GBI"."""
        for i, word in enumerate(words):
            code = STATE_ACRONYMS.get(word)
            if code:
                self.evidence[code] += STATE_NAMED_VOTE
            for n in (2, 1):
                phrase = " ".join(words[i : i + n])
                if len(words) < i + n or (n == 1 and len(word) == 2) or phrase in CITY_STATES:
                    continue
                code = parse_state(phrase)
                longer = " ".join(words[i : i + n + 1])
                if code and not (i + n < len(words) and places_named(longer)):
                    self.evidence[code] += STATE_NAMED_VOTE
                    break

    def _note_county(self, name: str) -> None:
        self.county_names.add(name)
        states = county_states(name)
        for state in states:
            self.evidence[state] += COUNTY_VOTE / len(states)

    def _county(self, run: Run, words: tuple[str, ...]) -> bool:
        """Tell whether the run names a county ("Walton County", "Clarke and Oconee counties")."""
        for k, word in enumerate(words):
            if (word in COUNTY_WORDS or word in TOWNSHIP_WORDS) and k > 0:
                self._note_county(" ".join(words[:k]))
                return True
        toks = self.tokens
        if run.hi < len(toks) and toks[run.hi].text in COUNTY_WORDS | TOWNSHIP_WORDS:
            self._note_county(" ".join(words))
            return True
        j = run.hi  # a list that ends in "counties": "Clarke, Madison and Oconee counties"
        while j < len(toks) and j < run.hi + 16:
            text = toks[j].text
            if text in {"counties", "parishes", "Counties", "Parishes"}:
                self._note_county(" ".join(words))
                return True
            if not (toks[j].is_cap or text in {",", "and", "or", "&", "to"}):
                return False
            j += 1
        return False

    def _party_tag(self, run: Run, words: tuple[str, ...]) -> None:
        whole = " ".join(words)
        code = parse_state(whole)
        if code:
            self.evidence[code] += STATE_NAMED_VOTE
        elif self._place_part(words, exact=False) == whole:
            self.mentions.append(Mention(whole, run.lo, strong=True, tag=True))

    def _listed_with_place(self, run: Run) -> bool:
        toks = self.tokens
        if run.hi >= len(toks) or toks[run.hi].text not in {"and", "or", ","}:
            return False
        nxt = self.runs_by_lo.get(run.hi + 1)
        return nxt is not None and bool(places_named(" ".join(nxt.words)))

    def _strong(self, run: Run, skipped: int, name: str) -> bool:
        toks = self.tokens
        prev = toks[run.lo - 1].text if run.lo > 0 else ""
        nxt = toks[run.hi].text if run.hi < len(toks) else ""
        if self._listed_with_place(run) or nxt in MODIFIER_NOUNS or prev in PLACE_BEFORE:
            return True
        if skipped and run.words[skipped - 1].lower() in PREPOSITIONS:
            return True
        if prev in {"and", "or", ","}:  # listed after a place: "Somers and Suffield"
            return self._last_hi == run.lo - 1
        if prev in PREPOSITIONS and not run.sentence_start:
            return True
        return name.count(" ") < len(run.words) - skipped - 1

    def _placed(self, run: Run, skipped: int) -> bool:
        if skipped:
            return run.words[skipped - 1].lower() in PREPOSITIONS - {"and", "or"}
        prev = self.tokens[run.lo - 1].text if run.lo > 0 else ""
        if prev in {"and", "or"}:
            return self._last_hi == run.lo - 1
        return prev in PREPOSITIONS

    def _qualifier(self, run: Run) -> tuple[str | None, str | None]:
        toks = self.tokens
        if run.hi + 1 >= len(toks) or toks[run.hi].text != ",":
            return None, None
        after = self.runs_by_lo.get(run.hi + 1)
        text = " ".join(after.words) if after else toks[run.hi + 1].text
        for candidate in (text, toks[run.hi + 1].text):
            code = parse_state(candidate)
            if code:
                self.used.add(run.hi + 1)
                return code, None
            if is_country(candidate) and world_city(" ".join(run.words), candidate):
                self.used.add(run.hi + 1)
                return None, candidate
        return None, None

    def _place_part(self, words: tuple[str, ...], *, exact: bool) -> str | None:
        whole = " ".join(words)
        if places_named(whole):
            return whole
        parent = words[1] if len(words) == 2 and words[0] in DIRECTIONS else ""
        if parent and name_risk(parent) is None and places_named(parent):
            return parent  # "South Philadelphia" is a part of Philadelphia
        if exact:  # "Dot's Cambridge City, Ind.": the longest place the run ends with
            tail = next((k for k in range(1, len(words)) if places_named(" ".join(words[k:]))), 0)
            return " ".join(words[tail:]) if tail or len(words) <= 3 else None
        for n in range(min(3, len(words) - 1), 0, -1):
            prefix = " ".join(words[:n])
            last = n == len(words) - 1
            if last and words[n] in CIVIC_UNITS:
                continue  # "Kanawha City" is a name, "Kanawha City Council" a body
            if words[n] in CIVIC_WORDS and places_named(prefix):
                return prefix
        return None
