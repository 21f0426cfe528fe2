"""`dateline reindex` killed mid-way: its writer processes die with it, the lock and the
unfinished generation it leaves are dealt with by the next reindex of any kind."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archive import Store
from indexer.build import MIN_DOCS_FOR_PROCS
from tests.fixtures import (
    ROOT,
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


def _generations(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "data" / "index").iterdir() if p.is_dir())


def test_a_killed_full_reindex_leaves_no_writers_and_the_next_reindex_cleans_up(
    tmp_path: Path,
) -> None:
    config = _archive(tmp_path, MIN_DOCS_FOR_PROCS)  # enough for two writer processes
    assert dateline_run(config, "reindex").returncode == 0
    killed = dateline_process(config, "reindex")
    writers = wait_for_children(killed, 2)
    killed.kill()
    killed.wait()
    assert outlived(writers) == []
    assert _generations(tmp_path) == ["gen-000001", "gen-000002"]  # gen-000002 unfinished
    after = dateline_run(config, "reindex", "--incremental")
    assert after.returncode == 0, after.stderr
    assert "removed the unfinished index build gen-000002" in after.stderr
    assert _generations(tmp_path) == ["gen-000001"]
    stats = dateline_run(config, "stats")
    assert f"indexed: {MIN_DOCS_FOR_PROCS}\n" in stats.stdout


_SURVIVOR = """
import fcntl, os, sys, time
with open(sys.argv[1], "a+b") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    lock.truncate(0)
    lock.write(str(os.getpid() if sys.argv[2] == "self" else sys.argv[2]).encode())
    lock.flush()
    print("holding", flush=True)
    time.sleep(600)
"""


@contextmanager
def _holding(lock: Path, owner: int | None) -> Iterator[int]:
    """A process that holds `lock` naming `owner` (itself when None) until the block ends."""
    command = [sys.executable, "-c", _SURVIVOR, str(lock), str(owner or "self")]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
            yield holder.pid
        finally:
            holder.kill()


def test_a_lock_whose_owner_is_dead_is_broken_with_one_line(tmp_path: Path) -> None:
    config = _archive(tmp_path, 20)
    assert dateline_run(config, "reindex").returncode == 0
    # What a killed reindex left before its writers died with it: an owner that is gone and a
    # process it forked that still holds the lock.
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    owner = int(gone.stdout)
    lock = tmp_path / "data" / "index" / "writer.lock"
    with _holding(lock, owner):
        after = dateline_run(config, "reindex", "--incremental")
    assert after.returncode == 0, after.stderr
    assert f"broke the index lock of pid {owner}, which is no longer running" in after.stderr


def test_a_lock_whose_owner_runs_is_busy_and_names_it(tmp_path: Path) -> None:
    config = _archive(tmp_path, 20)
    lock = tmp_path / "data" / "index" / "writer.lock"
    lock.parent.mkdir(parents=True)
    with _holding(lock, None) as holder:
        busy = dateline_run(config, "reindex")
    assert busy.returncode == 1
    assert busy.stderr.strip().splitlines() == [
        f"dateline: another process is writing the index in {lock.parent} (pid {holder}); "
        "try again when it ends"
    ]
