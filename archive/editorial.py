"""The archivist's records in the store: corrections, takedowns and the append-only audit log.

Functions over one SQLite connection, called by Store inside its transactions. None of them
touches a Document or a version: a takedown withholds a story, it never deletes it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archive.corrections import (
    Change,
    Correction,
    Fix,
    Signed,
    Value,
    changes,
    corrections_for,
    supersedes,
)
from archive.document import Document, document_id
from archive.errors import BadCorrection
from archive.urls import canonical_url

SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    field TEXT NOT NULL,
    op TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL,
    date TEXT NOT NULL,
    user TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_doc ON corrections (doc_id, n);
CREATE TABLE IF NOT EXISTS hidden (
    doc_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    date TEXT NOT NULL,
    user TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hidden_urls (
    url TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (url, doc_id)
);
CREATE TABLE IF NOT EXISTS audit (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    url TEXT NOT NULL,
    field TEXT,
    change TEXT NOT NULL,
    before TEXT,
    after TEXT,
    reason TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_never_updated BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_never_deleted BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

FIX, UNDO, HIDE, UNHIDE = "fix", "undo", "hide", "unhide"
_CORRECTION_COLUMNS = "doc_id, field, op, value, reason, date, user"
_TAKEDOWN_COLUMNS = "doc_id, url, reason, date, user"
_DOC_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Takedown:
    """A story withdrawn from every public view, kept whole in the archive."""

    doc_id: str
    url: str
    reason: str
    date: str
    user: str

    def message(self) -> str:
        """Why the story is gone, as a reader is told."""
        return f"this story was withdrawn from the archive on {self.date[:10]}: {self.reason}"


@dataclass(frozen=True)
class Takedowns:
    """Every withdrawn story: by id, and by every URL it was captured at."""

    ids: frozenset[str]
    urls: frozenset[str]

    def covers(self, doc: Document) -> bool:
        """Whether this Document is withdrawn (a re-derived copy at the same URL is, too)."""
        return doc.id in self.ids or doc.url in self.urls or doc.canonical_url in self.urls


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: a correction, an undo, a hide or an unhide."""

    number: int
    date: str
    user: str
    action: str  # FIX, UNDO, HIDE or UNHIDE
    doc_id: str
    url: str
    field: str | None
    change: str  # the corrections made ("persons-=Georgia Power"), "" for hide and unhide
    before: Value
    after: Value
    reason: str


def load_corrections(
    db: sqlite3.Connection, ids: Sequence[str] | None = None
) -> dict[str, list[Correction]]:
    """The corrections of these documents (of every document with None), oldest first."""
    found: dict[str, list[Correction]] = {}
    sql = f"SELECT {_CORRECTION_COLUMNS} FROM corrections"
    chunks: Iterable[Sequence[str]] = [()] if ids is None else _chunks(ids)
    for chunk in chunks:
        where = f" WHERE doc_id IN ({','.join('?' * len(chunk))})" if ids is not None else ""
        for row in db.execute(sql + where + " ORDER BY n", tuple(chunk)):
            correction = _correction(row)
            found.setdefault(correction.doc_id, []).append(correction)
    return found


def candidate_ids(db: sqlite3.Connection, ref: str) -> list[str]:
    """The ids a reference may name: itself, the id of its URL, documents fetched at it."""
    ids = [ref] if _DOC_ID.fullmatch(ref) else []
    urls = list(dict.fromkeys(u for u in (ref, canonical_url(ref)) if u))
    ids += [document_id(url) for url in urls]
    for url in urls:
        row = db.execute(
            "SELECT id FROM documents WHERE json_extract(data, '$.url') = ? "
            "ORDER BY seq DESC LIMIT 1",
            (url,),
        ).fetchone()
        ids += [row[0]] if row else []
    return list(dict.fromkeys(ids))


