"""Packed posting pools and the writers that use them build the index Whoosh's own writers build."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index
from whoosh.filedb.filestore import RamStorage

from archive import Store
from indexer import IndexConfig, SearchIndex, SearchQuery, rebuild_index
from indexer.build import MIN_DOCS_FOR_PROCS, live_generation
from indexer.codec import PostingsCodec
from indexer.pool import PackedPostingPool, Posting
from indexer.schema import build_schema, document_fields
from indexer.writers import PackedMpWriter, PackedSegmentWriter
from tests.fixtures import article

WORDS = ["route", "budget", "council", "storm", "park", "vote", "school", "river", "mayor"]

_postings_of_a_doc = st.dictionaries(
    st.tuples(st.sampled_from(["body", "person", "title"]), st.binary(min_size=1, max_size=6)),
    st.tuples(st.integers(1, 9), st.one_of(st.none(), st.binary(max_size=12))),
    max_size=12,
)


def _stream(docs: list[dict[tuple[str, bytes], tuple[int, bytes | None]]]) -> list[Posting]:
    # As a writer adds them: document after document, each document's terms in any order.
    return [
        (field, text, docnum, float(weight), value)
        for docnum, terms in enumerate(docs)
        for (field, text), (weight, value) in terms.items()
    ]


def _pool(limit_bytes: int) -> PackedPostingPool:
    pool = PackedPostingPool(RamStorage())
    pool.limit = limit_bytes  # below one megabyte, so that small tests spill runs
    return pool


@settings(max_examples=60, deadline=None)
@given(docs=st.lists(_postings_of_a_doc, max_size=30), limit=st.integers(0, 600))
def test_pool_returns_postings_sorted_as_whooshs_pool_does(
    docs: list[dict[tuple[str, bytes], tuple[int, bytes | None]]], limit: int
) -> None:
    items = _stream(docs)
    pool = _pool(limit)
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items, key=lambda p: p[:3])
    pool.cleanup()
    assert pool.tempstore.list() == []


def test_pool_spills_runs_past_its_limit_and_merges_them() -> None:
    items = _stream([{("body", w.encode()): (1, b"\x01") for w in WORDS}] * 50)
    pool = _pool(2000)
    for item in items:
        pool.add(item)
    assert len(pool.runs) >= 3
    assert list(pool.iter_postings()) == sorted(items, key=lambda p: p[:3])


def test_postings_added_term_by_term_come_back_in_document_order() -> None:
    # Merging a segment into a writer adds postings term by term, not document by document.
    items: list[Posting] = [
        ("body", b"storm", 4, 1.0, None),
        ("body", b"storm", 9, 2.0, None),
        ("body", b"park", 1, 1.0, None),
        ("body", b"storm", 2, 1.0, None),
        ("body", b"park", 0, 3.0, None),
    ]
    pool = _pool(10**6)
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items, key=lambda p: p[:3])


def _add_documents(writer: object, count: int) -> None:
    rng = random.Random(11)
    for n in range(count):
        body = " ".join(rng.choices(WORDS, k=rng.randint(1, 60)))
        writer.add_document(**document_fields(article(n, rng.choice(WORDS), body)))  # type: ignore[attr-defined]


def _contents(ix: index.Index) -> dict[tuple[str, bytes, str], object]:
    # Every posting keyed by its document's id, so that indexes numbering documents
    # differently compare equal.
    found: dict[tuple[str, bytes, str], object] = {}
    with ix.reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        for fieldname, text in reader.all_terms():
            if fieldname.startswith("spell_"):  # a word list for suggestions: no postings
                continue
            kind = "positions" if fieldname in ("title", "body") else "weight"
            for docnum, value in reader.postings(fieldname, text).items_as(kind):
                found[(fieldname, text, ids[docnum])] = value
    return found


def _new_index(folder: Path) -> index.Index:
    folder.mkdir()
    return index.create_in(str(folder), build_schema())


def test_packed_writers_write_the_postings_whooshs_writer_writes(tmp_path: Path) -> None:
    theirs = _new_index(tmp_path / "theirs")
    writer = theirs.writer(codec=PostingsCodec())
    _add_documents(writer, 400)
    writer.commit()

    single = _new_index(tmp_path / "single")
    writer = PackedSegmentWriter(single, limitmb=1, codec=PostingsCodec())
    writer.pool.limit = 20_000  # spill several runs
    _add_documents(writer, 400)
    writer.commit()

    parallel = _new_index(tmp_path / "parallel")
    writer = PackedMpWriter(parallel, procs=2, limitmb=1)
    _add_documents(writer, 400)
    writer.commit()

    expected = _contents(theirs)
    assert len(expected) > 1000
    assert _contents(single) == expected
    assert _contents(parallel) == expected
    with parallel.reader() as reader:
        assert len(reader.leaf_readers()) == 2  # one segment per writer process
    assert not list(tmp_path.rglob("*.postings"))  # spilled runs are deleted
    for ix in (theirs, single, parallel):
        ix.close()


def _small_articles(count: int) -> Iterator[object]:
    rng = random.Random(3)
    for n in range(count):
        yield article(n, f"Council vote {n}", " ".join(rng.choices(WORDS, k=8)))


def test_a_rebuild_big_enough_for_two_processes_indexes_every_article(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite") as store:
        store.put_many(list(_small_articles(MIN_DOCS_FOR_PROCS)))  # type: ignore[arg-type]
        config = IndexConfig(dir=tmp_path / "index", procs=2)
        assert rebuild_index(config, store) == MIN_DOCS_FOR_PROCS
        folder = live_generation(config.dir)
        assert folder is not None
        ix = index.open_dir(str(folder))
        with ix.reader() as reader:
            assert reader.doc_count() == MIN_DOCS_FOR_PROCS
            assert len(reader.leaf_readers()) == 2
        ix.close()
        opened = SearchIndex(config, store)
        result = opened.search(SearchQuery(text='"council vote 4321"'))
        opened.close()
        assert [hit.title for hit in result.hits] == ["Council vote 4321"]
