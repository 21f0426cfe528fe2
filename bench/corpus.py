"""A deterministic corpus of news-like articles for the search benchmark.

~600-word bodies of sentences drawn from a Zipf-weighted vocabulary (real news words first, a
long tail of rarer forms), 1-4 cities out of a few hundred towns, 0-6 persons out of a few
thousand names, days over twenty years, fifty outlets. Same seed, same corpus.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from archive import Document


def _words(text: str) -> list[str]:
    return text.split()


_NEWS_WORDS = _words("""
city council mayor police school board budget vote voters election town state police fire
officials residents meeting plan project road street bridge housing tax taxes money million
county court judge case trial charges arrest officer department public hospital health care
water sewer park library students teachers parents district superintendent education funding
business owner store restaurant downtown development zoning commission planning building
construction traffic crash accident driver car truck highway route bus train station airport
storm snow rain flood power outage crews damage weather winter summer spring fall season
community center church event festival parade concert game team season coach players win loss
championship tournament league football basketball baseball soccer hockey track swim field
election candidate campaign primary republican democrat governor senator representative law
bill legislation agency federal grant program services elderly veterans family children youth
report study survey data percent increase decrease rate cost price prices jobs workers union
contract agreement lawsuit settlement investigation shooting robbery burglary fire firefighters
rescue emergency ambulance medical doctor nurse patients clinic vaccine virus testing cases
environment river lake beach trail forest farm farmers market food pantry shelter homeless
history museum art artist theater music film book author library anniversary celebration
memorial funeral obituary born died survived wife husband daughter son mother father brother
sister neighbors volunteers donation fundraiser charity nonprofit foundation award honor
graduation class senior junior freshman college university campus professor research science
technology internet broadband phone company plant factory manufacturing energy solar wind gas
electric utility rates bills customers service transit parking lot garage apartment rent
landlord tenant eviction mortgage sale property assessment budget deficit surplus reserve
audit finance treasurer clerk selectman alderman ward district precinct ballot turnout recount
hearing testimony proposal ordinance amendment resolution approval approved rejected delayed
""")

_FUNCTION_WORDS = _words("""
the the the the of of of and and and to to to a a in in in for on on with at by from that
is was were are be has had have will would said says after before over about into than this
its their his her they he she it not but also more new last first two three year years week
""")

_SYLLABLES = "an ber ca del for gan hol ing kel lan mar nor ost par quin ros sel tor ul ven wor"
_FIRST = _words("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty
Mark Sandra Donald Ashley Steven Emily Paul Kimberly Andrew Donna Joshua Michelle Kenneth Carol
Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura Edward
Sharon Jeffrey Cynthia Ryan Kathleen Jacob Amy José María Luis Ana Carlos Rosa Wei Mei Raj Priya
""")
_LAST = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Núñez Kowalski O'Brien Chen Patel Singh Müller Dubois Rossi Sullivan Walsh Byrne""")
_STATES = ["CT", "MA", "NY", "NJ", "RI", "VT", "NH", "ME", "PA", "IL"]
_TOWN_ENDINGS = ["ton", "field", "ford", "bury", "ville", "wood", "port", "dale", "haven", "ham"]
_OUTLET_KINDS = ["Courier", "Gazette", "Register", "Herald", "Journal", "Times", "Ledger", "Patch"]


