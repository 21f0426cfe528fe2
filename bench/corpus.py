"""A deterministic corpus of news-like articles for the search and scale benchmarks.

Shaped after real news text (the bodies of shared/bench's fundus, article-body, real-dev and LGL
pages; `python -m bench.corpus` prints both sides' figures):
- body lengths log-normal (median ~420 words, one in ten past 1,100, a long tail of long reads);
- words Zipf-distributed over an open vocabulary (function words, real news words, then an
  endless tail of rarer forms and numbers), so the lexicon keeps growing with the archive as
  real vocabularies do (Heaps' law) instead of stopping at a word list;
- outlets of very different sizes (a few dailies, many weeklies), each with a home town;
- cities: mostly the outlet's home and its region, sometimes anywhere; 0-6 per article;
- persons: an outlet's regulars, some state-wide names, and a long tail that appears once or
  twice (as most names in real archives do); 0 to a few dozen per article.
Same seed, same corpus; every article is made from its own number (no state between them).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from archive import Document


def _words(text: str) -> list[str]:
    return text.split()


# Ranked roughly as in English news text: these take about a fifth of all words.
_FUNCTION_WORDS = _words("""
the of to and a in that for is on was said with he it as at by from his be have are has an
but not they who were will this their had its been would after more which or about also one
she when her we two than new all up out there other last year into over first some if could
""")

_NEWS_WORDS = _words("""
city council mayor police school board budget vote voters election town state fire officials
residents meeting plan project road street bridge housing tax taxes money million county court
judge case trial charges arrest officer department public hospital health care water sewer park
library students teachers parents district superintendent education funding business owner
store restaurant downtown development zoning commission planning building construction traffic
crash accident driver car truck highway route bus train station airport storm snow rain flood
power outage crews damage weather winter summer spring fall season community center church
event festival parade concert game team coach players win loss championship tournament league
football basketball baseball soccer hockey track swim field candidate campaign primary
republican democrat governor senator representative law bill legislation agency federal grant
program services elderly veterans family children youth report study survey data percent
increase decrease rate cost price prices jobs workers union contract agreement lawsuit
settlement investigation shooting robbery burglary firefighters rescue emergency ambulance
medical doctor nurse patients clinic vaccine virus testing cases environment river lake beach
trail forest farm farmers market food pantry shelter homeless history museum art artist theater
music film book author anniversary celebration memorial funeral obituary born died survived
wife husband daughter son mother father brother sister neighbors volunteers donation
fundraiser charity nonprofit foundation award honor graduation class senior junior freshman
college university campus professor research science technology internet broadband phone
company plant factory manufacturing energy solar wind gas electric utility rates bills
customers service transit parking lot garage apartment rent landlord tenant eviction mortgage
sale property assessment deficit surplus reserve audit finance treasurer clerk selectman
alderman ward precinct ballot turnout recount hearing testimony proposal ordinance amendment
resolution approval approved rejected delayed week month day night morning afternoon people
home house work time way years million percent according group members president director
chief executive manager officials spokesman spokeswoman statement announced expected
""")

_SYLLABLES = _words("an ber ca del for gan hol ing kel lan mar nor ost par quin ros sel tor ul ven")
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

# Words: P(rank r) ~ 1 / (r + _ZIPF_SHIFT) up to rank _CORE, then falls faster, with exponent
# _TAIL_EXPONENT (word frequencies have these two regimes), over _RANKS ranks. Past the named
# words, rank r is a made-up word spelled from r. Fitted to the real bodies' shares of the most
# frequent words and to how fast their vocabulary grows.
_ZIPF_SHIFT, _CORE, _TAIL_EXPONENT, _RANKS = 3.0, 3000, 1.7, 4_000_000
_TABLE_WORDS = 200_000
_NUMBER_SHARE = 0.026  # tokens that are numbers (years, amounts, scores)
# Body length in words: log-normal around this median with this sigma, within these bounds.
_MEDIAN_WORDS, _SIGMA, _MIN_WORDS, _MAX_WORDS = 420, 0.85, 60, 6000
# Cities per article (0, 1, 2, ...) and where each one comes from.
_CITY_COUNTS = [0.10, 0.43, 0.24, 0.12, 0.07, 0.03, 0.01]
_HOME_SHARE, _REGION_SHARE = 0.45, 0.40  # the rest: any town
_TOWNS, _REGION_TOWNS = 3000, 40
# Persons per article: none in this share, else 1 + geometric(_PERSON_P) up to _MAX_PERSONS;
# each an outlet regular, a state-wide name, or one of the long tail.
_NO_PERSONS, _PERSON_P, _MAX_PERSONS = 0.26, 0.3, 40
_REGULAR_SHARE, _WIDE_SHARE = 0.35, 0.15
_REGULARS, _WIDE_NAMES, _TAIL_NAMES = 300, 500, 2_000_000
_OUTLETS = 60
_STAFF = 30  # bylines per outlet


class Corpus:
    """Deterministic article generator; `documents(n)` yields the same n articles every time."""

    def __init__(self, seed: int = 20240305) -> None:
        """Prepare vocabulary, towns, people and outlets from the seed."""
        self.seed = seed
        rng = np.random.default_rng(seed)
        named = list(dict.fromkeys(_FUNCTION_WORDS + _with_forms(_NEWS_WORDS, rng)))
        self.vocabulary = named
        self.real_words = len(named)
        self._cum_words = _word_cum()
        # Words by rank, as far as nearly every drawn word goes; rarer ones are spelled on demand.
        self._table = np.array(
            named + [_made_up(r) for r in range(len(named), _TABLE_WORDS)], dtype=object
        )
        self.towns = _towns(rng, _TOWNS)
        home = rng.choice(_TOWNS, _OUTLETS, replace=False)
        self.outlets = [
            f"{self.towns[h].split(',')[0]} {_OUTLET_KINDS[i % len(_OUTLET_KINDS)]}"
            for i, h in enumerate(home.tolist())
        ]
        self._homes = home
        self.home_towns = [self.towns[h] for h in home.tolist()]  # the busiest outlet's first
        # Outlet r publishes ~1/(r+3) of the articles: a few dailies, many weeklies.
        outlet_weights = 1.0 / (np.arange(_OUTLETS) + 3.0)
        self._cum_outlets = np.cumsum(outlet_weights) / outlet_weights.sum()
        self._regions = [_region(rng, int(h), _TOWNS) for h in home.tolist()]
        self._cum_region = _zipf_cum(_REGION_TOWNS, 1.0)
        self._cum_towns = _zipf_cum(_TOWNS, 0.9)
        self._cum_regulars = _zipf_cum(_REGULARS, 1.0)
        self._cum_wide = _zipf_cum(_WIDE_NAMES, 1.0)

    @property
    def persons(self) -> list[str]:
        """State-wide names, most mentioned first."""
        return [_person(_TAIL_NAMES + i) for i in range(_WIDE_NAMES)]

    def documents(self, count: int, start: int = 0) -> Iterator[Document]:
        """Yield articles start .. start + count - 1, the same ones for the same seed."""
        for n in range(start, start + count):
            yield self.document(n)

    def document(self, n: int) -> Document:
        """Return article number n."""
        rng = np.random.default_rng([self.seed, n])
        outlet = int(np.searchsorted(self._cum_outlets, rng.random()))
        cities = self._cities(rng, outlet)
        persons = self._persons(rng, outlet)
        day = date(2006, 1, 1) + timedelta(days=int(rng.integers(20 * 365)))
        name = self.outlets[outlet]
        url = f"https://{name.lower().replace(' ', '')}.example/{day.year}/{n}"
        length = int(np.clip(rng.lognormal(np.log(_MEDIAN_WORDS), _SIGMA), _MIN_WORDS, _MAX_WORDS))
        title = self._text(rng, int(rng.integers(5, 12)), cities, persons, 1)[0]
        body = "\n\n".join(self._paragraphs(rng, length, cities, persons))
        author = _person(_TAIL_NAMES + _WIDE_NAMES + outlet * _STAFF + int(rng.integers(_STAFF)))
        return Document(
            url=url,
            canonical_url=url,
            outlet=name,
            title=title,
            body=body,
            authors=[author],
            published=f"{day.isoformat()}T{int(rng.integers(6, 22)):02d}:15:00-05:00",
            day=day.isoformat(),
            cities=cities,
            persons=persons,
        )

    def _cities(self, rng: np.random.Generator, outlet: int) -> list[str]:
        count = int(np.searchsorted(np.cumsum(_CITY_COUNTS), rng.random()))
        found: dict[int, None] = {}
        for _ in range(count * 3):  # a few draws may repeat a town
            if len(found) >= count:
                break
            where = rng.random()
            if where < _HOME_SHARE:
                town = int(self._homes[outlet])
            elif where < _HOME_SHARE + _REGION_SHARE:
                town = self._regions[outlet][_draw(rng, self._cum_region)]
            else:
                town = _draw(rng, self._cum_towns)
            found[town] = None
        return [self.towns[t] for t in found]

    def _persons(self, rng: np.random.Generator, outlet: int) -> list[str]:
        if rng.random() < _NO_PERSONS:
            return []
        count = min(_MAX_PERSONS, int(rng.geometric(_PERSON_P)))
        found: dict[str, None] = {}
        for _ in range(count):
            where = rng.random()
            if where < _REGULAR_SHARE:
                number = outlet * _REGULARS + _draw(rng, self._cum_regulars)
            elif where < _REGULAR_SHARE + _WIDE_SHARE:
                number = _TAIL_NAMES + _draw(rng, self._cum_wide)
            else:
                number = _OUTLETS * _REGULARS + int(rng.integers(_TAIL_NAMES))
            found[_person(number)] = None
        return list(found)

    def _paragraphs(
        self, rng: np.random.Generator, length: int, cities: list[str], persons: list[str]
    ) -> Iterator[str]:
        sentences = self._text(rng, length, cities, persons, max(1, length // 16))
        for start in range(0, len(sentences), 3):
            yield " ".join(sentences[start : start + 3])

    def _text(
        self,
        rng: np.random.Generator,
        length: int,
        cities: list[str],
        persons: list[str],
        sentences: int,
    ) -> list[str]:
        """Return `sentences` sentences of `length` words in all (named words and numbers)."""
        ranks = np.searchsorted(self._cum_words, rng.random(length))
        words = self._table[np.minimum(ranks, len(self._table) - 1)].tolist()
        for i in np.flatnonzero(ranks >= len(self._table)).tolist():
            words[i] = _made_up(int(ranks[i]))
        for i in np.flatnonzero(rng.random(length) < _NUMBER_SHARE).tolist():
            words[i] = str(int(rng.integers(1, 2030)))
        cuts = [0, *sorted(rng.choice(length - 1, min(sentences, length) - 1, replace=False) + 1)]
        cuts.append(length)
        out = []
        for start, end in itertools.pairwise(cuts):
            text = " ".join(words[start:end])
            if cities and rng.random() < 0.2:
                text += f" in {cities[int(rng.integers(len(cities)))].split(',')[0]}"
            if persons and rng.random() < 0.3:
                text += f", said {persons[int(rng.integers(len(persons)))]}"
            out.append(text[:1].upper() + text[1:] + ".")
        return out


def _word_cum() -> npt.NDArray[np.float64]:
    shifted = np.arange(_RANKS, dtype=np.float64) + _ZIPF_SHIFT
    weights = 1.0 / shifted
    edge = _CORE + _ZIPF_SHIFT
    weights[_CORE:] = (edge / shifted[_CORE:]) ** _TAIL_EXPONENT / edge
    return np.cumsum(weights) / weights.sum()


def _with_forms(words: list[str], rng: np.random.Generator) -> list[str]:
    base = list(dict.fromkeys(words))
    forms = [w + suffix for w in base for suffix in ("s", "ed", "ing") if not w.endswith("s")]
    rng.shuffle(forms)
    # Base words first, their rarer forms interleaved later in the ranking.
    return base[:200] + [w for pair in zip(base[200:], forms, strict=False) for w in pair]


_WORD_SYLLABLES = [c + v for c in "bcdfghklmnprstvw" for v in "aeiou"]


@functools.lru_cache(maxsize=200_000)
def _made_up(rank: int) -> str:
    """A word spelled from its rank (two to four syllables from rank 80), one per rank."""
    syllables, n = [], rank
    while n:
        n, digit = divmod(n, len(_WORD_SYLLABLES))
        syllables.append(_WORD_SYLLABLES[digit])
    return "".join(syllables) + ("", "n", "r", "st")[rank % 4]


def _person(number: int) -> str:
    first = _FIRST[number % len(_FIRST)]
    n = number // len(_FIRST)
    last = _LAST[n] if n < len(_LAST) else _made_up(n * 7 + 3).capitalize()
    return f"{first} {last}"


def _zipf_cum(size: int, exponent: float) -> npt.NDArray[np.float64]:
    weights = 1.0 / (np.arange(size) + 1.0) ** exponent
    return np.cumsum(weights) / weights.sum()


def _draw(rng: np.random.Generator, cum: npt.NDArray[np.float64]) -> int:
    return int(np.searchsorted(cum, rng.random()))


def _region(rng: np.random.Generator, home: int, towns: int) -> list[int]:
    """An outlet's region: its nearest towns, here the neighbours in the town list."""
    near = [(home + step) % towns for step in range(-_REGION_TOWNS, _REGION_TOWNS + 1) if step]
    return rng.permutation(near)[:_REGION_TOWNS].tolist()


