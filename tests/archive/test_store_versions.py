"""The document store: keyed by canonical URL, keeps earlier versions, survives reopening."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from archive import BadDocument, Document, Store
from archive.store import atomic


def _doc(**changes: object) -> Document:
    base = Document(
        url="https://news.example/a?utm_source=x",
        canonical_url="https://news.example/a",
        outlet="Example News",
        title="Council passes budget",
        body="The council passed the budget.",
        published="2024-03-05T19:30:00-05:00",
        day="2024-03-05",
        captured="2024-03-06T10:00:00+00:00",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_new_document_is_stored_and_read_back(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert store.put(_doc()) == "new"
        assert store.get(_doc().id) == _doc()
        assert store.count() == 1


def test_the_same_content_recaptured_is_unchanged(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        assert store.put(_doc(captured="2024-03-07T10:00:00+00:00")) == "unchanged"
        assert len(store.versions(_doc().id)) == 1


def test_a_changed_article_keeps_its_earlier_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        later = _doc(
            body="The council passed an amended budget.", captured="2024-03-08T10:00:00+00:00"
        )
        assert store.put(later) == "changed"
        assert store.get(later.id) == later
        assert [v.body for v in store.versions(later.id)] == [_doc().body, later.body]


def test_an_older_capture_arriving_late_does_not_replace_the_current_version(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        newer = _doc(body="Second text.", captured="2024-03-09T00:00:00+00:00")
        store.put(newer)
        assert store.put(_doc()) == "changed"
        assert store.get(newer.id) == newer
        assert len(store.versions(newer.id)) == 2


def test_versions_are_listed_by_capture_time_even_when_an_older_one_arrives_late(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc(body="Third text.", captured="2024-03-09T00:00:00+00:00"))
        store.put(_doc())
        store.put(_doc(body="Second text.", captured="2024-03-07T00:00:00+00:00"))
        bodies = [v.body for v in store.versions(_doc().id)]
        assert bodies == [_doc().body, "Second text.", "Third text."]
        assert store.version_counts([_doc().id, "unknown"]) == {_doc().id: 3}


def test_rederiving_the_same_capture_replaces_it_without_a_new_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        better = _doc(title="Council passes $3M budget")
        assert store.put(better) == "changed"
        assert store.get(better.id) == better
        assert len(store.versions(better.id)) == 1


def test_changes_are_listed_after_a_sequence_number(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        mark = store.last_seq()
        other = _doc(url="https://news.example/b", canonical_url="https://news.example/b")
        store.put(other)
        assert [d.id for d in store.iter_documents(since_seq=mark)] == [other.id]
        assert store.count(since_seq=mark) == 1


def test_documents_survive_reopening_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put_many(
            [_doc(), _doc(url="https://n.example/c", canonical_url="https://n.example/c")]
        )
    with Store(tmp_path / "s.sqlite") as store:
        assert store.count() == 2
        assert store.outlet_counts() == {"Example News": 2}


def test_get_many_skips_unknown_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        assert list(store.get_many([_doc().id, "nope"])) == [_doc().id]


def test_a_document_from_json_needs_url_and_title() -> None:
    with pytest.raises(BadDocument, match="'title'"):
        Document.from_dict({"url": "https://x.example/"})
    with pytest.raises(BadDocument, match="unknown field 'colour'"):
        Document.from_dict({"url": "https://x.example/", "title": "T", "colour": "red"})
    with pytest.raises(BadDocument, match="'published'"):
        Document.from_dict({"url": "https://x.example/", "title": "T", "published": "soon"})


def test_a_document_from_json_gets_id_canonical_url_and_day() -> None:
    doc = Document.from_dict(
        {"url": "https://x.example/a", "title": "T", "published": "2020-01-02T03:04:05+00:00"}
    )
    assert doc.canonical_url == "https://x.example/a"
    assert doc.id and doc.day == "2020-01-02"
    assert Document.from_dict(doc.to_dict()) == doc


def test_atomic_commits_a_block_and_rolls_back_one_that_raises(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    try:
        db.execute("CREATE TABLE t (x INTEGER)")
        with atomic(db):
            db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(KeyError), atomic(db):
            db.execute("INSERT INTO t VALUES (2)")
            raise KeyError("a failure halfway through")
        assert db.execute("SELECT x FROM t").fetchall() == [(1,)]
        assert not db.in_transaction
    finally:
        db.close()


def test_a_snapshot_reads_the_store_as_it_was_while_writes_commit(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc())
        with store.snapshot() as view:
            seen = view.iter_documents()
            first = next(seen)
            store.put(
                _doc(title="Council passes a new budget", captured="2024-03-07T10:00:00+00:00")
            )
            store.put(_doc(url="https://news.example/b", canonical_url="https://news.example/b"))
            assert list(seen) == []  # the changed document does not come round again
            assert first.title == "Council passes budget"
            assert (view.last_seq(), view.count(), view.article_ids()) == (1, 1, {first.id})
        assert (store.last_seq(), store.count()) == (3, 2)


def test_a_new_capture_after_a_late_older_one_keeps_all_three_versions(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(_doc(body="Second text.", captured="2024-03-09T00:00:00+00:00"))
        store.put(_doc())  # older, arriving late: version 2, not current
        newest = _doc(body="Third text.", captured="2024-03-10T00:00:00+00:00")
        assert store.put(newest) == "changed"
        assert store.get(newest.id) == newest
        bodies = [v.body for v in store.versions(newest.id)]
        assert bodies == [_doc().body, "Second text.", "Third text."]  # by capture time
