"""The document store: SQLite, keyed by canonical URL, keeping every version of an article.

Beside what is derived from the pages, it keeps the archivist's records (archive/editorial.py):
corrections, applied to every Document it returns, and takedowns, which it reports.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from archive import editorial, store_layout
from archive.corrections import Asked, Change, Correction, Fix, Signed, apply_corrections
from archive.document import Document
from archive.editorial import AuditEntry, Takedown, Takedowns
from archive.errors import (
    AlreadyCorrected,
    BadCorrection,
    BadDocument,
    StoreError,
    UnknownArticle,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    is_article INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    day TEXT
);
CREATE INDEX IF NOT EXISTS documents_seq ON documents (seq);
CREATE TABLE IF NOT EXISTS versions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    captured TEXT NOT NULL,
    content_key TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS captures (
    warc TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    url TEXT NOT NULL,
    captured TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (warc, offset)
);
CREATE INDEX IF NOT EXISTS captures_url ON captures (url, captured);
CREATE TABLE IF NOT EXISTS kept_articles (url TEXT PRIMARY KEY);
"""
# A refusal names the captures row of the refused response (NULL: not in the archive's WARCs)
# rather than repeating where it lives.
_REFUSALS = """
CREATE TABLE IF NOT EXISTS refusals (
    url TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    captured TEXT NOT NULL,
    warc TEXT,
    offset INTEGER,
    FOREIGN KEY (warc, offset) REFERENCES captures (warc, offset)
);
"""

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

# A document's current version: its row, and the JSON of that version.
_CURRENT = "documents d JOIN versions v ON v.id = d.id AND v.version = d.version"


@dataclass(frozen=True)
class CaptureRecord:
    """Where one archived HTTP response lives: a WARC file of the archive and an offset in it.

    `warc` is the file's name inside the archive's WARC folder (the folder may move);
    `length` is -1 when the writer did not say (a record written by our own crawl).
    """

    warc: str
    offset: int
    length: int
    url: str
    captured: str
    status: int
    content_type: str


@dataclass(frozen=True)
class Refusal:
    """A captured page the parser refused as not an article, and its capture's row.

    `warc` and `offset` are the key of its CaptureRecord (the file's name inside the archive's
    WARC folder); "" and -1 when the response is not in the archive's WARC files.
    """

    url: str
    reason: str
    captured: str
    warc: str = ""
    offset: int = -1


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


