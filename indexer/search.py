"""The one search function: SearchQuery in, ranked hits with snippets and facet counts out."""

from __future__ import annotations

import contextlib
import copy
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.spelling import Corrector

from archive import Document, Store, document_id
from indexer.arrays import Docnums, Floats, Mask
from indexer.build import live_generation
from indexer.config import IndexConfig
from indexer.errors import BadQuery, IndexMissing, SearchTimeout
from indexer.facets import FacetTables, Matched, SegmentTables
from indexer.fastscore import TermCache, field_lengths, score_query
from indexer.limits import Deadline, check_expansions
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

_log = logging.getLogger(__name__)


def _in_background(job: Callable[[], None]) -> None:
    threading.Thread(target=job, name="dateline-reopen", daemon=True).start()


@dataclass
class _Generation:
    """One open generation: the tables built for it and a pool of searchers over it.

    Whoosh's readers share file positions, so a searcher serves one search at a time; the
    tables, lengths and term cache are read-only or locked, and shared by every search.
    """

    folder: Path
    ix: index.Index
    generation: int
    tables: FacetTables
    parser: TextParser
    factors: Floats | None
    idle: list[_BudgetedSearcher]
    lengths: dict[str, Floats] = field(default_factory=dict)
    terms: TermCache = field(default_factory=TermCache)
    all_counts: dict[int, dict[str, list[FacetValue]]] = field(default_factory=dict)
    hidden: dict[frozenset[str], Mask | None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        # Unmapped segments hold open files: close them once the last search is done with this
        # generation, even when the owner never calls close().
        self._closer = weakref.finalize(self, _close_all, self.idle, self.ix)

    @contextlib.contextmanager
    def searcher(self, deadline: Deadline) -> Iterator[Searcher]:
        """Lend a searcher of this generation to one search (a new one if none is idle)."""
        with self.lock:
            searcher = self.idle.pop() if self.idle else None
        if searcher is None:
            searcher = _new_searcher(self.ix)
        searcher.deadline = deadline
        try:
            yield searcher
        finally:
            searcher.deadline = None
            with self.lock:
                self.idle.append(searcher)

    def field_lengths(self, fieldname: str, searcher: Searcher) -> Floats:
        """Return (and keep) every document's length in a field."""
        found = self.lengths.get(fieldname)
        if found is None:  # two searches may both compute it: the first one kept wins
            found = self.lengths.setdefault(fieldname, field_lengths(searcher.reader(), fieldname))
        return found

    def hidden_mask(self, ids: frozenset[str], searcher: Searcher) -> Mask | None:
        """Return the mask of the live documents with these ids (None when none is here)."""
        with self.lock:
            if ids in self.hidden:
                return self.hidden[ids]
        reader = searcher.reader()
        docs = [
            docnum
            for doc_id in ids
            if (ID, doc_id) in reader
            for docnum in reader.postings(ID, doc_id).all_ids()
        ]
        mask = self.tables.mask(np.array(docs, np.int32)) & self.tables.live_mask
        found = mask if mask.any() else None
        with self.lock:
            self.hidden.clear()  # one set at a time: takedowns change rarely
            self.hidden[ids] = found
        return found

    def close(self) -> None:
        self._closer()


@dataclass(frozen=True)
class _Run:
    """One search's view: its generation, the searcher lent to it, its deadline, and the
    documents it must never show (withdrawn since the generation was written)."""

    gen: _Generation
    searcher: Searcher
    deadline: Deadline
    hidden: Mask | None

    def lengths(self, fieldname: str) -> Floats:
        return self.gen.field_lengths(fieldname, self.searcher)


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
        self._gen = self._open(_live_or_missing(config.dir))

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
            terms = _highlight_terms(run, parsed)
            suggestion = _suggest(run, parsed, query) if not len(matched) else None
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
            matched = _matched(run, parsed, _allowed(run, query))
        found = Matched(matched, gen.tables.size)
        return _facet_page(gen.tables, query, found, field, offset, limit)

    def _run(self, gen: _Generation, searcher: Searcher, deadline: Deadline) -> _Run:
        """One search's view; withdrawn stories are read from the store at every search, so a
        hide shows at once, even while the index still holds the story (its writer was busy)."""
        takedowns = self._store.takedowns()
        ids = takedowns.ids | {document_id(url) for url in takedowns.urls}
        return _Run(gen, searcher, deadline, gen.hidden_mask(ids, searcher) if ids else None)

    def _parse(self, run: _Run, text: str) -> wq.Query | None:
        parsed = run.gen.parser.parse(text)
        if parsed is not None:
            reader = run.searcher.reader()
            check_expansions(parsed, reader, self._config.max_expansions, run.deadline)
        return parsed

    def _execute(
        self, run: _Run, parsed: wq.Query | None, query: SearchQuery
    ) -> tuple[Docnums, list[tuple[int, float]]]:
        start = (query.page - 1) * query.per_page
        end = start + query.per_page
        tables = run.gen.tables
        allow = _allowed(run, query)
        if parsed is not None and query.sort == "relevance":
            boosted = _title_matches(run, parsed)
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
        docs = _matched(run, parsed, allow)
        days = tables.days
        if docs is tables.live:
            ordered = days.sorted_docs[::-1] if query.sort != "oldest" else days.sorted_docs
            return docs, [(d, 0.0) for d in ordered[start:end].tolist()]
        picked = days.newest(docs, end, reverse=query.sort != "oldest")
        return docs, [(d, 0.0) for d in picked[start:end]]

    def _facets(
        self, gen: _Generation, query: SearchQuery, matched: Docnums
    ) -> dict[str, list[FacetValue]]:
        everything = matched is gen.tables.live
        if everything and query.facet_limit in gen.all_counts:
            return gen.all_counts[query.facet_limit]
        tables = gen.tables
        found = Matched(matched, tables.size, tables.live_mask if everything else None)
        facets = {
            name: _facet_page(tables, query, found, name, 0, query.facet_limit)[0]
            for name in FACETS
        }
        if everything:
            gen.all_counts[query.facet_limit] = facets
        return facets

    def _fresh(self) -> _Generation:
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

    def _reopen(self, current: _Generation) -> None:
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

    def _newer(self, current: _Generation) -> _Generation | None:
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

    def _open(self, folder: Path, known: dict[str, SegmentTables] | None = None) -> _Generation:
        """Open a generation; the tables of segments in known (the previous commit's) are kept."""
        ix = _open_unmapped(folder)
        searcher = _new_searcher(ix)
        reader = searcher.reader()
        tables = FacetTables(reader, known)
        factors = recency_factors(tables.days.days) if self._config.recency_boost else None
        parser = TextParser(ix.schema)
        return _Generation(folder, ix, reader.generation(), tables, parser, factors, [searcher])


class _BudgetedSearcher(Searcher):  # type: ignore[misc]
    """A searcher that looks at its search's deadline before it opens each posting list.

    A pattern becomes an OR of up to max_expansions words, and Whoosh opens every word's
    postings before the first document is collected: this is where that time is bounded.
    """

    deadline: Deadline | None = None

    def postings(self, fieldname: str, text: object, weighting: object = None, qf: int = 1) -> Any:
        top = self.get_parent() if self.has_parent() else self
        if top is not None and top.deadline is not None:
            top.deadline.check()
        return super().postings(fieldname, text, weighting, qf)


def _new_searcher(ix: index.Index) -> _BudgetedSearcher:
    return _BudgetedSearcher(ix.reader(), weighting=BM25F(), fromindex=ix)


def _close_all(searchers: list[_BudgetedSearcher], ix: index.Index) -> None:
    for searcher in searchers:
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


def _allowed(run: _Run, query: SearchQuery) -> Mask | None:
    """Return the mask of documents the query's filters and the takedowns allow (None: all)."""
    tables = run.gen.tables
    allowed: Mask | None = None
    for docs in _filter_sets(tables, query):
        mask = tables.mask(docs)
        allowed = mask if allowed is None else allowed & mask
    if run.hidden is not None:
        allowed = (tables.live_mask if allowed is None else allowed) & ~run.hidden
    return None if allowed is None else allowed & tables.live_mask


def _matched(run: _Run, parsed: wq.Query | None, allow: Mask | None) -> Docnums:
    """Return every document (ascending) matching the text (all when None) the filters allow."""
    tables = run.gen.tables
    if parsed is None:
        return tables.live if allow is None else np.flatnonzero(allow).astype(np.int32)
    found = score_query(run.searcher, parsed, run.lengths, run.gen.terms, run.deadline)
    if found is not None:
        docs = found.docs
    else:
        docs = _docs_for_query(run, parsed)
        docs.sort()
    return docs if allow is None else docs[allow[docs]]


def _docs_for_query(run: _Run, parsed: wq.Query) -> Docnums:
    found = run.deadline.every(run.searcher.docs_for_query(parsed))
    return np.fromiter(found, dtype=np.int32)


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
    matched: Matched,
    field: str,
    offset: int,
    limit: int,
) -> tuple[list[FacetValue], int]:
    if field == "date":
        by_month = bool(
            query.date_from and query.date_to and query.date_from.year == query.date_to.year
        )
        periods = tables.days.count_periods(matched.docs, by_month)
        ranked = sorted(periods.items(), key=lambda item: (-item[1], item[0]))
        return [FacetValue(p, n, p) for p, n in ranked[offset : offset + limit]], len(periods)
    table = tables.facets[field]
    tally = table.count(matched)
    return table.top(tally, offset, limit), len(tally.ids)


