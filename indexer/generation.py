"""An open index generation: its facet tables, parser and pool of deadline-aware searchers."""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from indexer.arrays import Floats, Mask
from indexer.build import live_generation
from indexer.errors import IndexMissing
from indexer.facets import FacetTables
from indexer.fastscore import TermCache, field_lengths
from indexer.limits import Deadline
from indexer.parsing import TextParser
from indexer.query import FacetValue
from indexer.schema import ID


@dataclass
class Generation:
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
    idle: list[BudgetedSearcher]
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
            searcher = new_searcher(self.ix)
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
class Run:
    """One search's view: its generation, the searcher lent to it, its deadline, and the
    documents it must never show (withdrawn since the generation was written)."""

    gen: Generation
    searcher: Searcher
    deadline: Deadline
    hidden: Mask | None

    def lengths(self, fieldname: str) -> Floats:
        """Return every document's length in a field, kept by the generation."""
        return self.gen.field_lengths(fieldname, self.searcher)


class BudgetedSearcher(Searcher):  # type: ignore[misc]
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


def new_searcher(ix: index.Index) -> BudgetedSearcher:
    """Open a BM25F searcher over ix that a deadline can stop."""
    return BudgetedSearcher(ix.reader(), weighting=BM25F(), fromindex=ix)


def _close_all(searchers: list[BudgetedSearcher], ix: index.Index) -> None:
    for searcher in searchers:
        searcher.close()
    ix.close()


def open_unmapped(folder: Path) -> index.Index:
    """Open a generation that reads its segments through the file, not through mmap."""
    # With mmap, whoosh-reloaded's BufferFile copies every segment file into a BytesIO and
    # touches every mapped page: 1.25 GB of RSS at 100k articles. File reads use the page cache.
    return FileStorage(str(folder), supports_mmap=False, readonly=True).open_index()


def live_or_missing(root: Path) -> Path:
    """Return the live generation's folder under root.

    Raises:
        IndexMissing: there is no finished index in root.
    """
    folder = live_generation(root)
    if folder is None:
        raise IndexMissing(str(root))
    return folder
