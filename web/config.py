"""Read config.toml once into typed, frozen sections; one clear error for a bad key or value.

Every key is declared once, as a field of its section with `setting(...)` metadata (see
archive.config); this module reads them all with one loop. A new section is a dataclass, its
table in SECTIONS and its place in AppConfig.
"""

from __future__ import annotations

import tomllib
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, get_args, get_type_hints
from urllib.parse import urlsplit

from archive import SETTING, ArchiveConfig, CrawlConfig, OutletConfig, Setting, setting
from indexer import IndexConfig
from web.errors import WebError

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(WebError):
    """The config file is missing, not TOML, or has an unknown key or a bad value."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def _web_url(url: str) -> str:
    """Check a public base URL and return it without its trailing slash."""
    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a bad port or IPv6 address
        ok = False
    if not ok or parts.query or parts.fragment:
        raise ValueError('must be a URL like "https://news.example.org"')
    return url.strip().rstrip("/")


@dataclass(frozen=True)
class WebConfig:
    """Where `dateline serve` listens, and the public URL that feed links start with."""

    host: str = field(
        default="127.0.0.1", metadata=setting("the address dateline serve listens on")
    )
    port: int = field(
        default=8000, metadata=setting("the port dateline serve listens on", low=0, high=65535)
    )
    threads: int = field(
        default=8,
        metadata=setting("requests each dateline serve process answers at once", low=1, high=256),
    )
    workers: int = field(
        default=2,
        metadata=setting(
            "dateline serve processes side by side (a search holds its process's core); "
            "1 where there is no fork()",
            low=1,
            high=64,
        ),
    )
    base_url: str | None = field(
        default=None,
        metadata=setting(
            "the public URL feed links start with; unset: the request's host", check=_web_url
        ),
    )


@dataclass(frozen=True)
class AppConfig:
    """Every section, as read from one config file."""

    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    web: WebConfig = field(default_factory=WebConfig)
    path: Path | None = None


# Readers: each returns the TOML value as its declared type, or raises ValueError saying what
# the value must be.


def _text(value: object, _: Setting) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _path(value: object, limits: Setting) -> Path:
    return Path(_text(value, limits))


def _boolean(value: object, _: Setting) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _number(value: object, limits: Setting) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and _within(value, limits):
        return float(value)
    raise ValueError("must be a number" + _range(limits))


def _whole(value: object, limits: Setting) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and _within(value, limits):
        return value
    raise ValueError("must be a whole number" + _range(limits))


def _within(value: float, limits: Setting) -> bool:
    low = -float("inf") if limits.low is None else limits.low
    high = float("inf") if limits.high is None else limits.high
    return low <= value <= high


def _range(limits: Setting) -> str:
    if limits.low is not None and limits.high is not None:
        return f" from {limits.low:g} to {limits.high:g}"
    if limits.low is not None:
        return f" of at least {limits.low:g}"
    return f" of at most {limits.high:g}" if limits.high is not None else ""


def _strings(value: object, _: Setting) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _names(value: object, _: Setting) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and v.strip() for v in value.values()
    ):
        raise ValueError('must be a table of names, like { "Mayor Pete" = "Pete Buttigieg" }')
    return tuple(sorted(value.items()))


# How a value of each declared type is read from TOML.
_READERS: dict[object, Callable[[object, Setting], Any]] = {
    str: _text,
    Path: _path,
    bool: _boolean,
    float: _number,
    int: _whole,
    tuple[str, ...]: _strings,
    tuple[tuple[str, str], ...]: _names,
}


@dataclass(frozen=True)
class Key:
    """One declared config key: its table in config.toml and the section field it fills."""

    table: str
    name: str
    section: type
    default: object  # dataclasses.MISSING when the key is required
    setting: Setting
    read: Callable[[object, Setting], Any]  # reads a TOML value of that kind (None aside)

    def __str__(self) -> str:
        return f"{self.table}.{self.name}"


def section_keys(section: type, table: str) -> tuple[Key, ...]:
    """The declared keys of a section class, each in `table` unless its setting names another.

    Raises:
        TypeError: a key's type has no reader (a programming error, caught at import).
    """
    kinds = get_type_hints(section)
    keys = []
    for f in fields(section):
        if not isinstance(meta := f.metadata.get(SETTING), Setting):
            continue
        kind = kinds[f.name]
        optional = get_args(kind) if isinstance(kind, types.UnionType) else ()
        plain = next((k for k in optional if k is not type(None)), kind)
        if plain not in _READERS:
            raise TypeError(f"{section.__name__}.{f.name}: config cannot read a {kind}")
        default = f.default if f.default_factory is MISSING else f.default_factory()
        keys.append(Key(meta.table or table, f.name, section, default, meta, _READERS[plain]))
    return tuple(keys)


# Each section class and the [table] of config.toml that holds its keys.
SECTIONS: dict[type, str] = {
    ArchiveConfig: "archive",
    CrawlConfig: "crawl",
    IndexConfig: "index",
    WebConfig: "web",
}
OUTLETS = "outlets"  # [[outlets]]: an array of tables, one OutletConfig each
KEYS = tuple(key for section, table in SECTIONS.items() for key in section_keys(section, table))
TABLES = {
    table: tuple(k for k in KEYS if k.table == table)
    for table in dict.fromkeys(k.table for k in KEYS)
}
OUTLET_KEYS = section_keys(OutletConfig, OUTLETS)


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
    read = _Reader(path)
    read.only_known("", raw, [*TABLES, OUTLETS])
    values: dict[type, dict[str, Any]] = {section: {} for section in SECTIONS}
    for table, keys in TABLES.items():
        given = raw.get(table, {})
        if not isinstance(given, dict):
            raise read.fail(table, f"must be a table like [{table}]")
        for key, value in read.table(table, given, keys):
            values[key.section][key.name] = value
    archive = ArchiveConfig(
        **values[ArchiveConfig],
        crawl=CrawlConfig(**values[CrawlConfig]),
        outlets=read.outlets(raw.get(OUTLETS, [])),
    )
    return AppConfig(
        archive=archive,
        index=IndexConfig(**values[IndexConfig], dir=archive.dir / "index"),
        web=WebConfig(**values[WebConfig]),
        path=path,
    )


class _Reader:
    """Reads declared keys; each error names the file, the key and the bad value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, f"{key}: {message}")

    def only_known(self, where: str, given: Mapping[str, Any], names: Sequence[str]) -> None:
        for name in given:
            if name not in names:
                key = f"{where}.{name}" if where else name
                raise self.fail(key, f"unknown key; expected one of {sorted(names)}")

    def table(
        self, where: str, given: Mapping[str, Any], keys: Sequence[Key]
    ) -> list[tuple[Key, Any]]:
        """Each key with its value: read from the table, else its default (paths resolved)."""
        self.only_known(where, given, [key.name for key in keys])
        values = []
        for key in keys:
            if key.name in given:
                value = self.value(f"{where}.{key.name}", key, given[key.name])
            elif key.default is MISSING:
                raise self.fail(where, f"needs a {key.name} ({key.setting.help_text})")
            else:
                value = key.default
            values.append((key, self.path.parent / value if isinstance(value, Path) else value))
        return values

    def value(self, name: str, key: Key, value: object) -> Any:
        try:
            result = key.read(value, key.setting)
            return key.setting.check(result) if key.setting.check else result
        except ValueError as exc:  # a reader's or check's: what the value must be
            problem = f"{exc}, not {value!r} ({key.setting.help_text})"
            raise self.fail(name, problem) from None

    def outlets(self, given: object) -> tuple[OutletConfig, ...]:
        if not isinstance(given, list):
            raise self.fail(OUTLETS, "must be [[outlets]] tables")
        outlets = []
        for number, table in enumerate(given, 1):
            where = f"{OUTLETS}[{number}]"
            if not isinstance(table, dict):
                raise self.fail(where, "must be a table")
            values = self.table(where, table, OUTLET_KEYS)
            outlets.append(OutletConfig(**{key.name: value for key, value in values}))
        names = [o.name for o in outlets]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise self.fail(OUTLETS, f"name {duplicates[0]!r} is used twice")
        return tuple(outlets)
