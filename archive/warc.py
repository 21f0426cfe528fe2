"""WARC files: the raw archive. Records are appended whole and never rewritten.

Reading is here; Capture and its headers are in warc_record.py, writing in warc_writer.py,
reading on past damage in warc_damage.py. Every name is importable from here.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archive.errors import WarcError
from archive.warc_damage import (
    NOT_CHUNKED,
    ONE_STREAM,
    Damaged,
    QuietIterator,
    ReadCursor,
    describe_start,
    looks_like_warc,
    next_record_start,
)
from archive.warc_record import LISTED_FIELD, Capture, header_value, media_type
from archive.warc_writer import WarcWriter, crawler_info

__all__ = [
    "LISTED_FIELD",
    "Capture",
    "ReadReport",
    "WarcWriter",
    "crawler_info",
    "header_value",
    "iter_captures",
    "media_type",
    "read_capture",
    "read_captures",
    "warc_files",
]


@dataclass(frozen=True)
class ReadReport:
    """What reading a WARC file skipped, and why."""

    path: str
    records: int = 0
    skipped: list[str] = field(default_factory=list)


def iter_captures(
    path: Path,
    report: list[str] | None = None,
    skipped: Counter[str] | None = None,
    *,
    max_body_bytes: int | None = None,
) -> Iterator[Capture]:
    """Yield every HTTP response in a WARC (or ARC) file, in file order.

    Past a torn or damaged record, reading goes on at the next record that can be read (the
    next gzip member or "WARC/1." line): each damaged stretch counts in `skipped` and gets a
    note in `report` with its offset and size. Revisit records (no payload of their own) count
    in `skipped`. With `max_body_bytes` (import, reparse), so do responses whose decoded body
    is longer or that their writer marked truncated: "too large", as the crawler says; they
    are read no further.

    Raises:
        WarcError: the file cannot be opened, is not a WARC/ARC file at all, or is gzipped as
            a whole (its records cannot be found one by one).
    """
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise WarcError(str(path), exc.strerror or str(exc)) from exc
    with fh:
        try:
            yield from read_captures(fh, str(path), report, skipped, max_body_bytes=max_body_bytes)
        except OSError as exc:
            raise WarcError(str(path), f"cannot read ({exc.strerror or exc})") from exc


def read_captures(
    stream: BinaryIO,
    name: str,
    report: list[str] | None = None,
    skipped: Counter[str] | None = None,
    *,
    max_body_bytes: int | None = None,
) -> Iterator[Capture]:
    """Yield every HTTP response of a WARC (or ARC) read from a seekable stream.

    As iter_captures does; `name` stands for the file in captures and notes (a path or a URL
    such as hdfs://...).

    Raises:
        WarcError: the stream is not a WARC/ARC file at all, or is gzipped as a whole.
    """
    if not looks_like_warc(stream):
        raise WarcError(name, f"not a WARC or ARC file ({describe_start(stream)})")
    yield from _read_on(stream, ReadCursor(name, report, skipped), max_body_bytes)


def _read_on(fh: BinaryIO, cursor: ReadCursor, max_body_bytes: int | None) -> Iterator[Capture]:
    """Yield the file's responses, going on at the next record past each damaged stretch."""
    position: int | None = 0
    while position is not None:
        try:
            yield from _read_from(fh, position, cursor, max_body_bytes)
            break
        except Damaged as exc:
            cursor.damaged(exc.kind)
            # Always past where this attempt began, so that reading moves on.
            search_from = max(position, exc.search_from or cursor.end) + 1
            position = next_record_start(fh, search_from)
    cursor.close()


# What warcio raises on records it cannot parse, besides ArchiveLoadFailed.
_READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, StatusAndHeadersParserException)


def _read_from(
    fh: BinaryIO, position: int, cursor: ReadCursor, max_body_bytes: int | None
) -> Iterator[Capture]:
    """Yield the responses of the records from `position` on.

    Raises:
        Damaged: a record cannot be read.
        WarcError: the file is gzipped as a whole.
    """
    fh.seek(position)
    iterator = QuietIterator(fh, arc2warc=True)
    try:
        for record in iterator:
            capture = _read_record(record, cursor, max_body_bytes)
            offset, length = iterator.get_record_offset(), iterator.get_record_length()
            if iterator.err_count:
                # Not where the record before said it would be: that one's length was wrong, or
                # this gzip member is damaged. Look again from just after the last good record.
                raise Damaged("damaged", search_from=cursor.start)
            cursor.record(offset, length)
            if capture is not None:
                yield replace(capture, offset=offset, length=length)
    except ArchiveLoadFailed as exc:
        if NOT_CHUNKED in str(exc):
            raise WarcError(cursor.path, ONE_STREAM) from exc
        raise Damaged("damaged") from exc
    except _READ_ERRORS as exc:
        raise Damaged("torn") from exc


