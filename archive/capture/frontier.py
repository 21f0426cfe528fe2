"""The crawl frontier in SQLite: every URL's state survives a killed crawl."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archive.capture import stamps
from archive.capture.crawl_lock import CrawlLock
from archive.closing import Closing
from archive.errors import ArchiveError
from archive.store import atomic

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    outlet TEXT NOT NULL,
    host TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    priority INTEGER NOT NULL,
    rank INTEGER NOT NULL,
    published TEXT,
    retries_left INTEGER NOT NULL,
    transient INTEGER NOT NULL DEFAULT 0,
    run INTEGER,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    warc_path TEXT,
    warc_offset INTEGER,
    delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS urls_queue ON urls (state, host, rank, id);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY, run INTEGER NOT NULL, status INTEGER NOT NULL, text TEXT, reason TEXT
);
"""

# Kinds re-read on every run (conditionally); pages are fetched once, ever.
LISTING_KINDS = frozenset({"feed", "sitemap", "start", "single"})
QUEUED, FETCHED, FAILED = "queued", "fetched", "failed"
REDIRECTED, DUPLICATE, SKIPPED = "redirected", "duplicate", "skipped"


@dataclass(frozen=True)
class Entry:
    """One URL in the frontier and what happened to it."""

    url: str
    outlet: str
    host: str
    kind: str
    state: str
    reason: str | None
    published: str | None
    etag: str | None
    last_modified: str | None
    status: int | None
    warc_path: str | None
    warc_offset: int | None
    delivered: bool


_ENTRY_COLUMNS = (
    "url, outlet, host, kind, state, reason, published, etag, last_modified, status,"
    " warc_path, warc_offset, delivered"
)


