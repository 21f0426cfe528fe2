"""Where articles are listed: RSS/Atom feeds, sitemaps (indexes, gzip, news) and HTML links."""

from __future__ import annotations

import calendar
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
import lxml.etree
import lxml.html

from archive.capture.fetch import Fetcher
from archive.capture.robots import Robots, fetch_robots
from archive.config import CrawlConfig, OutletConfig
from archive.errors import FetchError
from archive.urls import canonical_url, host_of, origin_of

_FEED_TYPES = ("application/rss+xml", "application/atom+xml")  # feedparser reads no JSON Feed
_COMMON_FEEDS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml")
_COMMON_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
# The sitemap protocol's limits for one file: 50,000 entries, 50 MB uncompressed.
MAX_SITEMAP_ENTRIES = 50_000
_MAX_XML_BYTES = 50 * 1024 * 1024
_XML_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Link:
    """A URL found in a listing, with its publication date when the listing gives one."""

    url: str
    published: str | None = None
    updated: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a feed or sitemap lists: pages, and (for sitemap indexes) further sitemaps."""

    links: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    is_listing: bool = True
    cut: bool = False  # the file went on past MAX_SITEMAP_ENTRIES


def parse_feed(body: bytes, base: str) -> Listing:
    """Return the entry links of an RSS/Atom feed given as bytes (feedparser never fetches)."""
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    if not parsed.entries and not parsed.get("version"):
        return Listing(is_listing=False)
    links = []
    for entry in parsed.entries:
        url = canonical_url(entry.get("link") or entry.get("id") or "", base)
        if url:
            links.append(Link(url, _entry_date(entry), _stamp(dict.get(entry, "updated_parsed"))))
    return Listing(links=links)


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    return _stamp(entry.get("published_parsed") or entry.get("updated_parsed"))


def _stamp(parsed: object) -> str | None:
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()  # type: ignore[arg-type]


def parse_sitemap(body: bytes, base: str) -> Listing:
    """Return the pages (with news/lastmod dates) or child sitemaps of a sitemap, gzipped or not.

    Read as a stream, and only up to the protocol's limits: 50,000 entries (the rest is
    ignored and the listing says it was `cut`) in 50 MB of XML.
    """
    parser = lxml.etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, recover=True
    )
    reader = _SitemapReader(base)
    try:
        for chunk in _xml_chunks(body):
            parser.feed(chunk)
            if reader.read(parser.read_events()):
                return reader.listing(cut=True)
        parser.close()
    except lxml.etree.XMLSyntaxError:
        pass  # what was read before the damage is kept
    reader.read(parser.read_events())
    return reader.listing(cut=False)


class _SitemapReader:
    """Takes a sitemap's parse events one entry at a time, and forgets each entry read."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.kind: str | None = None
        self.links: list[Link] = []
        self.sitemaps: list[str] = []
        self._depth = 0

    def read(self, events: Iterator[tuple[str, lxml.etree._Element]]) -> bool:
        """Read these events; True once the sitemap holds MAX_SITEMAP_ENTRIES."""
        for event, el in events:
            if event == "start":
                self._depth += 1
                if self.kind is None:
                    self.kind = _local(el)
                continue
            self._depth -= 1
            if self._depth != 1:
                continue
            self._take(el)
            # Entries read are dropped from the tree: memory stays flat however long the file.
            el.clear()
            parent = el.getparent()
            if parent is not None:
                del parent[:]
            if len(self.links) + len(self.sitemaps) >= MAX_SITEMAP_ENTRIES:
                return True
        return False

    def _take(self, el: lxml.etree._Element) -> None:
        name = _local(el)
        if self.kind == "sitemapindex" and name == "sitemap":
            url = canonical_url(_child_text(el, "loc") or "", self.base)
            if url:
                self.sitemaps.append(url)
        elif self.kind == "urlset" and name == "url":
            url = canonical_url(_child_text(el, "loc") or "", self.base)
            if url:
                lastmod = _child_text(el, "lastmod")
                published = _child_text(el, "publication_date") or lastmod
                self.links.append(Link(url, published, lastmod))

    def listing(self, *, cut: bool) -> Listing:
        """The listing read so far (no listing at all unless a urlset or sitemapindex)."""
        if self.kind not in ("urlset", "sitemapindex"):
            return Listing(is_listing=False)
        return Listing(links=self.links, sitemaps=self.sitemaps, cut=cut)


