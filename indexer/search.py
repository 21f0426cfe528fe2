"""The one search function: SearchQuery in, ranked hits with snippets and facet counts out."""

from __future__ import annotations

import copy
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from archive import Document, Store
from indexer.arrays import Docnums, Floats, Mask
from indexer.build import live_generation
from indexer.config import IndexConfig
from indexer.errors import BadQuery, IndexMissing
from indexer.facets import FacetTables
from indexer.fastscore import TermCache, field_lengths, score_query
from indexer.parsing import TextParser
from indexer.query import FACETS, FacetValue, Hit, SearchQuery, SearchResult
from indexer.ranking import rank, recency_factors
from indexer.schema import (
    DEFAULT_FIELD,
    ID,
    SPELLING_FIELD,
    TEXT_FIELDS,
    TITLE,
    apply_entity_rules,
)
from indexer.snippets import Snippets

# How often (seconds) a SearchIndex looks for a new generation or new commits.
REFRESH_SECONDS = 1.0


@dataclass
class _Generation:
    """One open generation: its searcher and the tables built for it."""

    folder: Path
    ix: index.Index
    searcher: Searcher
    tables: FacetTables
    parser: TextParser
    factors: Floats | None
    lengths: dict[str, Floats] = field(default_factory=dict)
    terms: TermCache = field(default_factory=TermCache)

    def __post_init__(self) -> None:
        # Unmapped segments hold open files: close them even when the owner never calls close().
        self._closer = weakref.finalize(self, _close_all, self.searcher, self.ix)

    def field_lengths(self, fieldname: str) -> Floats:
        """Return (and keep) every document's length in a field."""
        if fieldname not in self.lengths:
            self.lengths[fieldname] = field_lengths(self.searcher.reader(), fieldname)
        return self.lengths[fieldname]

    def close(self) -> None:
        self._closer()


