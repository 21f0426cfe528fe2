"""crawl_every in-process: each round's hook runs under the archive's lock, and a round that
starts as the last one ends still waits out the host's delay."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import (
    ArchiveConfig,
    Capture,
    CrawlConfig,
    CrawlSummary,
    OutletConfig,
    crawl,
    crawl_every,
)
from archive.capture.frontier import Frontier
from archive.errors import CrawlRunning
from tests.fixtures import FakeClock, tide_tables
from tests.outlet.server import OutletServer, serve_outlet


class _Enough(Exception):
    """Raised from on_round to end a repeating crawl in a test."""


def _config(tmp_path: Path, server: OutletServer, delay_seconds: float = 0.0) -> ArchiveConfig:
    return ArchiveConfig(
        dir=tmp_path / "data",
        outlets=(OutletConfig(name="Tidewater Times", feeds=(f"{server.url}/feed.xml",)),),
        crawl=CrawlConfig(delay_seconds=delay_seconds, timeout_seconds=5.0),
    )


def _stored(capture: Capture, outlet: OutletConfig | None) -> bool:
    return True


def _assert_locked(config: ArchiveConfig) -> None:
    with pytest.raises(CrawlRunning):
        Frontier(config.frontier_path)


def test_the_hook_after_a_crawl_runs_while_the_crawl_still_holds_the_archive_lock(
    tmp_path: Path,
) -> None:
    done: list[CrawlSummary] = []

    def on_done(summary: CrawlSummary) -> None:
        _assert_locked(config)  # the caller's index update here meets no other crawl's
        done.append(summary)

    with serve_outlet(tide_tables(2)) as server:
        config = _config(tmp_path, server)
        crawl(config, on_capture=_stored, on_done=on_done)
    assert [s.stopped for s in done] == ["done"]
    Frontier(config.frontier_path).close()  # released once crawl() returns


def test_each_round_of_crawl_every_reaches_its_hook_under_the_archive_lock(
    tmp_path: Path,
) -> None:
    rounds: list[CrawlSummary] = []

    def on_round(summary: CrawlSummary) -> None:
        _assert_locked(config)
        rounds.append(summary)
        if len(rounds) == 3:
            raise _Enough

    with serve_outlet(tide_tables(2)) as server:
        config = _config(tmp_path, server)
        with pytest.raises(_Enough):
            crawl_every(config, 0.01, on_capture=_stored, on_round=on_round)
    assert [s.per_outlet["Tidewater Times"].new_articles for s in rounds] == [2, 0, 0]
    assert [s.stopped for s in rounds] == ["done"] * 3
    Frontier(config.frontier_path).close()


def test_a_round_that_starts_as_the_last_one_ends_waits_out_the_hosts_delay(
    tmp_path: Path, clock: FakeClock
) -> None:
    ends: list[int] = []

    def on_round(summary: CrawlSummary) -> None:
        ends.append(len(server.requests))
        if len(ends) == 2:
            raise _Enough

    with serve_outlet(tide_tables(2), clock=clock) as server:
        config = _config(tmp_path, server, delay_seconds=5.0)
        with pytest.raises(_Enough):
            # Every second, but a round of six requests five seconds apart takes 25 s.
            crawl_every(
                config, 1.0, on_capture=_stored, on_round=on_round, clock=clock, sleep=clock.sleep
            )
    last_of_first, first_of_second = server.requests[ends[0] - 1 : ends[0] + 1]
    assert first_of_second.path == "/robots.txt"
    assert first_of_second.time - last_of_first.time == 5.0
