"""Index builds: full rebuilds into a new generation with an atomic swap, incremental updates."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive import Document, LockHeld, OwnedLock, Store, Takedowns
from indexer.config import IndexConfig
from indexer.errors import IndexBusy, IndexIncomplete
from indexer.schema import ID, apply_entity_rules, build_schema, document_fields
from indexer.writers import PackedMpWriter, PackedSegmentWriter

Progress = Callable[[int, int], None]

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = "writer.lock"
META = "dateline.json"
_GEN_PREFIX = "gen-"
# Below this many documents the forking multiprocess writer costs more than it saves.
MIN_DOCS_FOR_PROCS = 5000
_PROGRESS_EVERY = 100
_REPAIR_BATCH = 500  # documents read from the store at once while repairing


@dataclass(frozen=True)
class GenerationMeta:
    """What a finished generation records: the store seq it reflects and its size."""

    last_seq: int
    doc_count: int


def index_exists(config: IndexConfig) -> bool:
    """Return True when a finished index generation is live in config.dir."""
    return live_generation(config.dir) is not None


def live_generation(root: Path) -> Path | None:
    """Return the folder of the live generation named by root/CURRENT, if it is finished."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = root / name
    return folder if name and (folder / META).is_file() else None


def read_meta(folder: Path) -> GenerationMeta:
    """Return the metadata a finished generation recorded."""
    data = json.loads((folder / META).read_text(encoding="utf-8"))
    return GenerationMeta(last_seq=int(data["last_seq"]), doc_count=int(data["doc_count"]))


def rebuild_index(
    config: IndexConfig,
    store: Store,
    progress: Progress | None = None,
    notes: list[str] | None = None,
) -> int:
    """Index every article into a new generation, swap it live, and return the count.

    Articles are indexed with their corrections; withdrawn ones (`dateline hide`) are left out.
    What a killed writer left behind (its lock, an unfinished generation) is cleared first and
    said in `notes`.

    Raises:
        IndexBusy: another process is writing the index.
    """
    with writer_lock(config.dir, notes) as lock, store.snapshot() as view:
        return _rebuild(config, view, progress, lock)


def update_index(
    config: IndexConfig,
    store: Store,
    progress: Progress | None = None,
    notes: list[str] | None = None,
) -> int:
    """Add or replace documents changed since the last build; return how many were indexed.

    A document withdrawn since then is deleted from the index, one brought back is added.
    What a killed writer left behind (its lock, an unfinished generation) is cleared first and
    said in `notes`. An index that has drifted from the store (an article indexed twice or not
    at all, an entry for a withdrawn article or none) is then repaired, with a line in `notes`.

    Raises:
        IndexBusy: another process is writing the index.
    """
    with writer_lock(config.dir, notes) as lock, store.snapshot() as view:
        live = live_generation(config.dir)
        if live is None:
            return _rebuild(config, view, progress, lock)
        count = _update(live, config, view, progress)
        drift = find_drift(live, view)
        if drift:
            _repair(live, config, view, drift)
            _note(notes, f"repaired the index ({drift})")
        _write_meta(live, GenerationMeta(last_seq=view.last_seq(), doc_count=_entries(live)))
        return count


@contextlib.contextmanager
def writer_lock(root: Path, notes: list[str] | None = None) -> Iterator[OwnedLock]:
    """Hold the index's single-writer lock and clear what a writer that died left behind.

    A lock whose owner died is broken and an unfinished generation folder removed, each with a
    line in `notes`.

    Raises:
        IndexBusy: another process holds the lock.
    """
    root.mkdir(parents=True, exist_ok=True)
    try:
        lock = OwnedLock(root / LOCK)
    except LockHeld as exc:
        raise IndexBusy(str(root), exc.pid) from exc
    with lock:
        if lock.broken is not None:
            _note(notes, f"broke the index lock of pid {lock.broken}, which is no longer running")
        for name in remove_stale_generations(root):
            _note(notes, f"removed the unfinished index build {name}")
        yield lock


def _note(notes: list[str] | None, line: str) -> None:
    if notes is not None:
        notes.append(line)


def _rebuild(config: IndexConfig, store: Store, progress: Progress | None, lock: OwnedLock) -> int:
    root = config.dir
    folder = _new_generation(root)
    last_seq = store.last_seq()
    total = store.count(articles_only=True)
    ix = index.create_in(str(folder), build_schema())
    writer = _bulk_writer(ix, config, total, lock)
    count = 0
    withdrawn = store.takedowns()
    try:
        for doc in store.iter_documents(articles_only=True):
            if withdrawn.covers(doc):
                continue
            writer.add_document(**document_fields(apply_entity_rules(doc, config)))
            count += 1
            _report(progress, count, total)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    written = _doc_count(ix)
    ix.close()
    if written != count:  # a writer process died: its documents never reached a segment
        raise IndexIncomplete(str(root), written, count)
    _write_meta(folder, GenerationMeta(last_seq=last_seq, doc_count=count))
    _swap(root, folder)
    remove_stale_generations(root)  # the generation before the previous one
    if progress is not None:
        progress(count, total)
    return count


