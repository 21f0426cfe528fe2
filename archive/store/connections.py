"""The store's SQLite connections: one a thread, opened on first use, all closed at once."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from archive import editorial
from archive.closing import Closing
from archive.errors import StoreError
from archive.store import layout, schema


class Connections(Closing):
    """The connections of a store at `path`, created and brought up to date when it opens."""

    def __init__(self, path: Path) -> None:
        """Open (and create if needed) the store at `path`.

        Raises:
            StoreError: the file cannot be opened or is not a Dateline store.
        """
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(str(path), f"cannot open the document store ({exc})") from exc
        self._connect()
        try:
            self._db.executescript(schema.SCHEMA + editorial.SCHEMA)
            schema.upgrade_refusals(self._db)
            if layout.needs_upgrade(self._db):
                schema.upgrade_layout(self._db)
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(str(path), f"cannot open the document store ({exc})") from exc

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        return db if db is not None else self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(str(self.path), "the document store is closed")
        try:
            # check_same_thread=False only so that close() may close every thread's connection.
            db = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(str(self.path), f"cannot open the document store ({exc})") from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # The JSON is compressed, so SQL reads a document's URL through this function.
            db.create_function("document_url", 1, layout.url_of, deterministic=True)
        except sqlite3.Error as exc:
            db.close()
            raise StoreError(str(self.path), f"cannot open the document store ({exc})") from exc
        self._local.db = db
        with self._connections_lock:
            self._connections.append(db)
        return db

    def close(self) -> None:
        """Close every thread's database connection."""
        with self._connections_lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for db in connections:
            db.close()

    @contextmanager
    def snapshot(self) -> Iterator[Self]:
        """A read-only Store that sees this one as it is now, however it changes meanwhile.

        Its counts, documents and last_seq agree with each other while an import writes: an
        index build reads each current document exactly once (one read transaction on a
        connection of its own; SQLite's WAL lets writers commit meanwhile).
        """
        view = type(self)(self.path)
        try:
            view._db.execute("BEGIN")
            view._db.execute("SELECT COUNT(*) FROM meta").fetchone()  # the snapshot starts here
            yield view
        finally:
            view._db.execute("ROLLBACK")
            view.close()