def _xml_chunks(body: bytes) -> Iterator[bytes]:
    """The body in pieces, gunzipped if it is gzip, up to 50 MB of XML."""
    if not body.startswith(b"\x1f\x8b"):
        for start in range(0, min(len(body), _MAX_XML_BYTES), _XML_CHUNK_BYTES):
            yield body[start : start + _XML_CHUNK_BYTES]
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, total = body, 0
    try:
        while total < _MAX_XML_BYTES and not inflater.eof:
            piece = inflater.decompress(pending, _XML_CHUNK_BYTES)
            pending = inflater.unconsumed_tail
            if not piece and not pending:
                return
            total += len(piece)
            yield piece
    except zlib.error:
        return  # a damaged gzip: what came before the damage is kept


def _local(el: lxml.etree._Element) -> str:
    return str(lxml.etree.QName(el).localname) if isinstance(el.tag, str) else ""


def _child_text(el: lxml.etree._Element, name: str) -> str | None:
    for child in el.iter():
        if _local(child) == name and child.text:
            return str(child.text).strip()
    return None


def html_links(body: bytes, base: str) -> Iterator[str]:
    """Yield the canonical URLs of a page's <a href> links."""
    doc = _html(body)
    if doc is None:
        return
    for href in doc.xpath("//a/@href"):
        url = canonical_url(str(href), base)
        if url:
            yield url


def canonical_link(body: bytes, base: str) -> str | None:
    """Return the canonical URL a page declares with <link rel=canonical>, if any."""
    doc = _html(body)
    hrefs = doc.xpath("//link[@rel='canonical']/@href") if doc is not None else []
    return canonical_url(str(hrefs[0]), base) if hrefs else None


def feed_links(body: bytes, base: str) -> list[str]:
    """Return the feeds a page advertises with <link rel=alternate type=rss/atom>."""
    doc = _html(body)
    if doc is None:
        return []
    found = []
    for link in doc.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and (link.get("type") or "").lower() in _FEED_TYPES:
            url = canonical_url(link.get("href") or "", base)
            if url and url not in found:
                found.append(url)
    return found


def _html(body: bytes) -> lxml.html.HtmlElement | None:
    if not body.strip():
        return None
    try:
        return lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return None


def discover_outlet(url: str, config: CrawlConfig) -> OutletConfig:
    """Find an outlet's feeds and sitemaps (robots.txt, <link rel=alternate>, common paths).

    Raises:
        FetchError: the home page cannot be fetched.
    """
    home = canonical_url(url)
    if home is None:
        raise FetchError(url, "not an http(s) URL")
    fetcher = Fetcher(config)
    try:
        robots = fetch_robots(fetcher, origin_of(home))
        if robots.denial is not None:
            raise FetchError(home, robots.denial)
        page = fetcher.fetch(home)
        if page.status != 200:
            raise FetchError(home, f"http {page.status}")
        feeds = feed_links(page.body, home) or _probe(fetcher, robots, home, _COMMON_FEEDS, "feed")
        sitemaps = robots.sitemaps() or _probe(fetcher, robots, home, _COMMON_SITEMAPS, "sitemap")
    finally:
        fetcher.close()
    return OutletConfig(
        name=host_of(home).removeprefix("www."),
        feeds=tuple(feeds),
        sitemaps=tuple(sitemaps),
        # With no listing found, the home page itself is where links can be followed from.
        start_urls=() if feeds or sitemaps else (home,),
        hosts=(host_of(home),),
    )


def _probe(
    fetcher: Fetcher, robots: Robots, home: str, paths: tuple[str, ...], kind: str
) -> list[str]:
    found: list[str] = []
    for path in paths:
        url = canonical_url(path, home)
        if url is None or not robots.allows(url, fetcher.config.user_agent):
            continue
        try:
            got = fetcher.fetch(url)
        except FetchError:
            continue
        parse = parse_feed if kind == "feed" else parse_sitemap
        if got.status == 200 and parse(got.body, url).is_listing:
            found.append(url)
            break
    return found


def outlet_block(outlet: OutletConfig) -> str:
    """Return a ready [[outlets]] TOML block for an outlet."""
    lines = ["[[outlets]]", f"name = {_toml_str(outlet.name)}"]
    if outlet.home:
        lines.append(f"home = {_toml_str(outlet.home)}")
    else:
        lines.append('# home = "City, ST"  # the outlet\'s home town: fill in before crawling')
    for key in ("feeds", "sitemaps", "start_urls", "hosts"):
        values: tuple[str, ...] = getattr(outlet, key)
        if values:
            lines.append(f"{key} = [{', '.join(_toml_str(v) for v in values)}]")
    if outlet.timezone:
        lines.append(f"timezone = {_toml_str(outlet.timezone)}")
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string for the characters URLs and names use.
    return json.dumps(value, ensure_ascii=False)
