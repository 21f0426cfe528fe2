"""The crawl: feeds and sitemaps to article URLs, politely fetched, every response kept in WARC."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path

from archive.capture import workers
from archive.capture.crawl_warc import CrawlWarc
from archive.capture.deadline import STOPPED
from archive.capture.discover import (
    MAX_SITEMAP_ENTRIES,
    Link,
    Listing,
    canonical_link,
    html_links,
)
from archive.capture.fetch import Fetched, Fetcher
from archive.capture.frontier import DUPLICATE, REDIRECTED, SKIPPED, Entry, Frontier
from archive.capture.robots import Robots, apply_crawl_delay, fetch_robots
from archive.capture.run import SINGLE, CrawlSummary, Run
from archive.capture.workers import Attempts, HostHealth, fetch_all
from archive.config import ArchiveConfig, OutletConfig
from archive.errors import WarcError
from archive.urls import canonical_url, host_of, on_hosts, origin_of, outlet_for
from archive.warc import Capture, read_capture

_PRIORITY = {"single": 0, "feed": 1, "sitemap": 1, "start": 2, "canonical": 3, "article": 5}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Different hosts are fetched at once, up to this many; each host still gets one at a time.
_MAX_HOSTS_AT_ONCE = 4
INTERRUPTED = "interrupted"


def crawl_round(
    config: ArchiveConfig,
    frontier: Frontier,
    fetcher: Fetcher,
    run: Run,
    stop: threading.Event,
    *,
    outlets: list[OutletConfig],
    urls: Sequence[str],
    shield: workers.Shield | None = None,
) -> CrawlSummary:
    """One crawl of `outlets` and `urls` on an open frontier, until done, max_pages or `stop`.

    What was fetched is kept whichever way it ends; a stopped round leaves the run open, so the
    next one resumes it (summary.stopped says how it ended).

    Raises:
        ArchiveError: the frontier or a WARC file cannot be written.
    """
    run.health = HostHealth(config.crawl.pause_after_failures)
    crawler = _Crawler(config, frontier, fetcher, run, shield or workers.Shield())
    try:
        resumed = frontier.start_run()
        crawler.seed(outlets, urls)
        crawler.replay_undelivered()
        stopped = crawler.loop(stop)
    finally:
        crawler.close()
    return CrawlSummary(
        per_outlet=dict(run.counts),
        failures=dict(run.failures),
        warc_files=crawler.warc.files,
        resumed=resumed,
        stopped=stopped,
        paused_hosts=list(run.health.paused),
    )


class _Crawler:
    def __init__(
        self,
        config: ArchiveConfig,
        frontier: Frontier,
        fetcher: Fetcher,
        run: Run,
        shield: workers.Shield,
    ) -> None:
        self.config = config
        self.shield = shield  # a second signal waits for a record or a delivery to end
        self.frontier = frontier
        self.fetcher = fetcher
        self.run = run
        self.warc = CrawlWarc(config, shield, run)

    def close(self) -> None:
        self.fetcher.close()
        self.warc.close()

    def seed(self, outlets: list[OutletConfig], urls: Sequence[str]) -> None:
        for outlet in outlets:
            for kind, seeds in (
                ("feed", outlet.feeds),
                ("sitemap", outlet.sitemaps),
                ("start", outlet.start_urls),
            ):
                for url in seeds:
                    canonical = canonical_url(url)
                    if canonical is not None:
                        self._add(canonical, outlet.name, kind)
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
            with self.shield.held():
                self._deliver(entry, capture)

    def loop(self, stop: threading.Event) -> str:
        """Fetch until the queue is empty, max_pages, or `stop`: one request in flight per host."""
        pool = ThreadPoolExecutor(_MAX_HOSTS_AT_ONCE, thread_name_prefix="crawl")
        try:
            return self._drive(pool, stop)
        finally:
            # Done, or interrupted (on_capture raising): workers waiting out a delay or a
            # Retry-After give up now, and fetches under way are cut off.
            stop.set()
            self.fetcher.abort()
            pool.shutdown(wait=True, cancel_futures=True)

    def _drive(self, pool: ThreadPoolExecutor, stop: threading.Event) -> str:
        # Only this thread touches the frontier and the WARC file; workers only fetch.
        names = list(self.run.outlets)
        flying: dict[Future[Attempts], Entry] = {}
        while True:
            stopping = stop.is_set()
            limited = stopping or self.run.fetches >= self.config.crawl.max_pages
            # A paused host's URLs stay queued for the next run.
            busy = {e.host for e in flying.values()} | set(self.run.health.paused)
            heads = [] if limited else [e for e in self.frontier.heads(names) if e.host not in busy]
            if heads and len(flying) < _MAX_HOSTS_AT_ONCE:
                self._launch(pool, min(heads, key=self._urgency), flying)
                continue
            if not flying:
                if stopping:
                    return INTERRUPTED
                if limited:
                    # Left open: the next crawl resumes this run instead of re-reading listings.
                    return "max_pages"
                self.frontier.finish_run()
                return "done"
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            for future in done:
                entry, attempts = flying.pop(future), future.result()
                if not workers.cut_by_stop(attempts):  # a cut-off URL stays queued
                    with self.shield.held():  # WARC, frontier and store agree
                        self._land(entry, attempts)

    def _urgency(self, entry: Entry) -> tuple[float, int]:
        return (self.fetcher.wait_seconds(entry.host), _PRIORITY.get(entry.kind, 9))

    def _launch(
        self, pool: ThreadPoolExecutor, entry: Entry, flying: dict[Future[Attempts], Entry]
    ) -> None:
        """Check robots here, then hand the fetch itself to a worker thread."""
        robots = self._robots(entry.url)
        if robots.reason == STOPPED:
            return  # the crawl is stopping: the URL stays queued
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
            self.warc.write(got, entry)
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
        warc = (self.warc.path, self.warc.last_offset)
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
                self._add_pages(entry, (Link(url) for url in html_links(got.body, entry.url)))

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
        if self.frontier.fetched_before_this_run(canonical):
            # The story moved here (its old address is not asked again): this page is its
            # current copy, stored under the canonical URL's id, corrections and all.
            return False
        self._add(canonical, entry.outlet, "canonical", via=entry.url)
        self.frontier.settle(entry.url, DUPLICATE, f"canonical {canonical}")
        self.frontier.delivered(entry.url)
        self._count(entry.outlet, skipped=1)
        return True

    def _deliver(self, entry: Entry, capture: Capture) -> None:
        outlet = self.run.outlets.get(entry.outlet)
        if entry.outlet == SINGLE:
            outlet = outlet_for(entry.url, self.config.outlets)
        is_new = self.run.on_capture(capture, outlet)
        self.frontier.delivered(entry.url)
        self._count(entry.outlet, new_articles=int(bool(is_new)))

    def _redirect(self, entry: Entry, got: Fetched) -> None:
        target = canonical_url(got.header("Location") or "", entry.url)
        hosts = self.run.hosts.get(entry.outlet, frozenset())
        hops = self.run.hops.get(entry.url, 0) + 1
        if target is None:
            return self._fail(entry, "redirect without location", status=got.status)
        if not on_hosts(target, hosts):
            return self._fail(entry, "off-site redirect", status=got.status)
        if hops > self.config.crawl.max_redirects:
            reason = f"more than {self.config.crawl.max_redirects} redirects"
            return self._fail(entry, reason, status=got.status)
        self.frontier.settle(entry.url, REDIRECTED, f"to {target}")
        self._count(entry.outlet, fetched=1)
        self.run.hops.setdefault(target, hops)
        if entry.kind == "sitemap":
            self.run.depth.setdefault(target, self.run.depth.get(entry.url, 0))
        rank = min(_PRIORITY[entry.kind], 3)
        self._add(target, entry.outlet, entry.kind, priority=rank, via=entry.url)

    def _add_listing(self, entry: Entry, listing: Listing) -> None:
        if listing.cut:
            self.run.failures[f"sitemap over {MAX_SITEMAP_ENTRIES} entries, rest ignored"] += 1
        depth = self.run.depth.get(entry.url, 0) + 1
        if listing.sitemaps and depth > self.config.crawl.max_sitemap_depth:
            self.run.failures[f"sitemap index nested over {depth - 1} deep"] += 1
        else:
            for sitemap in listing.sitemaps:
                self.run.depth.setdefault(sitemap, depth)
                self._add(sitemap, entry.outlet, "sitemap", via=entry.url)
        self._add_pages(entry, listing.links)

    def _add_pages(self, entry: Entry, links: Iterable[Link]) -> None:
        """Queue a listing's pages while the outlet has room (max_queued_per_outlet)."""
        room = self.config.crawl.max_queued_per_outlet - self.frontier.queued(entry.outlet)
        left_out = 0
        for link in links:
            if room <= 0:
                left_out += 1
                continue
            day, changed = link.published, link.updated or link.published
            url, outlet = link.url, entry.outlet
            room -= self._add(url, outlet, "article", published=day, changed=changed, via=entry.url)
        if left_out:
            self.run.failures["not queued: the outlet's queue is full"] += left_out
            # Read in full again next run, when the queue has room, not answered 304.
            self.frontier.forget_validators(entry.url)

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
    ) -> bool:
        """Queue a canonical URL of this outlet's hosts; True if it was queued."""
        # Every caller passes a canonical URL: listings, links and Locations come out of
        # canonical_url, and canonicalizing each of a sitemap's 50,000 URLs twice costs seconds.
        if not on_hosts(url, self.run.hosts.get(outlet, frozenset())):
            return False
        if via is not None:
            self.run.via.setdefault(url, via)
        rank = _PRIORITY[kind] if priority is None else priority
        if not self.frontier.add(url, outlet, host_of(url), kind, rank, published, changed):
            return False
        self._count(outlet, discovered=1)
        return True

    def _robots(self, url: str) -> Robots:
        origin = origin_of(url)
        cached = self.run.robots.get(origin)
        if cached is not None:
            return cached
        saved = self.frontier.robots(origin)
        if saved is not None:
            robots = Robots(origin, *saved)
        else:
            robots = fetch_robots(self.fetcher, origin, record=self.warc.write)
            if robots.reason == STOPPED:
                return robots  # never kept: the crawl that resumes this one asks again
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

    def _fail(
        self, entry: Entry, reason: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        self.frontier.failed(entry.url, reason, transient=transient, status=status)
        self.run.failures[reason] += 1
        self._count(entry.outlet, failed=1)

    def _count(self, outlet: str, **deltas: int) -> None:
        self.run.count(outlet, **deltas)
