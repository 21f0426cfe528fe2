"""Exports: the archived HTTP responses of some Documents as a new WARC, or the Documents as
JSON Lines. A withdrawn story (`dateline hide`) is never exported.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.document import Document
from archive.errors import WarcError
from archive.store import CaptureRecord, Store
from archive.warc import iter_captures, read_capture, warc_files


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, the documents whose response no WARC holds, and how many
    withdrawn stories it left out."""

    path: str
    written: int
    missing: list[str]
    withheld: int = 0


@dataclass(frozen=True)
class _Located:
    path: Path
    offset: int
    length: int
    date: datetime
    status: int


def export_warc(
    out: Path, documents: Sequence[Document], warc_dir: Path, store: Store | None = None
) -> ExportSummary:
    """Write the latest archived response of each document into a new gzipped WARC at `out`.

    With the store, responses are found where it recorded them; only documents it knows no
    response of (an archive not reparsed since the store began recording) cost a scan of
    every WARC file. Documents the store has withdrawn are left out.

    Raises:
        WarcError: `out` cannot be written, or an archived WARC cannot be read.
    """
    _check_target(out, ".warc.gz", "the export is a gzipped WARC: name it *.warc.gz")
    shown = _shown(documents, store)
    withheld, documents = len(documents) - len(shown), shown
    found = _recorded(documents, store, warc_dir) if store is not None else {}
    unfound = [d for d in documents if not (found.get(d.url) or found.get(d.canonical_url))]
    wanted = {u for d in unfound for u in (d.url, d.canonical_url) if u}
    if wanted:
        found.update(locate_responses(warc_dir, wanted))
    partial = out.with_name(out.name + ".part")
    written, missing = 0, []
    try:
        with open(partial, "wb") as fh:
            for doc in documents:
                where = found.get(doc.url) or found.get(doc.canonical_url)
                if where is None:
                    missing.append(doc.url)
                    continue
                _copy_record(where, fh)
                written += 1
        os.replace(partial, out)
    except OSError as exc:
        raise WarcError(str(out), exc.strerror or str(exc)) from exc
    return ExportSummary(str(out), written, missing, withheld)


def export_jsonl(out: Path, documents: Sequence[Document], store: Store) -> ExportSummary:
    """Write the documents (corrections applied) as JSON Lines at `out`, gzipped for *.gz.

    What `dateline import` reads back. Documents the store has withdrawn are left out.

    Raises:
        WarcError: `out` cannot be written.
    """
    _check_target(out, (".jsonl", ".jsonl.gz"), "the export is JSON Lines: name it *.jsonl[.gz]")
    shown = _shown(documents, store)
    lines = "".join(doc.to_json() + "\n" for doc in shown).encode("utf-8")
    partial = out.with_name(out.name + ".part")
    try:
        partial.write_bytes(gzip.compress(lines) if out.name.endswith(".gz") else lines)
        os.replace(partial, out)
    except OSError as exc:
        raise WarcError(str(out), exc.strerror or str(exc)) from exc
    return ExportSummary(str(out), len(shown), [], len(documents) - len(shown))


def _shown(documents: Iterable[Document], store: Store | None) -> list[Document]:
    """The documents that are not withdrawn (all of them without a store to ask)."""
    if store is None:
        return list(documents)
    takedowns = store.takedowns()
    return [doc for doc in documents if not takedowns.covers(doc)]


def _check_target(out: Path, suffix: str | tuple[str, ...], wrong_name: str) -> None:
    if out.is_dir():
        raise WarcError(str(out), "is a folder; give a file name")
    if not out.parent.is_dir():
        raise WarcError(str(out), f"no folder {out.parent}; create it first")
    if not out.name.endswith(suffix):
        raise WarcError(str(out), wrong_name)


def locate_responses(warc_dir: Path, urls: set[str]) -> dict[str, _Located]:
    """Find the latest response record of each URL in the archive's WARC and ARC files.

    Raises:
        WarcError: a file cannot be opened.
    """
    best: dict[str, _Located] = {}
    for path in warc_files(warc_dir):
        for url, here in _responses(path):
            if url not in urls:
                continue
            known = best.get(url)
            # A 200 beats an error page; among equals, the later capture wins.
            if known is None or (here.status == 200, here.date) >= (
                known.status == 200,
                known.date,
            ):
                best[url] = here
    return best


def _recorded(documents: Sequence[Document], store: Store, warc_dir: Path) -> dict[str, _Located]:
    found: dict[str, _Located] = {}
    for url in {u for d in documents for u in (d.url, d.canonical_url) if u}:
        record = store.latest_capture(url)
        if record is not None:
            found[url] = _located(record, warc_dir)
    return found


def _located(record: CaptureRecord, warc_dir: Path) -> _Located:
    path = warc_dir / Path(record.warc).name
    length = record.length
    if length < 0:  # our crawler does not note a record's length: read it from the record
        length = read_capture(path, record.offset).length
    date = datetime.fromisoformat(record.captured)
    return _Located(path, record.offset, length, date, record.status)


def _responses(path: Path) -> Iterator[tuple[str, _Located]]:
    # A torn last record is skipped by iter_captures (import reports it); nothing to copy.
    for capture in iter_captures(path):
        where = _Located(path, capture.offset, capture.length, capture.captured, capture.status)
        yield capture.url, where


def _copy_record(where: _Located, out: BinaryIO) -> None:
    """Copy a gzipped record byte for byte; a plain WARC record is gzipped; ARC is rewritten."""
    with open(where.path, "rb") as fh:
        fh.seek(where.offset)
        raw = fh.read(where.length)
    if raw.startswith(b"\x1f\x8b"):
        out.write(raw)
    elif raw.startswith(b"WARC/"):
        out.write(gzip.compress(raw))
    else:
        out.write(_rewritten(where))


def _rewritten(where: _Located) -> bytes:
    """An ARC record as a WARC response record (ARC has no place in a WARC file)."""
    capture = read_capture(where.path, where.offset)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="WARC/1.1")
    http = StatusAndHeaders(f"{capture.status} OK", capture.headers, protocol="HTTP/1.0")
    record = writer.create_warc_record(
        capture.url,
        "response",
        payload=io.BytesIO(capture.body),
        length=len(capture.body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": where.date or "1970-01-01T00:00:00Z"},
    )
    writer.write_record(record)
    return buffer.getvalue()
