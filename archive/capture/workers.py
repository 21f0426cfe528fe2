"""The crawl's worker threads: they only fetch; the main thread writes frontier and WARC."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from archive.capture.discover import Listing, parse_feed, parse_sitemap
from archive.capture.fetch import Fetched, Fetcher
from archive.capture.frontier import Entry
from archive.errors import FetchError


@dataclass
class Attempts:
    """Every response one worker got for a URL, and the error that ended it, if any."""

    responses: list[Fetched] = field(default_factory=list)
    error: FetchError | None = None


def fetch_all(fetcher: Fetcher, entry: Entry) -> Attempts:
    """Runs in a worker thread: fetch with retries, keeping each attempt for the WARC."""
    attempts = Attempts()
    try:
        fetcher.fetch(entry.url, conditional_headers(entry), record=attempts.responses.append)
    except FetchError as exc:
        attempts.error = exc
    return attempts


def stoppable(sleep: Callable[[float], object], stop: threading.Event) -> Callable[[float], None]:
    """A sleep that fails the waiting fetch once the crawl is stopping."""

    def wait(seconds: float) -> None:
        if not stop.is_set():
            sleep(seconds)
        if stop.is_set():
            raise FetchError("", "crawl stopped")

    return wait


def conditional_headers(entry: Entry) -> dict[str, str]:
    """If-None-Match and If-Modified-Since from what the last fetch of this URL said."""
    headers = {}
    if entry.etag:
        headers["If-None-Match"] = entry.etag
    if entry.last_modified:
        headers["If-Modified-Since"] = entry.last_modified
    return headers


@dataclass
class HostHealth:
    """Failures in a row per host: a host failing `limit` times running is paused for the run."""

    limit: int
    streaks: dict[str, int] = field(default_factory=dict)
    paused: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The failure reason a paused host is reported under."""
        return f"host paused after {self.limit} failures in a row"

    def record(self, host: str, failed: bool) -> bool:
        """Count one URL's outcome on its host; True when this failure pauses the host."""
        if not failed:
            self.streaks[host] = 0
            return False
        self.streaks[host] = self.streaks.get(host, 0) + 1
        if self.streaks[host] < self.limit or host in self.paused:
            return False
        self.paused.append(host)
        return True


def host_failed(attempts: Attempts) -> bool:
    """True when a URL's fetch failed through its host: no answer, a 5xx or a 429."""
    # A 404 is the page's fault, not the host's; 5xx, 429 and no answer at all are the host's.
    if attempts.error is not None or not attempts.responses:
        return True
    status = attempts.responses[-1].status
    return status >= 500 or status == 429


def metadata_of(got: Fetched, entry: Entry | None, via: Mapping[str, str]) -> dict[str, str]:
    """The fields of a response's WARC metadata record, named as Heritrix names them."""
    fields = {"via": via[got.url]} if got.url in via else {}
    if entry is not None and entry.outlet:
        fields["outlet"] = entry.outlet
    fields["fetchTimeMs"] = str(got.fetch_ms)
    return fields


def listing_of(kind: str, got: Fetched) -> Listing:
    """Read a feed or sitemap as what it claims to be, else as the other kind."""
    parsers = (parse_feed, parse_sitemap) if kind == "feed" else (parse_sitemap, parse_feed)
    for parse in parsers:
        listing = parse(got.body, got.url)
        if listing.is_listing:
            return listing
    return Listing(is_listing=False)
