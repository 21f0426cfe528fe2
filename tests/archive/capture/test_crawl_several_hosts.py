"""Several hosts crawled at once: overlapping across hosts, polite within each."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive import ArchiveConfig, CrawlConfig, OutletConfig, crawl, iter_captures
from tests.fixtures import Captured
from tests.outlet.server import Fault, OutletServer, Page, serve_outlet

DELAY_SECONDS = 0.05
_HTML = "<html><head><title>{title}</title></head><body><p>Notes from {title}.</p></body></html>"


def _pages(town: str) -> dict[str, Page]:
    when = datetime(2026, 11, 20, 9, tzinfo=UTC)
    return {
        f"/news/{town}-{n}.html": Page(
            _HTML.format(title=f"{town} {n}").encode(),
            published=when.replace(hour=9 + n),
            is_article=True,
        )
        for n in range(3)
    }


def _config(tmp_path: Path, *servers: OutletServer) -> ArchiveConfig:
    outlets = tuple(
        OutletConfig(name=f"outlet-{i}", feeds=(f"{s.url}/feed.xml",))
        for i, s in enumerate(servers)
    )
    crawl_config = CrawlConfig(delay_seconds=DELAY_SECONDS, timeout_seconds=10.0)
    return ArchiveConfig(dir=tmp_path / "data", outlets=outlets, crawl=crawl_config)


def _article_started(event: threading.Event):  # type: ignore[no-untyped-def]
    def note(path: str) -> None:
        if path.startswith("/news/"):
            event.set()

    return note


def test_two_hosts_are_fetched_at_once_while_each_keeps_its_delay(tmp_path: Path) -> None:
    # Ashford's articles answer only once Brierley has been asked for one: a crawl that
    # fetched one host at a time would leave them hanging until the safeguard released them.
    brierley_asked = threading.Event()
    ashford_pages = _pages("ashford")
    held = {path: Fault.held(brierley_asked) for path in ashford_pages}
    with (
        serve_outlet(ashford_pages, faults=held) as ashford,
        serve_outlet(_pages("brierley"), on_request=_article_started(brierley_asked)) as brierley,
    ):
        seen = Captured()
        summary = crawl(_config(tmp_path, ashford, brierley), on_capture=seen)
    assert ashford.released_early == []
    assert len(seen.urls) == 6
    for server in (ashford, brierley):
        times = [r.time for r in server.requests]
        assert min(b - a for a, b in itertools.pairwise(times)) >= DELAY_SECONDS
    captured = [c.url for f in summary.warc_files for c in iter_captures(Path(f))]
    assert sorted(set(captured)) == sorted(captured)  # one writer: no record lost or doubled


def test_a_stopped_crawl_does_not_wait_out_another_hosts_retry_after(tmp_path: Path) -> None:
    # Ashford asks for ten minutes' patience; Brierley's first article stops the crawl. A
    # crawl that waited for its Ashford worker would hang here for those ten minutes.
    ashford_asked = threading.Event()
    ashford_pages, brierley_pages = _pages("ashford"), _pages("brierley")
    patience = {path: Fault.rate_limited("600", times=None) for path in ashford_pages}
    held = {path: Fault.held(ashford_asked) for path in brierley_pages}
    with (
        serve_outlet(
            ashford_pages, faults=patience, on_request=_article_started(ashford_asked)
        ) as ashford,
        serve_outlet(brierley_pages, faults=held) as brierley,
    ):
        stopping = Captured(raise_after=0)
        with pytest.raises(KeyboardInterrupt):
            crawl(_config(tmp_path, ashford, brierley), on_capture=stopping)
    assert not stopping.captures
    assert any(p.startswith("/news/") for p in ashford.paths())
    assert brierley.released_early == []