class SearchIndex:
    """The live index, opened for searching; refreshes itself when a new generation goes live."""

    def __init__(
        self, config: IndexConfig, store: Store, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Open the live generation in config.dir.

        Raises:
            IndexMissing: there is no finished index in config.dir.
        """
        self._config = config
        self._store = store
        self._clock = clock
        self._lock = threading.RLock()
        self._checked_at = clock()
        self._gen = self._open(_live_or_missing(config.dir))
        self._all_counts: dict[int, dict[str, list[FacetValue]]] = {}

    def close(self) -> None:
        """Close the open searcher."""
        with self._lock:
            self._gen.close()

    def doc_count(self) -> int:
        """Return the number of articles in the live index."""
        with self._lock:
            return int(self._fresh().searcher.doc_count())

    def search(self, query: SearchQuery) -> SearchResult:
        """Run one search: the requested page of hits, the total, facets and a suggestion.

        Raises:
            BadQuery: the query text cannot be parsed or names an unknown field ("q").
        """
        with self._lock:
            gen = self._fresh()
            parsed = gen.parser.parse(query.text)
            matched, ranked = self._execute(gen, parsed, query)
            ids = [gen.searcher.stored_fields(docnum)[ID] for docnum, _ in ranked]
            facets = self._facets(gen, query, matched)
            terms = _highlight_terms(gen, parsed)
            suggestion = _suggest(gen, parsed, query.text) if not len(matched) else None
        docs = self._store.get_many(ids)
        snippets = Snippets(terms)
        hits = [
            _hit(
                apply_entity_rules(docs[doc_id], self._config),
                snippets.make(docs[doc_id].body),
                score,
            )
            for doc_id, (_, score) in zip(ids, ranked, strict=True)
            if doc_id in docs
        ]
        return SearchResult(query, len(matched), hits, facets, suggestion)

    def facet_values(
        self, query: SearchQuery, field: str, offset: int, limit: int
    ) -> tuple[list[FacetValue], int]:
        """Return one facet's values for a query from offset (at most limit) and how many exist.

        Raises:
            BadQuery: field is not a facet ("facet") or the query text is bad ("q").
        """
        if field not in FACETS:
            raise BadQuery("facet", f"must be one of {', '.join(FACETS)}, not {field!r}")
        with self._lock:
            gen = self._fresh()
            parsed = gen.parser.parse(query.text)
            matched = _matched(gen, parsed, _allowed(gen.tables, query))
            return _facet_page(gen.tables, query, gen.tables.mask(matched), field, offset, limit)

    def _execute(
        self, gen: _Generation, parsed: wq.Query | None, query: SearchQuery
    ) -> tuple[Docnums, list[tuple[int, float]]]:
        start = (query.page - 1) * query.per_page
        end = start + query.per_page
        allow = _allowed(gen.tables, query)
        if parsed is not None and query.sort == "relevance":
            boosted = _title_matches(gen, parsed)
            matched, best = rank(
                gen.searcher, parsed, end, gen.factors, allow, boosted, gen.field_lengths, gen.terms
            )
            return matched, best[start:end]
        docs = _matched(gen, parsed, allow)
        days = gen.tables.days
        if docs is gen.tables.live:
            ordered = days.sorted_docs[::-1] if query.sort != "oldest" else days.sorted_docs
            return docs, [(d, 0.0) for d in ordered[start:end].tolist()]
        picked = days.newest(docs, end, reverse=query.sort != "oldest")
        return docs, [(d, 0.0) for d in picked[start:end]]

    def _facets(
        self, gen: _Generation, query: SearchQuery, matched: Docnums
    ) -> dict[str, list[FacetValue]]:
        everything = matched is gen.tables.live
        if everything and query.facet_limit in self._all_counts:
            return self._all_counts[query.facet_limit]
        mask = gen.tables.live_mask if everything else gen.tables.mask(matched)
        facets = {
            name: _facet_page(gen.tables, query, mask, name, 0, query.facet_limit)[0]
            for name in FACETS
        }
        if everything:
            self._all_counts[query.facet_limit] = facets
        return facets

    def _fresh(self) -> _Generation:
        now = self._clock()
        if now - self._checked_at < REFRESH_SECONDS:
            return self._gen
        self._checked_at = now
        folder = live_generation(self._config.dir)
        if folder is not None and folder != self._gen.folder:
            self._replace(self._open(folder))
        elif not self._gen.searcher.up_to_date():
            self._replace(self._open(self._gen.folder))
        return self._gen

    def _replace(self, gen: _Generation) -> None:
        old, self._gen, self._all_counts = self._gen, gen, {}
        old.close()

    def _open(self, folder: Path) -> _Generation:
        ix = _open_unmapped(folder)
        reader = ix.reader()
        tables = FacetTables(reader)
        factors = recency_factors(tables.days.days) if self._config.recency_boost else None
        searcher = Searcher(reader, weighting=BM25F(), fromindex=ix)
        return _Generation(folder, ix, searcher, tables, TextParser(ix.schema), factors)


def _close_all(searcher: Searcher, ix: index.Index) -> None:
    searcher.close()
    ix.close()


def _open_unmapped(folder: Path) -> index.Index:
    """Open a generation that reads its segments through the file, not through mmap."""
    # With mmap, whoosh-reloaded's BufferFile copies every segment file into a BytesIO and
    # touches every mapped page: 1.25 GB of RSS at 100k articles. File reads use the page cache.
    return FileStorage(str(folder), supports_mmap=False, readonly=True).open_index()


def _live_or_missing(root: Path) -> Path:
    folder = live_generation(root)
    if folder is None:
        raise IndexMissing(str(root))
    return folder


def _allowed(tables: FacetTables, query: SearchQuery) -> Mask | None:
    """Return the mask of documents the query's filters allow (None: no filter)."""
    allowed: Mask | None = None
    for docs in _filter_sets(tables, query):
        mask = tables.mask(docs)
        allowed = mask if allowed is None else allowed & mask
    return None if allowed is None else allowed & tables.live_mask


def _matched(gen: _Generation, parsed: wq.Query | None, allow: Mask | None) -> Docnums:
    """Return every document (ascending) matching the text (all when None) the filters allow."""
    if parsed is None:
        return gen.tables.live if allow is None else np.flatnonzero(allow).astype(np.int32)
    found = score_query(gen.searcher, parsed, gen.field_lengths, gen.terms)
    if found is not None:
        docs = found.docs
    else:
        docs = np.fromiter(gen.searcher.docs_for_query(parsed), dtype=np.int32)
        docs.sort()
    return docs if allow is None else docs[allow[docs]]


def _filter_sets(tables: FacetTables, query: SearchQuery) -> list[Docnums]:
    sets = []
    for name, values in (("city", query.cities), ("person", query.persons)):
        if values:
            sets.append(tables.facets[name].docs_with(values))
    if query.outlets:
        sets.append(tables.facets["outlet"].docs_with(query.outlets))
    if query.date_from or query.date_to:
        sets.append(tables.days.docs_between(query.date_from, query.date_to))
    return sets


def _facet_page(
    tables: FacetTables,
    query: SearchQuery,
    matched: Mask,
    field: str,
    offset: int,
    limit: int,
) -> tuple[list[FacetValue], int]:
    if field == "date":
        by_month = bool(
            query.date_from and query.date_to and query.date_from.year == query.date_to.year
        )
        periods = tables.days.count_periods(matched, by_month)
        ranked = sorted(periods.items(), key=lambda item: (-item[1], item[0]))
        return [FacetValue(p, n, p) for p, n in ranked[offset : offset + limit]], len(periods)
    table = tables.facets[field]
    counts = table.count(matched)
    return table.top(counts, offset, limit), int(np.count_nonzero(counts))


def _highlight_terms(gen: _Generation, parsed: wq.Query | None) -> frozenset[str]:
    # Query.existing_terms skips fields after the first (a shadowed loop variable in 2.7.x).
    if parsed is None:
        return frozenset()
    reader = gen.searcher.reader()
    found: set[str] = set()
    for leaf in _positive_leaves(parsed):
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname in TEXT_FIELDS:
                found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(found)


def _title_matches(gen: _Generation, parsed: wq.Query) -> Docnums:
    """Return the documents whose title matches a word the query looks for in the body."""
    leaves = []
    for leaf in _positive_leaves(parsed):
        if getattr(leaf, "fieldname", None) == DEFAULT_FIELD:
            title_leaf = copy.copy(leaf)
            title_leaf.fieldname = TITLE
            leaves.append(title_leaf)
    if not leaves:
        return np.empty(0, np.int32)
    titles = wq.Or(leaves)
    found = score_query(gen.searcher, titles, gen.field_lengths, gen.terms)
    if found is not None:
        return found.docs
    return np.unique(np.fromiter(gen.searcher.docs_for_query(titles), dtype=np.int32))


def _positive_leaves(parsed: wq.Query) -> Iterator[wq.Query]:
    # Words after NOT are excluded from the results, so they are not highlighted either.
    if isinstance(parsed, wq.Not):
        return
    if isinstance(parsed, wq.AndNot):
        yield from _positive_leaves(parsed.a)
    elif parsed.is_leaf():
        yield parsed
    else:
        for child in parsed.children():
            yield from _positive_leaves(child)


def _suggest(gen: _Generation, parsed: wq.Query | None, text: str) -> str | None:
    if parsed is None:
        return None
    corrector = gen.searcher.corrector(SPELLING_FIELD)
    correctors = dict.fromkeys(TEXT_FIELDS, corrector)
    tokens = list(parsed.all_tokens())
    # Whoosh writes a correction back at the word's place in the text; the parts of a word the
    # analyzer split ("counxil-budgt", "%FF%FE") have no place, so they stay as typed.
    unplaced = {(t.fieldname, t.text) for t in tokens if t.startchar is None}
    reader = gen.searcher.reader()
    unknown = [(t.fieldname, t.text) for t in tokens if (t.fieldname, t.text) not in reader]
    terms = [term for term in unknown if term not in unplaced]
    corrected = gen.searcher.correct_query(
        parsed, text, correctors=correctors, terms=terms, prefix=1
    )
    suggestion = str(corrected.string)
    return suggestion if suggestion and suggestion != text else None


def _hit(doc: Document, snippet: str, score: float) -> Hit:
    return Hit(
        id=doc.id,
        url=doc.url,
        title=doc.title,
        outlet=doc.outlet,
        published=doc.published,
        authors=list(doc.authors),
        cities=list(doc.cities),
        persons=list(doc.persons),
        snippet=snippet,
        score=score,
        day=doc.day,
    )