def correct(
    db: sqlite3.Connection, derived: Document, fixes: Sequence[Fix], signed: Signed
) -> list[Change]:
    """Check and store corrections of a derived document, and log each field they change.

    Raises:
        BadCorrection: a value is wrong; nothing was stored.
    """
    existing = load_corrections(db, [derived.id]).get(derived.id, [])
    made, changed = corrections_for(derived, existing, fixes, signed)
    for correction in made:
        for old in existing:
            if supersedes(correction, old):
                db.execute(
                    "DELETE FROM corrections WHERE doc_id = ? AND field = ? AND op = ? "
                    "AND value = ?",
                    (old.doc_id, old.field, old.op, _encode(old.value)),
                )
        db.execute(
            f"INSERT INTO corrections ({_CORRECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                correction.doc_id,
                correction.field,
                correction.op,
                _encode(correction.value),
                signed.reason,
                signed.date,
                signed.user,
            ),
        )
    for change in changed:
        shown = " ".join(c.shown() for c in made if c.field == change.field)
        _log(db, signed, FIX, derived, change, shown)
    return changed


def undo(
    db: sqlite3.Connection, derived: Document, fields: Sequence[str], signed: Signed
) -> list[Change]:
    """Remove every correction of these fields and log what that changed.

    Raises:
        BadCorrection: a field has no correction to undo; nothing was removed.
    """
    existing = load_corrections(db, [derived.id]).get(derived.id, [])
    for field in fields:
        if field not in {c.field for c in existing}:
            raise BadCorrection(f"{field} of this article has no correction to undo")
    kept = [c for c in existing if c.field not in fields]
    changed = changes(derived, existing, kept, fields)
    for field in dict.fromkeys(fields):
        db.execute("DELETE FROM corrections WHERE doc_id = ? AND field = ?", (derived.id, field))
    for change in changed:
        shown = f"undo {change.field}" if change.field in fields else ""
        _log(db, signed, UNDO, derived, change, shown)
    return changed


def hide(db: sqlite3.Connection, doc: Document, signed: Signed) -> tuple[Takedown, set[str]]:
    """Withdraw a story, by its id and every URL it was captured at, and log it.

    Returns the takedown and the ids of the documents it withdraws.

    Raises:
        BadCorrection: the story is already withdrawn.
    """
    known = takedown_of(db, doc)
    if known is not None:
        raise BadCorrection(f"already hidden since {known.date[:10]}: {known.reason}")
    url = doc.canonical_url or doc.url
    takedown = Takedown(doc.id, url, signed.reason, signed.date, signed.user)
    db.execute(
        f"INSERT INTO hidden ({_TAKEDOWN_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
        (takedown.doc_id, takedown.url, takedown.reason, takedown.date, takedown.user),
    )
    rows = db.execute("SELECT json_extract(data, '$.url') FROM versions WHERE id = ?", (doc.id,))
    urls = {doc.url, doc.canonical_url, *(u for (u,) in rows)}
    db.executemany(
        "INSERT OR IGNORE INTO hidden_urls (url, doc_id) VALUES (?, ?)",
        ((u, doc.id) for u in urls if u),
    )
    _log(db, signed, HIDE, doc)
    return takedown, {doc.id, *_ids_at(db, urls)}


def unhide(
    db: sqlite3.Connection, doc: Document, signed: Signed
) -> tuple[list[Takedown], set[str]]:
    """Lift every takedown that covers a story, and log it.

    Returns the takedowns lifted and the ids of the documents they withdrew.

    Raises:
        BadCorrection: the story is not withdrawn.
    """
    lifted = _covering(db, doc)
    if not lifted:
        raise BadCorrection("this article is not hidden")
    ids = {doc.id}
    for takedown in lifted:
        rows = db.execute("SELECT url FROM hidden_urls WHERE doc_id = ?", (takedown.doc_id,))
        ids |= {takedown.doc_id, *_ids_at(db, {u for (u,) in rows})}
        db.execute("DELETE FROM hidden WHERE doc_id = ?", (takedown.doc_id,))
        db.execute("DELETE FROM hidden_urls WHERE doc_id = ?", (takedown.doc_id,))
    _log(db, signed, UNHIDE, doc)
    return lifted, ids


