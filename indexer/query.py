"""What goes into a search and what comes out: the dataclasses that cross package lines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from indexer.errors import BadQuery

SORTS = ("relevance", "newest", "oldest")
# The facets a search counts, in display order: the keys of SearchResult.facets and the names
# /api/facets/<field> takes. The one list of them: schema maps the term facets to index fields,
# the web layer and its OpenAPI document read it from here.
TERM_FACETS = ("city", "person", "outlet")
DATE_FACET = "date"
FACETS = (*TERM_FACETS, DATE_FACET)
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_QUERY_CHARS = 1000
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARAMS = ("q", "city", "person", "outlet", "from", "to", "sort", "page", "per_page")


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: query text, filters, order and page."""

    text: str = ""
    cities: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facet_limit: int = 20

    @classmethod
    def from_args(cls, args: Mapping[str, Sequence[str]]) -> SearchQuery:
        """Parse request or CLI parameters (each a list of strings) into a query.

        Raises:
            BadQuery: a parameter is unknown or has a bad value; `param` names it.
        """
        for name in args:
            if name not in _PARAMS:
                raise BadQuery(name, f"unknown parameter; expected one of {', '.join(_PARAMS)}")
        text = _single(args, "q") or ""
        if len(text) > MAX_QUERY_CHARS:
            raise BadQuery("q", f"query longer than {MAX_QUERY_CHARS} characters")
        sort = _single(args, "sort") or ("relevance" if text.strip() else "newest")
        if sort not in SORTS:
            raise BadQuery("sort", f"must be one of {', '.join(SORTS)}, not {sort!r}")
        date_from = _date(args, "from")
        date_to = _date(args, "to")
        if date_from and date_to and date_from > date_to:
            raise BadQuery("from", "must not be after 'to'")
        return cls(
            text=text.strip(),
            cities=_many(args, "city"),
            persons=_many(args, "person"),
            outlets=_many(args, "outlet"),
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=_int(args, "page", 1, 1, 10_000),
            per_page=_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        )

    def to_args(self) -> dict[str, list[str]]:
        """Return the parameters that reproduce this query (for links and permalinks)."""
        args: dict[str, list[str]] = {}
        if self.text:
            args["q"] = [self.text]
        for name, values in (("city", self.cities), ("person", self.persons)):
            if values:
                args[name] = list(values)
        if self.outlets:
            args["outlet"] = list(self.outlets)
        if self.date_from:
            args["from"] = [self.date_from.isoformat()]
        if self.date_to:
            args["to"] = [self.date_to.isoformat()]
        if self.sort != ("relevance" if self.text else "newest"):
            args["sort"] = [self.sort]
        if self.page != 1:
            args["page"] = [str(self.page)]
        if self.per_page != DEFAULT_PER_PAGE:
            args["per_page"] = [str(self.per_page)]
        return args


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: `value` is what a filter takes, `label` what a reader sees."""

    value: str
    count: int
    label: str = ""


@dataclass(frozen=True)
class Hit:
    """One ranked result; `snippet` is HTML-escaped text with <mark> around matched words."""

    id: str
    url: str
    title: str
    outlet: str
    published: str | None
    authors: list[str]
    cities: list[str]
    persons: list[str]
    snippet: str
    score: float = 0.0
    day: str | None = None


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total, and facet counts over the whole result set."""

    query: SearchQuery
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        """Number of pages of results."""
        return max(1, -(-self.total // self.query.per_page))


def _single(args: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in args.get(name, ()) if v != ""]
    if len(values) > 1:
        raise BadQuery(name, "given more than once")
    return values[0] if values else None


def _many(args: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in args.get(name, ()):
        value = value.strip()
        if value:
            seen[value] = None
    return tuple(seen)


def _date(args: Mapping[str, Sequence[str]], name: str) -> date | None:
    raw = _single(args, name)
    if raw is None:
        return None
    message = f"must be a date as YYYY-MM-DD, not {raw!r}"
    if not _DAY.fullmatch(raw):
        raise BadQuery(name, message)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(name, message) from None


def _int(args: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int) -> int:
    raw = _single(args, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(name, f"must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadQuery(name, f"must be between {low} and {high}, not {value}")
    return value
