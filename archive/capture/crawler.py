"""The crawl: feeds and sitemaps to article URLs, politely fetched, every response kept in WARC."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive.capture import workers
from archive.capture.discover import Listing, canonical_link, html_links
from archive.capture.fetch import Fetched, Fetcher
from archive.capture.frontier import DUPLICATE, REDIRECTED, SKIPPED, Entry, Frontier
from archive.capture.robots import Robots, apply_crawl_delay, fetch_robots
from archive.capture.workers import Attempts, HostHealth, fetch_all, stoppable
from archive.config import ArchiveConfig, OutletConfig
from archive.errors import WarcError
from archive.urls import canonical_url, host_of, on_hosts, origin_of, outlet_hosts
from archive.warc import Capture, WarcWriter, crawler_info, read_capture

OnCapture = Callable[[Capture, OutletConfig | None], bool]
SINGLE = ""  # the outlet name under which `urls=` pages that match no outlet are kept
_PRIORITY = {"single": 0, "feed": 1, "sitemap": 1, "start": 2, "canonical": 3, "article": 5}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Different hosts are fetched at once, up to this many; each host still gets one at a time.
_MAX_HOSTS_AT_ONCE = 4


@dataclass(frozen=True)
class CrawlProgress:
    """Counts for one outlet so far in this crawl."""

    outlet: str
    discovered: int = 0
    fetched: int = 0
    failed: int = 0
    new_articles: int = 0
    skipped: int = 0
    not_modified: int = 0
    paused_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrawlSummary:
    """What a crawl did: per-outlet counts, failures by reason, the WARC files written."""

    per_outlet: dict[str, CrawlProgress]
    failures: dict[str, int]
    warc_files: list[str]
    resumed: bool = False
    stopped: str = "done"
    paused_hosts: list[str] = field(default_factory=list)


@dataclass
class _Run:
    outlets: dict[str, OutletConfig | None]
    hosts: dict[str, frozenset[str]]
    on_capture: OnCapture
    progress: Callable[[CrawlProgress], None] | None
    counts: dict[str, CrawlProgress] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    robots: dict[str, Robots] = field(default_factory=dict)
    owners: dict[str, OutletConfig] = field(default_factory=dict)
    fetches: int = 0
    health: HostHealth = field(default_factory=lambda: HostHealth(5))
    via: dict[str, str] = field(default_factory=dict)  # URL -> the page that listed it


def crawl(
    config: ArchiveConfig,
    *,
    outlets: Sequence[OutletConfig] | None = None,
    urls: Sequence[str] = (),
    on_capture: OnCapture,
    progress: Callable[[CrawlProgress], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] | None = None,
) -> CrawlSummary:
    """Crawl outlets (all configured ones unless `urls` alone are given) and single `urls`.

    Raises:
        ArchiveError: the frontier or a WARC file cannot be opened or written.
    """
    chosen = list(config.outlets if outlets is None and not urls else outlets or ())
    stop = threading.Event()
    fetcher = Fetcher(config.crawl, clock=clock, sleep=stoppable(sleep or stop.wait, stop))
    with Frontier(config.frontier_path, config.crawl.retries) as frontier:
        run = _new_run(chosen, urls, on_capture, progress)
        run.owners = {h: o for o in config.outlets for h in outlet_hosts(o)}
        run.health = HostHealth(config.crawl.pause_after_failures)
        crawler = _Crawler(config, frontier, fetcher, run)
        try:
            resumed = frontier.start_run()
            crawler.seed(chosen, urls)
            crawler.replay_undelivered()
            stopped = crawler.loop(stop)
        finally:
            crawler.close()
    return CrawlSummary(
        per_outlet=dict(run.counts),
        failures=dict(run.failures),
        warc_files=crawler.warc_files,
        resumed=resumed,
        stopped=stopped,
        paused_hosts=list(run.health.paused),
    )


def _new_run(
    outlets: list[OutletConfig],
    urls: Sequence[str],
    on_capture: OnCapture,
    progress: Callable[[CrawlProgress], None] | None,
) -> _Run:
    run = _Run(
        {o.name: o for o in outlets},
        {o.name: outlet_hosts(o) for o in outlets},
        on_capture,
        progress,
    )
    if urls:
        run.outlets.setdefault(SINGLE, None)
        run.hosts[SINGLE] = frozenset(host_of(u) for u in urls)
    run.counts = {name: CrawlProgress(name) for name in run.outlets}
    return run


class _Crawler:
    def __init__(
        self, config: ArchiveConfig, frontier: Frontier, fetcher: Fetcher, run: _Run
    ) -> None:
        self.config = config
        self.frontier = frontier
        self.fetcher = fetcher
        self.run = run
        self.warc_files: list[str] = []
        self._warc: WarcWriter | None = None
        self._last_offset = -1

    def close(self) -> None:
        self.fetcher.close()
        if self._warc is not None:
            self._warc.close()

    def seed(self, outlets: list[OutletConfig], urls: Sequence[str]) -> None:
        for outlet in outlets:
            for kind, seeds in (
                ("feed", outlet.feeds),
                ("sitemap", outlet.sitemaps),
                ("start", outlet.start_urls),
            ):
                for url in seeds:
                    self._add(url, outlet.name, kind)
        for raw in urls:
            single = canonical_url(raw)
            if single is None:
                self._count(SINGLE, failed=1)
                self.run.failures["not an http(s) URL"] += 1
                continue
            self._add(single, SINGLE, "single")

    def replay_undelivered(self) -> None:
        """Hand on_capture the pages a killed crawl fetched but never delivered, from WARC."""
        for entry in self.frontier.undelivered(list(self.run.outlets)):
            try:
                capture = read_capture(Path(entry.warc_path or ""), entry.warc_offset or 0)
            except WarcError as exc:
                self.frontier.delivered(entry.url, f"lost from WARC ({exc.reason})")
                continue
            self._deliver(entry, capture)

    def loop(self, stop: threading.Event) -> str:
        """Fetch until the queue is empty or max_pages: one request in flight per host."""
        pool = ThreadPoolExecutor(_MAX_HOSTS_AT_ONCE, thread_name_prefix="crawl")
        try:
            return self._drive(pool)
        finally:
            # Interrupted (Ctrl+C, on_capture raising): workers waiting out a delay or a
            # Retry-After give up now; a fetch under way ends within its timeout.
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)

    def _drive(self, pool: ThreadPoolExecutor) -> str:
        # Only this thread touches the frontier and the WARC file; workers only fetch.
        names = list(self.run.outlets)
        flying: dict[Future[Attempts], Entry] = {}
        while True:
            limited = self.run.fetches >= self.config.crawl.max_pages
            # A paused host's URLs stay queued for the next run.
            busy = {e.host for e in flying.values()} | set(self.run.health.paused)
            heads = [] if limited else [e for e in self.frontier.heads(names) if e.host not in busy]
            if heads and len(flying) < _MAX_HOSTS_AT_ONCE:
                self._launch(pool, min(heads, key=self._urgency), flying)
                continue
            if not flying:
                if limited:
                    # Left open: the next crawl resumes this run instead of re-reading listings.
                    return "max_pages"
                self.frontier.finish_run()
                return "done"
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            for future in done:
                self._land(flying.pop(future), future.result())

    def _urgency(self, entry: Entry) -> tuple[float, int]:
        return (self.fetcher.wait_seconds(entry.host), _PRIORITY.get(entry.kind, 9))

    def _launch(
        self, pool: ThreadPoolExecutor, entry: Entry, flying: dict[Future[Attempts], Entry]
    ) -> None:
        """Check robots here, then hand the fetch itself to a worker thread."""
        robots = self._robots(entry.url)
        denial = robots.denial
        if denial is not None:
            # robots.txt unanswered (dead host, 5xx): the host's failure, counted as such.
            self._fail(entry, denial, transient=True)
            self._note_health(entry, failed=True)
            return self._report(entry)
        if not robots.allows(entry.url, self.config.crawl.user_agent):
            self.frontier.settle(entry.url, SKIPPED, "robots disallowed")
            self.run.failures["robots disallowed"] += 1
            self._count(entry.outlet, skipped=1)
            return self._report(entry)
        self.run.fetches += 1
        flying[pool.submit(fetch_all, self.fetcher, entry)] = entry

    def _land(self, entry: Entry, attempts: Attempts) -> None:
        """Write every attempt to WARC in order, then act on the last one."""
        for got in attempts.responses:
            self._write(got, entry)
        if attempts.error is not None:
            self._fail(entry, attempts.error.reason, transient=True)
        else:
            self._handle(entry, attempts.responses[-1])
        self._note_health(entry, workers.host_failed(attempts))
        self._report(entry)

    def _note_health(self, entry: Entry, failed: bool) -> None:
        if self.run.health.record(entry.host, failed):
            self.run.failures[self.run.health.reason] += 1
            now = self.run.counts[entry.outlet]
            self.run.counts[entry.outlet] = replace(
                now, paused_hosts=(*now.paused_hosts, entry.host)
            )

    def _report(self, entry: Entry) -> None:
        if self.run.progress is not None:
            self.run.progress(self.run.counts[entry.outlet])

    def _handle(self, entry: Entry, got: Fetched) -> None:
        if got.status == 304:
            self.frontier.not_modified(entry.url)
            if entry.kind == "sitemap":
                self.frontier.requeue_sitemaps(entry.outlet)
            return self._count(entry.outlet, not_modified=1)
        if got.truncated:
            return self._fail(entry, "too large", status=got.status)
        if 300 <= got.status < 400:
            return self._redirect(entry, got)
        if got.status >= 400:
            transient = got.status >= 500 or got.status == 429
            return self._fail(entry, f"http {got.status}", transient=transient, status=got.status)
        html = got.content_type in _HTML_TYPES
        deliver = html and entry.kind in ("article", "start", "single", "canonical")
        validators = (got.header("ETag"), got.header("Last-Modified"))
        warc = (str(self._warc.path) if self._warc else "", self._last_offset)
        self.frontier.fetched(entry.url, got.status, validators, warc, pending=deliver)
        self._count(entry.outlet, fetched=1)
        self._follow(entry, got, html)
        if not html and entry.kind not in ("feed", "sitemap"):
            self.frontier.delivered(entry.url, "not html")
            self.run.failures["not html"] += 1
            return self._count(entry.outlet, skipped=1)
        if deliver and not self._is_twin(entry, got):
            listed = entry.published or ""
            capture = replace(got.to_capture(), warc_path=warc[0], offset=warc[1], listed=listed)
            self._deliver(entry, capture)

    def _follow(self, entry: Entry, got: Fetched, html: bool) -> None:
        """Queue what a listing lists, or a start page's links (one level deep)."""
        if entry.kind in ("feed", "sitemap"):
            listing = workers.listing_of(entry.kind, got)
            with self.frontier.batch():
                self._add_listing(entry, listing)
        elif entry.kind == "start" and html:
            with self.frontier.batch():
                for url in html_links(got.body, entry.url):
                    self._add(url, entry.outlet, "article", via=entry.url)

    def _is_twin(self, entry: Entry, got: Fetched) -> bool:
        """True for a page whose rel=canonical is another page of the outlet (an AMP twin)."""
        canonical = canonical_link(got.body, entry.url)
        hosts = self.run.hosts.get(entry.outlet, frozenset())
        if canonical is None or canonical == entry.url or not on_hosts(canonical, hosts):
            return False
        if canonical.split("/", 3)[-1] in ("", "/") or entry.kind == "single":
            return False
        known = self.frontier.get(canonical)
        if known is not None and known.state == DUPLICATE:
            return False
        self._add(canonical, entry.outlet, "canonical", via=entry.url)
        self.frontier.settle(entry.url, DUPLICATE, f"canonical {canonical}")
        self.frontier.delivered(entry.url)
        self._count(entry.outlet, skipped=1)
        return True

    def _deliver(self, entry: Entry, capture: Capture) -> None:
        outlet = self.run.outlets.get(entry.outlet)
        if entry.outlet == SINGLE:
            outlet = self.run.owners.get(entry.host) or self.run.owners.get(
                entry.host.split(":")[0]
            )
        is_new = self.run.on_capture(capture, outlet)
        self.frontier.delivered(entry.url)
        self._count(entry.outlet, new_articles=int(bool(is_new)))

    def _redirect(self, entry: Entry, got: Fetched) -> None:
        target = canonical_url(got.header("Location") or "", entry.url)
        hosts = self.run.hosts.get(entry.outlet, frozenset())
        if target is None:
            return self._fail(entry, "redirect without location", status=got.status)
        if not on_hosts(target, hosts):
            return self._fail(entry, "off-site redirect", status=got.status)
        self.frontier.settle(entry.url, REDIRECTED, f"to {target}")
        self._count(entry.outlet, fetched=1)
        rank = min(_PRIORITY[entry.kind], 3)
        self._add(target, entry.outlet, entry.kind, priority=rank, via=entry.url)

    def _add_listing(self, entry: Entry, listing: Listing) -> None:
        via = entry.url
        for sitemap in listing.sitemaps:
            self._add(sitemap, entry.outlet, "sitemap", via=via)
        for link in listing.links:
            day, changed = link.published, link.updated or link.published
            self._add(link.url, entry.outlet, "article", published=day, changed=changed, via=via)

    def _add(
        self,
        url: str,
        outlet: str,
        kind: str,
        *,
        priority: int | None = None,
        published: str | None = None,
        changed: str | None = None,
        via: str | None = None,
    ) -> None:
        canonical = canonical_url(url)
        if canonical is None or not on_hosts(canonical, self.run.hosts.get(outlet, frozenset())):
            return
        if via is not None:
            self.run.via.setdefault(canonical, via)
        rank = _PRIORITY[kind] if priority is None else priority
        host = host_of(canonical)
        if self.frontier.add(canonical, outlet, host, kind, rank, published, changed):
            self._count(outlet, discovered=1)

    def _robots(self, url: str) -> Robots:
        origin = origin_of(url)
        cached = self.run.robots.get(origin)
        if cached is not None:
            return cached
        saved = self.frontier.robots(origin)
        if saved is not None:
            robots = Robots(origin, *saved)
        else:
            robots = fetch_robots(self.fetcher, origin, record=self._write)
            self.frontier.save_robots(origin, robots.status, robots.text, robots.reason)
            for sitemap in robots.sitemaps():
                self._add_robots_sitemap(sitemap)
        apply_crawl_delay(self.fetcher, robots, host_of(url))
        self.run.robots[origin] = robots
        return robots

    def _add_robots_sitemap(self, sitemap: str) -> None:
        for name, hosts in self.run.hosts.items():
            if name != SINGLE and on_hosts(sitemap, hosts):
                self._add(sitemap, name, "sitemap")

    def _write(self, got: Fetched, entry: Entry | None = None) -> None:
        """Append a response (and its request) to this crawl's WARC file.

        Raises:
            WarcError: the WARC folder or file cannot be written.
        """
        try:
            if self._warc is None:
                info = crawler_info(self.config.crawl.user_agent)
                self._warc = WarcWriter(self.config.warc_dir, info=info)
                self.warc_files.append(str(self._warc.path))
            capture = got.to_capture()
            if entry is not None and entry.published:
                capture = replace(capture, listed=entry.published)
            fields = workers.metadata_of(got, entry, self.run.via)
            if got.status == 304:
                self._last_offset = self._warc.write_revisit(capture, metadata=fields)
            else:
                cut = "length" if got.truncated else None
                self._last_offset = self._warc.write(capture, truncated=cut, metadata=fields)
        except OSError as exc:
            raise WarcError(str(self.config.warc_dir), exc.strerror or str(exc)) from exc

    def _fail(
        self, entry: Entry, reason: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        self.frontier.failed(entry.url, reason, transient=transient, status=status)
        self.run.failures[reason] += 1
        self._count(entry.outlet, failed=1)

    def _count(self, outlet: str, **deltas: int) -> None:
        now = self.run.counts.get(outlet) or CrawlProgress(outlet)
        changes = {k: getattr(now, k) + v for k, v in deltas.items()}
        self.run.counts[outlet] = replace(now, **changes)