def _towns(rng: np.random.Generator, count: int) -> list[str]:
    towns: dict[str, None] = {}
    while len(towns) < count:
        stem = "".join(rng.choice(_SYLLABLES, int(rng.integers(1, 3))).tolist())
        name = (stem + str(rng.choice(_TOWN_ENDINGS))).capitalize()
        if rng.random() < 0.15:
            name = f"{rng.choice(['West', 'East', 'North', 'New'])} {name}"
        state = _STATES[len(towns) * len(_STATES) // count]  # neighbours share a state
        towns[f"{name}, {state}"] = None
    return list(towns)


def query_words(corpus: Corpus, count: int, seed: int = 7) -> list[str]:
    """Return `count` queries of 1-3 real words, each in 0.3%-25% of articles (topic words)."""
    rng = np.random.default_rng(seed)
    sample = [corpus.document(n) for n in range(0, 100_000, 250)]
    frequency: Counter[str] = Counter()
    for doc in sample:
        frequency.update(set(doc.body.lower().split()) | set(doc.title.lower().split()))
    low, high = 0.003 * len(sample), 0.25 * len(sample)
    pool = [w for w in corpus.vocabulary[: corpus.real_words] if low <= frequency[w] <= high]
    return [
        " ".join(rng.choice(pool, int(rng.choice((1, 1, 2, 2, 3))), replace=False).tolist())
        for _ in range(count)
    ]


BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
# Real bodies: full-text truths of news pages, and the LGL local-news stories.
_REAL_SETS = ("fundus-en", "article-body", "real-dev")


def real_bodies(bench_dir: Path = BENCH) -> list[str]:
    """Return the article bodies of the shared benchmark's news pages (more than 50 words)."""
    bodies = []
    for name in _REAL_SETS:
        for line in (bench_dir / name / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            body = json.loads(line).get("body") or ""
            if len(body.split()) > 50:
                bodies.append(body)
    lgl = bench_dir / "entities-real" / "lgl-dev.jsonl"
    bodies += [json.loads(line)["body"] for line in lgl.read_text(encoding="utf-8").splitlines()]
    return bodies


def shape(bodies: list[str]) -> dict[str, str]:
    """Return the figures that say what a set of bodies looks like (lengths and vocabulary)."""
    lengths = sorted(len(b.split()) for b in bodies)
    tokens = [w.lower() for b in bodies for w in re.findall(r"\w+", b)]
    counts = sorted(Counter(tokens).values(), reverse=True)
    eighth = len(set(tokens[: len(tokens) // 8]))
    share = {k: sum(counts[:k]) / len(tokens) for k in (10, 100, 1000)}
    return {
        "bodies": str(len(bodies)),
        "words p10/p50/p90/p99": "/".join(
            str(lengths[int(p * (len(lengths) - 1))]) for p in (0.1, 0.5, 0.9, 0.99)
        ),
        "mean words": f"{statistics.mean(lengths):.0f}",
        "chars a word": f"{sum(len(b) for b in bodies) / sum(lengths):.1f}",
        "tokens": f"{len(tokens):,}",
        "distinct at 1/8, all": f"{eighth:,}, {len(counts):,}",
        "growth (Heaps)": f"{np.log(len(counts) / eighth) / np.log(8):.2f}",
        "top 10/100/1000 share": "/".join(f"{share[k]:.2f}" for k in (10, 100, 1000)),
        "once-only words": f"{sum(1 for c in counts if c == 1) / len(counts):.2f}",
    }


def entity_shape(docs: list[Document]) -> dict[str, str]:
    """Return how cities, persons and outlets spread over a set of articles."""
    persons = Counter(p for d in docs for p in d.persons)
    outlets = Counter(d.outlet for d in docs).most_common()
    cities_per = Counter(min(len(d.cities), 4) for d in docs)
    return {
        "cities 0/1/2/3/4+": "/".join(f"{cities_per[k] / len(docs):.2f}" for k in range(5)),
        "no persons": f"{sum(1 for d in docs if not d.persons) / len(docs):.2f}",
        "persons a doc (mean, max)": (
            f"{statistics.mean(len(d.persons) for d in docs):.1f}, "
            f"{max(len(d.persons) for d in docs)}"
        ),
        "persons named once": f"{sum(1 for n in persons.values() if n == 1) / len(persons):.2f}",
        "outlets, largest share": f"{len(outlets)}, {outlets[0][1] / len(docs):.2f}",
    }


def write_jsonl(corpus: Corpus, count: int, path: Path, start: int = 0) -> None:
    """Write articles start .. start + count - 1 to path as JSON Lines (the import format)."""
    with open(path, "w", encoding="utf-8") as out:
        for doc in corpus.documents(count, start):
            out.write(doc.to_json() + "\n")


def main() -> None:
    """Print the shape of the real bodies beside the corpus's (as many bodies of each)."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    parser.add_argument("--bench-dir", type=Path, default=BENCH)
    args = parser.parse_args()
    real = real_bodies(args.bench_dir)
    corpus = Corpus()
    docs = [corpus.document(n) for n in range(0, 2000 * len(real), 2000)]
    rows = [{"": "real", **shape(real)}, {"": "corpus", **shape([d.body for d in docs])}]
    heads = list(rows[0])
    print("| " + " | ".join(heads) + " |\n|" + "---|" * len(heads))
    for row in rows:
        print("| " + " | ".join(row[h] for h in heads) + " |")
    many = [corpus.document(n) for n in range(0, 100_000, 10)]
    print("\ncorpus entities over 10,000 articles:", json.dumps(entity_shape(many), indent=1))


if __name__ == "__main__":
    main()
