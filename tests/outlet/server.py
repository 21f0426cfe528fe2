"""A fake news outlet on 127.0.0.1: pages, generated feeds and sitemaps, robots.txt and faults.

with serve_outlet(load_site()) as outlet:      # feed, sitemap index, robots generated
    outlet.url, outlet.requests, outlet.hits("/news/x.html")
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
PAGES_DIR = HERE / "pages"
SITE_DIR = HERE / "site"
_HOLD_SECONDS = 5.0  # a safeguard only: a held page that is never released fails its test
DEFAULT_ROBOTS = "User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
_LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"


@dataclass
class Page:
    """One resource the outlet serves; `published` feeds the generated feed and sitemap."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    published: datetime | None = None
    title: str = ""
    is_article: bool = False


@dataclass(frozen=True)
class Fault:
    """Misbehaviour at one path, for the first `times` requests (None: always)."""

    status: int = 200
    times: int | None = None
    retry_after: str | None = None
    redirect_to: str | None = None
    delay_seconds: float = 0.0
    size_bytes: int | None = None
    until: threading.Event | None = None
    prefix: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    declared_length: bool = False
    drip_seconds: float = 0.0

    @classmethod
    def not_found(cls) -> Fault:
        """Always 404."""
        return cls(status=404)

    @classmethod
    def flaky(cls, times: int, status: int = 500) -> Fault:
        """A 5xx that heals after `times` requests."""
        return cls(status=status, times=times)

    @classmethod
    def rate_limited(cls, retry_after: str, times: int = 1, status: int = 429) -> Fault:
        """A 429 (or 503) with Retry-After (seconds or HTTP date), `times` times."""
        return cls(status=status, times=times, retry_after=retry_after)

    @classmethod
    def moved(cls, to: str, status: int = 301) -> Fault:
        """A redirect to another path (or URL)."""
        return cls(status=status, redirect_to=to)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Sleep before answering."""
        return cls(delay_seconds=seconds)

    @classmethod
    def drip(cls, seconds_per_byte: float) -> Fault:
        """Send the whole answer, status line and headers included, one byte at a time."""
        return cls(drip_seconds=seconds_per_byte)

    @classmethod
    def held(cls, until: threading.Event) -> Fault:
        """Answer only once `until` is set (or after 5 s, noted in `released_early`)."""
        return cls(until=until)

    @classmethod
    def huge(
        cls,
        size_bytes: int = 5 * 1024 * 1024 + 1,
        *,
        prefix: bytes = b"",
        content_type: str = "text/html; charset=utf-8",
        declared_length: bool = False,
    ) -> Fault:
        """A body of `size_bytes` (`prefix`, then filler), streamed with or without its length."""
        return cls(
            size_bytes=size_bytes,
            prefix=prefix,
            content_type=content_type,
            declared_length=declared_length,
        )


@dataclass(frozen=True)
class FeedItem:
    """One entry of a generated feed or news sitemap (path may carry a query string)."""

    path: str
    published: datetime
    title: str = ""
    updated: datetime | None = None


@dataclass(frozen=True)
class LoggedRequest:
    """A request the outlet received."""

    time: float
    method: str
    path: str
    headers: dict[str, str]


Listing = Sequence[FeedItem] | Sequence[str]


class OutletServer:
    """ThreadingHTTPServer on 127.0.0.1:0 in a background thread; a context manager.

    `feeds` maps a path to RSS items; `sitemaps` maps a path to news items (a urlset) or to
    child sitemap paths (an index); a path ending in .gz is served gzipped. "{base}" in
    `robots` and in page bodies is replaced by the server's URL.
    """

    def __init__(
        self,
        pages: Mapping[str, Page],
        *,
        robots: str | None = None,
        feeds: Mapping[str, Sequence[FeedItem]] | None = None,
        sitemaps: Mapping[str, Listing] | None = None,
        faults: Mapping[str, Fault] | None = None,
        clock: Callable[[], float] = time.monotonic,
        conditional: bool = True,
        on_request: Callable[[str], None] | None = None,
    ) -> None:
        self.pages = dict(pages)
        self.robots = robots
        self.feeds = dict(feeds or {})
        self.sitemaps = dict(sitemaps or {})
        self.faults = dict(faults or {})
        self.conditional = conditional
        self.on_request = on_request
        self.released_early: list[str] = []
        self.requests: list[LoggedRequest] = []
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> OutletServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> OutletServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def hits(self, path: str) -> int:
        """Return how many requests asked for this path (query string included)."""
        return sum(1 for r in self.requests if r.path == path)

    def paths(self) -> list[str]:
        """Return the requested paths in order."""
        with self._lock:
            return [r.path for r in self.requests]

    def log(self, method: str, path: str, headers: dict[str, str]) -> int:
        """Record a request; return how many times this path has been asked for so far."""
        with self._lock:
            self.requests.append(LoggedRequest(self._clock(), method, path, headers))
            self._counts[path] = self._counts.get(path, 0) + 1
            count = self._counts[path]
        if self.on_request is not None:
            self.on_request(path)
        return count

    def resource(self, path: str) -> Page | None:
        """Return what the outlet serves at a path (query string first, then without)."""
        bare = urlsplit(path).path
        for key in (path, bare):
            if key == "/robots.txt" and self.robots is not None:
                return Page(self.robots.replace("{base}", self.url).encode(), "text/plain")
            if key in self.feeds:
                return Page(rss_feed(self.url, self.feeds[key]), "application/rss+xml")
            if key in self.sitemaps:
                return self._sitemap(key, self.sitemaps[key])
            if key in self.pages:
                page = self.pages[key]
                body = page.body.replace(b"{base}", self.url.encode())
                return Page(body, page.content_type, page.status, page.headers)
        return None

    def fault(self, path: str, count: int) -> Fault | None:
        """Return the fault active at this path for its `count`-th request."""
        found = self.faults.get(path) or self.faults.get(urlsplit(path).path)
        if found is None or (found.times is not None and count > found.times):
            return None
        return found

    def _sitemap(self, path: str, listing: Listing) -> Page:
        if listing and isinstance(listing[0], str):
            body = sitemap_index(self.url, [str(p) for p in listing])
        else:
            body = news_sitemap(self.url, [i for i in listing if isinstance(i, FeedItem)])
        if path.endswith(".gz"):
            return Page(gzip.compress(body, mtime=0), "application/gzip")
        return Page(body, "application/xml")


def _handler_for(server: OutletServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            count = server.log("GET", self.path, dict(self.headers.items()))
            fault = server.fault(self.path, count)
            try:
                if fault is not None and self._send_fault(fault):
                    return
                self._send_page(server.resource(self.path))
            except (BrokenPipeError, ConnectionResetError):
                return  # the crawler hung up (a page too large): nothing to answer

        def _send_fault(self, fault: Fault) -> bool:
            if fault.drip_seconds:
                self.wfile = _Drip(self.wfile, fault.drip_seconds)  # type: ignore[assignment]
            if fault.delay_seconds:
                time.sleep(fault.delay_seconds)
            if fault.until is not None and not fault.until.wait(_HOLD_SECONDS):
                server.released_early.append(self.path)
            if fault.redirect_to is not None:
                location = fault.redirect_to
                if location.startswith("/"):
                    location = server.url + location
                self._send(fault.status, b"", "text/html", {"Location": location})
            elif fault.size_bytes is not None:
                self._send_huge(fault)
            elif fault.status != 200:
                extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._send(fault.status, b"<h1>error</h1>", "text/html", extra)
            else:
                return False
            return True

        def _send_page(self, page: Page | None) -> None:
            if page is None:
                self._send(404, b"<h1>Not found</h1>", "text/html; charset=utf-8", {})
                return
            headers = dict(page.headers)
            if server.conditional and page.status == 200:
                etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                headers |= {"ETag": etag, "Last-Modified": _LAST_MODIFIED}
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "", {"ETag": etag})
                    return
            self._send(page.status, page.body, page.content_type, headers)

        def _send_huge(self, fault: Fault) -> None:
            size = fault.size_bytes or 0
            self.send_response(200)
            self.send_header("Content-Type", fault.content_type)
            if fault.declared_length:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            self.wfile.write(fault.prefix)
            chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
            sent = len(fault.prefix)
            while sent < size:
                # Without a declared length the last chunk may overrun `size`, as it always did.
                part = chunk[: size - sent] if fault.declared_length else chunk
                self.wfile.write(part)
                sent += len(part)

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


class _Drip:
    """A writer that sends one byte at a time, `seconds` apart (a server that drips)."""

    def __init__(self, out: BinaryIO, seconds: float) -> None:
        self._out = out
        self._seconds = seconds

    def write(self, data: bytes) -> int:
        for n in range(len(data)):
            self._out.write(data[n : n + 1])
            self._out.flush()
            time.sleep(self._seconds)
        return len(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._out, name)


def rss_feed(base: str, items: Sequence[FeedItem], title: str = "Fake Outlet") -> bytes:
    """Return an RSS 2.0 feed of these items."""
    entries = "".join(
        f"<item><title>{escape(i.title or i.path)}</title><link>{escape(base + i.path)}</link>"
        f"<guid>{escape(base + i.path)}</guid>"
        f"<pubDate>{format_datetime(i.published)}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base}/</link><description>News</description>"
        f"{entries}</channel></rss>\n"
    ).encode()


def news_sitemap(base: str, items: Sequence[FeedItem], name: str = "Fake Outlet") -> bytes:
    """Return a Google News sitemap (urlset) of these items."""
    urls = "".join(
        f"<url><loc>{escape(base + i.path)}</loc>{_lastmod(i)}<news:news><news:publication>"
        f"<news:name>{escape(name)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{i.published.isoformat()}"
        f"</news:publication_date><news:title>{escape(i.title or i.path)}</news:title>"
        "</news:news></url>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>\n'
    ).encode()


def _lastmod(item: FeedItem) -> str:
    return f"<lastmod>{item.updated.isoformat()}</lastmod>" if item.updated else ""


def sitemap_index(base: str, paths: Sequence[str]) -> bytes:
    """Return a sitemap index pointing to these sitemap paths."""
    entries = "".join(f"<sitemap><loc>{escape(base + p)}</loc></sitemap>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    ).encode()


def feed_items(pages: Mapping[str, Page]) -> list[FeedItem]:
    """Return the articles among pages (those with a date), newest first."""
    items = [
        FeedItem(path, page.published, page.title)
        for path, page in pages.items()
        if page.published is not None and page.is_article
    ]
    return sorted(items, key=lambda i: i.published, reverse=True)


def serve_outlet(
    pages: Mapping[str, Page],
    *,
    robots: str | None = DEFAULT_ROBOTS,
    extra_items: Sequence[FeedItem] = (),
    **kwargs: object,
) -> OutletServer:
    """An OutletServer with /feed.xml, /sitemap.xml -> /sitemap-news.xml.gz and robots.txt."""
    items = [*feed_items(pages), *extra_items]
    return OutletServer(
        pages,
        robots=robots,
        feeds={"/feed.xml": items},
        sitemaps={"/sitemap.xml": ["/sitemap-news.xml.gz"], "/sitemap-news.xml.gz": items},
        **kwargs,  # type: ignore[arg-type]
    )


def load_sample_outlet(slug: str, base_url: str | None = None) -> dict[str, Page]:
    """Return one outlet's sample pages by URL path (their origin rewritten to base_url)."""
    pages: dict[str, Page] = {}
    for meta_path in sorted((PAGES_DIR / slug).glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        html = meta_path.with_suffix(".html")
        if not html.exists() or "url" not in meta:
            continue
        parts = urlsplit(meta["url"])
        body = html.read_bytes()
        if base_url is not None:
            body = body.replace(f"{parts.scheme}://{parts.netloc}".encode(), base_url.encode())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        truth = meta.get("truth") or {}
        pages[path] = Page(
            body,
            meta.get("content_type") or "text/html; charset=utf-8",
            published=_parse_date(truth.get("published")),
            title=str(truth.get("title") or ""),
            is_article=bool(meta.get("is_article", True)),
        )
    return pages


sample_outlet_pages = load_sample_outlet


def sample_outlets() -> list[str]:
    """Return the slugs of the sample archive's outlets."""
    return sorted(p.name for p in PAGES_DIR.iterdir() if p.is_dir()) if PAGES_DIR.exists() else []


def serve_sample_outlet(
    slug: str, *, rewrite_links: bool = False, **kwargs: object
) -> OutletServer:
    """An outlet serving one sample outlet's pages with generated feed, sitemaps and robots.txt.

    With rewrite_links, absolute links to the outlet's real origin point at this server.
    """
    pages = load_sample_outlet(slug, "{base}" if rewrite_links else None)
    return serve_outlet(pages, **kwargs)  # type: ignore[arg-type]


def load_site(folder: Path = SITE_DIR) -> dict[str, Page]:
    """Return the crawler's own small fixture site (tests/outlet/site): path -> Page."""
    index = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    pages: dict[str, Page] = {}
    for path, meta in index.items():
        pages[path] = Page(
            (folder / meta["file"]).read_bytes(),
            meta.get("content_type", "text/html; charset=utf-8"),
            published=_parse_date(meta.get("published")),
            title=meta.get("title", ""),
            is_article=bool(meta.get("is_article", False)),
        )
    return pages


def _parse_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
