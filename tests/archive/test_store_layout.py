"""The store keeps each version's JSON once, compressed, and upgrades stores written before."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import zstandard

from archive import Document, Store

# The two tables as stores written before Dec 2026 have them: the current JSON in both.
_OLD_TABLES = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    is_article INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    day TEXT,
    data TEXT NOT NULL
);
CREATE INDEX documents_seq ON documents (seq);
CREATE TABLE versions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    captured TEXT NOT NULL,
    content_key TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _doc(n: int, **changes: object) -> Document:
    body = " ".join(f"The council met on day {n} to talk about the budget." for _ in range(40))
    base = Document(
        url=f"https://news.example/{n}",
        canonical_url=f"https://news.example/{n}",
        outlet="Example News",
        title=f"Council meeting {n}",
        body=body,
        published="2024-03-05T19:30:00-05:00",
        day="2024-03-05",
        cities=["Hartford, CT"],
        persons=["Ana Núñez"],
        captured="2024-03-06T10:00:00+00:00",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _old_store(path: Path, docs: list[tuple[Document, Document | None]]) -> None:
    """Write a store as the code before Dec 2026 did: (first version, later version or None)."""
    db = sqlite3.connect(path)
    db.executescript(_OLD_TABLES)
    for seq, (first, later) in enumerate(docs, start=1):
        versions = [first] if later is None else [first, later]
        for number, doc in enumerate(versions, start=1):
            db.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?)",
                (doc.id, number, doc.captured, doc.content_key(), doc.to_json()),
            )
        current = versions[-1]
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
            (
                current.id,
                current.canonical_url,
                seq,
                len(versions),
                current.outlet,
                current.day,
                current.to_json(),
            ),
        )
    db.execute("INSERT INTO meta VALUES ('seq', ?)", (str(len(docs)),))
    db.commit()
    db.close()


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_each_version_is_stored_once_and_compressed(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.put(_doc(1))
        store.put(_doc(1, body="A new text.", captured="2024-03-07T10:00:00+00:00"))
    assert "data" not in _columns(path, "documents")
    with sqlite3.connect(path) as db:
        kinds = [row[0] for row in db.execute("SELECT typeof(data) FROM versions")]
        size = db.execute("SELECT length(data) FROM versions WHERE version = 1").fetchone()[0]
    assert kinds == ["blob", "blob"]
    assert size < len(_doc(1).to_json().encode()) / 2


def test_a_store_written_before_is_upgraded_on_open_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    changed = _doc(2, body="Amended.", captured="2024-03-08T10:00:00+00:00")
    _old_store(
        path, [(_doc(1), None), (_doc(2), changed)] + [(_doc(n), None) for n in range(4, 50)]
    )
    old_bytes = path.stat().st_size
    with Store(path) as store:
        assert store.get(_doc(1).id) == _doc(1)
        assert store.get(changed.id) == changed
        assert store.versions(changed.id) == [_doc(2), changed]
        assert list(store.iter_documents())[:2] == [_doc(1), changed]
        assert store.put(_doc(3)) == "new"
        assert store.last_seq() == 49
    assert "data" not in _columns(path, "documents")
    assert path.stat().st_size < old_bytes


def test_an_upgrade_cut_short_reads_both_forms_and_finishes_on_the_next_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _old_store(path, [(_doc(n), None) for n in range(5)])
    with sqlite3.connect(path) as db:  # as if the first batch was compressed, then it stopped
        rows = db.execute("SELECT rowid, data FROM versions WHERE rowid <= 2").fetchall()
        for rowid, data in rows:
            db.execute(
                "UPDATE versions SET data = ? WHERE rowid = ?",
                (zstandard.compress(data.encode()), rowid),
            )
    with Store(path) as store:
        assert [d.title for d in store.iter_documents()] == [
            f"Council meeting {n}" for n in range(5)
        ]
    with sqlite3.connect(path) as db:
        assert {row[0] for row in db.execute("SELECT typeof(data) FROM versions")} == {"blob"}