class Frontier(Closing):
    """URLs to crawl and their state, in SQLite at `path`; one crawl at a time holds it.

    Raises:
        CrawlRunning: another crawl holds it.
        ArchiveError: the file cannot be opened as a frontier.
    """

    def __init__(self, path: Path, retries: int = 3) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = CrawlLock(path.with_name(path.name + ".lock"))
        self.broken_lock = self._lock.broken
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._lock.close()
            raise ArchiveError(f"{path}: not a frontier database ({exc})") from exc
        self._retries = retries
        self.run = 0

    def close(self) -> None:
        """Close the database and let another crawl in."""
        self._db.close()
        self._lock.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many changes (a sitemap's thousands of URLs) into one transaction."""
        with atomic(self._db):
            yield

    def start_run(self, resume_hours: float = 12.0) -> bool:
        """Resume the last run if it never finished (and is recent), else start one.

        Queued pages stay queued either way; a new run re-reads listings and robots.txt.
        Returns True on resume.
        """
        row = self._db.execute(
            "SELECT id, finished, started FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is not None and row[1] is None and stamps.age_hours(row[2]) < resume_hours:
            self.run = int(row[0])
            return True
        cursor = self._db.execute("INSERT INTO runs (started) VALUES (?)", (stamps.now(),))
        self.run = int(cursor.lastrowid or 0)
        self._db.execute(
            "UPDATE urls SET state = ? WHERE state = ? AND transient = 1 AND retries_left > 0",
            (QUEUED, FAILED),
        )
        return False

    def finish_run(self) -> None:
        """Mark the current run finished: the next crawl re-reads feeds and sitemaps."""
        self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (stamps.now(), self.run))

    def add(
        self,
        url: str,
        outlet: str,
        host: str,
        kind: str,
        priority: int,
        published: str | None,
        changed: str | None = None,
    ) -> bool:
        """Queue a URL (newest first within a priority); listings are re-read on each run.

        A page fetched before `changed` (a listing's lastmod or updated date) is queued again.
        Returns True if the URL was queued.
        """
        rank = stamps.rank(priority, published)
        cursor = self._db.execute(
            "INSERT INTO urls (url, outlet, host, kind, state, priority, rank, published,"
            " retries_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            (url, outlet, host, kind, QUEUED, priority, rank, published, self._retries),
        )
        if cursor.rowcount:
            return True
        if kind == "single":
            return self._requeue_single(url, outlet, priority, rank)
        if kind not in LISTING_KINDS:
            return self._requeue_changed(url, changed)
        cursor = self._db.execute(
            "UPDATE urls SET state = ?, kind = ?, priority = MIN(priority, ?), rank = MIN(rank, ?)"
            " WHERE url = ? AND state != ? AND kind IN ('feed', 'sitemap', 'start', 'single')"
            " AND (run IS NULL OR run != ?)",
            (QUEUED, kind, priority, rank, url, QUEUED, self.run),
        )
        return bool(cursor.rowcount)

    def _requeue_single(self, url: str, outlet: str, priority: int, rank: int) -> bool:
        # Asked for by name: fetched again (conditionally), whoever found it first.
        cursor = self._db.execute(
            "UPDATE urls SET state = ?, kind = 'single', outlet = ?, priority = ?, rank = ?"
            " WHERE url = ? AND state != ? AND (run IS NULL OR run != ?)",
            (QUEUED, outlet, priority, rank, url, QUEUED, self.run),
        )
        return bool(cursor.rowcount)

    def requeue_sitemaps(self, outlet: str) -> None:
        """Queue an outlet's known sitemaps not yet read in this run.

        An unchanged sitemap index says nothing of its children, where new lastmods appear.
        """
        self._db.execute(
            "UPDATE urls SET state = ? WHERE outlet = ? AND kind = 'sitemap' AND state != ?"
            " AND (run IS NULL OR run != ?)",
            (QUEUED, outlet, QUEUED, self.run),
        )

    def _requeue_changed(self, url: str, changed: str | None) -> bool:
        # Fetched in an earlier run that started before the listing says the page changed:
        # asked again, conditionally (its ETag and Last-Modified are kept).
        since = stamps.utc_stamp(changed)
        if since is None:
            return False
        cursor = self._db.execute(
            "UPDATE urls SET state = ? WHERE url = ? AND state = ? AND run != ?"
            " AND run IN (SELECT id FROM runs WHERE started < ?)",
            (QUEUED, url, FETCHED, self.run, since),
        )
        return bool(cursor.rowcount)

    def queued(self, outlet: str) -> int:
        """Return how many URLs of this outlet wait to be fetched."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM urls WHERE state = ? AND outlet = ?", (QUEUED, outlet)
        ).fetchone()
        return int(row[0])

    def forget_validators(self, url: str) -> None:
        """Drop a URL's ETag and Last-Modified: the next fetch asks for it in full."""
        self._db.execute("UPDATE urls SET etag = NULL, last_modified = NULL WHERE url = ?", (url,))

    def heads(self, outlets: Collection[str]) -> list[Entry]:
        """Return the next queued URL of each host, for these outlets."""
        marks = ", ".join("?" for _ in outlets)
        hosts = self._db.execute(
            f"SELECT DISTINCT host FROM urls WHERE state = ? AND outlet IN ({marks})",
            (QUEUED, *outlets),
        ).fetchall()
        found = []
        for (host,) in hosts:
            row = self._db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM urls WHERE state = ? AND host = ?"
                f" AND outlet IN ({marks}) ORDER BY rank, id LIMIT 1",
                (QUEUED, host, *outlets),
            ).fetchone()
            if row is not None:
                found.append(_entry(row))
        return found

    def fetched_before_this_run(self, url: str) -> bool:
        """True for a URL fetched in an earlier run and not queued again in this one."""
        row = self._db.execute(
            "SELECT 1 FROM urls WHERE url = ? AND state = ? AND run != ?", (url, FETCHED, self.run)
        ).fetchone()
        return row is not None

    def get(self, url: str) -> Entry | None:
        """Return a URL's entry, if the frontier knows it."""
        row = self._db.execute(f"SELECT {_ENTRY_COLUMNS} FROM urls WHERE url = ?", (url,))
        found = row.fetchone()
        return _entry(found) if found is not None else None

    def fetched(
        self,
        url: str,
        status: int,
        validators: tuple[str | None, str | None],
        warc: tuple[str, int],
        *,
        pending: bool = False,
    ) -> None:
        """Record a fetch and where it lies in WARC; `pending` until on_capture has seen it."""
        self._db.execute(
            "UPDATE urls SET state = ?, status = ?, run = ?, reason = NULL, transient = 0,"
            " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
            " warc_path = ?, warc_offset = ?, delivered = ? WHERE url = ?",
            (FETCHED, status, self.run, *validators, *warc, int(not pending), url),
        )

    def not_modified(self, url: str) -> None:
        """Record a 304: the stored copy is still current."""
        self._db.execute(
            "UPDATE urls SET state = ?, status = 304, run = ?, delivered = 1 WHERE url = ?",
            (FETCHED, self.run, url),
        )

    def failed(
        self, url: str, reason: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        """Record a failure; a transient one is retried on a later run while retries are left."""
        self._db.execute(
            "UPDATE urls SET state = ?, reason = ?, transient = ?, status = COALESCE(?, status),"
            " run = ?, retries_left = retries_left - ? WHERE url = ?",
            (FAILED, reason, int(transient), status, self.run, int(transient), url),
        )

    def settle(self, url: str, state: str, reason: str) -> None:
        """Record a URL that needs no (further) fetch: redirected, duplicate, skipped."""
        self._db.execute(
            "UPDATE urls SET state = ?, reason = ?, run = ? WHERE url = ?",
            (state, reason, self.run, url),
        )

    def delivered(self, url: str, reason: str | None = None) -> None:
        """Record that the caller has seen this capture, or why it never will."""
        self._db.execute(
            "UPDATE urls SET delivered = 1, reason = COALESCE(?, reason) WHERE url = ?",
            (reason, url),
        )

    def undelivered(self, outlets: Collection[str]) -> list[Entry]:
        """Return fetched pages whose on_capture never returned (a crawl killed in between)."""
        marks = ", ".join("?" for _ in outlets)
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM urls WHERE state = ? AND delivered = 0"
            f" AND warc_path IS NOT NULL AND outlet IN ({marks}) ORDER BY id",
            (FETCHED, *outlets),
        ).fetchall()
        return [_entry(r) for r in rows]

    def robots(self, origin: str) -> tuple[int, str, str] | None:
        """Return (status, text, reason) of robots.txt as read in this run, if it was."""
        row = self._db.execute(
            "SELECT status, text, reason FROM robots WHERE origin = ? AND run = ?",
            (origin, self.run),
        ).fetchone()
        return (int(row[0]), row[1] or "", row[2] or "") if row is not None else None

    def save_robots(self, origin: str, status: int, text: str, reason: str) -> None:
        """Keep a host's robots.txt for the rest of this run (and its resumption)."""
        self._db.execute(
            "INSERT OR REPLACE INTO robots (origin, run, status, text, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            (origin, self.run, status, text, reason),
        )

    def states(self) -> dict[str, str]:
        """Return every URL's state (for reports and tests)."""
        return dict(self._db.execute("SELECT url, state FROM urls").fetchall())

    def reasons(self) -> dict[str, str]:
        """Return the reason of every failed or skipped URL."""
        rows = self._db.execute("SELECT url, reason FROM urls WHERE reason IS NOT NULL")
        return dict(rows.fetchall())


def crawl_report(path: Path) -> dict[str, object]:
    """The last crawl run, URLs by state and failures by reason, read without the crawl lock.

    Raises:
        ArchiveError: the file exists but is not a frontier database.
    """
    if not path.exists():
        return {"last_crawl": None, "urls": {}, "failures": {}}
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        with contextlib.closing(db):
            run = db.execute("SELECT started, finished FROM runs ORDER BY id DESC LIMIT 1")
            last = run.fetchone()
            states = db.execute("SELECT state, COUNT(*) FROM urls GROUP BY state").fetchall()
            failures = db.execute(
                "SELECT reason, COUNT(*) FROM urls WHERE state = ? GROUP BY reason ORDER BY 2 DESC",
                (FAILED,),
            ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: not a frontier database ({exc})") from exc
    return {
        "last_crawl": {"started": last[0], "finished": last[1]} if last else None,
        "urls": {state: int(n) for state, n in states},
        "failures": {str(reason): int(n) for reason, n in failures},
    }


def _entry(row: tuple[object, ...]) -> Entry:
    values = list(row)
    values[-1] = bool(values[-1])
    return Entry(*values)  # type: ignore[arg-type]
