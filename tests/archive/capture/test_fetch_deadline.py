"""A total deadline per request: a server that drips a byte at a time is cut off.

requests' own timeout bounds each socket read, so a byte every 50 ms never trips it; these
tests use a real short timeout (half a second) against a drip that would take 20 s.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive import ArchiveConfig, CrawlConfig, FetchError, OutletConfig, crawl
from archive.capture.fetch import Fetcher
from archive.capture.frontier import Frontier
from tests.fixtures import Captured, FakeClock
from tests.outlet.server import Fault, FeedItem, OutletServer, Page

_HTML = b"<html><head><title>Notes</title></head><body>" + b"<p>Town notes.</p>" * 20 + b"</body>"
_DRIP = Fault.drip(0.05)  # with headers, about 400 bytes: 20 s
_TIMEOUT_SECONDS = 0.5


def test_a_server_that_drips_one_byte_at_a_time_is_cut_off_at_timeout_seconds(
    clock: FakeClock,
) -> None:
    config = CrawlConfig(delay_seconds=0.0, timeout_seconds=_TIMEOUT_SECONDS, retries=0)
    with (
        OutletServer({"/drip": Page(_HTML)}, faults={"/drip": _DRIP}, clock=clock) as server,
        pytest.raises(FetchError) as caught,
    ):
        Fetcher(config, clock=clock, sleep=clock.sleep).fetch(server.url + "/drip")
    assert caught.value.reason == "timeout"


def test_a_dripping_page_fails_as_a_timeout_and_the_crawl_goes_on(
    tmp_path: Path, clock: FakeClock
) -> None:
    day = datetime(2026, 11, 20, 9, tzinfo=UTC)
    items = [FeedItem("/news/drip.html", day), FeedItem("/news/fine.html", day)]
    pages = {i.path: Page(_HTML) for i in items}
    faults = {"/news/drip.html": _DRIP}
    with OutletServer(pages, feeds={"/feed.xml": items}, faults=faults, clock=clock) as server:
        outlet = OutletConfig(name="ledger", feeds=(f"{server.url}/feed.xml",))
        settings = CrawlConfig(delay_seconds=0.0, timeout_seconds=_TIMEOUT_SECONDS, retries=0)
        config = ArchiveConfig(dir=tmp_path, outlets=(outlet,), crawl=settings)
        seen = Captured()
        summary = crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
    assert seen.urls == [f"{server.url}/news/fine.html"]
    assert summary.failures == {"timeout": 1}
    with Frontier(config.frontier_path) as frontier:
        assert frontier.reasons()[f"{server.url}/news/drip.html"] == "timeout"
