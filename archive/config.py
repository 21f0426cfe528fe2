"""The archive package's own configuration sections (read by web.config, passed down)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class OutletConfig:
    """One outlet to crawl: where it is at home and where its articles are listed."""

    name: str
    home: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    timezone: str | None = None
    hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrawlConfig:
    """Politeness and limits for the crawler."""

    user_agent: str = "DatelineArchiver/0.1 (+https://example.org/dateline; archive@example.org)"
    delay_seconds: float = 2.0
    timeout_seconds: float = 20.0
    max_pages: int = 1000
    max_page_bytes: int = 5 * 1024 * 1024
    retries: int = 3
    backoff_seconds: float = 1.0
    max_wait_seconds: float = 600.0
    pause_after_failures: int = 5
    max_redirects: int = 10
    max_sitemap_depth: int = 3
    max_queued_per_outlet: int = 100_000


@dataclass(frozen=True)
class ArchiveConfig:
    """Where the archive lives and which outlets it knows."""

    dir: Path = Path("data")
    outlets: tuple[OutletConfig, ...] = ()
    crawl: CrawlConfig = field(default_factory=CrawlConfig)

    @property
    def warc_dir(self) -> Path:
        """Folder of the raw WARC files: the source of truth."""
        return self.dir / "warc"

    @property
    def store_path(self) -> Path:
        """The SQLite document store."""
        return self.dir / "store.sqlite"

    @property
    def frontier_path(self) -> Path:
        """The crawler's SQLite frontier."""
        return self.dir / "frontier.sqlite"

    def outlet_named(self, name: str) -> OutletConfig | None:
        """Return the outlet with this name, if configured."""
        return next((o for o in self.outlets if o.name == name), None)