class Store:
    """SQLite store of Documents; one writer at a time, many readers (WAL).

    Each thread gets its own connection on first use, so a web server's threads read side by
    side instead of queueing for one connection. Every public method raises StoreError, never
    sqlite3.Error, when SQLite fails (the file locked past the timeout, a full disk, damage).
    """

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
            self._db.executescript(_SCHEMA + editorial.SCHEMA)
            self._upgrade_refusals()
            if store_layout.needs_upgrade(self._db):
                self._upgrade()
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(str(path), f"cannot open the document store ({exc})") from exc

    def _upgrade_refusals(self) -> None:
        """Create the refusals table, or move one that held WARC paths to capture keys."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(refusals)")}
        if columns and "warc_path" not in columns:
            return
        with atomic(self._db) as db:
            old = db.execute("SELECT * FROM refusals").fetchall() if columns else []
            db.execute("DROP TABLE IF EXISTS refusals")
            db.execute(_REFUSALS)
            db.executemany(
                "INSERT INTO refusals VALUES (?, ?, ?, ?, ?)",
                (
                    _refusal_row(Refusal(u, r, c, Path(p).name if p else "", o))
                    for u, r, c, p, o in old
                ),
            )

    def _upgrade(self) -> None:
        """Bring a store written before Dec 2026 to the current layout (store_layout)."""
        db = self._db
        while True:
            with atomic(db):
                if not store_layout.compress_batch(db):
                    break
        with atomic(db):
            store_layout.drop_copies(db)
        store_layout.give_back_space(db)

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
            db.create_function("document_url", 1, store_layout.url_of, deterministic=True)
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

    def put(self, doc: Document) -> str:
        """Store a document; return "new", "changed" (a new version) or "unchanged"."""
        with atomic(self._db):
            return self._put(doc)

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
        outcome = self._write(doc, rederived)
        # A takedown follows the story to every URL it is captured at (a moved story, a new
        # canonical URL): what a re-crawl brings back stays withdrawn.
        if editorial.follow_takedowns(self._db, doc):
            self._touch([doc.id])
        return outcome

    def _write(self, doc: Document, rederived: bool) -> str:
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
        # Not current + 1: a late older capture leaves `current` behind the highest number.
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
            (doc.id, version, captured, key, store_layout.pack(doc)),
        )

    def _write_current(self, doc: Document, version: int) -> None:
        seq = self._next_seq()
        self._db.execute(
            "INSERT OR REPLACE INTO documents "
            "(id, canonical_url, seq, version, is_article, outlet, day) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.canonical_url, seq, version, int(doc.is_article), doc.outlet, doc.day),
        )

    def _next_seq(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    def get(self, doc_id: str) -> Document | None:
        """Return the current version of a document, corrected; None if the id is unknown."""
        doc = self.derived(doc_id)
        if doc is None:
            return None
        found = editorial.load_corrections(self._db, [doc_id])
        return apply_corrections(doc, found.get(doc_id, ()))

    def derived(self, doc_id: str) -> Document | None:
        """Return the current version of a document as derived from its page, uncorrected."""
        row = self._db.execute(f"SELECT v.data FROM {_CURRENT} WHERE d.id = ?", (doc_id,))
        found = row.fetchone()
        return store_layout.unpack(found[0]) if found else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        """Return the current versions of these documents, corrected, by id (unknown: absent)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Document] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for (data,) in self._db.execute(
                f"SELECT v.data FROM {_CURRENT} WHERE d.id IN ({marks})", chunk
            ):
                doc = store_layout.unpack(data)
                found[doc.id] = doc
        fixes = editorial.load_corrections(self._db, list(found))
        return {i: apply_corrections(d, fixes.get(i, ())) for i, d in found.items()}

    def lookup(self, ref: str) -> Document:
        """Return the current document (corrected) that an id, URL or canonical URL names.

        Raises:
            UnknownArticle: no stored document has it.
        """
        for doc_id in editorial.candidate_ids(self._db, ref.strip()):
            if (doc := self.get(doc_id)) is not None:
                return doc
        raise UnknownArticle(ref.strip())

    def corrections(self, doc_id: str) -> list[Correction]:
        """Return the corrections of a document, in the order they apply."""
        return editorial.load_corrections(self._db, [doc_id]).get(doc_id, [])

    def correct(self, doc: Document, fixes: Sequence[Fix], signed: Signed) -> list[Change]:
        """Check and store corrections of a document; return each field's value before and after.

        Raises:
            BadCorrection: a value is wrong, or the fields would keep their values; nothing
                was stored.
        """
        with atomic(self._db) as db:
            changed = editorial.correct(db, self._derived_or_unknown(doc), fixes, signed)
            self._touch([doc.id])
        return changed

    def correct_many(self, asked: Sequence[Asked]) -> list[list[Change] | None]:
        """Make every asked correction in one transaction, all or none; return their changes.

        A request whose corrections are all stored already changes nothing and gives None.

        Raises:
            BadCorrection: a request names no article, or cannot be made (see `correct`); it
                carries that request's line. Nothing was stored.
        """
        done: list[list[Change] | None] = []
        with atomic(self._db) as db:
            for one in asked:
                try:
                    doc = self.lookup(one.ref)
                    derived = self._derived_or_unknown(doc)
                    done.append(editorial.correct(db, derived, one.fixes, one.signed))
                    self._touch([doc.id])
                except AlreadyCorrected:
                    done.append(None)
                except BadCorrection as exc:
                    raise BadCorrection(exc.message, line=one.line) from exc
                except UnknownArticle as exc:
                    raise BadCorrection(str(exc), line=one.line) from exc
        return done

    def undo_corrections(
        self, doc: Document, fields: Sequence[str], signed: Signed
    ) -> list[Change]:
        """Remove every correction of these fields of a document; return what that changed.

        Raises:
            BadCorrection: a field has no correction; nothing was removed.
        """
        with atomic(self._db) as db:
            changed = editorial.undo(db, self._derived_or_unknown(doc), fields, signed)
            self._touch([doc.id])
        return changed

    def hide(self, doc: Document, signed: Signed) -> Takedown:
        """Withdraw a story (and any copy of it at the URLs it was captured at) from view.

        Raises:
            BadCorrection: it is already hidden.
        """
        with atomic(self._db) as db:
            takedown, touched = editorial.hide(db, doc, signed)
            self._touch(touched)
        return takedown

    def unhide(self, doc: Document, signed: Signed) -> list[Takedown]:
        """Bring a withdrawn story back as it was; return the takedowns lifted.

        Raises:
            BadCorrection: it is not hidden.
        """
        with atomic(self._db) as db:
            lifted, touched = editorial.unhide(db, doc, signed)
            self._touch(touched)
        return lifted

    def takedown_of(self, doc: Document) -> Takedown | None:
        """Return the takedown that withdraws this document, if it is withdrawn."""
        return editorial.takedown_of(self._db, doc)

    def takedowns(self) -> Takedowns:
        """Return every withdrawn story, to leave out of an index or an export."""
        return editorial.takedowns(self._db)

    def audit_log(self) -> list[AuditEntry]:
        """Return every correction, undo, hide and unhide ever made, oldest first."""
        return editorial.audit_log(self._db)

    def _derived_or_unknown(self, doc: Document) -> Document:
        derived = self.derived(doc.id)
        if derived is None:
            raise UnknownArticle(doc.canonical_url or doc.url)
        return derived

    def _touch(self, ids: Iterable[str]) -> None:
        """Mark documents changed, so that an incremental index update takes them again."""
        for doc_id in dict.fromkeys(ids):
            self._db.execute(
                "UPDATE documents SET seq = ? WHERE id = ?", (self._next_seq(), doc_id)
            )

    def versions(self, doc_id: str) -> list[Document]:
        """Return every stored version of a document, oldest capture first."""
        # By capture time, not by version number: a WARC imported late can hold an older capture.
        rows = self._db.execute(
            "SELECT data FROM versions WHERE id = ? ORDER BY captured, version", (doc_id,)
        ).fetchall()
        return [store_layout.unpack(data) for (data,) in rows]

    def version_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """Return how many versions each of these documents has (unknown ids are absent)."""
        wanted = list(dict.fromkeys(ids))
        counts: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, COUNT(*) FROM versions WHERE id IN ({marks}) GROUP BY id"
            counts.update((doc_id, int(n)) for doc_id, n in self._db.execute(sql, chunk))
        return counts

    def record_captures(self, records: Iterable[CaptureRecord]) -> None:
        """Remember where archived responses live; recording one twice keeps one row."""
        with atomic(self._db):
            self._db.executemany(
                "INSERT OR REPLACE INTO captures "
                "(warc, offset, length, url, captured, status, content_type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (astuple(record) for record in records),
            )

    def capture_at(self, url: str, captured: str) -> CaptureRecord | None:
        """Return the response to `url` archived at exactly this capture time, if recorded."""
        row = self._db.execute(
            f"SELECT {_CAPTURE_COLUMNS} FROM captures WHERE url = ? AND captured = ? "
            "ORDER BY status = 200 DESC, warc, offset LIMIT 1",
            (url, captured),
        ).fetchone()
        return CaptureRecord(*row) if row else None

    def nearest_capture(
        self, url: str, captured: str, content_types: Sequence[str]
    ) -> CaptureRecord | None:
        """Return the 200 response to `url` captured closest in time to `captured`.

        Only responses whose media type starts with one of `content_types` count, as the
        Wayback Machine picks a page's images: the nearest capture, before or after.
        """
        kinds = " OR ".join("content_type LIKE ?" for _ in content_types) or "0"
        row = self._db.execute(
            f"SELECT {_CAPTURE_COLUMNS} FROM captures WHERE url = ? AND status = 200 "
            f"AND ({kinds}) ORDER BY ABS(julianday(captured) - julianday(?)), captured LIMIT 1",
            (url, *(f"{kind}%" for kind in content_types), captured),
        ).fetchone()
        return CaptureRecord(*row) if row else None

    def latest_capture(self, url: str) -> CaptureRecord | None:
        """Return the latest recorded response to `url`: a 200 before any error page."""
        row = self._db.execute(
            f"SELECT {_CAPTURE_COLUMNS} FROM captures WHERE url = ? "
            "ORDER BY status = 200 DESC, captured DESC, warc DESC, offset DESC LIMIT 1",
            (url,),
        ).fetchone()
        return CaptureRecord(*row) if row else None

    def iter_documents(self, since_seq: int = 0, articles_only: bool = False) -> Iterator[Document]:
        """Yield current documents (corrected) changed after `since_seq`, in change order.

        A correction, hide or unhide counts as a change of its document.
        """
        sql = f"SELECT d.seq, v.data FROM {_CURRENT} WHERE d.seq > ?"
        if articles_only:
            sql += " AND d.is_article = 1"
        sql += " ORDER BY d.seq LIMIT 500"
        last = since_seq
        fixes = editorial.load_corrections(self._db)  # few: all of them, once
        while True:
            rows = self._db.execute(sql, (last,)).fetchall()
            if not rows:
                return
            for seq, data in rows:
                last = seq
                doc = store_layout.unpack(data)
                yield apply_corrections(doc, fixes.get(doc.id, ()))

    def count(self, since_seq: int = 0, articles_only: bool = False) -> int:
        """Count current documents changed after `since_seq`."""
        sql = "SELECT COUNT(*) FROM documents WHERE seq > ?"
        if articles_only:
            sql += " AND is_article = 1"
        return int(self._db.execute(sql, (since_seq,)).fetchone()[0])

    def article_ids(self) -> set[str]:
        """Return the ids of every current article that is not withdrawn: what an index holds."""
        # A takedown covers every URL a story was captured at (follow_takedowns), so the
        # canonical URL and the id tell what Takedowns.covers would.
        rows = self._db.execute(
            "SELECT id FROM documents WHERE is_article = 1 "
            "AND id NOT IN (SELECT doc_id FROM hidden) "
            "AND canonical_url NOT IN (SELECT url FROM hidden_urls)"
        )
        return {doc_id for (doc_id,) in rows}

    def last_seq(self) -> int:
        """Return the change counter of the newest change."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        return int(row[0]) if row else 0

    def outlet_counts(self) -> dict[str, int]:
        """Return the number of articles per outlet."""
        rows = self._db.execute(
            "SELECT outlet, COUNT(*) FROM documents WHERE is_article = 1 GROUP BY outlet"
        )
        return {outlet: int(n) for outlet, n in rows}

    def record_refusals(self, refusals: Iterable[Refusal], *, replace_all: bool = False) -> None:
        """Remember refused pages (a URL's latest refusal wins); `replace_all` forgets the rest."""
        with atomic(self._db):
            if replace_all:
                self._db.execute("DELETE FROM refusals")
            self._db.executemany(
                "INSERT OR REPLACE INTO refusals VALUES (?, ?, ?, ?, ?)",
                (_refusal_row(r) for r in refusals),
            )

    def forget_refusals(self, urls: Iterable[str]) -> None:
        """Drop the refusals of pages now stored as articles."""
        with atomic(self._db):
            self._db.executemany("DELETE FROM refusals WHERE url = ?", ((u,) for u in urls))

    def refusals(self, url: str | None = None) -> list[Refusal]:
        """Return every remembered refusal (or this URL's), by URL."""
        where, params = ("WHERE url = ?", (url,)) if url is not None else ("", ())
        rows = self._db.execute(
            "SELECT url, reason, captured, COALESCE(warc, ''), COALESCE(offset, -1) "
            f"FROM refusals {where} ORDER BY url",
            params,
        )
        return [Refusal(*row) for row in rows]

    def keep_as_article(self, url: str, doc: Document, signed: Signed) -> None:
        """Store `doc` as the article at this URL whatever the parser says (survives reparse).

        Raises:
            BadCorrection: the URL is kept already; nothing was changed.
        """
        with atomic(self._db) as db:
            added = db.execute("INSERT OR IGNORE INTO kept_articles VALUES (?)", (url,))
            if added.rowcount == 0:
                raise BadCorrection(f"{url} is kept as an article already")
            self._put(doc)
            db.execute("DELETE FROM refusals WHERE url = ?", (url,))
            editorial.log_keep(db, doc, signed, kept=True)

    def unkeep(self, url: str, doc: Document, refusal: Refusal | None, signed: Signed) -> None:
        """Undo `keep_as_article`: store `doc` as the parser now derives it, and its refusal.

        Raises:
            BadCorrection: the URL is not kept as an article; nothing was changed.
        """
        with atomic(self._db) as db:
            gone = db.execute("DELETE FROM kept_articles WHERE url = ?", (url,))
            if gone.rowcount == 0:
                raise BadCorrection(f"{url} is not kept as an article")
            self._put(doc)
            if refusal is not None:
                db.execute(
                    "INSERT OR REPLACE INTO refusals VALUES (?, ?, ?, ?, ?)", _refusal_row(refusal)
                )
            editorial.log_keep(db, doc, signed, kept=False)

    def kept_articles(self) -> frozenset[str]:
        """Return the URLs an archivist chose to keep as articles."""
        return frozenset(u for (u,) in self._db.execute("SELECT url FROM kept_articles"))

    def version_count(self) -> int:
        """Return the number of stored versions of all documents."""
        return int(self._db.execute("SELECT COUNT(*) FROM versions").fetchone()[0])


_CAPTURE_COLUMNS = "warc, offset, length, url, captured, status, content_type"


def _store_failure(exc: sqlite3.Error) -> str:
    """What a failed SQLite call means for the person at the terminal, and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the document store is locked by another process (a crawl or import?); try again"
    if "full" in text:
        return f"the disk holding the document store is full ({text}); free some space"
    if isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    ):
        return f"the document store is damaged ({text}); restore it from a backup"
    return f"the document store failed ({text})"


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """The method with sqlite3.Error turned into StoreError (its generator's, too)."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generate(self: Store, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise StoreError(str(self.path), _store_failure(exc)) from exc

        return generate

    @functools.wraps(method)
    def call(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(str(self.path), _store_failure(exc)) from exc

    return call


# The store's edge: no sqlite3.Error leaves a public method (a locked, full or damaged file
# becomes one StoreError line at the CLI). Wrapped here rather than method by method so that
# a method added later is covered too.
for _name, _method in list(vars(Store).items()):
    if not _name.startswith("_") and inspect.isfunction(_method):
        setattr(Store, _name, _translated(_method))


def _refusal_row(refusal: Refusal) -> tuple[str, str, str, str | None, int | None]:
    archived = bool(refusal.warc) and refusal.offset >= 0
    where = (refusal.warc, refusal.offset) if archived else (None, None)
    return (refusal.url, refusal.reason, refusal.captured, *where)
