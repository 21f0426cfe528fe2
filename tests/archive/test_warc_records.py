"""The crawler's WARC files read as standard tools expect: warcinfo first, metadata per response."""

from __future__ import annotations

import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.indexer import Indexer

from archive import Store, crawl, import_warc, iter_captures, reparse
from tests.fixtures import Captured, FakeClock, archive_config
from tests.outlet.server import OutletServer


def _records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with open(path, "rb") as fh:
        return [
            (r.rec_type, dict(r.rec_headers.headers), r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]


def _fields(body: bytes) -> dict[str, str]:
    lines = body.decode().strip().split("\r\n")
    return dict(line.split(": ", 1) for line in lines)


def _crawled(tmp_path: Path, outlet: OutletServer, clock: FakeClock) -> Path:
    config = archive_config(tmp_path, outlet)
    summary = crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)
    assert len(summary.warc_files) == 1
    return Path(summary.warc_files[0])


def test_each_crawled_warc_starts_with_a_warcinfo_naming_the_crawler(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    records = _records(_crawled(tmp_path, outlet, clock))
    kinds = [kind for kind, _, _ in records]
    assert kinds[0] == "warcinfo" and kinds.count("warcinfo") == 1
    _, headers, body = records[0]
    assert headers["Content-Type"] == "application/warc-fields"
    info = _fields(body)
    assert info["software"] == "Dateline"
    assert info["format"] == "WARC File Format 1.1"
    assert info["robots"] == "obey"
    assert info["http-header-user-agent"].startswith("DatelineArchiver/")
    assert "conformsTo" in info


def test_every_response_has_a_metadata_record_concurrent_to_it(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    records = _records(_crawled(tmp_path, outlet, clock))
    responses = {h["WARC-Record-ID"]: h for kind, h, _ in records if kind == "response"}
    metadata = [(h, _fields(b)) for kind, h, b in records if kind == "metadata"]
    assert {h["WARC-Concurrent-To"] for h, _ in metadata} >= set(responses)
    for headers, fields in metadata:
        assert headers["Content-Type"] == "application/warc-fields"
        described = responses.get(headers["WARC-Concurrent-To"])
        if described is not None:
            assert headers["WARC-Target-URI"] == described["WARC-Target-URI"]
        assert fields["fetchTimeMs"].isdigit()
    article = next(f for h, f in metadata if h["WARC-Target-URI"].endswith("flood-warning.html"))
    assert article["outlet"] == "millbrook-ledger"
    assert article["via"].startswith(outlet.url)
    assert article["via"].endswith(("/feed.xml", ".xml.gz", "/index.html"))


def test_iter_captures_yields_responses_only_and_warcio_indexes_every_record(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    path = _crawled(tmp_path, outlet, clock)
    records = _records(path)
    responses = [h["WARC-Target-URI"] for kind, h, _ in records if kind == "response"]
    assert [c.url for c in iter_captures(path)] == responses
    index = tmp_path / "index.cdxj"
    fields = "warc-type,warc-target-uri,warc-concurrent-to,offset,length"
    Indexer(fields, [str(path)], str(index)).process_all()
    rows = [json.loads(line) for line in index.read_text().splitlines()]
    assert [r["warc-type"] for r in rows] == [kind for kind, _, _ in records]
    assert all(int(r["length"]) > 0 for r in rows)


def test_import_and_reparse_of_a_crawled_warc_read_its_responses_and_nothing_else(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    path = _crawled(tmp_path, outlet, clock)
    responses = len(list(iter_captures(path)))
    elsewhere = archive_config(tmp_path / "elsewhere", outlet)
    with Store(elsewhere.store_path) as store:
        imported = import_warc(path, elsewhere, store)
        again = reparse(elsewhere, store, workers=1)
    for summary in (imported, again):
        assert summary.notes == []
        assert sum(summary.outcomes.values()) + sum(summary.skipped.values()) == responses
