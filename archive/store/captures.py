"""Captures in the store: where archived responses live, refused pages, and pages kept anyway."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple

from archive import editorial
from archive.corrections import Signed
from archive.document import Document
from archive.errors import BadCorrection
from archive.store.documents import Documents
from archive.store.records import CAPTURE_COLUMNS, CaptureRecord, Refusal, refusal_row
from archive.store.schema import atomic


class Captures(Documents):
    """The capture rows of a store, and the parser's refusals that an archivist may overrule."""

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
            f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE url = ? AND captured = ? "
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
            f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE url = ? AND status = 200 "
            f"AND ({kinds}) ORDER BY ABS(julianday(captured) - julianday(?)), captured LIMIT 1",
            (url, *(f"{kind}%" for kind in content_types), captured),
        ).fetchone()
        return CaptureRecord(*row) if row else None

    def latest_capture(self, url: str) -> CaptureRecord | None:
        """Return the latest recorded response to `url`: a 200 before any error page."""
        row = self._db.execute(
            f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE url = ? "
            "ORDER BY status = 200 DESC, captured DESC, warc DESC, offset DESC LIMIT 1",
            (url,),
        ).fetchone()
        return CaptureRecord(*row) if row else None

    def record_refusals(self, refusals: Iterable[Refusal], *, replace_all: bool = False) -> None:
        """Remember refused pages (a URL's latest refusal wins); `replace_all` forgets the rest."""
        with atomic(self._db):
            if replace_all:
                self._db.execute("DELETE FROM refusals")
            self._db.executemany(
                "INSERT OR REPLACE INTO refusals VALUES (?, ?, ?, ?, ?)",
                (refusal_row(r) for r in refusals),
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
                    "INSERT OR REPLACE INTO refusals VALUES (?, ?, ?, ?, ?)", refusal_row(refusal)
                )
            editorial.log_keep(db, doc, signed, kept=False)

    def kept_articles(self) -> frozenset[str]:
        """Return the URLs an archivist chose to keep as articles."""
        return frozenset(u for (u,) in self._db.execute("SELECT url FROM kept_articles"))
