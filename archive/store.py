"""The document store: SQLite, keyed by canonical URL, keeping every version of an article."""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import ParamSpec, TypeVar

from archive.document import Document
from archive.errors import BadDocument, StoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    is_article INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    day TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_seq ON documents (seq);
CREATE TABLE IF NOT EXISTS versions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    captured TEXT NOT NULL,
    content_key TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

_T = TypeVar("_T")
_P = ParamSpec("_P")


@contextmanager
def atomic(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one write transaction: committed when it ends, rolled back if it raises.

    For connections opened with isolation_level=None, where sqlite3's own `with db:` begins no
    transaction. BEGIN IMMEDIATE takes the write lock at once, so two writers wait for each other
    (busy timeout) instead of failing when a read would turn into a write.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _locked(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """Serialize a Store method: one connection is shared by a server's threads."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        store = args[0]
        assert isinstance(store, Store)
        with store._lock:
            return method(*args, **kwargs)

    return wrapper


class Store:
    """SQLite store of Documents; one writer at a time, many readers (WAL)."""

    def __init__(self, path: Path) -> None:
        """Open (and create if needed) the store at `path`.

        Raises:
            StoreError: the file cannot be opened or is not a Dateline store.
        """
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared by a web server's threads, serialized by a lock.
            self._db = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._lock = threading.RLock()
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(str(path), f"cannot open the document store ({exc})") from exc

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read-only Store that sees this one as it is now, however it changes meanwhile.

        Its counts, documents and last_seq agree with each other while an import writes: an
        index build reads each current document exactly once (one read transaction on a
        connection of its own; SQLite's WAL lets writers commit meanwhile).
        """
        view = Store(self.path)
        try:
            view._db.execute("BEGIN")
            view._db.execute("SELECT COUNT(*) FROM meta").fetchone()  # the snapshot starts here
            yield view
        finally:
            view._db.execute("ROLLBACK")
            view.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @_locked
    def put(self, doc: Document) -> str:
        """Store a document; return "new", "changed" (a new version) or "unchanged"."""
        with atomic(self._db):
            return self._put(doc)

    @_locked
    def put_many(
        self, docs: Iterable[Document], batch: int = 500, *, rederived: bool = True
    ) -> Counter[str]:
        """Store many documents in batched transactions; return counts by outcome.

        With `rederived` (documents parsed from captures: WARC import, reparse), a document
        captured when a stored version was is a re-derivation of that capture and replaces it.
        Without (JSON Lines), a document is unchanged when a stored version says the same,
        else it is a new version: nothing stored is overwritten.
        """
        counts: Counter[str] = Counter()
        pending: list[Document] = []
        for doc in docs:
            pending.append(doc)
            if len(pending) >= batch:
                counts.update(self._put_batch(pending, rederived))
                pending = []
        counts.update(self._put_batch(pending, rederived))
        return counts

    def _put_batch(self, docs: list[Document], rederived: bool = True) -> list[str]:
        if not docs:
            return []
        with atomic(self._db):
            return [self._put(doc, rederived) for doc in docs]

    def _put(self, doc: Document, rederived: bool = True) -> str:
        row = self._db.execute(
            "SELECT id, version FROM documents WHERE canonical_url = ?", (doc.canonical_url,)
        ).fetchone()
        captured = doc.captured or ""
        key = doc.content_key()
        if row is None:
            self._write_version(doc, 1, captured, key)
            self._write_current(doc, 1)
            return NEW
        doc_id, current = row
        if doc.id != doc_id:
            raise BadDocument(f"id {doc.id} does not match stored id {doc_id}")
        if rederived:
            same_capture = self._db.execute(
                "SELECT version, content_key FROM versions WHERE id = ? AND captured = ?",
                (doc_id, captured),
            ).fetchone()
            if same_capture is not None:
                return self._rederive(doc, same_capture, current, key)
        elif self._db.execute(
            "SELECT 1 FROM versions WHERE id = ? AND content_key = ?", (doc_id, key)
        ).fetchone():
            return UNCHANGED
        (current_key, current_captured) = self._db.execute(
            "SELECT content_key, captured FROM versions WHERE id = ? AND version = ?",
            (doc_id, current),
        ).fetchone()
        if current_key == key:
            return UNCHANGED
        # After every version kept: the current one need not be the last (a late older capture).
        (last,) = self._db.execute(
            "SELECT MAX(version) FROM versions WHERE id = ?", (doc_id,)
        ).fetchone()
        self._write_version(doc, last + 1, captured, key)
        if captured >= current_captured:
            self._write_current(doc, last + 1)
        return CHANGED

    def _rederive(
        self, doc: Document, same_capture: tuple[int, str], current: int, key: str
    ) -> str:
        # A re-derivation of a capture we have (reparse): replace it, make no new version.
        version, old_key = same_capture
        if old_key == key:
            return UNCHANGED
        self._write_version(doc, version, doc.captured or "", key)
        if version == current:
            self._write_current(doc, version)
        return CHANGED

    def _write_version(self, doc: Document, version: int, captured: str, key: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO versions (id, version, captured, content_key, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (doc.id, version, captured, key, doc.to_json()),
        )

    def _write_current(self, doc: Document, version: int) -> None:
        seq = self._next_seq()
        self._db.execute(
            "INSERT OR REPLACE INTO documents "
            "(id, canonical_url, seq, version, is_article, outlet, day, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.canonical_url,
                seq,
                version,
                int(doc.is_article),
                doc.outlet,
                doc.day,
                doc.to_json(),
            ),
        )

    def _next_seq(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    @_locked
    def get(self, doc_id: str) -> Document | None:
        """Return the current version of a document, or None if the id is unknown."""
        row = self._db.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _load(row[0]) if row else None

    @_locked
    def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        """Return the current versions of these documents, by id (unknown ids are absent)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Document] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for (data,) in self._db.execute(
                f"SELECT data FROM documents WHERE id IN ({marks})", chunk
            ):
                doc = _load(data)
                found[doc.id] = doc
        return found

    @_locked
    def versions(self, doc_id: str) -> list[Document]:
        """Return every stored version of a document, oldest first."""
        rows = self._db.execute(
            "SELECT data FROM versions WHERE id = ? ORDER BY version", (doc_id,)
        ).fetchall()
        return [_load(data) for (data,) in rows]

    def iter_documents(self, since_seq: int = 0, articles_only: bool = False) -> Iterator[Document]:
        """Yield current documents changed after `since_seq`, in change order (keyset pages)."""
        sql = "SELECT seq, data FROM documents WHERE seq > ?"
        if articles_only:
            sql += " AND is_article = 1"
        sql += " ORDER BY seq LIMIT 500"
        last = since_seq
        while True:
            with self._lock:
                rows = self._db.execute(sql, (last,)).fetchall()
            if not rows:
                return
            for seq, data in rows:
                last = seq
                yield _load(data)

    @_locked
    def count(self, since_seq: int = 0, articles_only: bool = False) -> int:
        """Count current documents changed after `since_seq`."""
        sql = "SELECT COUNT(*) FROM documents WHERE seq > ?"
        if articles_only:
            sql += " AND is_article = 1"
        return int(self._db.execute(sql, (since_seq,)).fetchone()[0])

    @_locked
    def article_ids(self) -> set[str]:
        """Return the ids of every current document that is an article."""
        rows = self._db.execute("SELECT id FROM documents WHERE is_article = 1")
        return {doc_id for (doc_id,) in rows}

    @_locked
    def last_seq(self) -> int:
        """Return the change counter of the newest change."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        return int(row[0]) if row else 0

    @_locked
    def outlet_counts(self) -> dict[str, int]:
        """Return the number of articles per outlet."""
        rows = self._db.execute(
            "SELECT outlet, COUNT(*) FROM documents WHERE is_article = 1 GROUP BY outlet"
        )
        return {outlet: int(n) for outlet, n in rows}

    @_locked
    def version_count(self) -> int:
        """Return the number of stored versions of all documents."""
        return int(self._db.execute("SELECT COUNT(*) FROM versions").fetchone()[0])


def _load(data: str) -> Document:
    return Document.from_dict(json.loads(data))
