"""Read config.toml once into typed, frozen sections; one clear error for a bad key or value."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive import ArchiveConfig, CrawlConfig, OutletConfig
from indexer import IndexConfig
from web.errors import WebError

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(WebError):
    """The config file is missing, not TOML, or has an unknown key or a bad value."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class WebConfig:
    """Where `dateline serve` listens, and the public URL that feed links start with."""

    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    base_url: str | None = None  # None: links follow the request's Host header
    # Processes that serve side by side (one per core: a search holds its process's core).
    workers: int = 2


@dataclass(frozen=True)
class AppConfig:
    """Every section, as read from one config file."""

    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    web: WebConfig = field(default_factory=WebConfig)
    path: Path | None = None


def config_for_dir(archive_dir: Path, **sections: Any) -> AppConfig:
    """Build a config in code (tests, tools): everything under `archive_dir`."""
    archive = ArchiveConfig(dir=archive_dir, **sections.pop("archive", {}))
    index = IndexConfig(dir=archive_dir / "index", **sections.pop("index", {}))
    return AppConfig(archive=archive, index=index, web=WebConfig(**sections.pop("web", {})))


def load_config(path: Path) -> AppConfig:
    """Read and check a config file; relative paths resolve against its folder.

    Raises:
        ConfigError: the file is missing, not valid TOML, or has an unknown key or bad value.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read the config file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML ({exc})") from exc
    return _build(path, raw)


def _build(path: Path, raw: dict[str, Any]) -> AppConfig:
    check = _Checker(path)
    check.keys("", raw, {"archive", "crawl", "web", "index", "entities", "outlets"})
    archive = check.section("archive", raw, {"dir"})
    crawl = check.section(
        "crawl",
        raw,
        {
            "user_agent",
            "delay_seconds",
            "timeout_seconds",
            "max_pages",
            "max_page_bytes",
            "retries",
            "backoff_seconds",
            "max_wait_seconds",
            "pause_after_failures",
            "max_redirects",
            "max_sitemap_depth",
            "max_queued_per_outlet",
        },
    )
    web = check.section("web", raw, {"host", "port", "threads", "base_url", "workers"})
    index = check.section(
        "index",
        raw,
        {"recency_boost", "procs", "writer_mb", "search_seconds", "max_expansions"},
    )
    entities = check.section("entities", raw, {"aliases", "stop"})
    archive_dir = path.parent / check.text("archive.dir", archive.get("dir", "data"))
    return AppConfig(
        archive=ArchiveConfig(
            dir=archive_dir,
            outlets=check.outlets(raw.get("outlets", [])),
            crawl=_crawl(check, crawl),
        ),
        index=IndexConfig(
            dir=archive_dir / "index",
            recency_boost=check.boolean("index.recency_boost", index.get("recency_boost", True)),
            procs=check.number("index.procs", index.get("procs", 2), int, 1, 64),
            writer_mb=check.number(
                "index.writer_mb", index.get("writer_mb", IndexConfig.writer_mb), int, 64, 65536
            ),
            search_seconds=check.number(
                "index.search_seconds",
                index.get("search_seconds", IndexConfig.search_seconds),
                float,
                0.1,
                3600,
            ),
            max_expansions=check.number(
                "index.max_expansions",
                index.get("max_expansions", IndexConfig.max_expansions),
                int,
                1,
                1_000_000,
            ),
            aliases=check.aliases("entities.aliases", entities.get("aliases", {})),
            stop=check.strings("entities.stop", entities.get("stop", [])),
        ),
        web=WebConfig(
            host=check.text("web.host", web.get("host", WebConfig.host)),
            port=check.number("web.port", web.get("port", WebConfig.port), int, 0, 65535),
            threads=check.number("web.threads", web.get("threads", WebConfig.threads), int, 1, 256),
            base_url=check.base_url("web.base_url", web.get("base_url")),
            workers=check.number("web.workers", web.get("workers", WebConfig.workers), int, 1, 64),
        ),
        path=path,
    )


def _crawl(check: _Checker, crawl: Mapping[str, Any]) -> CrawlConfig:
    default = CrawlConfig()
    return CrawlConfig(
        user_agent=check.text("crawl.user_agent", crawl.get("user_agent", default.user_agent)),
        delay_seconds=check.number(
            "crawl.delay_seconds", crawl.get("delay_seconds", default.delay_seconds), float, 0, 3600
        ),
        timeout_seconds=check.number(
            "crawl.timeout_seconds",
            crawl.get("timeout_seconds", default.timeout_seconds),
            float,
            0.1,
            600,
        ),
        max_pages=check.number(
            "crawl.max_pages", crawl.get("max_pages", default.max_pages), int, 1, 10_000_000
        ),
        max_page_bytes=check.number(
            "crawl.max_page_bytes",
            crawl.get("max_page_bytes", default.max_page_bytes),
            int,
            1024,
            1 << 30,
        ),
        retries=check.number("crawl.retries", crawl.get("retries", default.retries), int, 0, 20),
        backoff_seconds=check.number(
            "crawl.backoff_seconds",
            crawl.get("backoff_seconds", default.backoff_seconds),
            float,
            0,
            3600,
        ),
        max_wait_seconds=check.number(
            "crawl.max_wait_seconds",
            crawl.get("max_wait_seconds", default.max_wait_seconds),
            float,
            0,
            86400,
        ),
        pause_after_failures=check.number(
            "crawl.pause_after_failures",
            crawl.get("pause_after_failures", default.pause_after_failures),
            int,
            1,
            10_000,
        ),
        max_redirects=check.number(
            "crawl.max_redirects", crawl.get("max_redirects", default.max_redirects), int, 0, 100
        ),
        max_sitemap_depth=check.number(
            "crawl.max_sitemap_depth",
            crawl.get("max_sitemap_depth", default.max_sitemap_depth),
            int,
            0,
            100,
        ),
        max_queued_per_outlet=check.number(
            "crawl.max_queued_per_outlet",
            crawl.get("max_queued_per_outlet", default.max_queued_per_outlet),
            int,
            1,
            100_000_000,
        ),
    )


class _Checker:
    """Type checks that name the file, the key and the bad value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, f"{key}: {message}")

    def keys(self, where: str, table: Mapping[str, Any], allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                raise self.fail(name, f"unknown key; expected one of {sorted(allowed)}")

    def section(self, name: str, raw: Mapping[str, Any], allowed: set[str]) -> dict[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table like [" + name + "]")
        self.keys(name, value, allowed)
        return value

    def text(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, not {value!r}")
        return value

    def boolean(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def number(
        self, key: str, value: object, kind: Callable[[Any], Any], low: float, high: float
    ) -> Any:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if kind is int:
            ok = ok and isinstance(value, int)
        if not ok or not low <= value <= high:  # type: ignore[operator]
            kind_name = "whole number" if kind is int else "number"
            raise self.fail(key, f"must be a {kind_name} from {low:g} to {high:g}, not {value!r}")
        return kind(value)

    def base_url(self, key: str, value: object) -> str | None:
        if value is None:
            return None
        url = self.text(key, value).strip()
        try:
            parts = urlsplit(url)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a bad port or IPv6 address
            ok = False
        if not ok or parts.query or parts.fragment:
            raise self.fail(key, f'must be a URL like "https://news.example.org", not {value!r}')
        return url.rstrip("/")

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, f"must be a list of strings, not {value!r}")
        return tuple(value)

    def aliases(self, key: str, value: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict) or not all(
            isinstance(v, str) and v.strip() for v in value.values()
        ):
            raise self.fail(
                key, 'must be a table of names, like { "Mayor Pete" = "Pete Buttigieg" }'
            )
        return tuple(sorted(value.items()))

    def outlets(self, value: object) -> tuple[OutletConfig, ...]:
        if not isinstance(value, list):
            raise self.fail("outlets", "must be [[outlets]] tables")
        allowed = {"name", "home", "feeds", "sitemaps", "start_urls", "timezone", "hosts"}
        outlets = []
        for number, table in enumerate(value, 1):
            where = f"outlets[{number}]"
            if not isinstance(table, dict):
                raise self.fail(where, "must be a table")
            self.keys(where, table, allowed)
            outlets.append(self.outlet(where, table))
        names = [o.name for o in outlets]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise self.fail("outlets", f"name {duplicates[0]!r} is used twice")
        return tuple(outlets)

    def outlet(self, where: str, table: Mapping[str, Any]) -> OutletConfig:
        if "name" not in table:
            raise self.fail(where, "needs a name")
        home = table.get("home")
        if home is not None and (not isinstance(home, str) or "," not in home):
            raise self.fail(f"{where}.home", f'must be "City, ST", not {home!r}')
        zone = table.get("timezone")
        if zone is not None:
            try:
                ZoneInfo(self.text(f"{where}.timezone", zone))
            except (ZoneInfoNotFoundError, ValueError):
                raise self.fail(f"{where}.timezone", f"unknown time zone {zone!r}") from None
        return OutletConfig(
            name=self.text(f"{where}.name", table["name"]),
            home=home,
            feeds=self.strings(f"{where}.feeds", table.get("feeds", [])),
            sitemaps=self.strings(f"{where}.sitemaps", table.get("sitemaps", [])),
            start_urls=self.strings(f"{where}.start_urls", table.get("start_urls", [])),
            timezone=zone,
            hosts=self.strings(f"{where}.hosts", table.get("hosts", [])),
        )
