"""Crawling an archive once, or round after round, holding its lock; stopped by a signal.

A repeating crawl holds the archive's lock for its whole life, the waits between rounds
included, rather than taking it again each round: the operator who starts `dateline crawl`
while the service runs is told at once that a crawl is running (and its pid), never half an
hour later when a round fails to start; and the caller's index update runs inside the lock
after each round, so it can never meet another crawl's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from types import TracebackType

from archive.capture import workers
from archive.capture.crawler import INTERRUPTED, crawl_round
from archive.capture.fetch import Fetcher
from archive.capture.frontier import Frontier
from archive.capture.run import CrawlProgress, CrawlSummary, OnCapture, new_run
from archive.config import ArchiveConfig, OutletConfig

OnRound = Callable[[CrawlSummary], None]
Progress = Callable[[CrawlProgress], None]


def crawl(
    config: ArchiveConfig,
    *,
    outlets: Sequence[OutletConfig] | None = None,
    urls: Sequence[str] = (),
    on_capture: OnCapture,
    on_done: OnRound | None = None,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] | None = None,
) -> CrawlSummary:
    """Crawl outlets (all configured ones unless `urls` alone are given) and single `urls`.

    SIGINT or SIGTERM (in the main thread) stops the crawl: requests under way are cut off,
    what was fetched is kept, and the next crawl resumes this one. `on_done` gets the summary
    of a crawl that was not stopped while the archive's lock is still held (an index update
    there cannot collide with another crawl's).

    Raises:
        KeyboardInterrupt: SIGINT or SIGTERM stopped the crawl (its state is saved).
        CrawlRunning: another crawl of this archive is running.
        ArchiveError: the frontier or a WARC file cannot be opened or written.
    """
    with _Session(config, outlets, urls, on_capture, progress, clock, sleep) as session:
        summary = session.round()
        if summary.stopped == INTERRUPTED:
            raise KeyboardInterrupt
        if on_done is not None:
            on_done(summary)
    return summary


def crawl_every(
    config: ArchiveConfig,
    every_seconds: float,
    *,
    outlets: Sequence[OutletConfig] | None = None,
    urls: Sequence[str] = (),
    on_capture: OnCapture,
    on_round: OnRound,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """Crawl as crawl() does, round after round, until SIGINT or SIGTERM; return the rounds run.

    A round starts `every_seconds` after the last one started (at once if that one took
    longer). `on_round` gets each round's summary under the archive's lock, which is held
    from the start to the end, waits included. A signal during a wait ends it at once; one
    during a round stops that round as it stops crawl() (summary.stopped is "interrupted"),
    and on_round still sees it before this returns.

    Raises:
        KeyboardInterrupt: a second signal came before the first had stopped the crawl.
        CrawlRunning: another crawl of this archive is running.
        ArchiveError: the frontier or a WARC file cannot be opened or written.
    """
    with _Session(config, outlets, urls, on_capture, progress, clock, sleep) as session:
        while True:
            started = clock()
            summary = session.round()
            on_round(summary)
            if summary.stopped == INTERRUPTED:
                return session.rounds
            if session.wait(every_seconds - (clock() - started)):
                return session.rounds


class _Stopper:
    """A signal's effect: the round under way is cut off, a wait ends, no round starts."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self._lock = threading.Lock()
        self._round: tuple[threading.Event, Fetcher] | None = None

    def halt(self) -> None:
        """Stop: called from the signal watcher thread."""
        with self._lock:
            self.requested.set()
            current = self._round
        if current is not None:
            _cut(*current)

    def begin(self, stop: threading.Event, fetcher: Fetcher) -> None:
        """A round starts (cut off at once if a signal came before it)."""
        with self._lock:
            self._round = (stop, fetcher)
            requested = self.requested.is_set()
        if requested:
            _cut(stop, fetcher)

    def end(self) -> None:
        """The round has ended."""
        with self._lock:
            self._round = None


def _cut(stop: threading.Event, fetcher: Fetcher) -> None:
    stop.set()
    fetcher.abort()


class _Session:
    """The archive's frontier and lock, held for one crawl or for every round of one."""

    def __init__(
        self,
        config: ArchiveConfig,
        outlets: Sequence[OutletConfig] | None,
        urls: Sequence[str],
        on_capture: OnCapture,
        progress: Progress | None,
        clock: Callable[[], float],
        sleep: Callable[[float], None] | None,
    ) -> None:
        self.config = config
        self.outlets = list(config.outlets if outlets is None and not urls else outlets or ())
        self.urls = urls
        self.on_capture = on_capture
        self.progress = progress
        self.clock = clock
        self.sleep = sleep
        self.stopper = _Stopper()
        self.rounds = 0
        self._last_fetcher: Fetcher | None = None
        self._held = ExitStack()

    def __enter__(self) -> _Session:
        with ExitStack() as stack:
            path, retries = self.config.frontier_path, self.config.crawl.retries
            self.frontier = stack.enter_context(Frontier(path, retries))
            stack.enter_context(workers.stopped_by_signals(self.stopper.halt))
            self._held = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._held.close()

    def round(self) -> CrawlSummary:
        """Crawl once; a signal cuts this round off (see summary.stopped)."""
        started = self.clock()
        stop = threading.Event()
        sleep = workers.stoppable(self.sleep or stop.wait, stop)
        fetcher = Fetcher(self.config.crawl, clock=self.clock, sleep=sleep)
        if self._last_fetcher is not None:
            fetcher.keep_pace(self._last_fetcher)
        self._last_fetcher = fetcher
        run = new_run(self.outlets, self.urls, self.on_capture, self.progress)
        self.stopper.begin(stop, fetcher)
        try:
            summary = crawl_round(
                self.config, self.frontier, fetcher, run, stop, outlets=self.outlets, urls=self.urls
            )
        finally:
            self.stopper.end()
        broken = self.frontier.broken_lock if self.rounds == 0 else None
        self.rounds += 1
        return replace(summary, broken_lock=broken, seconds=self.clock() - started)

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for the next round; True if a signal came (stop now)."""
        if seconds > 0 and not self.stopper.requested.is_set():
            (self.sleep or self.stopper.requested.wait)(seconds)
        return self.stopper.requested.is_set()
