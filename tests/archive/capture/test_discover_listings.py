"""Discovery: feeds, sitemaps (indexes, gzip, news) and an outlet's listings found from its home."""

from __future__ import annotations

import gzip
import tomllib
from datetime import UTC, datetime

from archive import CrawlConfig, OutletConfig, discover_outlet, outlet_block
from archive.capture.discover import (
    canonical_link,
    feed_links,
    html_links,
    parse_feed,
    parse_sitemap,
)
from tests.outlet.server import FeedItem, OutletServer, Page, news_sitemap, rss_feed, sitemap_index

WHEN = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>
<updated>2026-11-20T17:30:00Z</updated>
<entry><title>A</title><id>urn:a</id><link href="/news/a.html?utm_source=atom"/>
<published>2026-11-20T12:30:00-05:00</published><updated>2026-11-20T17:30:00Z</updated></entry>
</feed>"""


def test_rss_entries_become_canonical_links_with_dates() -> None:
    body = rss_feed("https://e.com", [FeedItem("/news/a.html?utm_source=rss&fbclid=1", WHEN)])
    listing = parse_feed(body, "https://e.com/feed.xml")
    assert [(x.url, x.published) for x in listing.links] == [
        ("https://e.com/news/a.html", "2026-11-20T17:30:00+00:00")
    ]


def test_atom_relative_links_resolve_against_the_feed_url() -> None:
    listing = parse_feed(ATOM, "https://e.com/atom.xml")
    assert [(x.url, x.published) for x in listing.links] == [
        ("https://e.com/news/a.html", "2026-11-20T17:30:00+00:00")
    ]


def test_gzipped_news_sitemap_gives_publication_dates() -> None:
    body = gzip.compress(news_sitemap("https://e.com", [FeedItem("/news/b.html", WHEN)]))
    listing = parse_sitemap(body, "https://e.com/sitemap-news.xml.gz")
    assert [(x.url, x.published) for x in listing.links] == [
        ("https://e.com/news/b.html", WHEN.isoformat())
    ]


def test_sitemap_index_lists_its_child_sitemaps() -> None:
    body = sitemap_index("https://e.com", ["/s1.xml", "/s2.xml.gz"])
    listing = parse_sitemap(body, "https://e.com/sitemap.xml")
    assert listing.sitemaps == ["https://e.com/s1.xml", "https://e.com/s2.xml.gz"]
    assert not listing.links


def test_html_and_garbage_are_not_listings() -> None:
    assert not parse_sitemap(b"<html><body>hi</body></html>", "https://e.com/").is_listing
    assert not parse_sitemap(b"\x1f\x8bnot gzip", "https://e.com/").is_listing
    assert not parse_feed(b"", "https://e.com/").is_listing


def test_html_helpers_find_links_canonical_and_feeds() -> None:
    page = (
        b'<html><head><link rel="canonical" href="/news/a.html">'
        b'<link rel="alternate" type="application/rss+xml" href="/rss"></head>'
        b'<body><a href="/b?utm_medium=x#top">b</a><a href="mailto:x@e.com">m</a></body></html>'
    )
    assert canonical_link(page, "https://e.com/amp/a") == "https://e.com/news/a.html"
    assert feed_links(page, "https://e.com/") == ["https://e.com/rss"]
    assert list(html_links(page, "https://e.com/")) == ["https://e.com/b"]


def test_discover_outlet_finds_advertised_feed_and_robots_sitemap() -> None:
    home = b'<html><head><link rel="alternate" type="application/rss+xml" href="/news.rss">'
    robots = "User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"
    items = [FeedItem("/news/a.html", WHEN)]
    with OutletServer(
        {"/": Page(home)},
        robots=robots,
        feeds={"/news.rss": items},
        sitemaps={"/sitemap.xml": items},
    ) as server:
        outlet = discover_outlet(server.url, CrawlConfig(delay_seconds=0.0))
    assert outlet.feeds == (f"{server.url}/news.rss",)
    assert outlet.sitemaps == (f"{server.url}/sitemap.xml",)
    assert outlet.hosts == (server.url.removeprefix("http://"),) and not outlet.start_urls


def test_discover_outlet_probes_common_paths_when_nothing_is_advertised() -> None:
    items = [FeedItem("/news/a.html", WHEN)]
    with OutletServer(
        {"/": Page(b"<html><body>Home</body></html>")},
        feeds={"/feed.xml": items},
        sitemaps={"/sitemap_index.xml": ["/news.xml"], "/news.xml": items},
    ) as server:
        outlet = discover_outlet(server.url + "/", CrawlConfig(delay_seconds=0.0))
    assert outlet.feeds == (f"{server.url}/feed.xml",)
    assert outlet.sitemaps == (f"{server.url}/sitemap_index.xml",)
    assert "/robots.txt" in server.paths()


def test_outlet_block_is_valid_toml_that_round_trips() -> None:
    outlet = OutletConfig(
        name='The "Ledger"',
        home="Hartford, CT",
        feeds=("https://e.com/feed",),
        sitemaps=("https://e.com/s.xml",),
        timezone="America/New_York",
    )
    parsed = tomllib.loads(outlet_block(outlet))["outlets"][0]
    assert parsed == {
        "name": 'The "Ledger"',
        "home": "Hartford, CT",
        "feeds": ["https://e.com/feed"],
        "sitemaps": ["https://e.com/s.xml"],
        "timezone": "America/New_York",
    }


def test_outlet_block_without_a_home_leaves_a_comment_to_fill_in() -> None:
    block = outlet_block(OutletConfig(name="e.com", feeds=("https://e.com/feed",)))
    assert '# home = "City, ST"' in block
    assert tomllib.loads(block)["outlets"][0] == {"name": "e.com", "feeds": ["https://e.com/feed"]}


def test_discover_outlet_without_listings_starts_from_the_home_page() -> None:
    with OutletServer(
        {"/": Page(b"<html><body><a href='/news/a.html'>a</a></body></html>")}
    ) as server:
        outlet = discover_outlet(server.url, CrawlConfig(delay_seconds=0.0))
    assert outlet.feeds == () and outlet.sitemaps == ()
    assert outlet.start_urls == (f"{server.url}/",)


def test_atom_updated_and_sitemap_lastmod_say_when_a_page_changed() -> None:
    atom = ATOM.replace(
        b"<updated>2026-11-20T17:30:00Z</updated></entry>",
        b"<updated>2026-11-22T08:00:00Z</updated></entry>",
    )
    later = datetime(2026, 11, 23, 9, tzinfo=UTC)
    sitemap = news_sitemap("https://e.com", [FeedItem("/news/b.html", WHEN, updated=later)])
    feed_link = parse_feed(atom, "https://e.com/atom.xml").links[0]
    sitemap_link = parse_sitemap(sitemap, "https://e.com/sitemap-news.xml").links[0]
    assert feed_link.updated == "2026-11-22T08:00:00+00:00"
    assert (sitemap_link.published, sitemap_link.updated) == (WHEN.isoformat(), later.isoformat())