def follow_takedowns(db: sqlite3.Connection, doc: Document) -> bool:
    """Extend the takedowns that cover a document to all of its URLs; True if any grew."""
    urls = [u for u in dict.fromkeys((doc.url, doc.canonical_url)) if u]
    marks = ",".join("?" * len(urls)) or "NULL"
    sql = f"SELECT DISTINCT doc_id FROM hidden_urls WHERE url IN ({marks})"
    owners = [owner for (owner,) in db.execute(sql, urls)]
    grew = False
    for owner in owners:
        for url in urls:
            added = db.execute(
                "INSERT OR IGNORE INTO hidden_urls (url, doc_id) VALUES (?, ?)", (url, owner)
            )
            grew = grew or added.rowcount > 0
    return grew


def takedown_of(db: sqlite3.Connection, doc: Document) -> Takedown | None:
    """The takedown that withdraws this story, if any."""
    found = _covering(db, doc)
    return found[0] if found else None


def takedowns(db: sqlite3.Connection) -> Takedowns:
    """Every withdrawn story, by id and URL."""
    ids = frozenset(doc_id for (doc_id,) in db.execute("SELECT doc_id FROM hidden"))
    urls = frozenset(url for (url,) in db.execute("SELECT url FROM hidden_urls"))
    return Takedowns(ids, urls)


def audit_log(db: sqlite3.Connection) -> list[AuditEntry]:
    """Every entry of the audit log, oldest first."""
    rows = db.execute(
        "SELECT n, date, user, action, doc_id, url, field, change, before, after, reason "
        "FROM audit ORDER BY n"
    )
    return [
        AuditEntry(n, date, user, action, doc_id, url, field, change, _decode(b), _decode(a), why)
        for n, date, user, action, doc_id, url, field, change, b, a, why in rows
    ]


def _ids_at(db: sqlite3.Connection, urls: Iterable[str]) -> set[str]:
    """The documents at these URLs, canonical or fetched (a scan: for rare commands only)."""
    found: set[str] = set()
    for url in urls:
        rows = db.execute(
            "SELECT id FROM documents WHERE canonical_url = ? OR json_extract(data, '$.url') = ?",
            (url, url),
        )
        found.update(doc_id for (doc_id,) in rows)
    return found


def _covering(db: sqlite3.Connection, doc: Document) -> list[Takedown]:
    urls = [u for u in (doc.url, doc.canonical_url) if u]
    marks = ",".join("?" * len(urls)) or "NULL"
    rows = db.execute(
        f"SELECT {_TAKEDOWN_COLUMNS} FROM hidden WHERE doc_id = ? OR doc_id IN "
        f"(SELECT doc_id FROM hidden_urls WHERE url IN ({marks})) ORDER BY date",
        (doc.id, *urls),
    )
    return [Takedown(*row) for row in rows]


def _log(
    db: sqlite3.Connection,
    signed: Signed,
    action: str,
    doc: Document,
    change: Change | None = None,
    shown: str = "",
) -> None:
    db.execute(
        "INSERT INTO audit (date, user, action, doc_id, url, field, change, before, after, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            signed.date,
            signed.user,
            action,
            doc.id,
            doc.canonical_url or doc.url,
            change.field if change else None,
            shown,
            _encode(change.before) if change else None,
            _encode(change.after) if change else None,
            signed.reason,
        ),
    )


def _correction(row: tuple[str, str, str, str, str, str, str]) -> Correction:
    doc_id, field, op, value, reason, date, user = row
    return Correction(doc_id, field, op, _decode(value), Signed(reason, user, date))


def _encode(value: Value) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def _decode(text: str | None) -> Value:
    value = json.loads(text) if text is not None else None
    return tuple(value) if isinstance(value, list) else value


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    unique = list(dict.fromkeys(ids))
    return (unique[start : start + 500] for start in range(0, len(unique), 500))
