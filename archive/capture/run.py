"""One crawl run: what it crawls, what it has counted so far, and the summary it reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from archive.capture.robots import Robots
from archive.capture.workers import HostHealth
from archive.config import OutletConfig
from archive.urls import host_of, outlet_hosts
from archive.warc import Capture

OnCapture = Callable[[Capture, OutletConfig | None], bool]
SINGLE = ""  # the outlet name under which `urls=` pages that match no outlet are kept
_PRIORITY = {"single": 0, "feed": 1, "sitemap": 1, "start": 2, "canonical": 3, "article": 5}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Different hosts are fetched at once, up to this many; each host still gets one at a time.
_MAX_HOSTS_AT_ONCE = 4
INTERRUPTED = "interrupted"


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
    """What a crawl did: per-outlet counts, failures by reason, the WARC files written.

    `broken_lock` is the pid of a crawl that died holding the archive's lock, if one had;
    `seconds` is how long the crawl took.
    """

    per_outlet: dict[str, CrawlProgress]
    failures: dict[str, int]
    warc_files: list[str]
    resumed: bool = False
    stopped: str = "done"
    paused_hosts: list[str] = field(default_factory=list)
    broken_lock: int | None = None
    seconds: float = 0.0


@dataclass
class Run:
    """The crawl's state in memory: outlets and hosts, counts, robots.txt read, bounds."""

    outlets: dict[str, OutletConfig | None]
    hosts: dict[str, frozenset[str]]
    on_capture: OnCapture
    progress: Callable[[CrawlProgress], None] | None
    counts: dict[str, CrawlProgress] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    robots: dict[str, Robots] = field(default_factory=dict)
    fetches: int = 0
    health: HostHealth = field(default_factory=lambda: HostHealth(5))
    via: dict[str, str] = field(default_factory=dict)  # URL -> the page that listed it
    # Counted in this run only (a resumed crawl counts afresh): bounds, not bookkeeping.
    depth: dict[str, int] = field(default_factory=dict)  # sitemap -> indexes above it
    hops: dict[str, int] = field(default_factory=dict)  # URL -> redirects that led to it

    def count(self, outlet: str, **deltas: int) -> None:
        """Add to an outlet's counts (discovered=1, failed=1...)."""
        now = self.counts.get(outlet) or CrawlProgress(outlet)
        changes = {k: getattr(now, k) + v for k, v in deltas.items()}
        self.counts[outlet] = replace(now, **changes)


def new_run(
    outlets: list[OutletConfig],
    urls: Sequence[str],
    on_capture: OnCapture,
    progress: Callable[[CrawlProgress], None] | None,
) -> Run:
    """A run of these outlets, and of single `urls` under the SINGLE outlet."""
    run = Run(
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
