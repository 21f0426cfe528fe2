"""Per-searcher tables: document number -> facet values and day, for counts, filters and sorts.

Counting runs over arrays, in whichever direction touches fewer of them: for a small result, the
values of each matched document (a document-major copy of the pairs); for a large one, every
(document, value) pair of the facet, kept where the matched documents' mask is true.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from whoosh.reading import IndexReader

from indexer.arrays import Counts, Docnums, Mask
from indexer.codec import segment_postings
from indexer.query import FacetValue
from indexer.schema import DAY, FACET_FIELDS, day_number, facet_key, split_facet_term

# Below this share of all documents, a result's values are gathered document by document (a
# gather costs about three times a masked pass over one pair).
_GATHER_SHARE = 1 / 3
# Fewer matched values than the facet's values / this: count them by sorting, not a dense array.
_SPARSE_RATIO = 8


class Matched:
    """The documents a search matched (ascending), with their mask made when first needed."""

    def __init__(self, docs: Docnums, size: int, mask: Mask | None = None) -> None:
        """docs: ascending document numbers out of `size`; mask: theirs, if already made."""
        self.docs = docs
        self.size = size
        if mask is not None:
            self.__dict__["mask"] = mask

    @functools.cached_property
    def mask(self) -> Mask:
        """A document-number mask that is true for the matched documents."""
        chosen = np.zeros(self.size, dtype=np.bool_)
        chosen[self.docs] = True
        return chosen


@dataclass(frozen=True)
class Tally:
    """Counts of the values a result carries: value ids (ascending) and how many documents."""

    ids: Docnums
    counts: Counts


@dataclass(frozen=True)
class FacetTable:
    """One multi-valued facet: value ids (one per normalized key) and its (doc, value) pairs.

    The pairs twice: by value (pair_docs, pair_values) and by document (each document's values
    at doc_values[doc_starts[d]:doc_starts[d + 1]]).
    """

    keys: list[str]
    labels: list[str]
    ids_by_key: dict[str, int]
    pair_docs: Docnums
    pair_values: Docnums
    postings: list[Docnums]
    doc_starts: npt.NDArray[np.int64]
    doc_values: Docnums

    def count(self, matched: Matched) -> Tally:
        """Return how many matched documents carry each value they carry."""
        if len(matched.docs) < _GATHER_SHARE * matched.size:
            chosen = self._values_of(matched.docs)
        else:
            chosen = self.pair_values[matched.mask[self.pair_docs]]
        if len(chosen) * _SPARSE_RATIO < len(self.keys):
            ids, counts = np.unique(chosen, return_counts=True)
            return Tally(ids.astype(np.int32, copy=False), counts.astype(np.int64, copy=False))
        dense = np.bincount(chosen, minlength=len(self.keys))
        ids = np.flatnonzero(dense).astype(np.int32)
        return Tally(ids, dense[ids])

    def _values_of(self, docs: Docnums) -> Docnums:
        starts = self.doc_starts[docs]
        lengths = self.doc_starts[docs + 1] - starts
        # Position k of the output reads doc_values[starts[i] + (k - first output of doc i)].
        shift = starts - (np.cumsum(lengths) - lengths)
        where = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(shift, lengths)
        values: Docnums = self.doc_values[where]
        return values

    def docs_with(self, values: Iterable[str]) -> Docnums:
        """Return the documents carrying any of these values (matched by normalized key)."""
        found = [
            self.postings[value_id]
            for value in values
            if (value_id := self.ids_by_key.get(facet_key(value))) is not None
        ]
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.int32)

    def top(self, tally: Tally, offset: int, limit: int) -> list[FacetValue]:
        """Return values by count (desc) then label, from offset, at most limit of them."""
        ids, counts = tally.ids, tally.counts
        wanted = offset + limit
        if 0 < wanted < len(ids):
            # Every value that ties with the last one kept, so the label tie-break holds.
            cut = np.partition(counts, len(ids) - wanted)[len(ids) - wanted]
            keep = counts >= cut
            ids, counts = ids[keep], counts[keep]
        labels = self.labels
        pairs = sorted(
            zip(ids.tolist(), counts.tolist(), strict=True),
            key=lambda pair: (-pair[1], labels[pair[0]].casefold()),
        )
        return [FacetValue(labels[i], n, labels[i]) for i, n in pairs[offset:wanted]]


@dataclass(frozen=True)
class SegmentFacet:
    """One facet field of one segment: its terms and their (term, document) pairs.

    Every document of the segment is here, deleted ones too: a segment never changes once
    written, only which of its documents are deleted, so a new generation reuses this as is.
    """

    keys: list[str]  # each term's normalized key, in lexicon order
    labels: list[str]  # each term's label
    terms: list[str]
    pair_terms: Docnums  # index into terms
    pair_docs: Docnums  # the segment's own document numbers


@dataclass(frozen=True)
class SegmentTables:
    """What one segment adds to the tables of any generation that holds it."""

    size: int
    facets: dict[str, SegmentFacet]
    days: Docnums


def read_segment(segment: IndexReader) -> SegmentTables:
    """Read one segment's facet postings and day column (one pass over its facet postings)."""
    facets = {}
    for name, field in FACET_FIELDS.items():
        terms, lists = [], []
        for term, docs in segment_postings(segment, field):
            terms.append(term)
            lists.append(docs)
        split = [split_facet_term(term) for term in terms]
        sizes = [len(docs) for docs in lists]
        facets[name] = SegmentFacet(
            [key for key, _ in split],
            [label for _, label in split],
            terms,
            np.repeat(np.arange(len(terms), dtype=np.int32), sizes),
            np.concatenate(lists).astype(np.int32) if lists else np.empty(0, np.int32),
        )
    size = segment.doc_count_all()
    days = np.fromiter(segment.column_reader(DAY), dtype=np.int32, count=size)
    return SegmentTables(size, facets, days)


