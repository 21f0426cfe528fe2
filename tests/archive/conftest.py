"""Fixtures for crawler tests: the fake outlet on 127.0.0.1 and an injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from archive import ArchiveConfig, Capture, CrawlConfig, OutletConfig
from tests.outlet.server import Fault, FeedItem, OutletServer, Page, load_site, serve_outlet

ROBOTS = "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nSitemap: {base}/sitemap.xml\n"
FLAKY_HTML = b"<html><head><title>Flaky</title></head><body><p>Healed.</p></body></html>"


class FakeClock:
    """A monotonic clock that only moves when the crawler sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Captured:
    """What on_capture saw, in order."""

    captures: list[tuple[Capture, OutletConfig | None]] = field(default_factory=list)
    raise_after: int | None = None

    def __call__(self, capture: Capture, outlet: OutletConfig | None) -> bool:
        if self.raise_after is not None and len(self.captures) >= self.raise_after:
            raise KeyboardInterrupt
        self.captures.append((capture, outlet))
        return True

    @property
    def urls(self) -> list[str]:
        return [c.url for c, _ in self.captures]


def site_pages() -> dict[str, Page]:
    pages = load_site()
    pages["/news/flaky.html"] = Page(FLAKY_HTML)
    pages["/news/busy.html"] = Page(FLAKY_HTML.replace(b"Flaky", b"Busy"))
    # Reachable only through the redirect from /news/old-url.html.
    pages["/news/renamed-story.html"] = replace(pages["/news/renamed-story.html"], is_article=False)
    return pages


def site_faults() -> dict[str, Fault]:
    return {
        "/news/old-url.html": Fault.moved("/news/renamed-story.html"),
        "/news/flaky.html": Fault.flaky(2),
        "/news/busy.html": Fault.rate_limited("7"),
        "/news/huge.html": Fault.huge(),
    }


def site_extra_items() -> list[FeedItem]:
    from datetime import UTC, datetime

    when = datetime(2026, 11, 20, 12, tzinfo=UTC)
    paths = [
        "/news/council-votes-budget.html?utm_source=rss&utm_medium=feed&fbclid=x1",
        "/NEWS/../news/flood-warning.html#comments",
        "/news/old-url.html",
        "/news/missing.html",
        "/news/flaky.html",
        "/news/busy.html",
        "/news/huge.html",
    ]
    return [FeedItem(p, when, p) for p in paths]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_outlet(clock: FakeClock) -> OutletServer:
    """The fixture site with every fault, not yet started."""
    return serve_outlet(
        site_pages(),
        robots=ROBOTS,
        faults=site_faults(),
        extra_items=site_extra_items(),
        clock=clock,
    )


@pytest.fixture
def outlet(clock: FakeClock) -> Iterator[OutletServer]:
    with make_outlet(clock) as server:
        yield server


def outlet_config(server: OutletServer) -> OutletConfig:
    return OutletConfig(
        name="millbrook-ledger",
        home="Millbrook, CT",
        feeds=(f"{server.url}/feed.xml",),
        start_urls=(f"{server.url}/index.html",),
    )


def archive_config(tmp_path: Path, server: OutletServer, **crawl: object) -> ArchiveConfig:
    settings: dict[str, object] = {"delay_seconds": 1.0, "timeout_seconds": 5.0} | crawl
    return ArchiveConfig(
        dir=tmp_path / "data",
        outlets=(outlet_config(server),),
        crawl=CrawlConfig(**settings),  # type: ignore[arg-type]
    )
