"""Index life cycle: rebuilds swap generations atomically, updates are incremental, one writer."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from archive import Store
from indexer import (
    IndexBusy,
    IndexConfig,
    IndexMissing,
    SearchIndex,
    SearchQuery,
    index_exists,
    rebuild_index,
    update_index,
)
from indexer.build import MIN_DOCS_FOR_PROCS
from tests.fixtures import ARTICLES, article, reopen_now


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def total(index: SearchIndex, text: str = "") -> int:
    return index.search(SearchQuery(text=text)).total


def test_no_index_means_index_missing(config: IndexConfig, store: Store) -> None:
    assert not index_exists(config)
    with pytest.raises(IndexMissing, match="dateline reindex"):
        SearchIndex(config, store)


def test_rebuild_indexes_every_article_and_reports_progress(
    config: IndexConfig, store: Store
) -> None:
    seen: list[tuple[int, int]] = []
    assert rebuild_index(config, store, progress=lambda done, n: seen.append((done, n))) == 6
    assert index_exists(config)
    assert seen[-1] == (6, 6)


def test_non_articles_are_not_indexed(config: IndexConfig, store: Store) -> None:
    page = dataclasses.replace(article(50, "About us", "Contact the newsroom"), is_article=False)
    store.put(page)
    assert rebuild_index(config, store) == 6


def test_update_builds_an_index_when_none_exists(config: IndexConfig, store: Store) -> None:
    assert update_index(config, store) == 6
    assert SearchIndex(config, store).doc_count() == 6


def test_update_replaces_changed_documents_and_adds_new_ones(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock = Clock()
    index = SearchIndex(config, store, clock=clock, start=reopen_now)
    changed = dataclasses.replace(
        ARTICLES[4], title="Blizzard knocks out power", captured="2026-01-02T00:00:00+00:00"
    )
    store.put_many([changed, article(7, "Blizzard closes schools", "Snow everywhere.")])
    assert update_index(config, store) == 2
    assert update_index(config, store) == 0
    clock.now += 5
    assert total(index, "blizzard") == 2
    assert total(index, "title:storm") == 0
    assert index.doc_count() == 7


def test_update_removes_a_page_that_is_no_longer_an_article(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    store.put(
        dataclasses.replace(ARTICLES[0], is_article=False, captured="2026-01-02T00:00:00+00:00")
    )
    update_index(config, store)
    assert SearchIndex(config, store).doc_count() == 5


def test_rebuild_swaps_while_an_open_index_keeps_answering(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock = Clock()
    index = SearchIndex(config, store, clock=clock, start=reopen_now)
    assert total(index) == 6
    answers: list[int] = []
    store.put(article(8, "Bridge reopens", "The bridge reopened."))
    rebuild_index(config, store, progress=lambda done, n: answers.append(total(index)))
    assert answers and set(answers) == {6}
    assert total(index) == 6  # not yet looked for a new generation
    clock.now += 5
    assert total(index) == 7
    assert total(index, "bridge") == 1


def test_old_generations_are_removed_keeping_the_previous_one(
    config: IndexConfig, store: Store
) -> None:
    for _ in range(4):
        rebuild_index(config, store)
    generations = sorted(p.name for p in config.dir.iterdir() if p.is_dir())
    assert generations == ["gen-000003", "gen-000004"]
    assert (config.dir / "CURRENT").read_text() == "gen-000004"


def test_second_writer_gets_index_busy(config: IndexConfig, store: Store) -> None:
    errors: list[IndexBusy] = []

    def progress(done: int, n: int) -> None:
        try:
            update_index(config, store)
        except IndexBusy as exc:
            errors.append(exc)

    rebuild_index(config, store, progress=progress)
    assert errors
    assert "another process is writing the index" in str(errors[0])
    with pytest.raises(IndexBusy):
        rebuild_index(config, store, progress=lambda d, n: rebuild_index(config, store))


def test_half_built_generation_is_ignored_then_cleaned(config: IndexConfig, store: Store) -> None:
    rebuild_index(config, store)
    crashed = config.dir / "gen-000002"  # as a kill -9 during a rebuild leaves it
    crashed.mkdir()
    (crashed / "leftover_segment.seg").write_bytes(b"\0garbage")
    (config.dir / "CURRENT.tmp").write_text("gen-000002")
    index = SearchIndex(config, store)
    assert total(index) == 6
    assert rebuild_index(config, store) == 6
    assert not (crashed / "leftover_segment.seg").exists()  # the name is reused by a fresh build
    assert (config.dir / "CURRENT").read_text() == "gen-000002"
    assert total(SearchIndex(config, store)) == 6


def test_generation_without_finish_marker_is_never_live(tmp_path: Path, store: Store) -> None:
    config = IndexConfig(dir=tmp_path / "index", procs=1)
    rebuild_index(config, store)
    live = config.dir / (config.dir / "CURRENT").read_text()
    (live / "dateline.json").unlink()
    assert not index_exists(config)


_KILLED_WRITER = """
import sys, time
from pathlib import Path
from archive import Store
from indexer import IndexConfig, rebuild_index

