"""The one mapping from a Document to index fields; the only module that knows field names."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from whoosh import fields, formats
from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

from archive import Document
from indexer.config import IndexConfig
from indexer.query import TERM_FACETS

# Suggestions ("did you mean") come from the unstemmed words of titles: a spelling copy of
# bodies would double the commit time of a build.
SPELLING_FIELD = "title"
# Fields a user may name in query text, and the aliases the parser also accepts.
TEXT_FIELDS = ("title", "body")
# Words without a field search the body, which also indexes the title: one posting list a word
# costs half of (title OR body); matches in the title get TITLE_BOOST at ranking instead.
DEFAULT_FIELD = "body"
TITLE_BOOST = 1.5
QUERY_FIELDS = ("title", "body", "author", "person", "city", "outlet", "published")
FIELD_ALIASES = {
    "author": ["authors", "by"],
    "person": ["persons"],
    "city": ["cities"],
    "published": ["date", "day"],
}
ID = "id"
DAY = "day"
TITLE = "title"
BODY = "body"
PUBLISHED = "published"
# Facet name (as in SearchResult.facets) -> keyword field holding "key|label" terms; the date
# facet counts the DAY column instead.
FACET_FIELDS = {name: f"{name}_facet" for name in TERM_FACETS}
LABEL_SEPARATOR = "|"

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def facet_key(value: str) -> str:
    """Return the normalized key of a facet value: "Hartford, CT" -> "hartford-ct"."""
    folded = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_ALNUM.sub("-", plain).strip("-")


def facet_term(value: str) -> str:
    """Return the indexed term of one facet value: its key and display label."""
    return f"{facet_key(value)}{LABEL_SEPARATOR}{' '.join(value.split())}"


def split_facet_term(term: str) -> tuple[str, str]:
    """Return (key, label) of an indexed facet term."""
    key, _, label = term.partition(LABEL_SEPARATOR)
    return key, label


def day_number(day: str | None) -> int:
    """Return "2024-03-05" as 20240305 (0 when the day is unknown or malformed)."""
    if not day or len(day) < 10:
        return 0
    digits = day[:4] + day[5:7] + day[8:10]
    return int(digits) if digits.isdigit() else 0


class _FoldTable(dict[int, str]):
    # str.translate table filled on first sight of each character: one character in, one out.
    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        folded = base if base.isascii() and base.isalnum() else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_accents(text: str) -> str:
    """Return text without accents ("café" -> "cafe"), every character kept in its place."""
    return text if text.isascii() else text.translate(_FOLD)


class FoldingTokenizer(RegexTokenizer):  # type: ignore[misc]
    """A regex tokenizer that folds accents of the whole text first (one C-speed pass)."""

    def __call__(self, value: str, **kwargs: object) -> object:
        """Yield the tokens of the folded text (character offsets unchanged)."""
        return super().__call__(fold_accents(value), **kwargs)


# Title and body words: this pattern, lowercased, without these stop words and words shorter
# than this, stemmed by this function. text_analyzer() and TextPositions both read them here.
_WORD = default_pattern
_STOP_WORDS = STOP_WORDS
_MIN_WORD_CHARS = 2
_STEM = stem


def text_analyzer() -> Analyzer:
    """Return the analyzer of title and body: words, stop words, English stems, no accents."""
    return (
        FoldingTokenizer(_WORD)
        | LowercaseFilter()
        | StopFilter(stoplist=_STOP_WORDS, minsize=_MIN_WORD_CHARS)
        | StemFilter(stemfn=_STEM, cachesize=50000)
    )


class TextPositions(formats.Positions):  # type: ignore[misc]
    """Whoosh's Positions format, with text_analyzer()'s tokens made in one loop.

    Whoosh's analyzer passes every word through a chain of generators and Token objects: half of
    an index build. This reads the words with the same pattern, lowercases, drops stop words
    and one-letter words, renumbers positions past them and stems them as that chain does, so the
    postings are identical (tests compare the two). Queries still go through text_analyzer().
    """

    _STEMS_KEPT = 200_000

    def word_values(self, value: str, analyzer: Analyzer, **kwargs: object) -> object:
        """Yield (stem, frequency, weight, encoded positions) of each word in value."""
        if not isinstance(value, str):  # pre-tokenized input: Whoosh's own path
            return super().word_values(value, analyzer, **kwargs)
        return self._values(_text_positions(value, self._stem_cache()))

    def _stem_cache(self) -> dict[str, str]:
        cache: dict[str, str] | None = self.__dict__.get("_stems")
        if cache is None or len(cache) > self._STEMS_KEPT:
            cache = self.__dict__["_stems"] = {}
        return cache

    def _values(self, positions: dict[str, list[int]]) -> object:
        boost = self.field_boost
        for word, places in positions.items():
            yield (word, len(places), len(places) * boost, self.encode(places))

    def __getstate__(self) -> dict[str, object]:
        # The stem cache is a build-time aid: keep it out of the schema pickled into the index.
        return {k: v for k, v in self.__dict__.items() if k != "_stems"}


def _text_positions(text: str, stems: dict[str, str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    position = -1
    for index, match in enumerate(_WORD.finditer(fold_accents(text))):
        word = match.group(0).lower()
        if len(word) < _MIN_WORD_CHARS or word in _STOP_WORDS:
            continue
        position = index if position < 0 else position + 1
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = _STEM(word)
        positions.setdefault(stemmed, []).append(position)
    return positions


def name_analyzer() -> Analyzer:
    """Return the analyzer of names (people, places, outlets): any case, no accents."""
    return FoldingTokenizer(r"\w+(['.]\w+)*") | LowercaseFilter()


def _facet_analyzer() -> Analyzer:
    # One token per line: a "key|label" term may hold spaces and commas.
    return RegexTokenizer(r"[^\n]+")


def _facet_field() -> fields.KEYWORD:
    field = fields.KEYWORD(stored=False, scorable=False)
    field.analyzer = _facet_analyzer()
    return field


def _text_field(field_boost: float = 1.0, spelling: bool = False) -> fields.TEXT:
    field = fields.TEXT(analyzer=text_analyzer(), field_boost=field_boost, spelling=spelling)
    field.format = TextPositions(field_boost=field_boost)
    return field


def build_schema() -> fields.Schema:
    """Return the Whoosh schema of a Dateline index."""
    names = name_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=_text_field(field_boost=2.0, spelling=True),
        body=_text_field(),
        author=fields.TEXT(analyzer=names),
        person=fields.TEXT(analyzer=names),
        city=fields.TEXT(analyzer=names),
        outlet=fields.TEXT(analyzer=names),
        published=fields.DATETIME(),
        day=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
        city_facet=_facet_field(),
        person_facet=_facet_field(),
        outlet_facet=_facet_field(),
    )


def _facet_text(values: Iterable[str]) -> str:
    return "\n".join(dict.fromkeys(facet_term(v) for v in values if facet_key(v)))


def apply_entity_rules(doc: Document, config: IndexConfig) -> Document:
    """The document's persons and cities as indexed: aliases applied, stop-listed names dropped."""
    if not config.aliases and not config.stop:
        return doc
    aliases, stop = _rules(config.aliases, config.stop)
    persons = _ruled(doc.persons, aliases, stop)
    roles = {aliases.get(facet_key(n), n): r for n, r in doc.roles.items()}
    return replace(
        doc,
        persons=persons,
        cities=_ruled(doc.cities, aliases, stop),
        roles={n: r for n, r in roles.items() if n in persons},
    )


