"""Entity extraction: the persons and cities a local story names, its dateline and wire.

Persons are shown as "First Last" at their first full mention, titles stripped into `roles`
("Hartford Police Chief Jason Thody" -> "Jason Thody": "Police Chief"); the display drops
middle initials ("Luke A. Brannick" -> "Luke Brannick") so that facet values agree across stories,
and `person_key` folds case, accents, initials and suffixes. Later mentions by surname, title
and surname, or with a middle initial fold into the same person. Cities are "City, ST" (or
"City, Country" abroad), the dateline city first, then in order of first mention in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.entities.mentions import find_runs, tokenize
from archive.entities.persons import PersonFinder
from archive.entities.place_words import CIVIC_WORDS, COMMON_WORDS, PREPOSITIONS
from archive.entities.places import PlaceFinder
from archive.lexicon.gazetteer import (
    city_key,
    gazetteer,
    home_state,
    home_timezone,
    is_country,
    parse_state,
    pick_place,
    places_named,
    resolve_place,
    world_city,
)
from archive.lexicon.names import (
    ORG_WORDS,
    STOP_WORDS,
    SUFFIXES,
    first_names,
    given_names,
    person_key,
)

__all__ = [
    "Entities",
    "city_key",
    "extract_entities",
    "home_timezone",
    "load_entity_data",
    "parse_dateline",
    "person_key",
    "resolve_place",
]

_WIRES = {"AP": "AP", "Reuters": "Reuters", "UPI": "UPI", "AFP": "AFP", "CNN": "CNN"}
_WIRE = re.compile(r"\(\s*(AP|Reuters|UPI|AFP|CNN)\s*\)")
_BODY_DATELINE = re.compile(
    r"\A\s*([A-Z][A-Z.'\- ]{2,}(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?)\s*(\([A-Za-z]+\))?"
    r"\s*[\u2014\u2013\x96\x97-]{1,2}\s+"  # \x96, \x97: Windows-1252 dashes read as Latin-1
)
# A dateline with its state needs no dash: "SALINA, Kan. Strong winds ..."
_BODY_DATELINE_STATE = re.compile(
    r"\A\s*([A-Z][A-Z.'\- ]{2,},\s*[A-Z][A-Za-z.]{1,14})\s*(\([A-Za-z]+\))?\s+(?=[A-Z])"
)
_CREDIT = re.compile(
    r"(?i:(?:(?:staff|contributed|file|submitted)\s+)?(?:(?:photos?|photograph|photography|video|"
    r"illustration)\s*(?:by|:|courtesy of|/)|courtesy of)\s*)"
    r"((?:[A-Z](?:\.|[\w'\u2019\-]*)[ \t]*(?:/|\|)?[ \t]*)+)",
)
_CREDIT_WORD = re.compile(r"photo|video|illustration|courtesy", re.IGNORECASE)
_CREDIT_SPLIT = re.compile(r"\s*(?:/|\||,| and )\s*")
_AP_CREDIT = re.compile(r"\((?:AP|[A-Z][A-Za-z ]+) Photo/\s*([^)]+)\)")
_BYLINE = re.compile(r"^\s*(?:By|BY)\s+([A-Z][^\n]{2,60})$", re.MULTILINE)


@dataclass(frozen=True)
class Entities:
    """The persons and cities of one story; dateline city first among cities."""

    cities: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    dateline_city: str | None = None
    wire: str | None = None


def load_entity_data() -> None:
    """Load the gazetteer and name lists now (they load lazily on first use otherwise)."""
    gazetteer()
    given_names()


def parse_dateline(dateline: str, *, home: str | None = None) -> tuple[str | None, str | None]:
    """Return ("City, ST" or "City, Country", wire) for a dateline like "HARTFORD, Conn. (AP)"."""
    wire_match = _WIRE.search(dateline)
    wire = _WIRES[wire_match.group(1)] if wire_match else None
    text = _WIRE.sub("", dateline).strip(" \u2014\u2013-:")
    if not text:
        return None, wire
    city, _, qualifier = (part.strip() for part in text.partition(","))
    city = _title_case(city)
    if qualifier:
        code = parse_state(qualifier)
        if code:
            place = pick_place(city, (code,))
            return (place.label if place else f"{city}, {code}"), wire
        if is_country(qualifier):
            return f"{world_city(city, qualifier) or city}, {qualifier.title()}", wire
        return None, wire
    if city == "Washington":
        return "Washington, DC", wire
    states = tuple(s for s in (home_state(home),) if s)
    place = pick_place(city, states, min_population=1)
    return (place.label if place else None), wire


def _title_case(text: str) -> str:
    found = places_named(text)
    if found:
        return found[0].name
    return " ".join(w.capitalize() for w in text.split())


def _credits(body: str) -> tuple[str, list[str]]:
    names: list[str] = []

    def take(match: re.Match[str]) -> str:
        names.extend(p.strip() for p in _CREDIT_SPLIT.split(match.group(1)) if p.strip())
        return " "

    for pattern in (_AP_CREDIT, _CREDIT, _BYLINE):
        # every credit names its kind; most stories have none, and the full pattern is slow
        if pattern is not _CREDIT or _CREDIT_WORD.search(body):
            body = pattern.sub(take, body)
    return body, names


def extract_entities(
    title: str,
    body: str,
    *,
    dateline: str | None = None,
    home: str | None = None,
    exclude: Sequence[str] = (),
) -> Entities:
    """Return the persons, roles and cities a story names, and its dateline city and wire."""
    leading = _BODY_DATELINE.match(body) or _body_dateline_with_state(body)
    if leading:
        body = body[leading.end() :]
        if dateline is None:
            dateline = leading.group(1) + (leading.group(2) or "")
    body, credited = _credits(body)
    excluded = frozenset(person_key(n) for n in [*exclude, *credited])
    dateline_city, wire = parse_dateline(dateline, home=home) if dateline else (None, None)
    # With no home, a dateline without its state ("MIDDLETOWN —") is resolved like any town
    # named in the story, from the story's evidence.
    bare = _bare_town(dateline) if dateline and dateline_city and home is None else None
    headline = _title_case_ratio(title) > 0.6
    text = body if headline else f"{body}\n{title}.\n"
    persons, roles, cities, found = _scan(
        text, excluded, None if bare else dateline_city, home, bare
    )
    dateline_city = found if bare else dateline_city
    if headline:
        for city in headline_places(title, home):
            if city not in cities:
                cities.append(city)
    if dateline_city:
        cities = [dateline_city, *(c for c in cities if c != dateline_city)]
    return Entities(cities, persons, roles, dateline_city, wire)


def _bare_town(dateline: str) -> str | None:
    text = _WIRE.sub("", dateline).strip(" \u2014\u2013-:")
    if "," in text or text.upper() == "WASHINGTON":
        return None
    return _title_case(text)


def _body_dateline_with_state(body: str) -> re.Match[str] | None:
    match = _BODY_DATELINE_STATE.match(body)
    if match and parse_state(match.group(1).rsplit(",", 1)[1]):
        return match
    return None


def headline_places(title: str, home: str | None) -> list[str]:
    """Return the home-state towns a Title Case headline names ("West Hartford Man Charged")."""
    state = home_state(home)
    if state is None:
        return []
    words = [w.strip(".,:;!?\"'\u2018\u2019\u201c\u201d") for w in title.split()]
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            name = " ".join(words[i : i + n])
            nxt = words[i + n] if i + n < len(words) else ""
            # "Money Headed To Alexandria": after a preposition a given name is a town
            placed = i > 0 and words[i - 1].lower() in PREPOSITIONS - {"and", "or"}
            place = _headline_place(name, nxt, state, placed=placed)
            if place:
                found.append(place)
                i += n
                break
        else:
            i += 1
    return found


def _headline_place(name: str, following: str, state: str, *, placed: bool) -> str | None:
    if not name or not name[0].isupper() or (_risky_word(name) and not placed):
        return None
    if following in ORG_WORDS and following not in CIVIC_WORDS:
        return None
    place = pick_place(name, (state,))
    return place.label if place else None


def _risky_word(name: str) -> bool:
    return " " not in name and (name in first_names() or name in COMMON_WORDS or name in STOP_WORDS)


def _title_case_ratio(title: str) -> float:
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _scan(
    text: str,
    excluded: frozenset[str],
    dateline_city: str | None,
    home: str | None,
    bare_dateline: str | None = None,
) -> tuple[list[str], dict[str, str], list[str], str | None]:
    tokens = tokenize(text)
    runs = find_runs(tokens)
    local = tuple(s for s in (_state_of(dateline_city), home_state(home)) if s)
    dateline_towns = places_named(bare_dateline) if bare_dateline else ()
    if len({p.state for p in dateline_towns}) == 1:  # "WETHERSFIELD —" is in Connecticut
        local = (*local, dateline_towns[0].state)
    people = PersonFinder(tokens, excluded, local)
    people.note_surnames(runs)
    for run in runs:
        people.add_run(run)
    people.finish()
    towns = {_town_of(dateline_city), _town_of(home)}
    last = frozenset(_last_name(n) for n in people.persons.values()) - towns
    places = PlaceFinder(tokens, {r.lo: r for r in runs}, people.surnames() - towns, last)
    for name, pos in people.role_places:
        places.add_civic(name, pos)
    for run in runs:
        if run.lo not in people.consumed:
            places.add_run(run)
    places.add_capitals()
    if bare_dateline:
        places.add_dateline(bare_dateline)
    cities = places.resolve(_state_of(dateline_city), home_state(home))
    persons = list(people.persons.values())
    roles = {people.persons[k]: r for k, r in people.roles.items() if k in people.persons}
    return persons, roles, cities, places.dateline_label


def _last_name(name: str) -> str:
    words = [w for w in name.split() if w not in SUFFIXES]
    return words[-1].lower() if words else ""


def _town_of(label: str | None) -> str:
    return label.rsplit(",", 1)[0].strip().lower() if label else ""


def _state_of(label: str | None) -> str | None:
    if not label or "," not in label:
        return None
    return parse_state(label.rsplit(",", 1)[1])
