"""The crawl's worker threads: they only fetch; the main thread writes frontier and WARC."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.errors import FetchError
from archive.fetch import Fetched, Fetcher
from archive.frontier import Entry


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
