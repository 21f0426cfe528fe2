"""Shared fixtures: a small store of articles and an index built from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Store
from indexer import IndexConfig, SearchIndex, rebuild_index
from tests.fixtures import ARTICLES


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding ARTICLES."""
    with Store(tmp_path / "store.sqlite") as opened:
        opened.put_many(ARTICLES)
        yield opened


@pytest.fixture
def config(tmp_path: Path) -> IndexConfig:
    """An index config in tmp_path with one process (no forking under pytest)."""
    return IndexConfig(dir=tmp_path / "index", recency_boost=True, procs=1)


@pytest.fixture
def index(config: IndexConfig, store: Store) -> Iterator[SearchIndex]:
    """A SearchIndex over ARTICLES."""
    rebuild_index(config, store)
    opened = SearchIndex(config, store)
    yield opened
    opened.close()