@functools.lru_cache(maxsize=8)
def _rules(
    aliases: tuple[tuple[str, str], ...], stop: tuple[str, ...]
) -> tuple[dict[str, str], frozenset[str]]:
    return {facet_key(a): b for a, b in aliases}, frozenset(facet_key(s) for s in stop)


def _ruled(values: list[str], aliases: dict[str, str], stop: frozenset[str]) -> list[str]:
    kept: dict[str, str] = {}  # by key, first mention first: two aliases may meet
    for value in values:
        shown = aliases.get(facet_key(value), value)
        if facet_key(shown) not in stop:
            kept.setdefault(facet_key(shown), shown)
    return list(kept.values())


def document_fields(doc: Document) -> dict[str, object]:
    """Return the index fields of one article (the body is indexed, not stored)."""
    day = day_number(doc.day)
    values: dict[str, object] = {
        ID: doc.id,
        TITLE: doc.title,
        BODY: f"{doc.title}\n{doc.body}",
        "author": "\n".join(doc.authors),
        "person": "\n".join(doc.persons),
        "city": "\n".join(doc.cities),
        "outlet": doc.outlet,
        DAY: day,
        "city_facet": _facet_text(doc.cities),
        "person_facet": _facet_text(doc.persons),
        "outlet_facet": _facet_text([doc.outlet]),
    }
    if day:
        values[PUBLISHED] = datetime(day // 10000, day // 100 % 100, day % 100)
    return values
