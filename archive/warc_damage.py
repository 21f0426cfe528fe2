"""Reading on past damage in a WARC file: where the next record starts, and what was skipped."""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from archive.wording import plural


@dataclass
class ReadCursor:
    """How far reading a file got, and the damaged stretch being skipped, if any."""

    path: str
    report: list[str] | None
    skipped: Counter[str] | None
    start: int = 0  # where the last good record starts
    end: int = 0  # and where it ends
    damage: tuple[str, int] | None = None  # kind and offset of the stretch being skipped

    def record(self, offset: int, length: int) -> None:
        """A good record was read at offset: a damaged stretch before it ends there."""
        if self.damage is not None:
            kind, start = self.damage
            if offset >= start:
                skipped = plural(offset - start, "byte")
                self._say(
                    f"{kind} record at offset {start}: skipped {skipped} to the next record, "
                    f"at offset {offset}"
                )
            else:  # found again inside what a record with a wrong length had swallowed
                self._say(f"{kind} record before offset {start}: read on from offset {offset}")
            self.damage = None
        self.start, self.end = offset, offset + length

    def damaged(self, kind: str) -> None:
        """The record after the last good one cannot be read."""
        if self.damage is None:
            self.damage = (kind, self.end)
            if self.skipped is not None:
                self.skipped[f"{kind} record"] += 1

    def close(self) -> None:
        """The file ends: say so if it ended in a damaged stretch."""
        if self.damage is not None:
            kind, start = self.damage
            self._say(f"{kind} record at offset {start}; nothing readable after it")

    def _say(self, line: str) -> None:
        _note(self.report, f"{self.path}: {line}")


class Damaged(Exception):
    """A record that cannot be read: "torn" (cut short) or "damaged".

    `search_from`: look for the next record after this offset, not after the last good record.
    """

    def __init__(self, kind: str, search_from: int | None = None) -> None:
        self.kind = kind
        self.search_from = search_from
        super().__init__(kind)


NOT_CHUNKED = "non-chunked gzip"  # in warcio's message for a whole file gzipped at once
ONE_STREAM = (
    "the whole file is one gzip stream, where each record should be gzipped on its own; "
    'run "warcio recompress" on it and import the result'
)


class QuietIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's ArchiveIterator without its warning of a misplaced record on stderr.

    warcio writes it, with the bytes it found there, straight to stderr; the reader takes the
    record for damaged instead (err_count).
    """

    INC_RECORD = ""


# warcio logs what it finds in a malformed header (binary, from a file that is no WARC) as a
# warning; with no handler of its own, Python's last resort would print it on stderr.
logging.getLogger("warcio").addHandler(logging.NullHandler())


GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_STARTS = (GZIP_MAGIC, b"WARC/1.")
_SCAN_BYTES = 1 << 20


def next_record_start(fh: BinaryIO, start: int) -> int | None:
    """The offset of the next gzip member or WARC header at or after `start`, if any."""
    overlap = max(len(magic) for magic in _RECORD_STARTS) - 1
    while True:
        fh.seek(start)
        data = fh.read(_SCAN_BYTES)
        found = [i for i in (data.find(magic) for magic in _RECORD_STARTS) if i >= 0]
        if found:
            return start + min(found)
        if len(data) < _SCAN_BYTES:
            return None
        start += len(data) - overlap


def looks_like_warc(fh: BinaryIO) -> bool:
    """True when the file starts as a WARC or ARC file would (gzipped or not), or is empty.

    An empty file holds no records (a crawl killed as it opened its file leaves one).
    """
    head = _head(fh)
    return not head or head.startswith((b"WARC/", b"filedesc://"))


def describe_start(fh: BinaryIO) -> str:
    """The first bytes of a file (of its content, if gzipped), for a one-line message."""
    fh.seek(0)
    gzipped = fh.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    return ("unzipped, " if gzipped else "") + f"it starts with {_head(fh)[:24]!r}"


def _head(fh: BinaryIO) -> bytes:
    fh.seek(0)
    raw = fh.read(4096)
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return zlib.decompressobj(31).decompress(raw, 64)
    except zlib.error:
        return b"WARC/"  # a first member too damaged to tell: read on to the next one


def _note(report: list[str] | None, message: str) -> None:
    if report is not None:
        report.append(message)
