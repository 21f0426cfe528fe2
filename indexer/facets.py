"""Per-searcher tables: document number -> facet values and day, for counts, filters and sorts.

Counting runs over arrays: one (document, value) pair per posting of a facet field, and a mask of
the matched documents; np.bincount then counts every value of a facet in one pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from whoosh.reading import IndexReader

from indexer.arrays import Counts, Docnums, Mask
from indexer.query import FacetValue
from indexer.schema import DAY, FACET_FIELDS, day_number, facet_key, split_facet_term


@dataclass(frozen=True)
class FacetTable:
    """One multi-valued facet: value ids (one per normalized key) and its (doc, value) pairs."""

    keys: list[str]
    labels: list[str]
    ids_by_key: dict[str, int]
    pair_docs: Docnums
    pair_values: Docnums
    postings: list[Docnums]

    def count(self, matched: Mask) -> Counts:
        """Return, by value id, how many matched documents carry each value."""
        chosen = self.pair_values[matched[self.pair_docs]]
        return np.bincount(chosen, minlength=len(self.keys))

    def docs_with(self, values: Iterable[str]) -> Docnums:
        """Return the documents carrying any of these values (matched by normalized key)."""
        found = [
            self.postings[value_id]
            for value in values
            if (value_id := self.ids_by_key.get(facet_key(value))) is not None
        ]
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.int32)

    def top(self, counts: Counts, offset: int, limit: int) -> list[FacetValue]:
        """Return values by count (desc) then label, from offset, at most limit of them."""
        present = np.flatnonzero(counts)
        wanted = offset + limit
        if 0 < wanted < len(present):
            # Every value that ties with the last one kept, so the label tie-break holds.
            cut = np.partition(counts[present], len(present) - wanted)[len(present) - wanted]
            present = present[counts[present] >= cut]
        labels = self.labels
        ranked = sorted(present.tolist(), key=lambda i: (-int(counts[i]), labels[i].casefold()))
        return [FacetValue(labels[i], int(counts[i]), labels[i]) for i in ranked[offset:wanted]]


def read_facet_table(reader: IndexReader, field: str) -> FacetTable:
    """Build a facet table from a field's lexicon and postings (deleted documents skipped)."""
    keys: list[str] = []
    ids_by_key: dict[str, int] = {}
    best: list[tuple[int, str]] = []
    postings: list[set[int]] = []
    for term in reader.field_terms(field):
        key, label = split_facet_term(term)
        docs = list(reader.postings(field, term).all_ids())
        value_id = ids_by_key.get(key)
        if value_id is None:
            value_id = ids_by_key[key] = len(keys)
            keys.append(key)
            best.append((len(docs), label))
            postings.append(set(docs))
        else:
            best[value_id] = max(best[value_id], (len(docs), label))
            postings[value_id].update(docs)
    arrays = [np.array(sorted(docs), dtype=np.int32) for docs in postings]
    pair_docs = np.concatenate(arrays) if arrays else np.empty(0, np.int32)
    pair_values = np.repeat(np.arange(len(arrays), dtype=np.int32), [len(a) for a in arrays])
    labels = [label for _, label in best]
    return FacetTable(keys, labels, ids_by_key, pair_docs, pair_values, arrays)


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

    def count_periods(self, matched: Mask, by_month: bool) -> dict[str, int]:
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
