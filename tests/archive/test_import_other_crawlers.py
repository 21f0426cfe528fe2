"""Import from other crawlers: wget, Heritrix, Browsertrix WARCs and ARC v1 files."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import uuid
from pathlib import Path

import pytest

from archive import ArchiveConfig, Store, document_id, import_warc, iter_captures
from tests.fixtures import PAGES as SAMPLE_PAGES

PAGES = SAMPLE_PAGES / "hartford-courier"
BASE = "https://www.hartfordcountycourier.example/media"
BUS, FLOOD, LIBRARY = (
    "ap-bus-route-review-2020",
    "ap-river-flooding-2025",
    "ap-library-cards-record-2026",
)
_DATE = "2026-11-24T21:00:00Z"


def _page(slug: str) -> bytes:
    return (PAGES / f"{slug}.html").read_bytes()


def _truth(slug: str) -> tuple[str, str]:
    """The page's URL and title, from the JSON beside it."""
    known = json.loads((PAGES / f"{slug}.json").read_text(encoding="utf-8"))
    return known["url"], known["truth"]["title"]


def _record(kind: str, uri: str, block: bytes, **headers: str) -> bytes:
    """One WARC/1.0 record written by hand, gzipped as its own member (as wget does)."""
    fields = {"WARC-Type": kind, "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>", "WARC-Date": _DATE}
    if uri:
        fields["WARC-Target-URI"] = uri
    fields |= {k.replace("_", "-"): v for k, v in headers.items()}
    fields["Content-Length"] = str(len(block))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n")


def _digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()


def _response(uri: str, head: str, payload: bytes, digest: str | None = None) -> bytes:
    block = head.replace("\n", "\r\n").encode() + b"\r\n" + payload
    return _record(
        "response",
        uri,
        block,
        Content_Type="application/http;msgtype=response",
        WARC_Payload_Digest=digest or _digest(payload),
    )


def _chunked(body: bytes) -> bytes:
    half = len(body) // 2
    parts = (body[:half], body[half:])
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def wget_warc(path: Path) -> Path:
    """A WARC as `wget --warc-file` writes it: warcinfo, raw chunked and gzipped responses."""
    bus, flood = _page(BUS), _page(FLOOD)
    bus_url, flood_url = _truth(BUS)[0], _truth(FLOOD)[0]
    zipped = gzip.compress(flood, mtime=0)
    html = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n"
    records = [
        _record("warcinfo", "", b"software: Wget/1.21.4\r\nformat: WARC File Format 1.0\r\n"),
        _record("request", bus_url, b"GET /news/state/ HTTP/1.1\r\n\r\n"),
        _response(bus_url, html + "Transfer-Encoding: chunked\n", _chunked(bus)),
        _response(
            flood_url,
            html + f"Content-Encoding: gzip\nContent-Length: {len(zipped)}\n",
            zipped,
        ),
        _response(f"{BASE}/map.png", "HTTP/1.1 200 OK\nContent-Type: image/png\n", b"\x89PNG\r\n"),
        # The same payload again under another URL, as a crawler re-recording it would.
        _response(
            bus_url + "?page=1",
            html + "Transfer-Encoding: chunked\n",
            _chunked(bus),
        ),
        _record(
            "revisit",
            bus_url,
            b"HTTP/1.1 304 Not Modified\r\n\r\n",
            WARC_Profile="http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        ),
        _record("resource", "metadata://gnu.org/software/wget/warc/wget.log", b"wget log\n"),
    ]
    path.write_bytes(b"".join(records))
    return path


def _arc_record(url: str, content_type: str, response: bytes) -> bytes:
    header = f"{url} 192.0.2.7 20261124210000 {content_type} {len(response)}\n"
    return header.encode() + response + b"\n"


def arc_v1(path: Path) -> Path:
    """An ARC v1 file written by hand: the version block, then URL-record header lines."""
    version = b"1 0 Dateline fixtures\nURL IP-address Archive-date Content-type Archive-length\n"
    head = f"filedesc://{path.name} 0.0.0.0 20261124210000 text/plain {len(version)}\n"
    library = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + _page(LIBRARY)
    library_url = _truth(LIBRARY)[0]
    library_again = library.replace(b"HTTP/1.0 200 OK", b"HTTP/1.0 200 OK\r\nX-Again: 1", 1)
    pdf = b"HTTP/1.0 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    body = (
        head.encode()
        + version
        + b"\n"
        + _arc_record(library_url, "text/html", library)
        + _arc_record(f"{BASE}/budget.pdf", "application/pdf", pdf)
        + _arc_record(library_url + "?amp", "text/html", library_again)
    )
    path.write_bytes(body)
    return path


@pytest.fixture
def config(tmp_path: Path) -> ArchiveConfig:
    return ArchiveConfig(dir=tmp_path / "data")


def test_a_wget_warc_with_chunked_and_gzipped_responses_stores_its_articles(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    with Store(config.store_path) as store:
        summary = import_warc(wget_warc(tmp_path / "wget.warc.gz"), config, store)
        stored = [store.get(document_id(_truth(slug)[0])) for slug in (BUS, FLOOD)]
    assert summary.outcomes["new"] == 2
    assert [d.title if d else None for d in stored] == [_truth(BUS)[1], _truth(FLOOD)[1]]


def test_import_skips_non_html_revisits_and_duplicate_payloads_saying_why(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    with Store(config.store_path) as store:
        summary = import_warc(wget_warc(tmp_path / "wget.warc.gz"), config, store)
    assert summary.skipped == {
        "not HTML: image/png": 1,
        "duplicate payload": 1,
        "revisit record (no payload)": 1,
    }
    assert "duplicate payload" in summary.line()


def test_an_arc_v1_file_is_read_and_its_duplicate_body_skipped(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    arc = arc_v1(tmp_path / "heritrix-old.arc")
    urls = [c.url for c in iter_captures(arc)]
    with Store(config.store_path) as store:
        summary = import_warc(arc, config, store)
        library = store.get(document_id(_truth(LIBRARY)[0]))
    url = _truth(LIBRARY)[0]
    assert urls == [url, f"{BASE}/budget.pdf", url + "?amp"]
    assert summary.outcomes["new"] == 1
    assert summary.skipped == {"not HTML: application/pdf": 1, "duplicate payload": 1}
    assert library is not None and library.title == _truth(LIBRARY)[1]


def test_a_warc_cut_inside_its_last_record_yields_the_rest_and_reports_the_tear(
    config: ArchiveConfig, tmp_path: Path
) -> None:
    whole = wget_warc(tmp_path / "whole.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    last = _response(f"{BASE}/late.html", "HTTP/1.1 200 OK\nContent-Type: text/html\n", b"<p>late")
    cut.write_bytes(whole + last[: len(last) - 20])
    notes: list[str] = []
    urls = [c.url for c in iter_captures(cut, notes)]
    assert urls == [c.url for c in iter_captures(tmp_path / "whole.warc.gz")]
    assert len(notes) == 1 and "torn record" in notes[0]