class Corpus:
    """Deterministic article generator; `documents(n)` yields the same n articles every time."""

    def __init__(self, seed: int = 20240305) -> None:
        """Prepare vocabulary, towns, people and outlets from the seed."""
        rng = random.Random(seed)
        self.seed = seed
        self.vocabulary, self.real_words = _vocabulary(rng)
        weights = [1.0 / (rank + 8) for rank in range(len(self.vocabulary))]
        self._cum_weights = list(itertools.accumulate(weights))
        self.towns = _towns(rng, 300)
        self.persons = _persons(rng, 3000)
        self.outlets = [f"{t.split(',')[0]} {rng.choice(_OUTLET_KINDS)}" for t in self.towns[:50]]

    def documents(self, count: int) -> Iterator[Document]:
        """Yield `count` articles, the same ones for the same seed."""
        for n in range(count):
            yield self.document(n)

    def document(self, n: int) -> Document:
        """Return article number n."""
        rng = random.Random(self.seed * 1_000_003 + n)
        cities = rng.sample(self.towns[: 50 + rng.randrange(250)], rng.randint(1, 4))
        persons = rng.sample(self.persons, rng.randint(0, 6))
        day = date(2006, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        outlet = self.outlets[rng.randrange(len(self.outlets))]
        url = f"https://{outlet.lower().replace(' ', '')}.example/{day.year}/{n}"
        return Document(
            url=url,
            canonical_url=url,
            outlet=outlet,
            title=self._sentence(rng, rng.randint(5, 11), cities, persons).rstrip("."),
            body=self._body(rng, cities, persons),
            authors=[rng.choice(self.persons)],
            published=f"{day.isoformat()}T{rng.randrange(6, 22):02d}:15:00-05:00",
            day=day.isoformat(),
            cities=cities,
            persons=persons,
        )

    def _body(self, rng: random.Random, cities: list[str], persons: list[str]) -> str:
        paragraphs, words = [], 0
        while words < 600:
            sentences = [
                self._sentence(rng, rng.randint(8, 26), cities, persons)
                for _ in range(rng.randint(2, 5))
            ]
            paragraphs.append(" ".join(sentences))
            words += sum(s.count(" ") + 1 for s in sentences)
        return "\n\n".join(paragraphs)

    def _sentence(
        self, rng: random.Random, length: int, cities: list[str], persons: list[str]
    ) -> str:
        content = rng.choices(self.vocabulary, cum_weights=self._cum_weights, k=length)
        words = [
            w if rng.random() < 0.55 else f"{rng.choice(_FUNCTION_WORDS)} {w}" for w in content
        ]
        if persons and rng.random() < 0.3:
            words.append(f"said {rng.choice(persons)}")
        if cities and rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), f"in {rng.choice(cities).split(',')[0]}")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _vocabulary(rng: random.Random) -> tuple[list[str], int]:
    base = list(dict.fromkeys(_NEWS_WORDS))
    rng.shuffle(base)
    forms = [w + suffix for w in base for suffix in ("s", "ed", "ing") if not w.endswith("s")]
    rng.shuffle(forms)
    syllables = _SYLLABLES.split()
    rare = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(20000)}
    return base + forms + sorted(rare), len(base) + len(forms)


def _towns(rng: random.Random, count: int) -> list[str]:
    syllables = _SYLLABLES.split()
    towns: dict[str, None] = {}
    while len(towns) < count:
        stem = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 2)))
        name = (stem + rng.choice(_TOWN_ENDINGS)).capitalize()
        if rng.random() < 0.15:
            name = f"{rng.choice(['West', 'East', 'North', 'New'])} {name}"
        towns[f"{name}, {rng.choice(_STATES)}"] = None
    return list(towns)


def _persons(rng: random.Random, count: int) -> list[str]:
    people: dict[str, None] = {}
    while len(people) < count:
        people[f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"] = None
    return list(people)


def query_words(corpus: Corpus, count: int, seed: int = 7) -> list[str]:
    """Return `count` queries of 1-3 real words, each in 0.3%-25% of articles (topic words)."""
    rng = random.Random(seed)
    sample = [corpus.document(n) for n in range(0, 100_000, 250)]
    frequency: Counter[str] = Counter()
    for doc in sample:
        frequency.update(set(doc.body.lower().split()) | set(doc.title.lower().split()))
    low, high = 0.003 * len(sample), 0.25 * len(sample)
    pool = [w for w in corpus.vocabulary[: corpus.real_words] if low <= frequency[w] <= high]
    return [" ".join(rng.sample(pool, rng.choice((1, 1, 2, 2, 3)))) for _ in range(count)]