root = Path(sys.argv[1])

def stall(done, total):
    (root / "started").write_text("yes")
    time.sleep(600)

with Store(root / "store.sqlite") as store:
    rebuild_index(IndexConfig(dir=root / "index", procs=1), store, progress=stall)
"""


def test_writer_killed_mid_build_leaves_the_old_index_working(
    tmp_path: Path, config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    store.put_many(article(300 + n, f"Extra {n}", "More words.") for n in range(150))
    script = tmp_path / "writer.py"
    script.write_text(_KILLED_WRITER)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], cwd=root)
    try:
        while not (tmp_path / "started").exists():
            assert proc.poll() is None, "the writer ended before it started indexing"
            time.sleep(0.05)
        with pytest.raises(IndexBusy):
            update_index(config, store)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert total(SearchIndex(config, store)) == 6
    assert sorted(p.name for p in config.dir.iterdir() if p.is_dir()) == [
        "gen-000001",
        "gen-000002",
    ]
    assert update_index(config, store) == 150
    assert total(SearchIndex(config, store)) == 156
    assert rebuild_index(config, store) == 156  # cleans the half-built folder, builds afresh
    assert (config.dir / "CURRENT").read_text() == "gen-000002"
    assert (config.dir / "PREVIOUS").read_text() == "gen-000001"


def test_threads_share_one_index_across_a_swap(config: IndexConfig, store: Store) -> None:
    rebuild_index(config, store)
    clock = Clock()
    # Four threads move this clock on by 0.5 s each: far past a search's budget.
    index = SearchIndex(
        dataclasses.replace(config, search_seconds=3600), store, clock=clock, start=reopen_now
    )
    seen: list[int] = []
    failures: list[BaseException] = []

    def searches() -> None:
        try:
            for _ in range(15):
                clock.now += 0.5
                seen.append(index.search(SearchQuery(text="budget OR bridge")).total)
        except BaseException as exc:  # reported below: a thread's error must fail the test
            failures.append(exc)

    threads = [threading.Thread(target=searches) for _ in range(4)]
    for thread in threads:
        thread.start()
    store.put(article(9, "Bridge budget passes", "The bridge budget passed."))
    rebuild_index(config, store)
    for thread in threads:
        thread.join()
    assert not failures
    assert set(seen) <= {2, 3}
    clock.now += 5
    assert index.search(SearchQuery(text="budget OR bridge")).total == 3


class _StoreGone(Exception):
    pass


def test_a_rebuild_that_fails_midway_ends_its_writer_processes(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite") as store:
        store.put_many(
            article(n, f"Levy {n}", "Harbor levy vote.") for n in range(MIN_DOCS_FOR_PROCS)
        )
        config = IndexConfig(dir=tmp_path / "index", procs=2)

        def fail(done: int, total: int) -> None:
            if done >= 1000:
                raise _StoreGone

        try:
            with pytest.raises(_StoreGone):
                rebuild_index(config, store, progress=fail)
            assert multiprocessing.active_children() == []
        finally:
            for child in multiprocessing.active_children():
                child.kill()


def _open_files(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            found.add(os.readlink(fd))
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_writer_processes_never_hold_the_writer_lock(tmp_path: Path) -> None:
    # Else a writer that outlived its parent would keep every later reindex out.
    with Store(tmp_path / "store.sqlite") as store:
        store.put_many(
            article(n, f"Levy {n}", "Harbor levy vote.") for n in range(MIN_DOCS_FOR_PROCS)
        )
        config = IndexConfig(dir=tmp_path / "index", procs=2)
        lock = str(config.dir / "writer.lock")
        holders: list[int] = []

        def look(done: int, total: int) -> None:
            if done == 2000:  # long after each writer process began
                writers = [p.pid for p in multiprocessing.active_children() if p.pid]
                assert len(writers) == 2
                holders.extend(pid for pid in writers if lock in _open_files(pid))

        assert rebuild_index(config, store, progress=look) == MIN_DOCS_FOR_PROCS
        assert holders == []
