"""Writing WARC files: request, response, revisit and metadata records, one gzip member each."""

from __future__ import annotations

import io
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.closing import Closing
from archive.warc_record import LISTED_FIELD, Capture

# The revisit profile of a 304 answer (WARC 1.1).
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def crawler_info(user_agent: str) -> dict[str, str]:
    """The warcinfo fields of a WARC file our crawler writes."""
    return {
        "software": "Dateline",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "robots": "obey",
        "http-header-user-agent": user_agent,
    }


class WarcWriter(Closing):
    """Append request/response records to a gzipped WARC/1.1 file, one gzip member each."""

    def __init__(
        self, folder: Path, prefix: str = "dateline", *, info: dict[str, str] | None = None
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.path = folder / f"{prefix}-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        self._fh = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="WARC/1.1")
        if info is not None:
            self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))
            self._fh.flush()

    def write(
        self,
        capture: Capture,
        method: str = "GET",
        *,
        truncated: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> int:
        """Write a capture (its request, its metadata) and return the response record's offset.

        `truncated` (e.g. "length") marks a body cut short, as WARC-Truncated says.
        """
        date = _warc_date(capture)
        offset = self._fh.tell()
        warc_headers = {"WARC-Date": date}
        if truncated:
            warc_headers["WARC-Truncated"] = truncated
        if capture.listed:
            warc_headers[LISTED_FIELD] = capture.listed
        response = self._writer.create_warc_record(
            capture.url,
            "response",
            payload=io.BytesIO(capture.body),
            # A known length keeps warcio from spooling the body to an unclosed temp file.
            length=len(capture.body),
            http_headers=_status_and_headers(capture),
            warc_headers_dict=warc_headers,
        )
        self._write_with(capture, response, method, date, metadata)
        return offset

    def write_revisit(
        self, capture: Capture, method: str = "GET", *, metadata: dict[str, str] | None = None
    ) -> int:
        """Write a 304 Not Modified as a revisit record (server-not-modified) and its request."""
        date = _warc_date(capture)
        offset = self._fh.tell()
        revisit = self._writer.create_warc_record(
            capture.url,
            "revisit",
            http_headers=_status_and_headers(capture),
            warc_headers_dict={"WARC-Date": date, "WARC-Profile": NOT_MODIFIED_PROFILE},
        )
        self._write_with(capture, revisit, method, date, metadata)
        return offset

    def _write_with(
        self,
        capture: Capture,
        record: object,
        method: str,
        date: str,
        metadata: dict[str, str] | None,
    ) -> None:
        """Write a record, then its request and metadata, and make them durable."""
        self._writer.write_record(record)
        self._write_request(capture, method, date, record)
        self._write_metadata(capture.url, date, record, metadata)
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def _write_request(self, capture: Capture, method: str, date: str, response: object) -> None:
        if not capture.request_headers:
            return
        path = capture.url.split("/", 3)[3] if capture.url.count("/") >= 3 else ""
        record_id = response.rec_headers.get_header("WARC-Record-ID")  # type: ignore[attr-defined]
        request = self._writer.create_warc_record(
            capture.url,
            "request",
            http_headers=StatusAndHeaders(
                f"{method} /{path} HTTP/1.1", capture.request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        self._writer.write_record(request)

    def _write_metadata(
        self, url: str, date: str, response: object, fields: dict[str, str] | None
    ) -> None:
        # As Heritrix does: application/warc-fields, linked to the response it describes.
        if not fields:
            return
        record_id = response.rec_headers.get_header("WARC-Record-ID")  # type: ignore[attr-defined]
        body = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode()
        metadata = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        self._writer.write_record(metadata)

    def close(self) -> None:
        """Flush and close the file."""
        self._fh.close()


def _warc_date(capture: Capture) -> str:
    return capture.captured.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status_and_headers(capture: Capture) -> StatusAndHeaders:
    status = f"{capture.status} {_reason(capture.status)}"
    return StatusAndHeaders(status, capture.headers, protocol="HTTP/1.1")


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _reason(status: int) -> str:
    return _REASONS.get(status, "OK" if status < 300 else "Status")
