"""Persons in a story: full names at first mention, later surname mentions folded in."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from archive.entities.mentions import NAME_PARTICLES, Run, Token, strip_stop_words
from archive.lexicon.gazetteer import gazetteer, parse_state, places_named
from archive.lexicon.names import (
    GIVEN_NAME_TITLES,
    GIVEN_NAME_WORDS,
    HONORIFICS,
    ORG_WORDS,
    PEOPLES,
    STOP_WORDS,
    STREET_WORDS,
    SUFFIXES,
    TITLE_WORDS,
    TITLES,
    given_names,
    person_key,
    role_for,
    word_list,
)

SPEECH = frozenset(
    word_list(
        "said says told added explained noted asked wrote recalled recalls testified stated "
        "continued agreed admitted acknowledged insisted urged announced warned"
    )
)
MODIFIER_TAILS = frozenset(
    word_list("area born bred run led made style era like ish gate type esque wide bound")
)
COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Central"})
COUNTY_WORDS = frozenset({"County", "Parish", "Borough", "Township"})
TITLE_ENDS = frozenset(t.split()[-1] for t in TITLES)
# Organization words that are also common surnames ("Jane Hill", "Alicia Grant").
SURNAME_OK = frozenset(
    word_list(
        "Hill Park Woods Green Field Hall Lane Church Post Cross Brook Banks Rivers Wolf Power "
        "Young Price Bay Marsh Pond Lake Forest Bell House Rose Mills Day Knight Guard Case Temple "
        "Law Booth Bishop Ford Gates May Lodge Bridge Banks Walker Street Holmes Storm Hart "
        "Grant King Wells Bridges Castle Story Moss Hunt Pike Major Brooks Fields Stone Wood Ware "
        "Fox Carter Glass Mason Porter Parks Hale Prince Pope Cardinal Ledger"
    )
)


@dataclass
class PersonFinder:
    """Collects persons and roles from the runs of one text."""

    tokens: list[Token]
    excluded: frozenset[str]
    local: tuple[str, ...]
    persons: dict[str, str] = field(default_factory=dict)  # key -> display name
    roles: dict[str, str] = field(default_factory=dict)  # key -> role
    consumed: set[int] = field(default_factory=set)  # run.lo of runs that name persons
    role_places: list[tuple[str, int]] = field(default_factory=list)  # ("Hartford", run.lo)
    _surnames: list[tuple[Run, str, str | None]] = field(default_factory=list)
    _referenced: set[str] = field(default_factory=set)
    _full_lasts: set[str] = field(default_factory=set)  # last words of "First Last" runs

    def note_surnames(self, runs: list[Run]) -> None:
        """First pass: remember single words used like surnames ("Thody said", "Chief Thody")."""
        for run in runs:
            _, words = strip_stop_words(run.words)
            if (
                len(words) >= 2
                and words[-2] in given_names()
                and words[-2] not in GIVEN_NAME_TITLES
            ):
                self._full_lasts.add(words[-1])
        for run in runs:
            _, words = strip_stop_words(run.words)
            end = self._title_end(words)
            if end >= 0 and len(words) == end + 2 and _name_word(words[-1]):
                self._referenced.add(words[-1])
            elif len(words) == 1 and self._speech_near(run) and _name_word(words[0]):
                self._referenced.add(words[0])

    def add_run(self, run: Run) -> None:
        """Read one run: a full name (maybe titled), a titled surname, or something else."""
        skipped, words = strip_stop_words(run.words)
        glued = _peoples_prefix(words)  # "German Axel Schulz", "South African Gary Player"
        skipped, words = skipped + glued, words[glued:]
        if not words:
            return
        title_end = self._title_end(words)
        role, place = None, None
        if title_end >= 0:
            role, place = self._role(words[: title_end + 1])
            words = words[title_end + 1 :]
        else:
            role = self._lower_title(run.lo)
        words, descriptor = self._strip_descriptor(words)
        titled, role = role is not None, role or descriptor
        if (
            not words
            or not (_name_word(words[0]) or words[0] in self._referenced or _given(words))
            or not all(_name_word(w) or w in self._referenced for w in words[1:])
            or len(words) > 4
        ):
            return
        if len(words) == 1:
            if role or self._speech_near(run):
                self._surnames.append((run, words[0], role))
            else:
                return
        elif titled or self._looks_like_person(run, words):
            self._add_person(words, role)
            self.consumed.add(run.lo)
        else:
            return
        if place:
            self.role_places.append((place, run.lo + skipped))

    def _strip_descriptor(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
        """Drop a leading descriptor ("Neighbor Bernard Okonkwo"); it is the role."""
        for i, word in enumerate(words[:-1]):
            if word in HONORIFICS:
                return words[i + 1 :], None
        if len(words) < 3 or words[0] in given_names() or words[0].endswith("."):
            return words, None
        if words[0].lower() in NAME_PARTICLES or words[0] in {"El", "Al", "Abu", "Abdel"}:
            return words, None  # "Van der Berg", "El Hassan Idrissi"
        if words[0] in {"Saint", "Mount", "Fort", "Lake", "Camp"}:
            return words, None
        for i in range(1, len(words) - 1):
            if words[i] in given_names() and len(words) - i <= 3:
                return words[i:], _descriptor(words[:i])
        if words[-1] in self._referenced and len(words) >= 3:
            return words[-2:], _descriptor(words[:-2])
        return words, None

    def finish(self) -> None:
        """Fold titled or quoted surname mentions into the full names they refer to."""
        by_last: dict[str, list[str]] = {}
        for key, name in self.persons.items():
            by_last.setdefault(name.split()[-1].lower(), []).append(key)
            by_last.setdefault(_last_name(name).lower(), []).append(key)
        for run, surname, role in self._surnames:
            keys = sorted(set(by_last.get(surname.lower(), [])))
            if keys:
                self.consumed.add(run.lo)
            if len(keys) == 1 and role and keys[0] not in self.roles:
                self.roles[keys[0]] = role

    def surnames(self) -> frozenset[str]:
        """Return the last names (and first names) of the persons found, lower-cased."""
        words = {w.lower() for name in self.persons.values() for w in name.split()}
        return frozenset(words | {s.lower() for _, s, _ in self._surnames})

    def _title_end(self, words: tuple[str, ...]) -> int:
        if len(words) == 2 and words[0] in GIVEN_NAME_WORDS and words[1] not in self._full_lasts:
            return -1  # "Dean Jones scored": no Jones is named in full, so Dean is his name
        for i in range(len(words) - 2, -1, -1):
            if words[i] in GIVEN_NAME_WORDS and i > 0 and words[i - 1] in TITLE_ENDS:
                continue  # "County Commissioner Dean Whitfield": Dean is his name
            after = words[i + 1]
            if words[i] in TITLE_ENDS and (after not in TITLE_WORDS or after in GIVEN_NAME_WORDS):
                # "Martin Luther King Jr.": a surname before a suffix is no title
                if all(w in SUFFIXES for w in words[i + 1 :]):
                    continue
                return i
        return -1

    def _role(self, words: tuple[str, ...]) -> tuple[str, str | None]:
        start, place = 0, None
        for n in range(min(3, len(words) - 1), 0, -1):
            prefix = " ".join(words[:n])
            if not set(words[:n]) & (TITLE_WORDS | ORG_WORDS) and places_named(prefix):
                start, place = n, prefix
                if words[n] in COUNTY_WORDS:  # "Berkeley County Deputy" names no town
                    start, place = n + 1, None
                break
        phrase = " ".join(words[start:])
        if phrase in TITLES:
            return role_for(phrase), place
        return " ".join(role_for(w) if w.endswith(".") else w for w in words[start:]), place

    def _lower_title(self, lo: int) -> str | None:
        if lo >= 2:
            two = f"{self.tokens[lo - 2].text} {self.tokens[lo - 1].text}".title()
            if self.tokens[lo - 1].text.islower() and two in TITLES:
                written = f"{self.tokens[lo - 2].text} {self.tokens[lo - 1].text}"
                return written if role_for(two) == two else role_for(two)
        if lo >= 1 and self.tokens[lo - 1].text.islower():
            one = self.tokens[lo - 1].text.capitalize()
            if one in TITLE_ENDS and one in TITLES and one not in {"Owner", "Founder"}:
                return role_for(one)
        return None

    def _speech_near(self, run: Run) -> bool:
        toks = self.tokens
        if run.hi < len(toks) and toks[run.hi].text in SPEECH:
            return True
        before = [t.text for t in toks[max(0, run.lo - 3) : run.lo] if t.text not in {","}]
        if before and before[-1] in SPEECH and run.lo >= 2:
            return toks[run.lo - 2].text in {",", "\u201d", '"', "\u2019", "'"}
        return len(before) >= 2 and before[-2:] == ["according", "to"]

    def _looks_like_person(self, run: Run, words: tuple[str, ...]) -> bool:
        last = words[-1]
        if last in ORG_WORDS and last not in SURNAME_OK:
            return False
        if len(words) > 2 and any(w in ORG_WORDS for w in words[1:]):
            return False
        if last in STREET_WORDS and not (last in SURNAME_OK and self._age_follows(run)):
            return False
        if self._names_a_thing(run, words):
            return False
        if _place_name(words):
            # a town's name ("Glen Ridge", "Hong Kong") is a person only when speech or an age
            # follows it
            return not self._placed(run) and (self._speech_near(run) or self._age_follows(run))
        if self._speech_near(run) or self._age_follows(run) or words[-1] in self._referenced:
            return True
        first = words[0]
        if first not in given_names() and not (len(first) == 2 and first.endswith(".")):
            return self._appositive(run)
        return True

    def _names_a_thing(self, run: Run, words: tuple[str, ...]) -> bool:
        """Tell a club, company or title from a name: "the Texas Rangers", "Georgia Power"."""
        start = run.hi - len(words)  # the name's first token: words end the run
        prev = self.tokens[start - 1].text if start > 0 else ""
        if prev in {"the", "The"} or prev == "based" or prev.endswith("-based"):
            return True
        # "Georgia Power", "Virginia Natural Gas"; a country may be a first name ("Chad Wolf")
        return words[-1] in ORG_WORDS and parse_state(words[0]) is not None

    def _appositive(self, run: Run) -> bool:
        after = [t.text for t in self.tokens[run.hi : run.hi + 2]]
        if len(after) == 2 and after[0] == "," and after[1] in {"a", "an", "who", "whose"}:
            return True
        # "the town's mayor, Arunan Arulampalam, said"
        before = [t.text for t in self.tokens[max(0, run.lo - 2) : run.lo]]
        return (
            len(before) == 2
            and before[1] == ","
            and before[0].islower()
            and before[0].capitalize() in TITLE_ENDS
            and bool(after)
            and after[0] == ","
        )

    def _placed(self, run: Run) -> bool:
        toks = self.tokens
        prev = toks[run.lo - 1].text if run.lo > 0 else ""
        if prev in {"in", "from", "near", "to", "at", "outside", "of"}:
            return True
        after = toks[run.hi : run.hi + 2]
        return len(after) == 2 and after[0].text == "," and parse_state(after[1].text) is not None

    def _age_follows(self, run: Run) -> bool:
        toks = self.tokens[run.hi : run.hi + 3]
        return len(toks) == 3 and toks[0].text == "," and toks[1].text.isdigit()

    def _add_person(self, words: tuple[str, ...], role: str | None) -> None:
        if len(words) > 2:
            words = (words[0], *(w for w in words[1:-1] if len(w.strip(".")) > 1), words[-1])
        name = " ".join(words)
        key = person_key(name)
        if key in self.excluded:
            return
        self.persons.setdefault(key, name)
        if role and key not in self.roles:
            self.roles[key] = role


def _descriptor(words: tuple[str, ...]) -> str | None:
    kept = [w for w in words if w not in STOP_WORDS]
    return " ".join(role_for(w) if w.endswith(".") else w for w in kept) or None


def _given(words: tuple[str, ...]) -> bool:
    """A first name that is also a title or an organization word, before one or two names."""
    return 2 <= len(words) <= 3 and words[0] in GIVEN_NAME_WORDS


def _peoples_prefix(words: tuple[str, ...]) -> int:
    """Count the leading nationality words of a run ("South African", "German")."""
    n = 0
    while n < len(words) - 1:
        if words[n] in PEOPLES:
            n += 1
        elif words[n] in COMPASS and words[n + 1] in PEOPLES:
            n += 2
        else:
            break
    return n


@cache
def _world_names() -> frozenset[str]:
    """Large foreign cities and countries, lower-cased ("hong kong", "india")."""
    return frozenset(name for name, _ in gazetteer().world) | gazetteer().countries


def _place_name(words: tuple[str, ...]) -> bool:
    name = " ".join(words)
    return bool(places_named(name)) or name.lower() in _world_names()


def _name_word(word: str) -> bool:
    if word in STOP_WORDS or word in PEOPLES or (word in TITLE_WORDS and word not in SURNAME_OK):
        return False
    head, dash, tail = word.rpartition("-")
    if dash and head and (tail in MODIFIER_TAILS or (tail.islower() and tail.endswith("ed"))):
        return False  # "Kong-based", "Hartford-area", "Swift-themed"; "Kim Jong-un" is a name
    if word in ORG_WORDS and word not in SURNAME_OK:
        return False
    return word[0].isupper() or word in SUFFIXES or word in NAME_PARTICLES


def _last_name(name: str) -> str:
    words = [w for w in name.split() if w not in SUFFIXES]
    return words[-1] if words else name
