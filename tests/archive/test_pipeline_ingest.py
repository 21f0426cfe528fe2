"""Captures -> Documents -> store: WARC and JSON Lines import, reparse, nothing lost."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from archive import (
    ArchiveConfig,
    Document,
    OutletConfig,
    Store,
    WarcError,
    import_jsonl,
    import_warc,
    iter_captures,
    reparse,
    warc_files,
)
from tests.fixtures import ROOT, SAMPLE_WARC

SAMPLE = SAMPLE_WARC
ARTICLES = sum(
    json.loads(p.read_text(encoding="utf-8")).get("is_article", False)
    for p in (ROOT / "tests" / "outlet" / "pages").glob("*/*.json")
)
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
        assert again.outcomes == {"unchanged": ARTICLES}
        assert store.version_count() == ARTICLES
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
    assert summary.outcomes == {"unchanged": ARTICLES}
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
