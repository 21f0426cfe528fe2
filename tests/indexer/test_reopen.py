"""A running SearchIndex picks up a new generation off the request path, searches never wait."""

from __future__ import annotations

import dataclasses
import logging
import shutil

import pytest

from archive import Signed, Store
from indexer import IndexConfig, SearchIndex, SearchQuery, rebuild_index, update_index
from tests.fixtures import ARTICLES, Reopens, article, reopen_now

SIGNED = Signed("a court order", "archivist", "2025-06-02T00:00:00+00:00")
FACET_QUERIES = ["", "budget", "budget OR storm OR bridge", "council", "NOT budget"]


def total(index: SearchIndex, text: str = "") -> int:
    return index.search(SearchQuery(text=text)).total


def test_searches_during_a_reopen_answer_from_the_open_generation(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock, reopens = [0.0], Reopens()
    index = SearchIndex(config, store, clock=lambda: clock[0], start=reopens)
    try:
        store.put(article(7, "Bridge budget passes", "The bridge budget passed."))
        update_index(config, store)
        clock[0] = 10.0
        assert total(index, "budget") == 2  # starts the reopen and answers without waiting
        assert len(reopens.pending) == 1
        clock[0] = 20.0
        assert total(index, "budget") == 2  # one reopen at a time: none started meanwhile
        assert index.doc_count() == len(ARTICLES)
        assert len(reopens.pending) == 1
        reopens.finish()
        assert total(index, "budget") == 3
        assert index.doc_count() == len(ARTICLES) + 1
    finally:
        index.close()


def test_a_story_hidden_during_a_reopen_stays_hidden_in_both_generations(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock, reopens = [0.0], Reopens()
    index = SearchIndex(config, store, clock=lambda: clock[0], start=reopens)
    try:
        store.put(article(7, "Bridge budget passes", "The bridge budget passed."))
        update_index(config, store)
        clock[0] = 10.0
        assert total(index, "budget") == 2
        store.hide(ARTICLES[0], SIGNED)  # "City council approves budget"; the index still has it
        assert total(index, "budget") == 1
        reopens.finish()
        assert total(index, "budget") == 2
        assert ARTICLES[0].id not in {hit.id for hit in index.search(SearchQuery()).hits}
    finally:
        index.close()


def test_a_failing_reopen_is_logged_once_and_tried_again(
    config: IndexConfig, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    rebuild_index(config, store)
    clock = [0.0]
    index = SearchIndex(config, store, clock=lambda: clock[0], start=reopen_now)
    try:
        # A generation named live whose Whoosh files are missing (as if deleted under us).
        broken = config.dir / "gen-000009"
        broken.mkdir()
        shutil.copy(config.dir / "gen-000001" / "dateline.json", broken)
        (config.dir / "CURRENT").write_text("gen-000009", encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="indexer.search"):
            for now in (10.0, 20.0, 30.0):
                clock[0] = now
                assert total(index, "budget") == 2
        assert [r.getMessage().split(":")[0] for r in caplog.records] == [
            f"cannot open the new index generation in {config.dir}"
        ]
        store.put(article(7, "Bridge budget passes", "The bridge budget passed."))
        rebuild_index(config, store)
        clock[0] = 40.0
        assert total(index, "budget") == 3
    finally:
        index.close()


def test_a_reopen_finishing_after_close_leaves_no_file_open(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock, reopens = [0.0], Reopens()
    index = SearchIndex(config, store, clock=lambda: clock[0], start=reopens)
    rebuild_index(config, store)
    clock[0] = 10.0
    total(index)
    index.close()
    reopens.finish()  # an unclosed segment file would raise ResourceWarning (warnings are errors)


def test_reopened_generations_count_facets_as_a_fresh_open(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock = [0.0]
    index = SearchIndex(config, store, clock=lambda: clock[0], start=reopen_now)
    try:
        changes = [
            [article(7, "Bridge budget passes", "The bridge budget passed.")],
            [dataclasses.replace(ARTICLES[1], captured="2026-01-02T00:00:00+00:00")],
            [article(n, f"Storm budget {n}", "Council met on the storm.") for n in range(8, 20)],
        ]
        for round_, docs in enumerate(changes, start=1):
            store.put_many(docs)
            update_index(config, store)
            clock[0] = 10.0 * round_
            total(index)
            fresh = SearchIndex(config, store)
            try:
                for text in FACET_QUERIES:
                    query = SearchQuery(text=text, per_page=50)
                    assert index.search(query) == fresh.search(query)
                    assert index.facet_values(query, "person", 0, 50) == fresh.facet_values(
                        query, "person", 0, 50
                    )
            finally:
                fresh.close()
    finally:
        index.close()
