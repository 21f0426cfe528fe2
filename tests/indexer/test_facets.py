"""Facet counts over the whole result set, checked against plain Python counts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from whoosh import index

from archive import Document, Store
from indexer import FacetValue, SearchIndex, SearchQuery
from indexer.facets import FacetTable, FacetTables, Matched, read_facet_table
from indexer.schema import FACET_FIELDS, ID, build_schema, document_fields, facet_key
from indexer.writers import PackedSegmentWriter
from tests.fixtures import article


def plain_counts(docs: list[Document], limit: int = 20) -> dict[str, list[FacetValue]]:
    """Count facets the obvious way; order by count, then label."""
    counters = {
        "city": Counter(c for d in docs for c in d.cities),
        "person": Counter(p for d in docs for p in d.persons),
        "outlet": Counter(d.outlet for d in docs),
        "date": Counter((d.day or "")[:4] for d in docs),
    }
    return {
        name: [
            FacetValue(v, n, v)
            for v, n in sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))
        ][:limit]
        for name, counter in counters.items()
    }


def matching(store: Store, query: SearchQuery, index: SearchIndex) -> list[Document]:
    """Return the documents a query finds, every page, from the store."""
    result = index.search(SearchQuery(text=query.text, per_page=100))
    docs = store.get_many(h.id for h in result.hits).values()
    keys = {
        "city": {facet_key(v) for v in query.cities},
        "person": {facet_key(v) for v in query.persons},
    }
    return [
        d
        for d in docs
        if (not keys["city"] or keys["city"] & {facet_key(c) for c in d.cities})
        and (not keys["person"] or keys["person"] & {facet_key(p) for p in d.persons})
        and (not query.outlets or d.outlet in query.outlets)
    ]


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(),
        SearchQuery(text="budget"),
        SearchQuery(text="budget OR storm OR mayor"),
        SearchQuery(text="budget OR storm OR mayor OR election"),
        SearchQuery(text="budget OR storm OR mayor OR election OR café"),
        SearchQuery(cities=("Hartford, CT",)),
        SearchQuery(text="new", persons=("luke brannick", "Jane Roe")),
        SearchQuery(cities=("springfield-ma",), outlets=("Springfield Republican",)),
    ],
)
def test_facet_counts_equal_plain_counts(
    index: SearchIndex, store: Store, query: SearchQuery
) -> None:
    result = index.search(query)
    expected = matching(store, query, index)
    assert result.total == len(expected)
    assert result.facets == plain_counts(expected)


def test_facets_count_the_whole_result_not_the_page(index: SearchIndex) -> None:
    result = index.search(SearchQuery(per_page=1))
    assert len(result.hits) == 1
    assert sum(v.count for v in result.facets["outlet"]) == 6


def test_facet_values_are_display_names(index: SearchIndex) -> None:
    cities = index.search(SearchQuery()).facets["city"]
    assert cities[0] == FacetValue("Hartford, CT", 3, "Hartford, CT")
    assert "Springfield, MA" in {v.value for v in cities}


def test_months_inside_a_one_year_date_filter(index: SearchIndex) -> None:
    result = index.search(SearchQuery(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert result.facets["date"] == [
        FacetValue("2024-03", 2, "2024-03"),
        FacetValue("2024-01", 1, "2024-01"),
    ]


def test_years_without_a_date_filter(index: SearchIndex) -> None:
    years = {v.value: v.count for v in index.search(SearchQuery()).facets["date"]}
    assert years == {"2024": 3, "2023": 1, "2021": 1, "2019": 1}


def test_facet_limit_keeps_the_top_values(index: SearchIndex) -> None:
    persons = index.search(SearchQuery(facet_limit=1)).facets["person"]
    assert persons == [FacetValue("Luke Brannick", 3, "Luke Brannick")]


def test_facet_values_pages_through_every_value(index: SearchIndex) -> None:
    first, total = index.facet_values(SearchQuery(), "city", 0, 2)
    rest, total_again = index.facet_values(SearchQuery(), "city", 2, 10)
    assert total == total_again == 5
    assert [v.value for v in first] == ["Hartford, CT", "Springfield, MA"]
    assert len(rest) == 3


def test_facet_values_rejects_unknown_facet(index: SearchIndex) -> None:
    from indexer import BadQuery

    with pytest.raises(BadQuery) as raised:
        index.facet_values(SearchQuery(), "color", 0, 10)
    assert raised.value.param == "facet"


def _table(pairs: list[tuple[int, int]], values: int, size: int) -> FacetTable:
    """A facet table over (document, value) pairs, laid out as read_facet_table lays it out."""
    by_value = sorted(pairs, key=lambda p: (p[1], p[0]))
    pair_docs = np.array([d for d, _ in by_value], dtype=np.int32)
    pair_values = np.array([v for _, v in by_value], dtype=np.int32)
    per_doc = np.bincount(pair_docs, minlength=size)
    starts = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
    doc_values = pair_values[np.argsort(pair_docs, kind="stable")]
    keys = [f"v{n}" for n in range(values)]
    postings = [pair_docs[pair_values == n] for n in range(values)]
    return FacetTable(keys, keys, {}, pair_docs, pair_values, postings, starts, doc_values)


@pytest.mark.parametrize("matched_docs", [3, 20, 60, 100])
def test_small_and_large_results_count_the_same_as_plain_counts(matched_docs: int) -> None:
    # Few matches gather each document's values; many mask every pair; both must agree.
    rng = np.random.default_rng(matched_docs)
    size, values = 100, 300
    pairs = sorted({(int(d), int(v)) for d, v in rng.integers(0, [size, values], (400, 2))})
    docs = np.sort(rng.choice(size, matched_docs, replace=False)).astype(np.int32)
    tally = _table(pairs, values, size).count(Matched(docs, size))
    plain = Counter(v for d, v in pairs if d in set(docs.tolist()))
    assert dict(zip(tally.ids.tolist(), tally.counts.tolist(), strict=True)) == plain


def test_a_facet_table_over_segments_takes_each_values_documents_and_most_used_spelling(
    tmp_path: Path,
) -> None:
    # Three segments, one with a deletion; two spellings of one person across them; a value
    # in one document (a list kept inside its term entry) and one in over a block's worth.
    ix = index.create_in(str(tmp_path), build_schema())
    batches = [
        [
            article(0, "a", "x", persons=("Luke Brannick", "Ann Sole", "Jo Fenn")),
            article(1, "a", "x", persons=("Luke Brannick", "Ann Sole")),
        ],
        [article(n, "b", "x", persons=("luke brannick",)) for n in range(2, 5)],
        [article(n, "c", "x", persons=("luke brannick", "Ann Sole")) for n in range(5, 300)],
    ]
    for batch in batches:
        writer = PackedSegmentWriter(ix)
        for doc in batch:
            writer.add_document(**document_fields(doc))
        writer.commit(merge=False)
    writer = PackedSegmentWriter(ix)
    writer.delete_by_term(ID, batches[1][0].id)
    writer.commit(merge=False)
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 3
        table = read_facet_table(reader, FACET_FIELDS["person"])
        numbers = {reader.stored_fields(d)[ID]: d for d in reader.all_doc_ids()}
    ix.close()
    live = [d for batch in batches for d in batch if d.id != batches[1][0].id]
    expected = {
        key: sorted(numbers[d.id] for d in live if key in {facet_key(p) for p in d.persons})
        for key in ("luke-brannick", "ann-sole", "jo-fenn")
    }
    assert sorted(table.keys) == sorted(expected)
    for key, docs in expected.items():
        assert table.postings[table.ids_by_key[key]].tolist() == docs
    assert table.labels[table.ids_by_key["luke-brannick"]] == "luke brannick"
    assert table.labels[table.ids_by_key["ann-sole"]] == "Ann Sole"


def test_tables_of_a_new_commit_reuse_the_segments_it_shares_and_match_a_fresh_read(
    tmp_path: Path,
) -> None:
    ix = index.create_in(str(tmp_path), build_schema())
    first = [article(n, "a", "x", persons=("Luke Brannick", "Ann Sole")) for n in range(4)]
    later = [article(n, "b", "x", persons=("luke brannick", "Jo Fenn")) for n in range(4, 9)]
    for batch in (first, later):
        writer = PackedSegmentWriter(ix)
        for doc in batch:
            writer.add_document(**document_fields(doc))
        writer.commit(merge=False)
    with ix.reader() as reader:
        before = FacetTables(reader)
    writer = PackedSegmentWriter(ix)  # a new segment, and a deletion in an old one
    writer.delete_by_term(ID, first[0].id)
    writer.add_document(**document_fields(article(9, "c", "x", persons=("Ann Sole",))))
    writer.commit(merge=False)
    with ix.reader() as reader:
        reused = FacetTables(reader, before.segments)
        fresh = FacetTables(reader)
    ix.close()
    shared = before.segments.keys() & reused.segments.keys()
    assert len(shared) == 2 and len(reused.segments) == 3
    assert all(reused.segments[key] is before.segments[key] for key in shared)
    assert reused.live.tolist() == fresh.live.tolist()
    assert reused.days.sorted_docs.tolist() == fresh.days.sorted_docs.tolist()
    for name, table in fresh.facets.items():
        other = reused.facets[name]
        assert (other.keys, other.labels) == (table.keys, table.labels)
        assert [p.tolist() for p in other.postings] == [p.tolist() for p in table.postings]
        assert other.doc_values.tolist() == table.doc_values.tolist()
    person = fresh.facets["person"]
    # Document 0 is deleted (its number stays taken); 4-8 are Jo Fenn's; 9 is the new one.
    assert person.postings[person.ids_by_key["ann-sole"]].tolist() == [1, 2, 3, 9]
