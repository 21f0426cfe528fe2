"""The document store: SQLite, keyed by canonical URL, keeping every version of an article.

Beside what is derived from the pages, it keeps the archivist's records (archive/editorial.py):
corrections, applied to every Document it returns, and takedowns, which it reports.

Its parts, each built on the one before: connections (one a thread) and schema (tables,
upgrades), documents (versions and the change counter), captures (capture rows, refusals, kept
pages), edits (corrections, takedowns); edge turns SQLite's errors into StoreError.
"""

from __future__ import annotations

from archive.store.documents import CHANGED, NEW, UNCHANGED
from archive.store.edge import translate_sqlite_errors
from archive.store.edits import Edits
from archive.store.records import CaptureRecord, Refusal
from archive.store.schema import atomic

__all__ = ["CHANGED", "NEW", "UNCHANGED", "CaptureRecord", "Refusal", "Store", "atomic"]


class Store(Edits):
    """SQLite store of Documents; one writer at a time, many readers (WAL).

    Each thread gets its own connection on first use, so a web server's threads read side by
    side instead of queueing for one connection. Every public method raises StoreError, never
    sqlite3.Error, when SQLite fails (the file locked past the timeout, a full disk, damage).
    """


translate_sqlite_errors(Store)
