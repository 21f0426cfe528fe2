"""Documents in the store: each canonical URL's versions, the current one, the change counter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from archive import editorial
from archive.corrections import apply_corrections
from archive.document import Document
from archive.errors import BadDocument, UnknownArticle
from archive.store import layout
from archive.store.connections import Connections
from archive.store.schema import atomic

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

# A document's current version: its row, and the JSON of that version.
_CURRENT = "documents d JOIN versions v ON v.id = d.id AND v.version = d.version"


class Documents(Connections):
    """The documents of a store, every version kept; a change counter orders their changes."""

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
        return self._add_version(doc, current, key)

    def _add_version(self, doc: Document, current: int, key: str) -> str:
        # A new version unless the current one says the same; current if captured no earlier.
        doc_id, captured = doc.id, doc.captured or ""
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
            (doc.id, version, captured, key, layout.pack(doc)),
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
        return layout.unpack(found[0]) if found else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        """Return the current versions of these documents, corrected, by id (unknown: absent)."""
        found: dict[str, Document] = {}
        for chunk, marks in _id_chunks(ids):
            for (data,) in self._db.execute(
                f"SELECT v.data FROM {_CURRENT} WHERE d.id IN ({marks})", chunk
            ):
                doc = layout.unpack(data)
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
        return [layout.unpack(data) for (data,) in rows]

    def version_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """Return how many versions each of these documents has (unknown ids are absent)."""
        counts: dict[str, int] = {}
        for chunk, marks in _id_chunks(ids):
            sql = f"SELECT id, COUNT(*) FROM versions WHERE id IN ({marks}) GROUP BY id"
            counts.update((doc_id, int(n)) for doc_id, n in self._db.execute(sql, chunk))
        return counts

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
                doc = layout.unpack(data)
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

    def version_count(self) -> int:
        """Return the number of stored versions of all documents."""
        return int(self._db.execute("SELECT COUNT(*) FROM versions").fetchone()[0])


def _id_chunks(ids: Iterable[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """The distinct ids in chunks small enough for one IN (...), each with its placeholders."""
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), size):
        chunk = wanted[start : start + size]
        yield chunk, ",".join("?" * len(chunk))
