"""The archive package's own configuration sections (read by web.config, passed down).

Each field that config.toml may set is declared once, here, with its default, its bounds and
its help text in the field's metadata (`setting(...)`); web.config reads every such field with
one loop. A new key is one field: `name: int = field(default=3, metadata=setting("...", low=1))`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The field-metadata key under which a field's Setting is stored.
SETTING = "dateline.setting"


@dataclass(frozen=True)
class Setting:
    """What config.toml may say in one field: help text, bounds, and a table if not the section's.

    The field's type says what the value is: str, bool, int, float, Path (relative to the
    config file), a list of strings (tuple[str, ...]), a table of names
    (tuple[tuple[str, str], ...]), or any of these `| None`. A field without a default is
    required. `check` takes the well-typed value and returns the value to keep (the same, or
    tidied), or raises ValueError saying what the value must be, as an argparse type does.
    """

    help_text: str
    low: float | None = None
    high: float | None = None
    table: str | None = None
    check: Callable[[Any], Any] | None = None


def setting(
    help_text: str,
    *,
    low: float | None = None,
    high: float | None = None,
    table: str | None = None,
    check: Callable[[Any], Any] | None = None,
) -> Mapping[str, Setting]:
    """Field metadata that makes a dataclass field a config key (see Setting)."""
    return {SETTING: Setting(help_text, low, high, table, check)}


def _city_state(home: str) -> str:
    if "," not in home:
        raise ValueError('must be "City, ST"')
    return home


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError('must be a time zone like "America/New_York"') from None
    return name


@dataclass(frozen=True)
class OutletConfig:
    """One outlet to crawl: where it is at home and where its articles are listed."""

    name: str = field(metadata=setting("the outlet's name, as results show it"))
    home: str | None = field(
        default=None,
        metadata=setting(
            'the outlet\'s home, "City, ST": evidence for ambiguous towns, and its time zone',
            check=_city_state,
        ),
    )
    feeds: tuple[str, ...] = field(
        default=(), metadata=setting("the outlet's RSS or Atom feed URLs")
    )
    sitemaps: tuple[str, ...] = field(default=(), metadata=setting("the outlet's sitemap URLs"))
    start_urls: tuple[str, ...] = field(
        default=(), metadata=setting("pages whose links are followed one level deep")
    )
    timezone: str | None = field(
        default=None,
        metadata=setting("the outlet's time zone, when not its home state's", check=_time_zone),
    )
    hosts: tuple[str, ...] = field(
        default=(), metadata=setting("the outlet's hosts; by default its feeds' and sitemaps'")
    )


@dataclass(frozen=True)
class CrawlConfig:
    """Politeness and limits for the crawler."""

    user_agent: str = field(
        default="DatelineArchiver/0.1 (+https://example.org/dateline; archive@example.org)",
        metadata=setting("how the crawler names itself: say who you are and how to reach you"),
    )
    delay_seconds: float = field(
        default=2.0,
        metadata=setting(
            "the wait between two requests to one host; a larger robots.txt Crawl-delay wins",
            low=0,
            high=3600,
        ),
    )
    timeout_seconds: float = field(
        default=20.0, metadata=setting("how long one request may take to answer", low=0.1, high=600)
    )
    max_pages: int = field(
        default=1000, metadata=setting("the most pages one run fetches", low=1, high=10_000_000)
    )
    max_page_bytes: int = field(
        default=5 * 1024 * 1024,
        metadata=setting(
            "the largest page stored; a larger one is recorded as failed", low=1024, high=1 << 30
        ),
    )
    retries: int = field(
        default=3,
        metadata=setting("retries of a 5xx or connection error, with backoff", low=0, high=20),
    )
    backoff_seconds: float = field(
        default=1.0,
        metadata=setting("the first wait before a retry; it doubles each time", low=0, high=3600),
    )
    max_wait_seconds: float = field(
        default=600.0,
        metadata=setting("the cap on Retry-After, Crawl-delay and backoff", low=0, high=86400),
    )
    pause_after_failures: int = field(
        default=5,
        metadata=setting(
            "failures in a row after which a host waits for the next run", low=1, high=10_000
        ),
    )
    max_redirects: int = field(
        default=10,
        metadata=setting("a longer redirect chain is recorded as failed", low=0, high=100),
    )
    max_sitemap_depth: int = field(
        default=3,
        metadata=setting(
            "sitemap indexes inside sitemap indexes, at most this deep", low=0, high=100
        ),
    )
    max_queued_per_outlet: int = field(
        default=100_000,
        metadata=setting(
            "URLs waiting per outlet; the rest of a listing waits for a later run",
            low=1,
            high=100_000_000,
        ),
    )


@dataclass(frozen=True)
class ArchiveConfig:
    """Where the archive lives and which outlets it knows."""

    dir: Path = field(
        default=Path("data"),
        metadata=setting("the folder of the WARC files, the store and the index"),
    )
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
