"""A host that keeps failing is paused for the rest of the run, its URLs kept for the next."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive import ArchiveConfig, CrawlConfig, OutletConfig, crawl
from archive.capture.frontier import QUEUED, Frontier
from tests.fixtures import Captured, FakeClock
from tests.outlet.server import Fault, OutletServer, Page, serve_outlet

PAUSE_AFTER = 5
RETRIES = 2
ARTICLES = 9
_HTML = "<html><head><title>Story {n}</title></head><body><p>Story {n}.</p></body></html>"


def _pages() -> dict[str, Page]:
    when = datetime(2026, 11, 20, 9, tzinfo=UTC)
    return {
        f"/news/story-{n}.html": Page(
            _HTML.format(n=n).encode(), published=when.replace(hour=n), is_article=True
        )
        for n in range(ARTICLES)
    }


def _config(tmp_path: Path, server: OutletServer) -> ArchiveConfig:
    settings = CrawlConfig(delay_seconds=1.0, timeout_seconds=5.0, retries=RETRIES)
    outlet = OutletConfig(name="failing-times", feeds=(f"{server.url}/feed.xml",))
    return ArchiveConfig(dir=tmp_path / "data", outlets=(outlet,), crawl=settings)


def _article_requests(server: OutletServer) -> list[str]:
    return [p for p in server.paths() if p.startswith("/news/")]


def test_a_host_failing_five_times_in_a_row_is_paused_and_its_urls_stay_queued(
    tmp_path: Path, clock: FakeClock
) -> None:
    pages = _pages()
    broken = {path: Fault.flaky(times=1000) for path in pages}
    with serve_outlet(pages, faults=broken, clock=clock) as server:
        config = _config(tmp_path, server)
        summary = crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)
        asked = set(_article_requests(server))
        assert len(asked) == PAUSE_AFTER
        assert len(_article_requests(server)) == PAUSE_AFTER * (RETRIES + 1)
        host = server.url.removeprefix("http://")
        assert summary.paused_hosts == [host]
        assert summary.per_outlet["failing-times"].paused_hosts == (host,)
        assert summary.failures["host paused after 5 failures in a row"] == 1
        with Frontier(config.frontier_path) as frontier:
            states = frontier.states()
        queued = {u for u, s in states.items() if u.endswith(".html") and s == QUEUED}
        assert len(queued) == ARTICLES - PAUSE_AFTER

        server.faults.clear()
        seen = Captured()
        healed = crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
    assert healed.paused_hosts == []
    assert queued <= set(seen.urls)
    assert len(seen.urls) == ARTICLES


def test_a_success_resets_the_count_of_failures_in_a_row(tmp_path: Path, clock: FakeClock) -> None:
    pages = _pages()
    # Every other article fails: never five in a row, so the host is never paused.
    broken = {path: Fault.flaky(times=1000) for n, path in enumerate(sorted(pages)) if n % 2}
    with serve_outlet(pages, faults=broken, clock=clock) as server:
        summary = crawl(
            _config(tmp_path, server), on_capture=Captured(), clock=clock, sleep=clock.sleep
        )
    assert summary.paused_hosts == []
    assert len(set(_article_requests(server))) == ARTICLES


def test_a_dead_host_is_paused_after_five_urls_and_the_rest_stay_queued(
    tmp_path: Path, clock: FakeClock
) -> None:
    dead = serve_outlet(_pages())  # bound, then closed: nothing listens on its port
    dead.stop()
    urls = [f"{dead.url}/news/story-{n}.html" for n in range(ARTICLES)]
    config = _config(tmp_path, dead)
    summary = crawl(config, urls=urls, on_capture=Captured(), clock=clock, sleep=clock.sleep)
    assert summary.paused_hosts == [dead.url.removeprefix("http://")]
    with Frontier(config.frontier_path) as frontier:
        states = frontier.states()
    assert [states[u] for u in urls].count(QUEUED) == ARTICLES - PAUSE_AFTER
