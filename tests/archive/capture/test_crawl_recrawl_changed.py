"""A second crawl re-fetches, conditionally, only the articles its listings say have changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import (
    ArchiveConfig,
    Capture,
    CrawlConfig,
    OutletConfig,
    Signed,
    Store,
    crawl,
    document_from_capture,
    document_id,
    parse_fix,
)
from tests.fixtures import FakeClock
from tests.outlet.server import Fault, FeedItem, OutletServer, Page, serve_outlet

CHANGED = "/news/ferry-timetable.html"
UNCHANGED = "/news/harbour-fair.html"
_HTML = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{text}</p></article></body></html>"
)


def _page(title: str, text: str) -> Page:
    body = _HTML.format(title=title, text=text).encode()
    return Page(body, published=datetime(2026, 11, 2, 8, tzinfo=UTC), is_article=True)


def _config(tmp_path: Path, server: OutletServer) -> ArchiveConfig:
    outlet = OutletConfig(name="harbour-gazette", sitemaps=(f"{server.url}/sitemap.xml",))
    return ArchiveConfig(
        dir=tmp_path / "data", outlets=(outlet,), crawl=CrawlConfig(delay_seconds=1.0)
    )


def _crawl_into(store: Store, config: ArchiveConfig, clock: FakeClock) -> None:
    def keep(capture: Capture, outlet: OutletConfig | None) -> bool:
        return store.put(document_from_capture(capture, config.outlets)) == "new"

    crawl(config, on_capture=keep, clock=clock, sleep=clock.sleep)


def _edit(server: OutletServer, path: str, text: str) -> None:
    """Change a page and say so in the news sitemap's lastmod (after our first visit)."""
    server.pages[path] = _page("Ferry timetable", text)
    later = datetime.now(UTC) + timedelta(minutes=5)
    items = server.sitemaps["/sitemap-news.xml.gz"]
    server.sitemaps["/sitemap-news.xml.gz"] = [
        replace(i, updated=later) if isinstance(i, FeedItem) and i.path == path else i
        for i in items
    ]


def test_an_article_updated_since_our_fetch_is_asked_again_and_stored_as_a_new_version(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    pages = {
        CHANGED: _page("Ferry timetable", "Winter sailings start on Monday."),
        UNCHANGED: _page("Harbour fair", "Stalls open at nine."),
    }
    with serve_outlet(pages, clock=clock) as server, Store(tmp_path / "store.sqlite") as store:
        config = _config(tmp_path, server)
        _crawl_into(store, config, clock)
        first = len(server.requests)
        _edit(server, CHANGED, "Winter sailings start on Tuesday instead.")
        _crawl_into(store, config, clock)
        again = [r for r in server.requests[first:] if r.path.startswith("/news/")]
        versions = store.versions(document_id(server.url + CHANGED))
    assert [r.path for r in again] == [CHANGED]
    assert "If-None-Match" in again[0].headers
    assert len(versions) == 2
    assert "Tuesday" in versions[-1].body and "Monday" in versions[0].body


MOVED = "/news/2026/11/ferry-timetable.html"


def test_a_correction_follows_its_story_to_a_new_url_that_declares_the_same_canonical(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    pages = {CHANGED: _page("Ferry timetable", "Winter sailings start on Monday.")}
    signed = Signed("The outlet spelt it so in print", "archivist", "2026-11-03T09:00:00+00:00")
    with serve_outlet(pages, clock=clock) as server, Store(tmp_path / "store.sqlite") as store:
        config = _config(tmp_path, server)
        _crawl_into(store, config, clock)
        story = store.lookup(server.url + CHANGED)
        store.correct(story, [parse_fix("title=Ferry Timetable")], signed)
        # The outlet moves the story; the new address names the old one as canonical.
        canonical = f'<link rel="canonical" href="{{base}}{CHANGED}">'
        moved = _page("Ferry timetable", "Winter sailings start on Tuesday instead.")
        server.pages = {
            MOVED: replace(
                moved, body=moved.body.replace(b"<head>", b"<head>" + canonical.encode())
            )
        }
        server.faults[CHANGED] = Fault.moved(MOVED)
        later = datetime.now(UTC) + timedelta(minutes=5)
        server.sitemaps["/sitemap-news.xml.gz"] = [FeedItem(MOVED, later)]
        _crawl_into(store, config, clock)
        after = store.lookup(server.url + MOVED)
        versions = store.versions(story.id)
    assert after.id == story.id and after.title == "Ferry Timetable"
    assert after.provenance["title"] == "correction"
    assert "Tuesday" in after.body and len(versions) == 2