def _bulk_writer(ix: index.Index, config: IndexConfig, total: int, lock: OwnedLock) -> IndexWriter:
    # Each writer process keeps its share of writer_mb of packed postings in memory before it
    # spills a sorted run to a temporary file. Writer processes must not hold the writer lock:
    # it is for the process that owns the build.
    procs = config.procs if total >= MIN_DOCS_FOR_PROCS else 1
    limit_mb = max(32, config.writer_mb // procs)
    try:
        if procs > 1:
            return PackedMpWriter(ix, procs=procs, limitmb=limit_mb, unshared=(lock.fileno(),))
        return PackedSegmentWriter(ix, limitmb=limit_mb)
    except LockError as exc:
        raise IndexBusy(str(ix.storage.folder)) from exc


def _update(folder: Path, config: IndexConfig, store: Store, progress: Progress | None) -> int:
    since = read_meta(folder).last_seq
    total = store.count(since_seq=since)
    if total == 0:  # a writer opened and cancelled leaves its empty segment's files behind
        return 0
    count = changed = 0
    withdrawn = store.takedowns()  # a hide or unhide since last_seq is among the changes
    with _changing(folder) as writer, writer.searcher() as searcher:
        for doc in store.iter_documents(since_seq=since):
            changed += 1
            count += _apply(writer, searcher, apply_entity_rules(doc, config), withdrawn)
            _report(progress, changed, total)
        if changed:
            writer.commit()
        else:
            writer.cancel()
    if progress is not None:
        progress(changed, total)
    return count


@contextlib.contextmanager
def _changing(folder: Path) -> Iterator[IndexWriter]:
    """A writer on a finished generation; the block commits or cancels it (cancelled if it raises).

    Raises:
        IndexBusy: Whoosh's own lock on the generation is held.
    """
    ix = index.open_dir(str(folder))
    try:
        writer = PackedSegmentWriter(ix, limitmb=128)
    except LockError as exc:
        ix.close()
        raise IndexBusy(str(folder)) from exc
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


@dataclass(frozen=True)
class Drift:
    """Where an index differs from the store's articles, by document id."""

    repeated: tuple[str, ...] = ()  # articles with more than one entry
    missing: tuple[str, ...] = ()  # articles with none
    stray: tuple[str, ...] = ()  # entries for no current article

    def __bool__(self) -> bool:
        return bool(self.repeated or self.missing or self.stray)

    def __str__(self) -> str:
        return (
            f"articles indexed more than once: {len(self.repeated)}, "
            f"articles missing: {len(self.missing)}, entries for no article: {len(self.stray)}"
        )


def find_drift(folder: Path, store: Store) -> Drift:
    """Compare a generation's entries with the store's articles (0.2 s at 20,000 entries)."""
    # Read through the file, not mmap: whoosh-reloaded copies every mapped segment in memory.
    ix = FileStorage(str(folder), supports_mmap=False, readonly=True).open_index()
    with ix.reader() as reader:
        indexed = Counter(str(fields[ID]) for fields in reader.all_stored_fields())
    ix.close()
    articles = store.article_ids()
    return Drift(
        repeated=tuple(sorted(k for k, n in indexed.items() if n > 1 and k in articles)),
        missing=tuple(sorted(articles.difference(indexed))),
        stray=tuple(sorted(set(indexed).difference(articles))),
    )


def _repair(folder: Path, config: IndexConfig, store: Store, drift: Drift) -> None:
    with _changing(folder) as writer, writer.searcher() as searcher:
        for doc_id in drift.stray:
            writer.delete_by_term(ID, doc_id, searcher=searcher)
        wanted = [*drift.repeated, *drift.missing]
        withdrawn = store.takedowns()
        for start in range(0, len(wanted), _REPAIR_BATCH):
            for doc in store.get_many(wanted[start : start + _REPAIR_BATCH]).values():
                _apply(writer, searcher, apply_entity_rules(doc, config), withdrawn)
        writer.commit()


def _entries(folder: Path) -> int:
    ix = index.open_dir(str(folder))
    try:
        return _doc_count(ix)
    finally:
        ix.close()


def _doc_count(ix: index.Index) -> int:
    # Counted from the table of contents: Index.doc_count() opens a reader, which copies every
    # segment file into memory (about 1 GB at 100,000 articles).
    return sum(segment.doc_count() for segment in ix._segments())


def _apply(writer: IndexWriter, searcher: Searcher, doc: Document, withdrawn: Takedowns) -> int:
    # Every entry of the id goes (Whoosh's update_document deletes only the first it finds),
    # found by one searcher for the whole update instead of one opened per document.
    writer.delete_by_term(ID, doc.id, searcher=searcher)
    if doc.is_article and not withdrawn.covers(doc):
        writer.add_document(**document_fields(doc))
        return 1
    return 0


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and done % _PROGRESS_EVERY == 0:
        progress(done, total)


def _generation_number(name: str) -> int:
    suffix = name[len(_GEN_PREFIX) :]
    return int(suffix) if name.startswith(_GEN_PREFIX) and suffix.isdigit() else 0


def _new_generation(root: Path) -> Path:
    numbers = [_generation_number(p.name) for p in root.iterdir()]
    folder = root / f"{_GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
    folder.mkdir()
    return folder


def _write_meta(folder: Path, meta: GenerationMeta) -> None:
    data = {"last_seq": meta.last_seq, "doc_count": meta.doc_count}
    _write_atomic(folder / META, json.dumps(data))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(root: Path, folder: Path) -> None:
    old = live_generation(root)
    if old is not None:
        _write_atomic(root / PREVIOUS, old.name)
    _write_atomic(root / CURRENT, folder.name)


def remove_stale_generations(root: Path) -> list[str]:
    """Delete generation folders that are neither live nor the previous one.

    Returns the names of the unfinished ones among them (builds that died). Call only while
    holding the writer lock: an unfinished folder is then a build that died.
    """
    keep = {_pointer(root / CURRENT), _pointer(root / PREVIOUS)}
    unfinished = []
    for path in sorted(root.iterdir()):
        if path.is_dir() and path.name.startswith(_GEN_PREFIX) and path.name not in keep:
            if not (path / META).is_file():
                unfinished.append(path.name)
            shutil.rmtree(path)
    return unfinished


def _pointer(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
