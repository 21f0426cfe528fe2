"""robots.txt: fetched once per host, read as RFC 9309 says (Protego), obeyed for our User-Agent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin

from protego import Protego

from archive.capture.fetch import Fetched, Fetcher
from archive.errors import FetchError
from archive.urls import canonical_url

# As Google reads it: what lies past the first 500 KiB is ignored, not the whole file.
MAX_ROBOTS_BYTES = 500 * 1024
# RFC 9309 §2.3.1.2: follow at least five consecutive redirects; past them (or round a loop)
# the file may be taken as unavailable, which allows everything, as a 404 does.
MAX_ROBOTS_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_BOM = "\ufeff"


@dataclass(frozen=True)
class Robots:
    """One host's robots.txt as fetched: status 0 means the host could not be reached."""

    origin: str
    status: int
    text: str = ""
    reason: str = ""

    @cached_property
    def _parser(self) -> Protego:
        return Protego.parse(self.text.removeprefix(_BOM))

    @property
    def denial(self) -> str | None:
        """Why the whole host is off limits for now (unreachable, 5xx, 429), or None."""
        if self.status == 0:
            return f"host unreachable ({self.reason})"
        if self.status >= 500 or self.status == 429:
            return f"robots.txt http {self.status}"
        return None

    def allows(self, url: str, user_agent: str) -> bool:
        """Return True if our User-Agent may fetch this URL."""
        if self.denial is not None:
            return False
        if self.status != 200:
            return True
        return self._parser.can_fetch(url, user_agent)

    def crawl_delay_seconds(self, user_agent: str) -> float | None:
        """Return the Crawl-delay for our User-Agent, if the file sets one."""
        if self.status != 200:
            return None
        return self._parser.crawl_delay(user_agent)

    def sitemaps(self) -> list[str]:
        """Return the canonical URLs of the file's Sitemap: lines."""
        found = list(self._parser.sitemaps) if self.status == 200 else []
        return [u for u in (canonical_url(s, self.origin) for s in found) if u]


def fetch_robots(
    fetcher: Fetcher, origin: str, record: Callable[[Fetched], None] | None = None
) -> Robots:
    """Fetch origin/robots.txt (500 KiB at most): 4xx allows all; 5xx, 429, no answer deny all.

    Redirects are followed, five at most, even to another host (RFC 9309 §2.3.1.2); the file
    reached applies to `origin`. More than five, or a loop, count as no file (allow all).
    """
    url = f"{origin}/robots.txt"
    seen = {url}
    for _ in range(MAX_ROBOTS_REDIRECTS + 1):
        try:
            got = fetcher.fetch(url, record=record, prefix_bytes=MAX_ROBOTS_BYTES)
        except FetchError as exc:
            return Robots(origin, 0, reason=exc.reason)
        location = got.header("Location")
        if got.status not in _REDIRECT_STATUSES or not location:
            return _robots_of(origin, got)
        url = urljoin(url, location.strip())
        if url in seen:
            break
        seen.add(url)
    return Robots(origin, 404, reason="robots.txt redirects more than 5 times or in a loop")


def _robots_of(origin: str, got: Fetched) -> Robots:
    if got.status == 200:
        # A file cut at the limit loses its last, partial line rather than misread it.
        body = got.body.rsplit(b"\n", 1)[0] if got.truncated else got.body
        return Robots(origin, 200, body.decode("utf-8", errors="replace"))
    return Robots(origin, got.status)


def apply_crawl_delay(fetcher: Fetcher, robots: Robots, host: str) -> None:
    """Tell the fetcher about a host's Crawl-delay, if robots.txt sets one."""
    delay = robots.crawl_delay_seconds(fetcher.config.user_agent)
    if delay is not None:
        fetcher.set_crawl_delay(host, delay)
