"""Captures -> Documents -> store: WARC and JSON Lines import, reparse, nothing lost."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive import (
    ArchiveConfig,
    ArchiveError,
    CrawlConfig,
    Document,
    OutletConfig,
    Store,
    WarcError,
    crawl,
    import_jsonl,
    import_warc,
    ingest_captures,
    iter_captures,
    keep_as_article,
    reparse,
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
    assert {k: summary.skipped[k] for k in set(REFUSED.values())} == {
        "section front": 3,
        "search page": 2,
        "no article text": 1,
        "gallery without text": 1,
    }
    assert {r.url: r.reason.split(":")[0] for r in refusals} == REFUSED
    (kept,) = warc_files(config.warc_dir)
    assert {r.warc_path for r in refusals} == {str(kept)}


def test_a_kept_refusal_is_stored_from_the_warc_as_an_article_and_survives_reparse(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        doc = keep_as_article(FRONT, config, store)
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


def test_keeping_a_url_the_archive_never_captured_is_a_clear_error(
    config: ArchiveConfig,
) -> None:
    with Store(config.store_path) as store:
        import_warc(SAMPLE, config, store)
        with pytest.raises(
            ArchiveError, match=re.escape("no capture of https://nowhere.example/a")
        ):
            keep_as_article("https://nowhere.example/a", config, store)
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
