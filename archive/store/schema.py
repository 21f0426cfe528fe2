"""The store's tables, its one transaction helper, and the upgrades of stores written earlier."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.store import layout
from archive.store.records import Refusal, refusal_row

SCHEMA = """
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
REFUSALS = """
CREATE TABLE IF NOT EXISTS refusals (
    url TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    captured TEXT NOT NULL,
    warc TEXT,
    offset INTEGER,
    FOREIGN KEY (warc, offset) REFERENCES captures (warc, offset)
);
"""


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


def upgrade_refusals(db: sqlite3.Connection) -> None:
    """Create the refusals table, or move one that held WARC paths to capture keys."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(refusals)")}
    if columns and "warc_path" not in columns:
        return
    with atomic(db):
        old = db.execute("SELECT * FROM refusals").fetchall() if columns else []
        db.execute("DROP TABLE IF EXISTS refusals")
        db.execute(REFUSALS)
        db.executemany(
            "INSERT INTO refusals VALUES (?, ?, ?, ?, ?)",
            (refusal_row(Refusal(u, r, c, Path(p).name if p else "", o)) for u, r, c, p, o in old),
        )


def upgrade_layout(db: sqlite3.Connection) -> None:
    """Bring a store written before Dec 2026 to the current layout (store/layout.py)."""
    while True:
        with atomic(db):
            if not layout.compress_batch(db):
                break
    with atomic(db):
        layout.drop_copies(db)
    layout.give_back_space(db)
