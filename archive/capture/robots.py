"""robots.txt: fetched once per host, obeyed for our User-Agent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.robotparser import RobotFileParser

from archive.capture.fetch import Fetched, Fetcher
from archive.errors import FetchError
from archive.urls import canonical_url


@dataclass(frozen=True)
class Robots:
    """One host's robots.txt as fetched: status 0 means the host could not be reached."""

    origin: str
    status: int
    text: str = ""
    reason: str = ""

    @cached_property
    def _parser(self) -> RobotFileParser:
        parser = RobotFileParser()
        parser.parse(self.text.splitlines())
        return parser

    @property
    def denial(self) -> str | None:
        """Why the whole host is off limits for now (unreachable, 5xx), or None."""
        if self.status == 0:
            return f"host unreachable ({self.reason})"
        if self.status >= 500:
            return f"robots.txt http {self.status}"
        return None

    def allows(self, url: str, user_agent: str) -> bool:
        """Return True if our User-Agent may fetch this URL."""
        if self.denial is not None:
            return False
        if self.status != 200:
            return True
        return self._parser.can_fetch(user_agent, url)

    def crawl_delay_seconds(self, user_agent: str) -> float | None:
        """Return the Crawl-delay for our User-Agent, if the file sets one."""
        if self.status != 200:
            return None
        delay = self._parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        """Return the canonical URLs of the file's Sitemap: lines."""
        found = self._parser.site_maps() if self.status == 200 else None
        return [u for u in (canonical_url(s, self.origin) for s in found or ()) if u]


def fetch_robots(
    fetcher: Fetcher, origin: str, record: Callable[[Fetched], None] | None = None
) -> Robots:
    """Fetch origin/robots.txt; a 4xx allows all, a 5xx or dead host denies all for now."""
    url = f"{origin}/robots.txt"
    try:
        got = fetcher.fetch(url, record=record)
    except FetchError as exc:
        return Robots(origin, 0, reason=exc.reason)
    if got.status == 200 and not got.truncated:
        return Robots(origin, 200, got.body.decode("utf-8", errors="replace"))
    if 300 <= got.status < 400:
        # A redirected robots.txt is rare; treat it as absent rather than chase it.
        return Robots(origin, 404)
    return Robots(origin, got.status)


def apply_crawl_delay(fetcher: Fetcher, robots: Robots, host: str) -> None:
    """Tell the fetcher about a host's Crawl-delay, if robots.txt sets one."""
    delay = robots.crawl_delay_seconds(fetcher.config.user_agent)
    if delay is not None:
        fetcher.set_crawl_delay(host, delay)