def _highlight_terms(run: _Run, parsed: wq.Query | None) -> frozenset[str]:
    # Query.existing_terms skips fields after the first (a shadowed loop variable in 2.7.x).
    if parsed is None:
        return frozenset()
    reader = run.searcher.reader()
    found: set[str] = set()
    for leaf in _positive_leaves(parsed):
        for fieldname, text in run.deadline.every(leaf.expanded_terms(reader, phrases=True)):
            if fieldname in TEXT_FIELDS:
                found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(found)


def _title_matches(run: _Run, parsed: wq.Query) -> Docnums:
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
    found = score_query(run.searcher, titles, run.lengths, run.gen.terms, run.deadline)
    if found is not None:
        return found.docs
    return np.unique(_docs_for_query(run, titles))


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


def _suggest(run: _Run, parsed: wq.Query | None, query: SearchQuery) -> str | None:
    """Return the query text with unknown words corrected by words this search may show.

    The lexicon keeps the words of deleted documents (a corrected title, a withdrawn story)
    until a merge, and a story withdrawn while the index was busy is still in it: a word is
    suggested only when a story the query's filters and the takedowns allow has it.
    """
    if parsed is None:
        return None
    text = query.text
    allow = _allowed(run, query)
    corrector = _VisibleCorrector(
        run.searcher.corrector(SPELLING_FIELD),
        _visible_words(run, run.gen.tables.live_mask if allow is None else allow),
        run.deadline,
    )
    correctors = dict.fromkeys(TEXT_FIELDS, corrector)
    tokens = list(parsed.all_tokens())
    # Whoosh writes a correction back at the word's place in the text; the parts of a word the
    # analyzer split ("counxil-budgt", "%FF%FE") have no place, so they stay as typed.
    unplaced = {(t.fieldname, t.text) for t in tokens if t.startchar is None}
    reader = run.searcher.reader()
    unknown = [(t.fieldname, t.text) for t in tokens if (t.fieldname, t.text) not in reader]
    terms = [term for term in unknown if term not in unplaced]
    try:
        corrected = run.searcher.correct_query(
            parsed, text, correctors=correctors, terms=terms, prefix=1
        )
    except SearchTimeout:
        return None  # no suggestion: the (empty) result itself is complete
    suggestion = str(corrected.string)
    return suggestion if suggestion and suggestion != text else None


def _visible_words(run: _Run, allowed: Mask) -> Callable[[str], bool]:
    """Return a test of whether a spelling word is in the title of an allowed document."""
    reader = run.searcher.reader()
    # The spelling words carry no documents of their own: look up the word's indexed form.
    field = reader.schema[SPELLING_FIELD]

    def visible(word: str) -> bool:
        for term in field.process_text(word, mode="query"):
            if (SPELLING_FIELD, term) in reader:
                postings = reader.postings(SPELLING_FIELD, term).all_ids()
                if any(allowed[docnum] for docnum in postings):  # stops at the first one
                    return True
        return False

    return visible


class _VisibleCorrector(Corrector):  # type: ignore[misc]
    """A corrector that suggests only allowed documents' words, and looks at the deadline
    before each word it corrects."""

    def __init__(
        self, inner: Corrector, visible: Callable[[str], bool], deadline: Deadline
    ) -> None:
        self._inner = inner
        self._visible = visible
        self._deadline = deadline

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[int, str]]:
        self._deadline.check()
        for score, word in self._inner._suggestions(text, maxdist, prefix):
            if self._visible(word):
                yield score, word


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
