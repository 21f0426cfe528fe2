"""Captures -> Documents -> store: WARC and JSON Lines import, reparse, nothing lost."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive import (
    ArchiveConfig,
    ArchiveError,
    BadCorrection,
    BadDocument,
    CrawlConfig,
    Document,
    OutletConfig,
    Signed,
    Store,
    WarcError,
    crawl,
    import_jsonl,
    import_warc,
    ingest_captures,
    iter_captures,
    keep_as_article,
    reparse,
    unkeep,
    warc_files,
)
from tests.fixtures import ROOT, SAMPLE_WARC, FakeClock
from tests.outlet.server import FeedItem, Page, serve_outlet

SAMPLE = SAMPLE_WARC
ARTICLES = sum(
    json.loads(p.read_text(encoding="utf-8")).get("is_article", False)
    for p in (ROOT / "tests" / "outlet" / "pages").glob("*/*.json")
)
# Article captures: each article once, and a changed story once more per earlier version.
CAPTURES = ARTICLES + len(list((ROOT / "tests" / "outlet" / "pages").glob("*/earlier/*.json")))
REFUSED = {  # the sample's pages that are not articles, by the kind of refusal
    "https://www.hartfordcountycourier.example/news/local/": "section front",
    "https://www.news9albany.example/news/local-news/": "section front",
    "https://pioneervalleypost.example/category/news/": "section front",
    "https://www.hartfordcountycourier.example/search/?q=budget&s=start_time&sd=desc": (
        "search page"
    ),
    "https://www.hartfordcountycourier.example/search/?k=%23police&f=html&t=article": "search page",
    "https://www.news9albany.example/video/fourth-of-july-fireworks-over-the-hudson/": (
        "no article text"
    ),
    "http://www.wethersfieldledger.example/photos/2024/memorial-day-parade/index.html": (
        "gallery without text"
    ),
}
FRONT = "https://www.hartfordcountycourier.example/news/local/"
SIGNED = Signed("A section front worth searching", "archivist", "2026-12-07T10:00:00+00:00")
OUTLETS = (
    OutletConfig(
        "Hartford County Courier", home="Hartford, CT", hosts=("www.hartfordcountycourier.example",)
    ),
    OutletConfig("NewsChannel 9", home="Albany, NY", hosts=("www.news9albany.example",)),
)


@pytest.fixture
def config(tmp_path: Path) -> ArchiveConfig:
    return ArchiveConfig(dir=tmp_path / "data", outlets=OUTLETS)


def test_a_warc_import_keeps_the_file_unchanged_and_stores_every_article(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        summary = import_warc(SAMPLE, config, store)
        assert summary.outcomes["new"] == ARTICLES == store.count(articles_only=True)
        assert sum(summary.skipped.values()) > 0
    (kept,) = warc_files(config.warc_dir)
    assert kept.read_bytes() == SAMPLE.read_bytes()


def test_importing_the_same_warc_twice_changes_nothing(config: ArchiveConfig) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        again = import_warc(SAMPLE, config, store)
        assert again.outcomes == {"unchanged": CAPTURES}
        assert store.version_count() == CAPTURES
    assert len(warc_files(config.warc_dir)) == 1


def test_configured_outlets_name_their_documents(config: ArchiveConfig) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        outlets = store.outlet_counts()
    assert "Hartford County Courier" in outlets and "NewsChannel 9" in outlets


def test_reparse_rederives_documents_and_keeps_jsonl_imports(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    outside = Document(
        url="https://other.example/a",
        canonical_url="https://other.example/a",
        outlet="Other",
        title="Imported without HTML",
        body="Kept as it came.",
    )
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps(outside.to_dict()) + "\n", encoding="utf-8")
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        import_jsonl(jsonl, store)
        before = {d.id: d for d in store.iter_documents()}
        summary = reparse(config, store, workers=2)
        after = {d.id: d for d in store.iter_documents()}
    assert summary.outcomes == {"unchanged": CAPTURES}
    assert after == before
    assert after[outside.id] == replace(outside, captured=after[outside.id].captured)


def test_a_torn_last_record_keeps_the_records_before_it(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    raw = gzip.decompress(SAMPLE.read_bytes())
    torn = tmp_path / "torn.warc"
    torn.write_bytes(raw[: len(raw) - 3000])
    notes: list[str] = []
    captures = list(iter_captures(torn, notes))
    assert len(captures) >= len(list(iter_captures(SAMPLE))) - 2
    with Store(config.store_path) as store:
        summary = import_warc(torn, config, store)
        assert store.count(articles_only=True) >= ARTICLES - 2
    assert summary.outcomes["new"] >= ARTICLES - 2


def test_a_file_that_is_not_a_warc_is_refused_and_nothing_is_stored(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x00\xff" * 4096)
    with Store(config.store_path) as store, pytest.raises(WarcError, match="not a WARC"):
        import_warc(junk, config, store)
    with Store(config.store_path) as store:
        assert store.count() == 0
    assert warc_files(config.warc_dir) == []


def test_gzipped_json_lines_import_like_plain_ones(config: ArchiveConfig, tmp_path: Path) -> None:
    doc = Document(
        url="https://other.example/b",
        canonical_url="https://other.example/b",
        outlet="Other",
        title="Gzipped",
        body="Compressed on the way in.",
    )
    packed = tmp_path / "docs.jsonl.gz"
    packed.write_bytes(gzip.compress((doc.to_json() + "\n").encode("utf-8")))
    with Store(config.store_path) as store:
        assert import_jsonl(packed, store).outcomes == {"new": 1}
        stored = store.get(doc.id)
        assert stored is not None and stored.captured  # the import's time, the line had none
        assert stored == replace(doc, captured=stored.captured)


def test_every_refusal_is_counted_by_kind_and_remembered_with_its_capture(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        summary = import_warc(SAMPLE, config, store)
        refusals = store.refusals()
        captures = [store.capture_at(r.url, r.captured) for r in refusals]
    assert {k: summary.skipped[k] for k in set(REFUSED.values())} == {
        "section front": 3,
        "search page": 2,
        "no article text": 1,
        "gallery without text": 1,
    }
    assert {r.url: r.reason.split(":")[0] for r in refusals} == REFUSED
    (kept,) = warc_files(config.warc_dir)
    assert {r.warc for r in refusals} == {kept.name}
    # Each refusal is the key of its capture's row, not a second copy of where it lives.
    assert [(c.warc, c.offset) if c else None for c in captures] == [
        (r.warc, r.offset) for r in refusals
    ]


def test_a_store_whose_refusals_held_warc_paths_is_upgraded_on_open(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        refusals = store.refusals()
    (kept,) = warc_files(config.warc_dir)
    with closing(sqlite3.connect(config.store_path)) as db, db:  # the table as it was
        db.execute("DROP TABLE refusals")
        db.execute(
            "CREATE TABLE refusals (url TEXT PRIMARY KEY, reason TEXT NOT NULL, captured TEXT "
            "NOT NULL, warc_path TEXT NOT NULL, warc_offset INTEGER NOT NULL)"
        )
        db.executemany(
            "INSERT INTO refusals VALUES (?, ?, ?, ?, ?)",
            [(r.url, r.reason, r.captured, str(kept), r.offset) for r in refusals],
        )
    with Store(config.store_path) as store:
        assert store.refusals() == refusals
        assert keep_as_article(FRONT, config, store, SIGNED).is_article
    with closing(sqlite3.connect(config.store_path)) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(refusals)")]
    assert columns == ["url", "reason", "captured", "warc", "offset"]


def test_a_kept_refusal_is_stored_from_the_warc_as_an_article_and_survives_reparse(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        doc = keep_as_article(FRONT, config, store, SIGNED)
        assert doc.is_article and store.get(doc.id) == doc
        assert doc.provenance["is_article"].startswith(
            "kept as an article by the archivist (parser: section front: 8 teaser links"
        )
        summary = reparse(config, store, workers=1)
        after = store.get(doc.id)
        refused = {r.url for r in store.refusals()}
        articles = store.count(articles_only=True)
    assert after is not None and after.is_article
    assert summary.outcomes == {"unchanged": CAPTURES + 1}
    assert refused == set(REFUSED) - {FRONT}
    assert articles == ARTICLES + 1


def test_undoing_a_keep_refuses_the_page_again_across_reparse_and_logs_both(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        before = {r.url: r.reason for r in store.refusals()}
        kept = keep_as_article(FRONT, config, store, SIGNED)
        back = unkeep(FRONT, config, store, replace(SIGNED, reason="Not a story after all"))
        assert not back.is_article and back.id == kept.id
        assert store.kept_articles() == frozenset()
        assert {r.url: r.reason for r in store.refusals()} == before
        assert store.count(articles_only=True) == ARTICLES
        reparse(config, store, workers=1)
        assert {r.url: r.reason for r in store.refusals()} == before
        log = [(e.action, e.doc_id, e.reason) for e in store.audit_log()]
        with pytest.raises(BadCorrection, match="is not kept as an article"):
            unkeep(FRONT, config, store, SIGNED)
    assert log == [
        ("keep", kept.id, "A section front worth searching"),
        ("unkeep", kept.id, "Not a story after all"),
    ]


def test_keeping_a_url_the_archive_never_captured_is_a_clear_error(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        with pytest.raises(
            ArchiveError, match=re.escape("no capture of https://nowhere.example/a")
        ):
            keep_as_article("https://nowhere.example/a", config, store, SIGNED)
        assert store.kept_articles() == frozenset()


_UNDATED = (
    b"<html><head><title>Millbrook pantry moves to Elm Street</title></head><body><article>"
    b"<h1>Millbrook pantry moves to Elm Street</h1><div class='story-body'>"
    + b"<p>The Millbrook food pantry will open in the old fire station on Elm Street.</p>" * 4
    + b"</div></article></body></html>"
)


def test_a_sitemap_date_gives_an_undated_article_its_day_in_the_crawl_and_after_reparse(
    tmp_path: Path,
) -> None:
    listed = datetime(2026, 10, 3, 14, 30, tzinfo=UTC)
    clock = FakeClock()
    server = serve_outlet(
        {"/news/pantry-moves.html": Page(_UNDATED)},
        extra_items=[FeedItem("/news/pantry-moves.html", listed, "Pantry moves")],
        clock=clock,
    )
    with server:
        outlet = OutletConfig("Millbrook Ledger", sitemaps=(f"{server.url}/sitemap.xml",))
        config = ArchiveConfig(
            dir=tmp_path / "data", outlets=(outlet,), crawl=CrawlConfig(delay_seconds=1.0)
        )
        with Store(config.store_path) as store:
            crawl(
                config,
                on_capture=lambda c, _: (
                    ingest_captures([c], store, config.outlets).outcomes["new"] > 0
                ),
                clock=clock,
                sleep=clock.sleep,
            )
            (crawled,) = store.iter_documents()
            reparse(config, store, workers=1)
            (reparsed,) = store.iter_documents()
    assert (crawled.published, crawled.day, crawled.provenance["day"]) == (
        None,
        "2026-10-03",
        "listing",
    )
    assert reparsed == crawled


def _plain_doc(n: int, body: str = "Kept as it came.") -> Document:
    return Document(
        url=f"https://other.example/{n}",
        canonical_url=f"https://other.example/{n}",
        outlet="Other",
        title=f"Imported without HTML {n}",
        body=body,
    )


def test_a_jsonl_body_with_a_line_separator_character_is_one_document(tmp_path: Path) -> None:
    # JSON written with ensure_ascii=False keeps U+2028 and U+0085 unescaped inside strings.
    doc = _plain_doc(1, body="First part.\u2028Second part.\x85Third.")
    doc = replace(doc, captured="2026-01-05T12:00:00+00:00")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(doc.to_json() + "\n" + _plain_doc(2).to_json() + "\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        summary = import_jsonl(jsonl, store)
        assert summary.outcomes == {"new": 2}
        assert store.get(doc.id) == doc


def test_jsonl_lines_before_a_bad_line_are_stored(tmp_path: Path) -> None:
    jsonl = tmp_path / "docs.jsonl.gz"
    good = [_plain_doc(n).to_json() for n in range(3)]
    jsonl.write_bytes(gzip.compress("\n".join([*good, '{"url": "x"}', good[0]]).encode()))
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(BadDocument, match="line 4"):
            import_jsonl(jsonl, store)
        assert store.count() == 3
