"""The archive the app serves, reached by every view through current_archive()."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app

from archive import Document, Store
from indexer import (
    FACETS,
    BadQuery,
    FacetValue,
    IndexMissing,
    SearchIndex,
    SearchQuery,
    SearchResult,
    apply_entity_rules,
    index_exists,
)
from web.config import AppConfig
from web.render import corrections_json
from web.versions import Version, list_versions

MAX_FACET_PAGE = 500

Args = dict[str, list[str]]


@dataclass(frozen=True)
class FacetListing:
    """One page of a facet's values for a search, and how many values there are."""

    field: str
    values: list[FacetValue]
    total: int
    offset: int
    limit: int


class ServedArchive:
    """The app's read-only view of the store and the index, shared by request threads."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.store = Store(config.archive.store_path)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        """The live index, opened on first use.

        Raises:
            IndexMissing: no index has been built yet.
        """
        with self._lock:
            if self._index is None:
                if not index_exists(self.config.index):
                    raise IndexMissing(str(self.config.index.dir))
                self._index = SearchIndex(self.config.index, self.store)
            return self._index

    def search(self, args: Args) -> SearchResult:
        """The one search path behind the HTML page and its JSON twin.

        Raises:
            BadQuery: a parameter or the query text is wrong.
            IndexMissing: no index has been built yet.
        """
        query = SearchQuery.from_args(args)
        return self.index().search(query)

    def facet_listing(self, field: str, args: Args) -> FacetListing:
        """The values of one facet for the search in args, paged by its offset and limit.

        Raises:
            NotFound: field is not a facet.
            BadQuery: a parameter or the query text is wrong.
            IndexMissing: no index has been built yet.
        """
        if field not in FACETS:
            abort(404, f"unknown facet {field!r}; expected one of {', '.join(FACETS)}")
        args = dict(args)
        offset = _int_param(args.pop("offset", []), "offset", 0, 0, 1_000_000)
        limit = _int_param(args.pop("limit", []), "limit", 100, 1, MAX_FACET_PAGE)
        query = SearchQuery.from_args(args)
        values, total = self.index().facet_values(query, field, offset, limit)
        return FacetListing(field, values, total, offset, limit)

    def article(self, doc_id: str) -> Document:
        """The article with this id, corrected, its persons and cities as the index shows them.

        Every view of one article (the page, its JSON, versions, diff, the page as captured and
        its assets) comes through here, so a withdrawn story is gone from all of them at once.

        Raises:
            NotFound: no article has this id.
            Gone: the story was withdrawn (`dateline hide`); the reason says why.
        """
        doc = self.store.get(doc_id)
        if doc is None or not doc.is_article:
            abort(404, f"no article with id {doc_id!r}")
        takedown = self.store.takedown_of(doc)
        if takedown is not None:
            abort(410, takedown.message())
        # Persons and cities as the index shows them (config aliases and stop list), so that
        # every name links to a search that finds it.
        return apply_entity_rules(doc, self.config.index)

    def versions(self, doc_id: str) -> list[Version]:
        """Every captured version of the article, oldest first, with what changed in each.

        The versions are as derived from each capture: corrections apply to the article.

        Raises:
            NotFound: no article has this id.
            Gone: the story was withdrawn.
        """
        self.article(doc_id)
        return list_versions(self.store.versions(doc_id))

    def corrections(self, doc: Document) -> list[dict[str, Any]]:
        """The corrections applied to an article, in the order they apply, as JSON."""
        found = self.store.corrections(doc.id)
        derived = self.store.derived(doc.id) if found else None
        return corrections_json(found, derived or doc)

    def version_counts(self, result: SearchResult) -> dict[str, int]:
        """How many versions each hit of a search has."""
        return self.store.version_counts(hit.id for hit in result.hits)

    def related(self, doc: Document) -> dict[str, SearchResult]:
        """A few other articles about the article's first city and first person, if indexed."""
        related: dict[str, SearchResult] = {}
        try:
            index = self.index()
        except IndexMissing:
            return related
        for param, values in (("city", doc.cities[:1]), ("person", doc.persons[:1])):
            for value in values:
                query = SearchQuery.from_args({param: [value], "per_page": ["6"]})
                result = index.search(query)
                hits = [h for h in result.hits if h.id != doc.id][:5]
                related[f"{param}:{value}"] = SearchResult(result.query, result.total - 1, hits)
        return related


def current_archive() -> ServedArchive:
    """The archive of the app handling this request."""
    archive: ServedArchive = current_app.extensions["dateline"]
    return archive


def _int_param(values: list[str], name: str, default: int, low: int, high: int) -> int:
    if not values:
        return default
    if len(values) > 1 or not values[0].isdigit():
        raise BadQuery(name, f"must be a whole number from {low} to {high}")
    value = int(values[0])
    if not low <= value <= high:
        raise BadQuery(name, f"must be a whole number from {low} to {high}, not {value}")
    return value
