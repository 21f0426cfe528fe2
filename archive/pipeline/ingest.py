"""Captures into the store: a WARC file imported (kept unchanged, read once), or a crawled page."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

from archive.config import ArchiveConfig, OutletConfig
from archive.document import Document
from archive.errors import WarcError
from archive.pipeline.derive import (
    IngestSummary,
    Progress,
    article_of,
    batches,
    capture_record,
)
from archive.store import NEW, CaptureRecord, Store
from archive.warc import Capture, iter_captures

_IMPORT_BATCH = 500  # captures per transaction: memory stays flat, a kill keeps what was stored


def store_capture(capture: Capture, store: Store, outlets: Sequence[OutletConfig]) -> bool:
    """Record where a crawled response lives and store its article; True for a new article.

    A page that is not an article is listed as refused, as import and reparse list it.
    """
    return ingest_captures([capture], store, outlets).outcomes[NEW] > 0


def ingest_captures(
    captures: Iterable[Capture],
    store: Store,
    outlets: Sequence[OutletConfig],
    seen: set[str] | None = None,
) -> IngestSummary:
    """Parse and store captures; pages that are not articles are counted and listed as refused.

    Where each response lives is recorded, articles or not (images and stylesheets too, for the
    page as captured). Captures are stored in batches as they are read: memory stays flat, and
    what was stored survives a kill. With `seen`, a payload whose digest or body hash is
    already in it is skipped as a duplicate.
    """
    summary = IngestSummary()
    kept = store.kept_articles()
    articles: set[str] = set()  # a URL stored as an article in this run is never refused
    for batch in batches(iter(captures), _IMPORT_BATCH):
        refused = len(summary.refusals)
        docs, records = _sort_batch(batch, outlets, kept, seen, summary)
        summary.outcomes.update(store.put_many(docs))
        store.record_captures(records)
        articles.update(doc.url for doc in docs)
        if refusals := [r for r in summary.refusals[refused:] if r.url not in articles]:
            store.record_refusals(refusals)
        if docs:
            store.forget_refusals(doc.url for doc in docs)
    return summary


def _sort_batch(
    captures: list[Capture],
    outlets: Sequence[OutletConfig],
    kept: Collection[str],
    seen: set[str] | None,
    summary: IngestSummary,
) -> tuple[list[Document], list[CaptureRecord]]:
    """The batch's articles and where each response lives; refusals counted in `summary`."""
    docs: list[Document] = []
    records: list[CaptureRecord] = []
    for capture in captures:
        if (record := capture_record(capture)) is not None:
            records.append(record)
        if seen is not None and _seen_before(capture, seen):
            summary.skipped["duplicate payload"] += 1
            continue
        if (doc := article_of(capture, outlets, kept, summary)) is not None:
            docs.append(doc)
    return docs, records


def _seen_before(capture: Capture, seen: set[str]) -> bool:
    # Crawlers re-record unchanged pages (Heritrix, Browsertrix): one copy is enough.
    keys = {"body:" + hashlib.sha1(capture.body).hexdigest()}
    if capture.payload_digest:
        keys.add(capture.payload_digest)
    if keys & seen:
        return True
    seen.update(keys)
    return False


def import_warc(
    path: Path, config: ArchiveConfig, store: Store, progress: Progress | None = None
) -> IngestSummary:
    """Keep a copy of a WARC/ARC file in the archive, unchanged, and store its articles.

    Raises:
        WarcError: the file cannot be read or is not a WARC/ARC file.
    """
    limit = config.crawl.max_page_bytes
    # Refuses a file that is not a WARC before it is kept.
    next(iter_captures(path, max_body_bytes=limit), None)
    kept = keep_warc(path, config.warc_dir)
    summary = IngestSummary()
    notes: list[str] = []
    records = iter_captures(kept, notes, summary.skipped, max_body_bytes=limit)
    captures = _counting(records, kept.stat().st_size, progress)
    summary.merge(ingest_captures(captures, store, config.outlets, seen=set()))
    summary.notes.extend(notes)
    return summary


def keep_warc(path: Path, warc_dir: Path) -> Path:
    """Copy a WARC into the archive folder (once, by content) and return the kept path.

    Raises:
        WarcError: the file cannot be read or copied.
    """
    try:
        if path.resolve().parent == warc_dir.resolve():
            return path
        digest = _file_digest(path)
        warc_dir.mkdir(parents=True, exist_ok=True)
        name = path.name if path.name.endswith((".gz", ".warc", ".arc")) else path.name + ".warc"
        target = warc_dir / f"import-{digest[:12]}-{name}"
        if not target.exists():
            partial = target.with_name(target.name + ".part")
            shutil.copyfile(path, partial)
            os.replace(partial, target)
        return target
    except OSError as exc:
        raise WarcError(str(path), exc.strerror or str(exc)) from exc


def _counting(
    captures: Iterator[Capture], size_bytes: int, progress: Progress | None
) -> Iterator[Capture]:
    # Progress in bytes of the file read: the number of records is not known in advance.
    for capture in captures:
        if progress:
            progress(capture.offset, size_bytes)
        yield capture
    if progress:
        progress(size_bytes, size_bytes)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
