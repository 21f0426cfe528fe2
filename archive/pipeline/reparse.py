"""Every Document derived again from the archive's WARC files, on all cores."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from archive.config import ArchiveConfig, OutletConfig
from archive.document import Document
from archive.errors import WarcError
from archive.pipeline.derive import IngestSummary, Progress, article_of, batches, capture_record
from archive.processes import die_with_parent
from archive.store import CaptureRecord, Store
from archive.warc import Capture, iter_captures, warc_files

_REPARSE_BATCH = 16  # captures per task: enough to amortize the hand-over, small for balance


def reparse(
    config: ArchiveConfig, store: Store, workers: int = 0, progress: Progress | None = None
) -> IngestSummary:
    """Re-derive every Document from the archive's WARC files, in parallel over all cores.

    Where each response lives is recorded again, so an archive made before the store kept
    capture locations gets them here. Captures are handed to the worker processes in small
    batches, so that one large WARC file keeps every core busy; results are stored in file
    order. Documents imported without HTML (JSON Lines) are left as they are. `progress` is
    called with bytes read and total. Corrections and takedowns are the store's own records,
    kept apart from the Documents: a reparse leaves them as they are, and they apply to what
    it derives.
    """
    files = warc_files(config.warc_dir)
    total_bytes = sum(path.stat().st_size for path in files)
    summary = IngestSummary()
    kept = store.kept_articles()
    articles: list[str] = []
    workers = workers or os.cpu_count() or 1
    with _worker_pool(workers) as pool:
        read_bytes = 0
        for path in files:
            for docs, records, part, offset in _derived(pool, 2 * workers, path, config, kept):
                summary.merge(part)
                summary.outcomes.update(store.put_many(docs))
                store.record_captures(records)
                articles.extend(doc.url for doc in docs)
                if progress:
                    progress(read_bytes + max(offset, 0), total_bytes)
            read_bytes += path.stat().st_size
    store.record_refusals(summary.refusals, replace_all=True)
    store.forget_refusals(articles)
    if progress:
        progress(total_bytes, total_bytes)
    return summary


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    # Forked, so that each worker is this process's child and dies with it.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


# articles, where each response lives, counts, offset reached
_Derived = tuple[list[Document], list[CaptureRecord], IngestSummary, int]


def _derived(
    pool: ProcessPoolExecutor,
    window: int,
    path: Path,
    config: ArchiveConfig,
    kept: frozenset[str],
) -> Iterator[_Derived]:
    """Derive one file's captures on the pool, batch by batch, yielding results in file order.

    Records skipped as they are read (revisits, too large, damaged) count in the last result.
    """
    pending: deque[Future[_Derived]] = deque()
    read = IngestSummary()
    captures = iter_captures(
        path, read.notes, read.skipped, max_body_bytes=config.crawl.max_page_bytes
    )
    try:
        for batch in batches(captures, _REPARSE_BATCH):
            pending.append(pool.submit(_derive_batch, batch, config.outlets, kept))
            if len(pending) >= window:
                yield pending.popleft().result()
    except WarcError as exc:
        read.notes.append(str(exc))
    while pending:
        yield pending.popleft().result()
    yield [], [], read, -1


def _derive_batch(
    captures: list[Capture], outlets: Sequence[OutletConfig], kept: frozenset[str]
) -> _Derived:
    part = IngestSummary()
    records = [record for c in captures if (record := capture_record(c)) is not None]
    docs = [doc for c in captures if (doc := article_of(c, outlets, kept, part)) is not None]
    return docs, records, part, captures[-1].offset
