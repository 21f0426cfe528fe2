"""Per-searcher tables: document number -> facet values and day, for counts, filters and sorts."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain

from whoosh.reading import IndexReader

from indexer.query import FacetValue
from indexer.schema import DAY, FACET_FIELDS, day_number, facet_key, split_facet_term

_NO_VALUES: tuple[int, ...] = ()


@dataclass(frozen=True)
class FacetTable:
    """One multi-valued facet: value ids (one per normalized key) and each document's ids."""

    keys: list[str]
    labels: list[str]
    ids_by_key: dict[str, int]
    doc_values: list[tuple[int, ...]]
    postings: list[list[int]]

    def count(self, docs: Iterable[int]) -> Counter[int]:
        """Return how many of these documents carry each value id."""
        return Counter(chain.from_iterable(map(self.doc_values.__getitem__, docs)))

    def docs_with(self, values: Iterable[str]) -> set[int]:
        """Return the documents carrying any of these values (matched by normalized key)."""
        found: set[int] = set()
        for value in values:
            value_id = self.ids_by_key.get(facet_key(value))
            if value_id is not None:
                found.update(self.postings[value_id])
        return found

    def top(self, counts: Counter[int], offset: int, limit: int) -> list[FacetValue]:
        """Return values by count (desc) then label, from offset, at most limit of them."""
        labels = self.labels
        ranked = heapq.nsmallest(
            offset + limit, counts.items(), key=lambda item: (-item[1], labels[item[0]].casefold())
        )
        return [FacetValue(labels[i], n, labels[i]) for i, n in ranked[offset:]]


def read_facet_table(reader: IndexReader, field: str) -> FacetTable:
    """Build a facet table from a field's lexicon and postings (deleted documents skipped)."""
    keys: list[str] = []
    ids_by_key: dict[str, int] = {}
    best: list[tuple[int, str]] = []
    doc_values: list[tuple[int, ...]] = [_NO_VALUES] * reader.doc_count_all()
    postings: list[list[int]] = []
    for term in reader.field_terms(field):
        key, label = split_facet_term(term)
        docs = list(reader.postings(field, term).all_ids())
        value_id = ids_by_key.get(key)
        if value_id is None:
            value_id = ids_by_key[key] = len(keys)
            keys.append(key)
            best.append((len(docs), label))
            postings.append(docs)
        else:
            best[value_id] = max(best[value_id], (len(docs), label))
            postings[value_id] = sorted(set(postings[value_id]).union(docs))
        for docnum in docs:
            if value_id not in doc_values[docnum]:
                doc_values[docnum] += (value_id,)
    labels = [label for _, label in best]
    return FacetTable(keys, labels, ids_by_key, doc_values, postings)


class DayTable:
    """Each document's outlet-local day as yyyymmdd, sorted for ranges and date orders."""

    def __init__(self, reader: IndexReader, live: list[int]) -> None:
        """Read the day column of every live document."""
        column = reader.column_reader(DAY)
        self.days: list[int] = list(column)
        order = sorted(live, key=lambda d: (self.days[d], d))
        self.sorted_docs: list[int] = order
        self.sorted_days: list[int] = [self.days[d] for d in order]
        self.rank: list[int] = [0] * len(self.days)
        for position, docnum in enumerate(order):
            self.rank[docnum] = position

    def docs_between(self, first: date | None, last: date | None) -> set[int]:
        """Return the live documents whose day lies within [first, last] (None: unbounded)."""
        low = bisect.bisect_left(self.sorted_days, day_number(first.isoformat()) if first else 1)
        high = len(self.sorted_days)
        if last is not None:
            high = bisect.bisect_right(self.sorted_days, day_number(last.isoformat()))
        return set(self.sorted_docs[low:high])

    def newest(self, docs: Iterable[int], count: int, reverse: bool = True) -> list[int]:
        """Return up to count documents, newest first (oldest first when reverse is False)."""
        pick = heapq.nlargest if reverse else heapq.nsmallest
        return pick(count, docs, key=self.rank.__getitem__)

    def count_periods(self, docs: Iterable[int], by_month: bool) -> Counter[str]:
        """Return document counts by year ("2024") or by month ("2024-03"); unknown days skipped."""
        divisor = 100 if by_month else 10000
        days = self.days
        raw = Counter(days[d] // divisor for d in docs)
        raw.pop(0, None)
        if by_month:
            return Counter({f"{n // 100:04d}-{n % 100:02d}": c for n, c in raw.items()})
        return Counter({f"{n:04d}": c for n, c in raw.items()})


class FacetTables:
    """Everything a searcher needs beyond Whoosh: live documents, facets, days."""

    def __init__(self, reader: IndexReader) -> None:
        """Read the tables from a reader; costs one pass over the facet postings."""
        live = list(reader.all_doc_ids())
        self.live: frozenset[int] = frozenset(live)
        self.facets = {name: read_facet_table(reader, f) for name, f in FACET_FIELDS.items()}
        self.days = DayTable(reader, live)
        self.totals = {name: table.count(live) for name, table in self.facets.items()}

    def count(self, name: str, docs: Collection[int]) -> Counter[int]:
        """Return how many of these live documents carry each value id of one facet."""
        table = self.facets[name]
        if len(docs) * 2 <= len(self.live):
            return table.count(docs)
        # Most of the archive matched: counting the documents left out is less work.
        return self.totals[name] - table.count(self.live.difference(docs))
