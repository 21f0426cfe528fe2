"""The tuned codec writes the same index as Whoosh's own, in fewer, longer posting blocks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher

from indexer.codec import (
    POSTINGS_PER_BLOCK,
    PostingsCodec,
    SplitLeafMatcher,
    SplitPostingsCodec,
    read_postings,
)
from indexer.fastscore import _blocks
from indexer.schema import build_schema, document_fields
from tests.fixtures import article

WORDS = ["route", "budget", "council", "storm", "park", "vote", "school", "river", "mayor"]


def _build(folder: Path, codec: W3Codec, docs: int) -> index.Index:
    rng = random.Random(7)
    folder.mkdir()
    ix = index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=codec)
    for n in range(docs):
        body = " ".join(rng.choices(WORDS, k=rng.randint(1, 80)))
        writer.add_document(**document_fields(article(n, rng.choice(WORDS), body)))
    writer.commit()
    return ix


def _postings(ix: index.Index) -> dict[tuple[str, bytes], object]:
    with ix.reader() as reader:
        return {
            (fieldname, text): (
                list(reader.postings(fieldname, text).items_as("weight")),
                reader.term_info(fieldname, text).min_length(),
                reader.term_info(fieldname, text).max_length(),
            )
            for fieldname, text in reader.all_terms()
            if fieldname in ("title", "body", "person")
        }


def test_postings_and_length_stats_equal_whooshs_codec(tmp_path: Path) -> None:
    ours = _build(tmp_path / "ours", PostingsCodec(), POSTINGS_PER_BLOCK + 500)
    theirs = _build(tmp_path / "theirs", W3Codec(), POSTINGS_PER_BLOCK + 500)
    mine = _postings(ours)
    assert mine == _postings(theirs)
    assert any(len(p[0]) > POSTINGS_PER_BLOCK for p in mine.values())  # type: ignore[index]
    ours.close()
    theirs.close()


def test_long_posting_lists_take_few_blocks(tmp_path: Path) -> None:
    ix = _build(tmp_path / "ours", PostingsCodec(), POSTINGS_PER_BLOCK + 500)
    with ix.reader() as reader:
        matcher = reader.postings("body", "budget")
        blocks = 1
        while matcher.is_active():
            matcher._next_block()
            blocks += matcher.is_active()
    assert blocks == 2
    ix.close()


def _positions(ix: index.Index) -> dict[bytes, object]:
    with ix.reader() as reader:
        return {
            text: list(reader.postings("body", text).items_as("positions"))
            for text in reader.lexicon("body")
        }


def test_split_blocks_hold_the_postings_and_positions_w3_blocks_hold(tmp_path: Path) -> None:
    ours = _build(tmp_path / "split", SplitPostingsCodec(), POSTINGS_PER_BLOCK + 500)
    theirs = _build(tmp_path / "w3", W3Codec(), POSTINGS_PER_BLOCK + 500)
    assert _postings(ours) == _postings(theirs)
    assert _positions(ours) == _positions(theirs)
    with ours.reader() as reader:
        assert type(reader.postings("body", "budget")) is SplitLeafMatcher
        assert len(list(_blocks(reader, "body", "budget"))) > 1
    ours.close()
    theirs.close()


def test_an_index_reads_segments_of_both_block_layouts(tmp_path: Path) -> None:
    # Indexes built before split blocks keep their segments until the next full rebuild.
    mixed = _build(tmp_path / "mixed", PostingsCodec(), 300)
    writer = mixed.writer(codec=SplitPostingsCodec())
    rng = random.Random(8)
    for n in range(300, 600):
        body = " ".join(rng.choices(WORDS, k=rng.randint(1, 80)))
        writer.add_document(**document_fields(article(n, rng.choice(WORDS), body)))
    writer.commit(merge=False)
    with mixed.reader() as reader:
        kinds = {type(sub.postings("body", "budget")) for sub, _ in reader.leaf_readers()}
        assert kinds == {W3LeafMatcher, SplitLeafMatcher}
        for sub, _ in reader.leaf_readers():
            found = [int(d) for ids, _ in _blocks(sub, "body", "budget") for d in ids]  # type: ignore[attr-defined]
            assert found == list(sub.postings("body", "budget").all_ids())
            assert len(found) > 50
    mixed.close()


@pytest.mark.parametrize("codec", [W3Codec(), PostingsCodec(), SplitPostingsCodec()])
def test_a_whole_posting_list_reads_as_the_matcher_reads_it(tmp_path: Path, codec: W3Codec) -> None:
    ix = _build(tmp_path / "ix", codec, POSTINGS_PER_BLOCK + 500)
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            if fieldname not in ("title", "body", "city_facet"):
                continue
            whole = read_postings(reader, fieldname, text)
            pairs = list(reader.postings(fieldname, text).items_as("weight"))
            if whole is None:  # a list of one posting is kept in the term's entry
                assert reader.term_info(fieldname, text).is_inlined()
                continue
            assert whole[0].tolist() == [d for d, _ in pairs]
            assert whole[1].tolist() == pytest.approx([w for _, w in pairs])
    ix.close()
