"""From raw captures to stored Documents: import WARCs and JSON Lines, re-derive from WARCs."""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from archive.config import ArchiveConfig, OutletConfig
from archive.document import Document
from archive.entities.extract import extract_entities, home_timezone
from archive.errors import BadDocument, NotAnArticle, WarcError
from archive.parse.page import parse_page
from archive.processes import die_with_parent
from archive.store import Store
from archive.urls import outlet_for
from archive.warc import Capture, iter_captures, warc_files

Progress = Callable[[int, int], None]
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class IngestSummary:
    """What an import or reparse did: documents by outcome, pages skipped by reason."""

    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def merge(self, other: IngestSummary) -> None:
        """Add another summary's counts to this one."""
        self.outcomes.update(other.outcomes)
        self.skipped.update(other.skipped)
        self.notes.extend(other.notes)

    def line(self) -> str:
        """One human line: '64 new, 0 changed, 0 unchanged; skipped 4 (not an article: ...)'."""
        parts = [f"{self.outcomes[k]} {k}" for k in ("new", "changed", "unchanged")]
        text = ", ".join(parts)
        if self.skipped:
            reasons = "; ".join(f"{n} {r}" for r, n in self.skipped.most_common(5))
            text += f"; skipped {sum(self.skipped.values())} ({reasons})"
        return text


def derive_document(
    body: bytes,
    url: str,
    *,
    headers: Sequence[tuple[str, str]] = (),
    captured: datetime | None = None,
    outlet: OutletConfig | None = None,
) -> Document:
    """Parse a page and add its cities and persons: the one HTML -> Document path.

    Raises:
        NotAnArticle: the page is empty, not HTML, or binary.
    """
    home = outlet.home if outlet else None
    zone = (outlet.timezone if outlet else None) or home_timezone(home)
    doc = parse_page(
        body,
        url,
        headers=headers,
        captured=captured,
        outlet=outlet.name if outlet else None,
        timezone=zone,
    )
    if not doc.is_article:
        return doc
    found = extract_entities(
        doc.title, doc.body, dateline=doc.dateline, home=home, exclude=doc.authors
    )
    return replace(
        doc,
        cities=found.cities,
        persons=found.persons,
        roles=found.roles,
        dateline=found.dateline_city or doc.dateline,
        wire=doc.wire or found.wire,
        captured=doc.captured or (captured.isoformat() if captured else None),
    )


def document_from_capture(capture: Capture, outlets: Sequence[OutletConfig]) -> Document:
    """Derive the Document of one archived HTTP response.

    Raises:
        NotAnArticle: not a 200 HTML response, or a page the parser cannot use.
    """
    if capture.status != 200:
        raise NotAnArticle(f"HTTP status {capture.status}")
    if capture.content_type not in HTML_TYPES:
        raise NotAnArticle(f"not HTML: {capture.content_type}")
    return derive_document(
        capture.body,
        capture.url,
        headers=capture.headers,
        captured=capture.captured,
        outlet=outlet_for(capture.url, outlets),
    )


def ingest_captures(
    captures: Iterable[Capture],
    store: Store,
    outlets: Sequence[OutletConfig],
    seen: set[str] | None = None,
) -> IngestSummary:
    """Parse and store captures; pages that are not articles are counted, not stored.

    Articles are committed in batches as they are parsed: memory stays flat, and what was
    stored survives a kill. With `seen`, a payload whose digest or body hash is already in it
    is skipped as a duplicate.
    """
    summary = IngestSummary()
    summary.outcomes.update(store.put_many(_articles(captures, outlets, seen, summary)))
    return summary


def _articles(
    captures: Iterable[Capture],
    outlets: Sequence[OutletConfig],
    seen: set[str] | None,
    summary: IngestSummary,
) -> Iterator[Document]:
    """The articles among the captures; the others are counted in summary.skipped."""
    for capture in captures:
        if seen is not None and _seen_before(capture, seen):
            summary.skipped["duplicate payload"] += 1
            continue
        try:
            doc = document_from_capture(capture, outlets)
        except NotAnArticle as exc:
            summary.skipped[_reason_key(exc.reason)] += 1
            continue
        if not doc.is_article:
            summary.skipped["not an article"] += 1
            continue
        yield doc


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


def _seen_before(capture: Capture, seen: set[str]) -> bool:
    # Crawlers re-record unchanged pages (Heritrix, Browsertrix): one copy is enough.
    keys = {"body:" + hashlib.sha1(capture.body).hexdigest()}
    if capture.payload_digest:
        keys.add(capture.payload_digest)
    if keys & seen:
        return True
    seen.update(keys)
    return False


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


def import_jsonl(path: Path, store: Store) -> IngestSummary:
    """Store Documents given as JSON Lines (the shape of /api/articles/<id>).

    A line without a capture time is captured now. A document that differs from every stored
    version of it becomes a new version; nothing stored is overwritten.

    Raises:
        BadDocument: a line is not JSON or not a Document (its number is in the error); the
            lines before it are stored.
    """
    summary = IngestSummary()
    try:
        raw = path.read_bytes()
        lines = (gzip.decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BadDocument(f"cannot read {path} ({exc})") from exc
    now = datetime.now(UTC).isoformat(timespec="seconds")
    numbered = enumerate(lines.splitlines(), 1)
    docs = [doc for number, line in numbered if (doc := _json_doc(line, number))]
    stamped = [doc if doc.captured else replace(doc, captured=now) for doc in docs]
    summary.outcomes.update(store.put_many(stamped, rederived=False))
    return summary


def _json_doc(line: str, number: int) -> Document | None:
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadDocument(f"not JSON ({exc.msg})", line=number) from exc
    try:
        return Document.from_dict(data)
    except BadDocument as exc:
        raise BadDocument(exc.message, line=number) from exc


def reparse(
    config: ArchiveConfig, store: Store, workers: int = 0, progress: Progress | None = None
) -> IngestSummary:
    """Re-derive every Document from the archive's WARC files, in parallel over files.

    Documents imported without HTML (JSON Lines) are left as they are.
    """
    files = warc_files(config.warc_dir)
    summary = IngestSummary()
    workers = workers or os.cpu_count() or 1
    # Forked, so that each worker is this process's child and dies with it.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    with pool:
        jobs = [(path, config.outlets, config.crawl.max_page_bytes) for path in files]
        for done, (docs, part) in enumerate(pool.map(_derive_file, jobs), 1):
            summary.merge(part)
            summary.outcomes.update(store.put_many(docs))
            if progress:
                progress(done, len(files))
    return summary


def _derive_file(
    job: tuple[Path, Sequence[OutletConfig], int],
) -> tuple[list[Document], IngestSummary]:
    path, outlets, max_body_bytes = job
    part = IngestSummary()
    docs: list[Document] = []
    try:
        for capture in iter_captures(path, part.notes, part.skipped, max_body_bytes=max_body_bytes):
            try:
                doc = document_from_capture(capture, outlets)
            except NotAnArticle as exc:
                part.skipped[_reason_key(exc.reason)] += 1
                continue
            if doc.is_article:
                docs.append(doc)
            else:
                part.skipped["not an article"] += 1
    except WarcError as exc:
        part.notes.append(str(exc))
    return docs, part


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


def _reason_key(reason: str) -> str:
    # "HTTP status 404" and "not HTML: application/pdf" group well; keep the key short.
    return reason if len(reason) <= 40 else reason[:40] + "..."


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
