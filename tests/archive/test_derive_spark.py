"""`dateline derive` on Spark's local[2]: the Documents `dateline reparse` stores, field for field.

Needs the [spark] extra and Java (`make test` installs both where it can); elsewhere every test
here skips with the reason.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from archive import (
    ArchiveConfig,
    Document,
    OutletConfig,
    Signed,
    Store,
    WarcWriter,
    derive_on_spark,
    import_jsonl,
    iter_captures,
    jsonl_parts,
    keep_as_article,
    reparse,
)
from tests.fixtures import SAMPLE_WARC, dateline

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java for Spark (apt-get install default-jre-headless)", allow_module_level=True)

OUTLETS = (
    OutletConfig(
        "Hartford County Courier", "Hartford, CT", hosts=("www.hartfordcountycourier.example",)
    ),
    OutletConfig(
        "Wethersfield Ledger", "Wethersfield, CT", hosts=("www.wethersfieldledger.example",)
    ),
    OutletConfig("Pioneer Valley Post", "Northampton, MA", hosts=("pioneervalleypost.example",)),
    OutletConfig(
        "NewsChannel 9",
        "Albany, NY",
        timezone="America/New_York",
        hosts=("www.news9albany.example",),
    ),
)


def _outlets_toml() -> str:
    blocks = []
    for outlet in OUTLETS:
        zone = f'timezone = "{outlet.timezone}"\n' if outlet.timezone else ""
        blocks.append(
            f'[[outlets]]\nname = "{outlet.name}"\nhome = "{outlet.home}"\n{zone}'
            f"hosts = {json.dumps(list(outlet.hosts))}\n"
        )
    return "\n".join(blocks)


def _config(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(f'[archive]\ndir = "data"\n[index]\nprocs = 1\n{_outlets_toml()}', "utf-8")
    return path


def _lines(out_dir: Path) -> list[Document]:
    return [
        Document.from_dict(json.loads(line))
        for part in jsonl_parts(out_dir)
        for line in gzip.decompress(part.read_bytes()).decode("utf-8").splitlines()
    ]


def _archive(store_path: Path) -> list[tuple[dict[str, object], list[dict[str, object]]]]:
    """Every current Document by id, with all its versions oldest first, as JSON shapes."""
    with Store(store_path) as store:
        return sorted(
            (
                (doc.to_dict(), [v.to_dict() for v in store.versions(doc.id)])
                for doc in store.iter_documents()
            ),
            key=lambda pair: str(pair[0]["id"]),
        )


def _every_version(archive: list[tuple[dict[str, object], list[dict[str, object]]]]) -> list[str]:
    return sorted(json.dumps(v, sort_keys=True) for _, versions in archive for v in versions)


def test_derive_writes_the_documents_reparse_stores_field_for_field(tmp_path: Path) -> None:
    reparsed = _config(tmp_path / "reparsed")
    dateline(reparsed, "import", str(SAMPLE_WARC))
    dateline(reparsed, "reparse", "--workers", "2")
    derived = _config(tmp_path / "derived")
    out = tmp_path / "out"
    dateline(derived, "derive", "--spark", "local[2]", str(SAMPLE_WARC), str(out))
    dateline(derived, "import", str(out))

    expected = _archive(reparsed.parent / "data" / "store.sqlite")
    assert len(expected) == 64
    # `dateline import OUT_DIR` stores exactly what reparse stored: every Document, every
    # version, in the same order...
    assert _archive(derived.parent / "data" / "store.sqlite") == expected
    # ...because the parts hold every Document reparse derives (a page captured twice: twice).
    lines = sorted(json.dumps(d.to_dict(), sort_keys=True) for d in _lines(out))
    assert lines == _every_version(expected)
    assert (out / "_SUCCESS").exists()


def _split_sample(warc_dir: Path) -> None:
    captures = list(iter_captures(SAMPLE_WARC))
    halves = {"a": captures[:30], "b": captures[30:]}
    for prefix, part in halves.items():
        with WarcWriter(warc_dir, prefix) as writer:
            for capture in part:
                writer.write(capture)
    (warc_dir / "c-image.warc.gz").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (warc_dir / "d-torn.warc.gz").write_bytes(SAMPLE_WARC.read_bytes()[:1000])


NOW = "2026-12-07T10:00:00+00:00"

# A photo gallery of five words the parser refuses; an archivist kept it (`dateline keep`).
KEPT = "http://www.wethersfieldledger.example/photos/2024/memorial-day-parade/index.html"


def test_derive_reads_every_file_of_a_glob_as_reparse_does(tmp_path: Path) -> None:
    config = ArchiveConfig(dir=tmp_path / "data", outlets=OUTLETS)
    _split_sample(config.warc_dir)
    with Store(config.store_path) as store:
        reparse(config, store, workers=2)
        keep_as_article(KEPT, config, store, Signed("a parade worth searching", "archivist", NOW))
        expected = reparse(config, store, workers=2)
        kept = store.kept_articles()
        assert store.lookup(KEPT).is_article

    out = tmp_path / "out"
    warcs = str(config.warc_dir / "*.warc.gz")
    summary = derive_on_spark("local[2]", warcs, str(out), OUTLETS, kept)
    with Store(tmp_path / "derived.sqlite") as store:
        for part in jsonl_parts(out):
            import_jsonl(part, store)

    assert _archive(tmp_path / "derived.sqlite") == _archive(config.store_path)
    assert summary.documents == sum(expected.outcomes.values())
    assert summary.skipped == expected.skipped
    # The same notes, the files named by URL (file:/...) rather than by path.
    assert len(summary.notes) == len(expected.notes) == 2
    image, torn = summary.notes
    assert image.startswith("file:") and "c-image.warc.gz: not a WARC or ARC file" in image
    assert "d-torn.warc.gz: torn record at offset 0" in torn
