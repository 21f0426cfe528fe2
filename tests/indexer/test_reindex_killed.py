"""`dateline reindex` killed mid-way: its writer processes die with it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive import Store
from indexer.build import MIN_DOCS_FOR_PROCS
from tests.fixtures import (
    article,
    dateline_process,
    dateline_run,
    outlived,
    wait_for_children,
)

WORDS = ["harbor", "levy", "council", "storm", "ferry", "vote", "school", "river", "mayor"]

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")


def _archive(tmp_path: Path, articles: int) -> Path:
    rng = random.Random(5)
    with Store(tmp_path / "data" / "store.sqlite") as store:
        store.put_many(
            article(n, f"Harbor levy {n}", " ".join(rng.choices(WORDS, k=40)))
            for n in range(articles)
        )
    config = tmp_path / "config.toml"
    config.write_text('[archive]\ndir = "data"\n[index]\nprocs = 2\n', encoding="utf-8")
    return config


def test_a_killed_full_reindex_leaves_no_writers_and_the_next_reindex_runs(
    tmp_path: Path,
) -> None:
    config = _archive(tmp_path, MIN_DOCS_FOR_PROCS)  # enough for two writer processes
    assert dateline_run(config, "reindex").returncode == 0
    killed = dateline_process(config, "reindex")
    writers = wait_for_children(killed, 2)
    killed.kill()
    killed.wait()
    assert outlived(writers) == []
    after = dateline_run(config, "reindex", "--incremental")
    assert after.returncode == 0, after.stderr
    stats = dateline_run(config, "stats")
    assert f"indexed: {MIN_DOCS_FOR_PROCS}\n" in stats.stdout