@dataclass(frozen=True)
class _Part:
    """One segment's place in a generation: its tables, first document number, live mask."""

    segment_id: str
    tables: SegmentTables
    offset: int
    live: Mask


def combine_facet(parts: list[_Part], name: str, size: int) -> FacetTable:
    """Build one facet's table over the live documents of a generation's segments."""
    term_ids: dict[str, int] = {}  # over every segment, as a pass over their lexicons met them
    first: dict[str, str] = {}  # by key: its first spelling in the lexicon's order
    label_of: list[tuple[int, str]] = []  # each term's key index (filled below) and label
    docs, terms = [], []
    for part in parts:
        facet = part.tables.facets[name]
        mapped = []
        for term, key, label in zip(facet.terms, facet.keys, facet.labels, strict=True):
            term_id = term_ids.setdefault(term, len(term_ids))
            if term_id == len(label_of):
                label_of.append((0, label))
                first[key] = min(first.get(key, term), term)
            mapped.append(term_id)
        live = part.live[facet.pair_docs]
        terms.append(np.asarray(mapped, dtype=np.int32)[facet.pair_terms[live]])
        docs.append(facet.pair_docs[live] + np.int32(part.offset))
    # Value ids in the order of the keys' first spellings, as one pass over the lexicon met them.
    keys = sorted(first, key=first.__getitem__)
    ids_by_key = {key: value_id for value_id, key in enumerate(keys)}
    key_of_term = np.fromiter(
        (ids_by_key[split_facet_term(term)[0]] for term in term_ids), np.int64, len(term_ids)
    )
    pair_terms = np.concatenate(terms) if terms else np.empty(0, np.int32)
    pair_docs_all = np.concatenate(docs) if docs else np.empty(0, np.int32)
    # A value's label is its most used spelling (the greatest label when two are used alike).
    uses = np.bincount(pair_terms, minlength=len(term_ids)).tolist()
    best: list[tuple[int, str]] = [(-1, "")] * len(keys)
    for term_id, (_, label) in enumerate(label_of):
        value_id = int(key_of_term[term_id])
        best[value_id] = max(best[value_id], (uses[term_id], label))
    # Each value's documents once, ascending; values in id order.
    width = max(size, 1)
    pairs = np.unique(key_of_term[pair_terms] * width + pair_docs_all)
    pair_values = (pairs // width).astype(np.int32)
    pair_docs = (pairs % width).astype(np.int32)
    bounds = np.searchsorted(pair_values, np.arange(1, len(keys)), side="left")
    postings = np.split(pair_docs, bounds) if keys else []
    by_doc = np.argsort(pair_docs, kind="stable")
    per_doc = np.bincount(pair_docs, minlength=size)
    doc_starts = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
    labels = [label for _, label in best]
    return FacetTable(
        keys, labels, ids_by_key, pair_docs, pair_values, postings, doc_starts, pair_values[by_doc]
    )


def read_facet_table(reader: IndexReader, field: str) -> FacetTable:
    """Build a facet table from a field's lexicon and postings (deleted documents skipped)."""
    name = next(name for name, f in FACET_FIELDS.items() if f == field)
    return combine_facet(_parts(reader, {}), name, reader.doc_count_all())


def _parts(reader: IndexReader, known: dict[str, SegmentTables]) -> list[_Part]:
    """Each segment's tables (those in known as they are, the others read) and live mask."""
    parts = []
    for segment, offset in reader.leaf_readers():
        segment_id = segment.segment().segment_id()
        tables = known.get(segment_id) or read_segment(segment)
        live = np.ones(tables.size, dtype=np.bool_)
        live[np.fromiter(segment.deleted_docs_set, dtype=np.int64)] = False
        parts.append(_Part(segment_id, tables, offset, live))
    return parts


class DayTable:
    """Each document's outlet-local day as yyyymmdd, sorted for ranges and date orders."""

    def __init__(self, days: Docnums, live: Docnums) -> None:
        """Sort the live documents by day; days holds every document's day."""
        self.days: Docnums = days
        order = np.lexsort((live, self.days[live]))
        self.sorted_docs: Docnums = live[order]
        self.sorted_days: list[int] = self.days[self.sorted_docs].tolist()
        self.rank: Docnums = np.zeros(len(self.days), dtype=np.int32)
        self.rank[self.sorted_docs] = np.arange(len(self.sorted_docs), dtype=np.int32)

    def docs_between(self, first: date | None, last: date | None) -> Docnums:
        """Return the live documents whose day lies within [first, last] (None: unbounded)."""
        low = bisect.bisect_left(self.sorted_days, day_number(first.isoformat()) if first else 1)
        high = len(self.sorted_days)
        if last is not None:
            high = bisect.bisect_right(self.sorted_days, day_number(last.isoformat()))
        return np.sort(self.sorted_docs[low:high])

    def newest(self, docs: Docnums, count: int, reverse: bool = True) -> list[int]:
        """Return up to count documents, newest first (oldest first when reverse is False)."""
        ranks = self.rank[docs]
        order = np.argsort(-ranks if reverse else ranks, kind="stable")[:count]
        picked: list[int] = docs[order].tolist()
        return picked

    def count_periods(self, matched: Docnums, by_month: bool) -> dict[str, int]:
        """Return document counts by year ("2024") or by month ("2024-03"); unknown days skipped."""
        periods = self.days[matched] // (100 if by_month else 10000)
        values, counts = np.unique(periods[periods > 0], return_counts=True)
        if by_month:
            return {
                f"{n // 100:04d}-{n % 100:02d}": c
                for n, c in zip(values.tolist(), counts.tolist(), strict=True)
            }
        return {f"{n:04d}": c for n, c in zip(values.tolist(), counts.tolist(), strict=True)}


class FacetTables:
    """Everything a searcher needs beyond Whoosh: live documents, facets, days."""

    def __init__(self, reader: IndexReader, known: dict[str, SegmentTables] | None = None) -> None:
        """Build the tables of a reader's segments, reading only those not in known (by segment
        id): a new generation costs a pass over its new segments' facet postings."""
        parts = _parts(reader, known or {})
        self.segments = {part.segment_id: part.tables for part in parts}
        self.size = reader.doc_count_all()
        self.live: Docnums = np.concatenate(
            [np.flatnonzero(p.live).astype(np.int32) + np.int32(p.offset) for p in parts]
            or [np.empty(0, np.int32)]
        )
        self.live_mask: Mask = self.mask(self.live)
        self.facets = {name: combine_facet(parts, name, self.size) for name in FACET_FIELDS}
        days = [p.tables.days for p in parts] or [np.empty(0, np.int32)]
        self.days = DayTable(np.concatenate(days), self.live)

    def mask(self, docs: Docnums) -> Mask:
        """Return a document-number mask that is true for these documents."""
        chosen = np.zeros(self.size, dtype=np.bool_)
        chosen[docs] = True
        return chosen
