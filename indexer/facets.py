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
from indexer.codec import field_postings
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


def read_facet_table(reader: IndexReader, field: str) -> FacetTable:
    """Build a facet table from a field's lexicon and postings (deleted documents skipped)."""
    uses: dict[str, int] = {}  # documents a spelling (term) has, over every segment
    parts: dict[str, list[Docnums]] = {}  # by key: its spellings' lists, segment by segment
    first: dict[str, str] = {}  # by key: its first spelling in the lexicon's order
    for term, docs in field_postings(reader, field):
        uses[term] = uses.get(term, 0) + len(docs)
        key = split_facet_term(term)[0]
        parts.setdefault(key, []).append(docs)
        first[key] = min(first.get(key, term), term)
    # Value ids in the order of the keys' first spellings, as one pass over the lexicon met them.
    keys = sorted(parts, key=first.__getitem__)
    ids_by_key = {key: value_id for value_id, key in enumerate(keys)}
    # A value's label is its most used spelling (the greatest label when two are used alike).
    best: list[tuple[int, str]] = [(-1, "")] * len(keys)
    for term, count in uses.items():
        key, label = split_facet_term(term)
        value_id = ids_by_key[key]
        best[value_id] = max(best[value_id], (count, label))
    arrays = [
        lists[0] if len(lists) == 1 else np.unique(np.concatenate(lists))
        for lists in (parts[key] for key in keys)
    ]
    pair_docs = np.concatenate(arrays) if arrays else np.empty(0, np.int32)
    pair_values = np.repeat(np.arange(len(arrays), dtype=np.int32), [len(a) for a in arrays])
    labels = [label for _, label in best]
    by_doc = np.argsort(pair_docs, kind="stable")
    per_doc = np.bincount(pair_docs, minlength=reader.doc_count_all())
    doc_starts = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
    return FacetTable(
        keys, labels, ids_by_key, pair_docs, pair_values, arrays, doc_starts, pair_values[by_doc]
    )


class DayTable:
    """Each document's outlet-local day as yyyymmdd, sorted for ranges and date orders."""

    def __init__(self, reader: IndexReader, live: Docnums) -> None:
        """Read the day column of every live document."""
        column = reader.column_reader(DAY)
        self.days: Docnums = np.fromiter(column, dtype=np.int32, count=reader.doc_count_all())
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

    def __init__(self, reader: IndexReader) -> None:
        """Read the tables from a reader; costs one pass over the facet postings."""
        self.size = reader.doc_count_all()
        self.live: Docnums = np.fromiter(reader.all_doc_ids(), dtype=np.int32)
        self.live_mask: Mask = self.mask(self.live)
        self.facets = {name: read_facet_table(reader, f) for name, f in FACET_FIELDS.items()}
        self.days = DayTable(reader, self.live)

    def mask(self, docs: Docnums) -> Mask:
        """Return a document-number mask that is true for these documents."""
        chosen = np.zeros(self.size, dtype=np.bool_)
        chosen[docs] = True
        return chosen
