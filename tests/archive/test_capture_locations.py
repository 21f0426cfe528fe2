"""The store knows where each archived response lives: import, crawl and reparse record it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import (
    ArchiveConfig,
    Capture,
    CaptureRecord,
    CrawlConfig,
    OutletConfig,
    Store,
    crawl,
    export_warc,
    import_warc,
    iter_captures,
    read_capture,
    reparse,
    store_capture,
)
from tests.fixtures import FakeClock, response, write_warc
from tests.outlet.server import Page, serve_outlet

WHEN = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
STORY = "https://ledger.example/news/ferry.html"
PHOTO = "https://ledger.example/img/ferry.jpg"
STYLE = "https://ledger.example/css/site.css"
_HTML = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>By Ada Brooks</p><p>{text} The ferry from Rocky Hill to Glastonbury crosses the "
    "Connecticut River every fifteen minutes in summer, and riders line up early.</p>"
    "<p>The crossing has run since 1655, which makes it the oldest continuously operating "
    "ferry in the country, according to the state Department of Transportation.</p>"
    "<p>Fares are unchanged this year: five dollars for a car and two dollars for a walker "
    "or a cyclist, paid to the captain on board. The last boat leaves at half past six.</p>"
    "</article></body></html>"
)


def _page(title: str, text: str) -> bytes:
    return _HTML.format(title=title, text=text).encode()


def _imported(tmp_path: Path) -> tuple[ArchiveConfig, Store]:
    source = write_warc(
        tmp_path / "incoming",
        [
            response(STORY, _page("Ferry opens", "The ferry opened."), WHEN),
            response(PHOTO, b"\xff\xd8\xff\xe0 a jpeg", WHEN, "image/jpeg"),
            response(STYLE, b"h1 { color: navy }", WHEN, "text/css"),
            response(STORY, _page("Ferry opens early", "The ferry opened."), WHEN + timedelta(1)),
        ],
    )
    config = ArchiveConfig(dir=tmp_path / "data")
    store = Store(config.store_path)
    import_warc(source, config, store)
    return config, store


def test_an_import_records_where_every_response_lives_articles_images_and_css(
    tmp_path: Path,
) -> None:
    config, store = _imported(tmp_path)
    with store:
        for url, kind in ((STORY, "text/html"), (PHOTO, "image/jpeg"), (STYLE, "text/css")):
            record = store.capture_at(url, WHEN.isoformat())
            assert record is not None and record.content_type == kind
            assert record.length > 0 and record.status == 200
            assert read_capture(config.warc_dir / record.warc, record.offset).url == url
        versions = store.versions(_story_id(store))
    assert [v.captured for v in versions] == [WHEN.isoformat(), (WHEN + timedelta(1)).isoformat()]


def _story_id(store: Store) -> str:
    (doc,) = store.iter_documents()
    return doc.id


def test_each_version_finds_its_own_capture(tmp_path: Path) -> None:
    config, store = _imported(tmp_path)
    with store:
        titles = []
        for version in store.versions(_story_id(store)):
            record = store.capture_at(version.url, version.captured or "")
            assert record is not None
            body = read_capture(config.warc_dir / record.warc, record.offset).body
            titles.append(body.split(b"<title>")[1].split(b"<")[0].decode())
    assert titles == ["Ferry opens", "Ferry opens early"]


def test_the_nearest_capture_of_an_asset_is_picked_and_only_of_the_kinds_asked(
    tmp_path: Path,
) -> None:
    later = WHEN + timedelta(days=30)
    with Store(tmp_path / "s.sqlite") as store:
        store.record_captures(
            [
                _record("a.warc.gz", 0, PHOTO, WHEN, "image/jpeg"),
                _record("a.warc.gz", 100, PHOTO, later, "image/jpeg"),
                _record("a.warc.gz", 200, STYLE, WHEN, "text/css"),
            ]
        )
        near = store.nearest_capture(PHOTO, (later - timedelta(days=2)).isoformat(), ["image/"])
        assert near is not None and near.offset == 100
        assert store.nearest_capture(STYLE, WHEN.isoformat(), ["image/"]) is None
        # Recording the same record again keeps one row.
        store.record_captures([_record("a.warc.gz", 0, PHOTO, WHEN, "image/jpeg")])
        assert store.latest_capture(PHOTO) == _record("a.warc.gz", 100, PHOTO, later, "image/jpeg")


def _record(warc: str, offset: int, url: str, when: datetime, kind: str) -> CaptureRecord:
    return CaptureRecord(warc, offset, 10, url, when.isoformat(), 200, kind)


def test_reparse_records_locations_for_an_archive_made_before_they_were_kept(
    tmp_path: Path,
) -> None:
    config, store = _imported(tmp_path)
    store.close()
    with sqlite3.connect(config.store_path) as db:
        db.execute("DELETE FROM captures")
    with Store(config.store_path) as store:
        assert store.capture_at(STORY, WHEN.isoformat()) is None
        reparse(config, store, workers=1)
        record = store.capture_at(STORY, WHEN.isoformat())
        assert record is not None and record.length > 0
        assert store.capture_at(PHOTO, WHEN.isoformat()) is not None


def test_export_reads_where_the_store_recorded_and_scans_no_warc_file(tmp_path: Path) -> None:
    config, store = _imported(tmp_path)
    # A WARC dropped into the folder by hand, never imported: only a scan would see it.
    later = response(STORY, _page("Ferry opens at dawn", "The ferry."), WHEN + timedelta(9))
    write_warc(config.warc_dir, [later])
    with store:
        docs = list(store.iter_documents())
        recorded = export_warc(tmp_path / "out.warc.gz", docs, config.warc_dir, store)
        scanned = export_warc(tmp_path / "scan.warc.gz", docs, config.warc_dir)
    assert recorded.written == scanned.written == 1
    (exported,) = iter_captures(tmp_path / "out.warc.gz")
    assert b"<title>Ferry opens early<" in exported.body  # the latest recorded capture
    (found,) = iter_captures(tmp_path / "scan.warc.gz")
    assert b"<title>Ferry opens at dawn<" in found.body


def test_a_crawled_article_records_where_its_capture_lives_and_exports_from_there(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    published = datetime(2026, 11, 2, 8, tzinfo=UTC)
    body = _page("Harbour fair", "Stalls open at nine.")
    pages = {"/news/harbour-fair.html": Page(body, published=published, is_article=True)}
    with serve_outlet(pages, clock=clock) as server, Store(tmp_path / "s.sqlite") as store:
        outlet = OutletConfig(name="harbour-gazette", sitemaps=(f"{server.url}/sitemap.xml",))
        config = ArchiveConfig(
            dir=tmp_path / "data", outlets=(outlet,), crawl=CrawlConfig(delay_seconds=1.0)
        )

        def keep(capture: Capture, _outlet: OutletConfig | None) -> bool:
            return store_capture(capture, store, config.outlets)

        crawl(config, on_capture=keep, clock=clock, sleep=clock.sleep)
        (doc,) = store.iter_documents()
        record = store.capture_at(doc.url, doc.captured or "")
        assert record is not None
        assert read_capture(config.warc_dir / record.warc, record.offset).body == body
        export_warc(tmp_path / "out.warc.gz", [doc], config.warc_dir, store)
    (exported,) = iter_captures(tmp_path / "out.warc.gz")
    assert exported.body == body
