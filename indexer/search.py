"""The one search function: SearchQuery in, ranked hits with snippets and facet counts out."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index
from whoosh import query as wq
from whoosh.searching import Searcher

from archive import Document, Store, document_id
from indexer.arrays import Docnums
from indexer.build import live_generation
from indexer.config import IndexConfig
from indexer.errors import BadQuery
from indexer.facets import FacetTables, Matched, SegmentTables
from indexer.generation import Generation, Run, live_or_missing, new_searcher, open_unmapped
from indexer.limits import Deadline, check_expansions
from indexer.matching import (
    allowed_mask,
    facet_page,
    highlight_terms,
    matched_docs,
    title_matches,
)
from indexer.parsing import TextParser
from indexer.query import FACETS, FacetValue, Hit, SearchQuery, SearchResult
from indexer.ranking import rank, recency_factors
from indexer.schema import ID, apply_entity_rules
from indexer.snippets import Snippets
from indexer.suggestions import suggest

# How often (seconds) a SearchIndex looks for a new generation or new commits.
REFRESH_SECONDS = 1.0

_log = logging.getLogger(__name__)


def _in_background(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="dateline-reopen", daemon=True).start()


class SearchIndex:
    """The live index, opened for searching; refreshes itself when a new generation goes live.

    Searches run side by side: each borrows a searcher of the live generation, and a
    generation that is replaced closes once its last search ends.
    """

    def __init__(
        self,
        config: IndexConfig,
        store: Store,
        clock: Callable[[], float] = time.monotonic,
        start: Callable[[Callable[[], None]], None] = _in_background,
    ) -> None:
        """Open the live generation in config.dir; start(job) runs each reopen off the request
        path (by default in a thread of its own).

        Raises:
            IndexMissing: there is no finished index in config.dir.
        """
        self._config = config
        self._store = store
        self._clock = clock
        self._lock = threading.Lock()  # guards the swap of generations, never a search
        self._start = start
        self._reopening = False
        self._closed = False
        self._error: str | None = None  # the last reopen's error, logged once
        self._checked_at = clock()
        self._gen = self._open(live_or_missing(config.dir))

    def close(self) -> None:
        """Close the open searchers (a reopen under way closes what it opened)."""
        with self._lock:
            self._closed = True
        self._gen.close()

    def doc_count(self) -> int:
        """Return the number of articles in the live index."""
        return len(self._fresh().tables.live)

    def search(self, query: SearchQuery) -> SearchResult:
        """Run one search: the requested page of hits, the total, facets and a suggestion.

        Raises:
            BadQuery: the query text cannot be parsed, names an unknown field, or has a pattern
                that stands for too many words ("q").
            SearchTimeout: the search ran past the configured search_seconds.
        """
        deadline = Deadline(self._config.search_seconds, self._clock)
        gen = self._fresh()
        with gen.searcher(deadline) as searcher:
            run = self._run(gen, searcher, deadline)
            parsed = self._parse(run, query.text)
            matched, ranked = self._execute(run, parsed, query)
            ids = [searcher.stored_fields(docnum)[ID] for docnum, _ in ranked]
            facets = self._facets(gen, query, matched)
            terms = highlight_terms(run, parsed)
            suggestion = suggest(run, parsed, query) if not len(matched) else None
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
            SearchTimeout: the search ran past the configured search_seconds.
        """
        if field not in FACETS:
            raise BadQuery("facet", f"must be one of {', '.join(FACETS)}, not {field!r}")
        deadline = Deadline(self._config.search_seconds, self._clock)
        gen = self._fresh()
        with gen.searcher(deadline) as searcher:
            run = self._run(gen, searcher, deadline)
            parsed = self._parse(run, query.text)
            matched = matched_docs(run, parsed, allowed_mask(run, query))
        found = Matched(matched, gen.tables.size)
        return facet_page(gen.tables, query, found, field, offset, limit)

    def _run(self, gen: Generation, searcher: Searcher, deadline: Deadline) -> Run:
        """One search's view; withdrawn stories are read from the store at every search, so a
        hide shows at once, even while the index still holds the story (its writer was busy)."""
        takedowns = self._store.takedowns()
        ids = takedowns.ids | {document_id(url) for url in takedowns.urls}
        return Run(gen, searcher, deadline, gen.hidden_mask(ids, searcher) if ids else None)

    def _parse(self, run: Run, text: str) -> wq.Query | None:
        parsed = run.gen.parser.parse(text)
        if parsed is not None:
            reader = run.searcher.reader()
            check_expansions(parsed, reader, self._config.max_expansions, run.deadline)
        return parsed

    def _execute(
        self, run: Run, parsed: wq.Query | None, query: SearchQuery
    ) -> tuple[Docnums, list[tuple[int, float]]]:
        start = (query.page - 1) * query.per_page
        end = start + query.per_page
        tables = run.gen.tables
        allow = allowed_mask(run, query)
        if parsed is not None and query.sort == "relevance":
            boosted = title_matches(run, parsed)
            matched, best = rank(
                run.searcher,
                parsed,
                end,
                run.gen.factors,
                allow,
                boosted,
                run.lengths,
                run.gen.terms,
                run.deadline,
            )
            return matched, best[start:end]
        docs = matched_docs(run, parsed, allow)
        days = tables.days
        if docs is tables.live:
            ordered = days.sorted_docs[::-1] if query.sort != "oldest" else days.sorted_docs
            return docs, [(d, 0.0) for d in ordered[start:end].tolist()]
        picked = days.newest(docs, end, reverse=query.sort != "oldest")
        return docs, [(d, 0.0) for d in picked[start:end]]

    def _facets(
        self, gen: Generation, query: SearchQuery, matched: Docnums
    ) -> dict[str, list[FacetValue]]:
        everything = matched is gen.tables.live
        if everything and query.facet_limit in gen.all_counts:
            return gen.all_counts[query.facet_limit]
        tables = gen.tables
        found = Matched(matched, tables.size, tables.live_mask if everything else None)
        facets = {
            name: facet_page(tables, query, found, name, 0, query.facet_limit)[0] for name in FACETS
        }
        if everything:
            gen.all_counts[query.facet_limit] = facets
        return facets

    def _fresh(self) -> Generation:
        """Return the live generation; start looking for a newer one off the request path.

        A search never waits for a reopen: it answers from the generation open now, and the
        reopen (building facet tables for the new segments) swaps the newer one in when done.
        """
        with self._lock:
            now = self._clock()
            if self._reopening or self._closed or now - self._checked_at < REFRESH_SECONDS:
                return self._gen
            self._checked_at = now
            self._reopening = True
            current = self._gen
        try:
            self._start(lambda: self._reopen(current))
        except RuntimeError:  # no new thread (the interpreter is shutting down): try later
            with self._lock:
                self._reopening = False
        return self._gen

    def _reopen(self, current: Generation) -> None:
        """Open the generation that replaced current, if one did, and make it live."""
        newer = None
        try:
            newer = self._newer(current)
        finally:
            with self._lock:
                self._reopening = False
                if newer is not None and not self._closed:
                    # The old generation closes when its last search lets go of it.
                    self._gen = newer
                    newer = None
            if newer is not None:
                newer.close()  # closed while it was opening

    def _newer(self, current: Generation) -> Generation | None:
        """Open the generation that replaced current, if one did (None: keep current).

        The folders may change under us: a rebuild removes generations older than the previous
        one, an update deletes merged segments, and someone may remove the index folder. The
        open generation keeps its files open, so it answers on; the next look tries again, and
        the error is logged once (again only when it changes).
        """
        try:
            folder = live_generation(self._config.dir)
            found = None
            if folder is not None and folder != current.folder:
                found = self._open(folder)
            elif current.ix.latest_generation() != current.generation:
                found = self._open(current.folder, current.tables.segments)
        except (OSError, index.IndexError) as exc:
            self._report(f"cannot open the new index generation in {self._config.dir}: {exc}")
            return None
        self._report(None)
        return found

    def _report(self, error: str | None) -> None:
        if error is not None and error != self._error:
            _log.warning("%s; searches use the open one, and it is tried again", error)
        self._error = error

    def _open(self, folder: Path, known: dict[str, SegmentTables] | None = None) -> Generation:
        """Open a generation; the tables of segments in known (the previous commit's) are kept."""
        ix = open_unmapped(folder)
        searcher = new_searcher(ix)
        reader = searcher.reader()
        tables = FacetTables(reader, known)
        factors = recency_factors(tables.days.days) if self._config.recency_boost else None
        parser = TextParser(ix.schema)
        return Generation(folder, ix, reader.generation(), tables, parser, factors, [searcher])


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
