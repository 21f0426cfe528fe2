"""How the store keeps a Document's JSON: once per version, compressed, and the upgrade to it.

Until Dec 2026 every article's JSON was written twice, uncompressed: in its `documents` row and
in the `versions` row of the same version (12.5 KB an article at 1M synthetic articles, for about
5 KB of JSON). Now `documents` only points at the current version, and a version's JSON is
compressed with zstd: 2.0x on the bench corpus, 2.2x on real news bodies, as small as zlib's
level 6 but 3.5x faster to write and about twice as fast to read back.
"""

from __future__ import annotations

import json
import sqlite3
import threading

import zstandard

from archive.document import Document

_LEVEL = 3  # zstd's default; higher levels gain 1-2% here for several times the time
_MIGRATE_BATCH = 2000  # versions compressed per transaction while upgrading an old store
FORMAT = 2  # meta 'format': 2 = JSON once per version, compressed


# zstd's (de)compression contexts are reused, one per thread: they are not thread-safe.
_contexts = threading.local()


def _compress(raw: bytes) -> bytes:
    compressor = getattr(_contexts, "compressor", None)
    if compressor is None:
        compressor = _contexts.compressor = zstandard.ZstdCompressor(level=_LEVEL)
    return compressor.compress(raw)


def _decompress(data: bytes) -> bytes:
    decompressor = getattr(_contexts, "decompressor", None)
    if decompressor is None:
        decompressor = _contexts.decompressor = zstandard.ZstdDecompressor()
    return decompressor.decompress(data)


def pack(doc: Document) -> bytes:
    """Return a document as stored: its JSON, compressed."""
    return _compress(doc.to_json().encode("utf-8"))


def unpack(data: bytes | str) -> Document:
    """Return the document stored as `data` (compressed, or plain JSON text mid-upgrade)."""
    text = _decompress(data).decode("utf-8") if isinstance(data, bytes) else data
    values = json.loads(text)
    values.pop("id", None)  # derived from the canonical URL
    # Written by Document.to_json, so already valid: from_dict's checks cost 0.2 ms a document,
    # as much as decompressing it (a search reads 20, a full reindex every one).
    return Document(**values)


def url_of(data: bytes | str) -> str:
    """Return the fetched URL of the document stored as `data` (SQL: document_url(data))."""
    text = _decompress(data).decode("utf-8") if isinstance(data, bytes) else data
    return str(json.loads(text)["url"])


def needs_upgrade(db: sqlite3.Connection) -> bool:
    """True when the store still keeps a copy of the JSON in its `documents` rows."""
    return any(row[1] == "data" for row in db.execute("PRAGMA table_info(documents)"))


def compress_batch(db: sqlite3.Connection) -> int:
    """Compress up to a batch of versions still kept as plain JSON; return how many there were.

    Call inside a write transaction, until it returns 0. The reader takes both forms, so an
    upgrade cut short goes on where it stopped the next time the store is opened.
    """
    rows = db.execute(
        "SELECT rowid, data FROM versions WHERE typeof(data) = 'text' LIMIT ?", (_MIGRATE_BATCH,)
    ).fetchall()
    db.executemany(
        "UPDATE versions SET data = ? WHERE rowid = ?",
        ((_compress(data.encode("utf-8")), rowid) for rowid, data in rows),
    )
    return len(rows)


def drop_copies(db: sqlite3.Connection) -> None:
    """Drop the documents' copy of the JSON and record the format (inside a write transaction)."""
    if needs_upgrade(db):  # another process may have finished first
        db.execute("ALTER TABLE documents DROP COLUMN data")
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", (str(FORMAT),))


def give_back_space(db: sqlite3.Connection) -> None:
    """VACUUM after an upgrade, unless another process has the store open right now."""
    try:
        db.execute("VACUUM")
    except sqlite3.OperationalError as exc:
        # Busy: the freed pages stay in the file and later writes reuse them.
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
