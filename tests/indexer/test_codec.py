"""The tuned codec writes the same index as Whoosh's own, in fewer, longer posting blocks."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec

from indexer.codec import POSTINGS_PER_BLOCK, PostingsCodec
from indexer.schema import build_schema, document_fields

from .conftest import article

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
