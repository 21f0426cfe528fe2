"""Bounds on discovery: 50,000 URLs a sitemap, sitemap index depth, queue size, redirect hops."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive import ArchiveConfig, CrawlConfig, CrawlSummary, OutletConfig, crawl
from archive.capture.frontier import Frontier
from tests.fixtures import Captured, FakeClock
from tests.outlet.server import Fault, FeedItem, OutletServer, Page

_HTML = b"<html><head><title>Notes</title></head><body><p>Town notes.</p></body></html>"
_FULL = "not queued: the outlet's queue is full"


def _urlset(paths: list[str]) -> Page:
    """A plain sitemap of relative URLs (read against the sitemap's own URL)."""
    locs = "".join(f"<url><loc>{p}</loc></url>" for p in paths)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>\n'
    )
    return Page(body.encode(), "application/xml")


def _crawl(
    tmp_path: Path, server: OutletServer, clock: FakeClock, seed: str, **settings: object
) -> CrawlSummary:
    kind = "feeds" if seed.startswith("/feed") else "sitemaps"
    outlet = OutletConfig(name="ledger", **{kind: (server.url + seed,)})  # type: ignore[arg-type]
    crawl_settings: dict[str, object] = {"delay_seconds": 0.0, "retries": 0} | settings
    config = ArchiveConfig(
        dir=tmp_path / "data",
        outlets=(outlet,),
        crawl=CrawlConfig(**crawl_settings),  # type: ignore[arg-type]
    )
    return crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)


def _queued(tmp_path: Path) -> int:
    with Frontier(tmp_path / "data" / "frontier.sqlite") as frontier:
        return list(frontier.states().values()).count("queued")


def test_a_sitemap_is_read_to_50000_urls_and_the_queue_kept_to_its_cap(
    tmp_path: Path, clock: FakeClock
) -> None:
    sitemap = _urlset([f"/news/story-{n}.html" for n in range(60_000)])
    with OutletServer({"/sitemap.xml": sitemap}, clock=clock) as server:
        summary = _crawl(
            tmp_path, server, clock, "/sitemap.xml", max_pages=1, max_queued_per_outlet=10
        )
    assert summary.failures["sitemap over 50000 entries, rest ignored"] == 1
    assert summary.failures[_FULL] == 50_000 - 10
    assert _queued(tmp_path) == 10


def test_a_sitemap_index_listing_itself_and_three_big_sitemaps_queues_only_up_to_the_cap(
    tmp_path: Path, clock: FakeClock
) -> None:
    children = {
        f"/sitemap-{n}.xml": _urlset([f"/news/{n}/story-{k}.html" for k in range(30)])
        for n in range(3)
    }
    index = {"/sitemap.xml": ["/sitemap.xml", *children]}
    with OutletServer(children, sitemaps=index, clock=clock) as server:
        summary = _crawl(
            tmp_path, server, clock, "/sitemap.xml", max_pages=5, max_queued_per_outlet=50
        )
        assert server.hits("/sitemap.xml") == 1
        assert _queued(tmp_path) == 50 - 1  # one of the fifty was fetched within max_pages
        assert summary.failures[_FULL] == 3 * 30 - 50
        _crawl(tmp_path, server, clock, "/sitemap.xml", max_queued_per_outlet=50)  # resumed
        before = len(server.requests)
        _crawl(tmp_path, server, clock, "/sitemap.xml", max_queued_per_outlet=50)  # a new run
        again = {r.path: r.headers for r in server.requests[before:] if r.path in children}
    # What did not fit waits for a later run: those sitemaps are asked for in full, not a 304.
    assert "If-None-Match" in again["/sitemap-0.xml"]
    assert "If-None-Match" not in again["/sitemap-1.xml"]
    assert "If-None-Match" not in again["/sitemap-2.xml"]


def test_sitemap_indexes_nested_deeper_than_max_sitemap_depth_are_not_read(
    tmp_path: Path, clock: FakeClock
) -> None:
    # /index-0.xml lists /index-1.xml and /urls-0.xml, and so on, ten deep.
    indexes = {f"/index-{n}.xml": [f"/index-{n + 1}.xml", f"/urls-{n}.xml"] for n in range(10)}
    urlsets = {f"/urls-{n}.xml": _urlset([f"/news/{n}.html"]) for n in range(10)}
    pages = urlsets | {f"/news/{n}.html": Page(_HTML) for n in range(10)}
    with OutletServer(pages, sitemaps=indexes, clock=clock) as server:
        summary = _crawl(tmp_path, server, clock, "/index-0.xml", max_sitemap_depth=3)
    read = {p for p in server.paths() if p.endswith(".xml")}
    assert read == {f"/index-{n}.xml" for n in range(4)} | {f"/urls-{n}.xml" for n in range(3)}
    assert {p for p in server.paths() if p.startswith("/news/")} == {
        f"/news/{n}.html" for n in range(3)
    }
    assert summary.failures["sitemap index nested over 3 deep"] == 1


def test_a_redirect_chain_is_stopped_after_10_hops(tmp_path: Path, clock: FakeClock) -> None:
    chain = {f"/r/{n}": Fault.moved(f"/r/{n + 1}") for n in range(42)}
    chain["/r/42"] = Fault.moved("/news/at-last.html")
    feed = {"/feed.xml": [FeedItem("/r/0", datetime(2026, 11, 20, tzinfo=UTC))]}
    pages = {"/news/at-last.html": Page(_HTML)}
    with OutletServer(pages, feeds=feed, faults=chain, clock=clock) as server:
        summary = _crawl(tmp_path, server, clock, "/feed.xml")
    assert [p for p in server.paths() if p.startswith("/r/")] == [f"/r/{n}" for n in range(11)]
    assert "/news/at-last.html" not in server.paths()
    assert summary.failures == {"more than 10 redirects": 1}
    with Frontier(tmp_path / "data" / "frontier.sqlite") as frontier:
        assert frontier.reasons()[f"{server.url}/r/10"] == "more than 10 redirects"
