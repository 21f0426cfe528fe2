"""The crawl's worker threads: they only fetch; the main thread writes frontier and WARC."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from archive.capture.deadline import STOPPED
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
            raise FetchError("", STOPPED)

    return wait


def cut_by_stop(attempts: Attempts) -> bool:
    """True for a fetch the stopping crawl cut off: its URL stays queued for the next crawl."""
    return attempts.error is not None and attempts.error.reason == STOPPED


class Shield:
    """Stretches of the main thread a second signal must not cut: a WARC record being written,
    a page being stored, the index update after a round.

    Used by the main thread only (signal handlers run there), so it needs no lock.
    """

    def __init__(self) -> None:
        self._depth = 0
        self._pending = False

    @contextmanager
    def held(self) -> Iterator[None]:
        """Run the block whole; a second signal during it interrupts as the block ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0 and self._pending:
            self._pending = False
            raise KeyboardInterrupt

    def interrupt(self) -> None:
        """Interrupt now, outside a shielded block; at its end, inside one."""
        if self._depth:
            self._pending = True
            return
        raise KeyboardInterrupt


@contextmanager
def stopped_by_signals(halt: Callable[[], None], shield: Shield) -> Iterator[None]:
    """While in this block, SIGINT or SIGTERM calls `halt`; a second one interrupts (raises
    KeyboardInterrupt) at once, or where `shield` is held, as that stretch ends.

    Only the main thread can take signals; elsewhere this does nothing. The handler only
    writes to a pipe and a thread calls `halt`, so the handler never waits for a lock that
    the main thread, interrupted anywhere, may be holding.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read_fd, write_fd = os.pipe()

    def handler(signum: int, frame: FrameType | None) -> None:
        if received:
            shield.interrupt()
            return
        received.append(signum)
        os.write(write_fd, b"!")

    def watch() -> None:
        if os.read(read_fd, 1) == b"!":
            halt()

    watcher = threading.Thread(target=watch, name="crawl-signals", daemon=True)
    watcher.start()
    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before if before is not None else signal.SIG_DFL)
        os.write(write_fd, b".")
        watcher.join()
        os.close(read_fd)
        os.close(write_fd)


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
