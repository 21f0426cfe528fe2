"""The fast term-at-a-time scorer agrees with Whoosh's own BM25F, match for match."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from whoosh import index
from whoosh.scoring import BM25F

from archive import Store
from indexer import IndexConfig, rebuild_index
from indexer.build import live_generation
from indexer.fastscore import Floats, Scores, TermCache, field_lengths, score_query
from indexer.parsing import TextParser
from tests.fixtures import article

WORDS = ["route", "budget", "council", "storm", "park", "vote", "school", "river", "mayor"]


@pytest.mark.parametrize(
    "text",
    ["budget", "budget council", "route OR river", "title:park vote", "(storm OR park) mayor^2"],
)
def test_fast_scores_equal_whoosh_scores(tmp_path: Path, config: IndexConfig, text: str) -> None:
    rng = random.Random(3)
    docs = [
        article(
            n, " ".join(rng.choices(WORDS, k=3)), " ".join(rng.choices(WORDS, k=rng.randint(3, 60)))
        )
        for n in range(300)
    ]
    with Store(tmp_path / "s.sqlite") as store:
        store.put_many(docs)
        rebuild_index(config, store)
    folder = live_generation(config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    with ix.searcher(weighting=BM25F()) as searcher:
        parsed = TextParser(ix.schema).parse(text)
        lengths: dict[str, Floats] = {}
        found = score_query(
            searcher,
            parsed,
            lambda f: lengths.setdefault(f, field_lengths(searcher.reader(), f)),
        )
        slow = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None)}
    assert found is not None
    assert list(found.docs) == sorted(found.docs), "documents in ascending order"
    fast = found.as_dict()
    assert fast.keys() == slow.keys()
    assert all(fast[d] == pytest.approx(slow[d], rel=1e-4) for d in slow)


@pytest.mark.parametrize(
    "text", ['"budget council"', "budg*", "budget NOT river", "published:2024"]
)
def test_other_shapes_take_whooshs_path(config: IndexConfig, store: Store, text: str) -> None:
    rebuild_index(config, store)
    folder = live_generation(config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    with ix.searcher() as searcher:
        parsed = TextParser(ix.schema).parse(text)
        assert score_query(searcher, parsed, lambda f: np.ones(1)) is None


def test_cached_terms_score_as_freshly_decoded_ones(config: IndexConfig, store: Store) -> None:
    rebuild_index(config, store)
    folder = live_generation(config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    with ix.searcher(weighting=BM25F()) as searcher:
        parsed = TextParser(ix.schema).parse("budget OR (council hartford)")
        lengths: dict[str, Floats] = {}

        def lengths_of(fieldname: str) -> Floats:
            return lengths.setdefault(fieldname, field_lengths(searcher.reader(), fieldname))

        cache = TermCache()
        fresh = score_query(searcher, parsed, lengths_of)
        first = score_query(searcher, parsed, lengths_of, cache)
        assert ("body", "budget") in cache
        again = score_query(searcher, parsed, lengths_of, cache)
    assert fresh is not None and first is not None and again is not None
    assert fresh.as_dict() == first.as_dict() == again.as_dict()
    assert len(fresh)


def test_term_cache_drops_least_recently_used_terms_beyond_its_budget() -> None:
    cache = TermCache(max_postings=4)
    cache.put("body", "a", _scores({1: 1.0, 2: 2.0}))
    cache.put("body", "b", _scores({3: 1.0, 4: 0.5}))
    found = cache.get("body", "a")
    assert found is not None and found.as_dict() == {1: 1.0, 2: 2.0}
    cache.put("body", "c", _scores({5: 1.5}))
    assert ("body", "a") in cache
    assert ("body", "b") not in cache
    assert cache.postings == 3
    cache.put("body", "huge", _scores({d: 1.0 for d in range(10)}))
    assert ("body", "huge") not in cache


def _scores(by_doc: dict[int, float]) -> Scores:
    return Scores(np.array(list(by_doc), dtype=np.int32), np.array(list(by_doc.values())))