def _read_record(record: object, cursor: ReadCursor, max_body_bytes: int | None) -> Capture | None:
    """The capture of a record read to its end (None for other records and skipped ones).

    Raises:
        Damaged: the record is torn, or says nothing of its length.
    """
    if not hasattr(record.raw_stream, "limit"):  # type: ignore[attr-defined]
        # No Content-Length: in a file that is not gzipped, it would run to the end of the file.
        raise Damaged("damaged")
    skipped = cursor.skipped
    if skipped is not None and getattr(record, "rec_type", "") == "revisit":
        skipped["revisit record (no payload)"] += 1
    try:
        capture = _capture(record, cursor.path, max_body_bytes)
    except _Unread as exc:
        capture = None
        if skipped is not None:
            skipped[exc.reason] += 1
    if _is_torn(record):  # what a crawl killed mid-write leaves: reported, never yielded
        raise Damaged("torn")
    return capture


_RECORD_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion"}
)


def _is_torn(record: object) -> bool:
    """True for a record cut short: fewer bytes than its Content-Length, or no real header."""
    if getattr(record, "rec_type", "") not in _RECORD_TYPES:
        return True
    stream = record.raw_stream  # type: ignore[attr-defined]
    while stream.read(_DRAIN_BYTES):
        pass
    return int(getattr(stream, "limit", 0) or 0) > 0


_DRAIN_BYTES = 1 << 16


def read_capture(path: Path, offset: int) -> Capture:
    """Return the response record at this offset of a WARC file.

    Raises:
        WarcError: no readable response record starts there.
    """
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            iterator = ArchiveIterator(fh, arc2warc=True)
            for record in iterator:
                capture = _capture(record, str(path))
                if capture is not None:
                    # Asked after the payload is read: warcio skips to the record's end for it.
                    return replace(capture, offset=offset, length=iterator.get_record_length())
                break
    except (OSError, ArchiveLoadFailed, EOFError, ValueError) as exc:
        raise WarcError(str(path), f"cannot read record at {offset} ({exc})") from exc
    raise WarcError(str(path), f"no response record at offset {offset}")


class _Unread(Exception):
    """A response record whose body is not read, and why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _capture(record: object, path: str, max_body_bytes: int | None = None) -> Capture | None:
    """The Capture of a response record, None for other records.

    Raises:
        _Unread: with max_body_bytes, the body is longer decoded or the record is truncated.
    """
    rec_type = getattr(record, "rec_type", "")
    if rec_type not in ("response", "revisit") or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    if rec_type == "revisit":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    date = record.rec_headers.get_header("WARC-Date") or ""  # type: ignore[attr-defined]
    truncated = record.rec_headers.get_header("WARC-Truncated")  # type: ignore[attr-defined]
    if truncated and max_body_bytes is not None:
        raise _Unread(_TOO_LARGE if truncated == "length" else f"truncated ({truncated})")
    body = _read_body(record.content_stream(), max_body_bytes)  # type: ignore[attr-defined]
    status = record.http_headers.get_statuscode() or "0"  # type: ignore[attr-defined]
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""  # type: ignore[attr-defined]
    listed = record.rec_headers.get_header(LISTED_FIELD) or ""  # type: ignore[attr-defined]
    return Capture(
        url=url,
        status=int(status) if str(status).isdigit() else 0,
        headers=list(record.http_headers.headers),  # type: ignore[attr-defined]
        body=body,
        captured=_parse_warc_date(date),
        warc_path=path,
        payload_digest=digest,
        listed=listed,
    )


_TOO_LARGE = "too large"  # the crawler's reason for a page over max_page_bytes


def _read_body(stream: BinaryIO, max_bytes: int | None) -> bytes:
    """Read a decoded payload, at most max_bytes of it (a gzip bomb inflates as it is read).

    Raises:
        _Unread: the payload is longer than max_bytes.
    """
    if max_bytes is None:
        return stream.read()
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_DRAIN_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _Unread(_TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_warc_date(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def warc_files(warc_dir: Path) -> list[Path]:
    """Every WARC/ARC file in the archive, oldest name first."""
    if not warc_dir.is_dir():
        return []
    suffixes = (".warc", ".warc.gz", ".arc", ".arc.gz")
    return sorted(p for p in warc_dir.iterdir() if p.name.endswith(suffixes))
