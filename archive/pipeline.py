"""From raw captures to stored Documents: import WARCs and JSON Lines, re-derive from WARCs."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import multiprocessing
import os
import shutil
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from archive.config import ArchiveConfig, OutletConfig
from archive.corrections import Asked, Signed, parse_fix
from archive.document import Document
from archive.entities.extract import extract_entities, home_timezone
from archive.errors import (
    ArchiveError,
    BadCorrection,
    BadDocument,
    NotAnArticle,
    WarcError,
)
from archive.parse.page import parse_page
from archive.processes import die_with_parent
from archive.store import NEW, CaptureRecord, Refusal, Store
from archive.urls import outlet_for
from archive.warc import Capture, iter_captures, read_capture, warc_files

Progress = Callable[[int, int], None]
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_REPARSE_BATCH = 16  # captures per task: enough to amortize the hand-over, small for balance
_IMPORT_BATCH = 500  # captures per transaction: memory stays flat, a kill keeps what was stored


@dataclass
class IngestSummary:
    """What an import or reparse did: documents by outcome, pages skipped by reason."""

    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)  # HTML pages refused as no article

    def merge(self, other: IngestSummary) -> None:
        """Add another summary's counts to this one."""
        self.outcomes.update(other.outcomes)
        self.skipped.update(other.skipped)
        self.notes.extend(other.notes)
        self.refusals.extend(other.refusals)

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
    listed: str | None = None,
    as_article: bool = False,
) -> Document:
    """Parse a page and add its cities and persons: the one HTML -> Document path.

    `listed` is the page's date in the sitemap or feed that listed it; `as_article` keeps a
    page the parser would refuse (an archivist's choice).

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
        listed=listed,
        as_article=as_article,
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


def document_from_capture(
    capture: Capture, outlets: Sequence[OutletConfig], kept: Collection[str] = frozenset()
) -> Document:
    """Derive the Document of one archived HTTP response; a URL in `kept` is an article.

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
        listed=capture.listed or None,
        as_article=capture.url in kept,
    )


def capture_record(capture: Capture) -> CaptureRecord | None:
    """Where a capture read from the archive's WARC files lives (None if it came from elsewhere)."""
    if not capture.warc_path or capture.offset < 0:
        return None
    return CaptureRecord(
        warc=Path(capture.warc_path).name,
        offset=capture.offset,
        length=capture.length,
        url=capture.url,
        captured=capture.captured.isoformat(),
        status=capture.status,
        content_type=capture.content_type,
    )


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
    for batch in _batches(iter(captures), _IMPORT_BATCH):
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


def article_of(
    capture: Capture, outlets: Sequence[OutletConfig], kept: Collection[str], part: IngestSummary
) -> Document | None:
    """Return the capture's article, or None with its refusal counted by kind (and listed)."""
    try:
        doc = document_from_capture(capture, outlets, kept)
    except NotAnArticle as exc:
        part.skipped[_reason_key(exc.reason)] += 1
        if capture.status == 200 and capture.content_type in HTML_TYPES:
            part.refusals.append(_refusal(capture, exc.reason))
        return None
    if doc.is_article:
        return doc
    reason = doc.provenance.get("is_article") or "not an article"
    part.skipped[reason.split(":")[0]] += 1
    part.refusals.append(_refusal(capture, reason))
    return None


def _refusal(capture: Capture, reason: str) -> Refusal:
    captured = capture.captured.isoformat()
    record = capture_record(capture)
    if record is None:
        return Refusal(capture.url, reason, captured)
    return Refusal(capture.url, reason, captured, record.warc, record.offset)


def keep_as_article(url: str, config: ArchiveConfig, store: Store, signed: Signed) -> Document:
    """Store the archived capture of a refused page as an article, now and on every reparse.

    Raises:
        ArchiveError: no capture of this URL in the archive's WARC files.
        NotAnArticle: the capture is not an HTML page (an error status, a PDF, binary bytes).
        BadCorrection: the URL is kept as an article already.
    """
    capture = _capture_of(url, store, config.warc_dir)
    doc = document_from_capture(capture, config.outlets, kept={url})
    store.keep_as_article(url, doc, signed)
    return doc


def unkeep(url: str, config: ArchiveConfig, store: Store, signed: Signed) -> Document:
    """Undo `keep_as_article`: the page is stored as the parser reads it, refused again if so.

    Raises:
        BadCorrection: the URL is not kept as an article.
        ArchiveError: no capture of this URL in the archive's WARC files.
    """
    if url not in store.kept_articles():
        raise BadCorrection(f"{url} is not kept as an article")
    capture = _capture_of(url, store, config.warc_dir)
    doc = document_from_capture(capture, config.outlets)
    reason = None if doc.is_article else doc.provenance.get("is_article") or "not an article"
    store.unkeep(url, doc, _refusal(capture, reason) if reason else None, signed)
    return doc


def _capture_of(url: str, store: Store, warc_dir: Path) -> Capture:
    """Return the refused capture of a URL where its refusal says, else its latest anywhere."""
    refused = next(iter(store.refusals(url)), None)
    if refused is not None and refused.warc and refused.offset >= 0:
        with contextlib.suppress(WarcError):  # a pruned file: search them all
            return read_capture(warc_dir / refused.warc, refused.offset)
    found: Capture | None = None
    for path in warc_files(warc_dir):
        for capture in iter_captures(path):
            if capture.url == url and (found is None or capture.captured >= found.captured):
                found = capture
    if found is None:
        raise ArchiveError(f"no capture of {url} in {warc_dir}; archive it first")
    return found


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
    """Store Documents given as JSON Lines (the shape of /api/articles/<id>), streaming the file.

    A line without a capture time is captured now. A document that differs from every stored
    version of it becomes a new version; nothing stored is overwritten.

    Raises:
        BadDocument: the file cannot be read, or a line is not JSON or not a Document (its
            number is in the error); the lines before it are stored.
    """
    summary = IngestSummary()
    failure: list[BadDocument] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    docs = _jsonl_docs(path, failure)
    stamped = (doc if doc.captured else replace(doc, captured=now) for doc in docs)
    summary.outcomes.update(store.put_many(stamped, rederived=False))
    if failure:
        raise failure[0]
    return summary


def _jsonl_docs(path: Path, failure: list[BadDocument]) -> Iterator[Document]:
    """Yield the file's Documents one line at a time; on a bad line, record why and stop.

    Only newlines end a line: str.splitlines() also splits at U+2028 and other separators,
    which JSON (written with ensure_ascii=False) keeps unescaped inside strings.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="\n") as lines:
            for number, line in enumerate(lines, 1):
                doc = _json_doc(line, number)
                if doc is not None:
                    yield doc
    except BadDocument as exc:
        failure.append(exc)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        unreadable = BadDocument(f"cannot read {path} ({exc})")
        unreadable.__cause__ = exc
        failure.append(unreadable)


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


@dataclass(frozen=True)
class CorrectionsImport:
    """What importing a corrections file did: lines applied, lines already in place."""

    applied: int
    already: int

    def line(self) -> str:
        """One human line: '2 corrections applied, 1 already in place'."""
        if not self.applied and self.already:
            return f"nothing to change: its {self.already} corrections are already in place"
        text = f"{self.applied} corrections applied"
        return text + (f", {self.already} already in place" if self.already else "")


def import_corrections(path: Path, store: Store, user: str, date: str) -> CorrectionsImport:
    """Apply the corrections of a file, one JSON object a line: all of them, or none.

    A line is `{"url": URL, "fix": ["FIELD=VALUE", ...], "reason": TEXT}`, as `dateline fix`
    takes them; the URL may also be a canonical URL or a document id. A line whose
    corrections are stored already is left alone, so importing a file twice changes nothing.

    Raises:
        BadCorrection: a line is not such an object, or its correction cannot be made or would
            change nothing; the error names the file and the line. Nothing was applied.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadCorrection(f"cannot read the file ({exc})", path=str(path)) from exc
    asked: list[Asked] = []
    try:
        for number, line in enumerate(lines, 1):
            if line.strip():
                asked.append(_correction_line(line, number, Signed("", user, date)))
        done = store.correct_many(asked)
    except BadCorrection as exc:
        raise BadCorrection(exc.message, line=exc.line, path=str(path)) from exc
    already = sum(1 for changes in done if changes is None)
    return CorrectionsImport(len(done) - already, already)


def _correction_line(line: str, number: int, signed: Signed) -> Asked:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadCorrection(f"not JSON ({exc.msg})", line=number) from exc
    shape = '{"url": URL, "fix": ["FIELD=VALUE", ...], "reason": TEXT}'
    if not isinstance(data, dict) or set(data) != {"url", "fix", "reason"}:
        raise BadCorrection(f"a correction is {shape}", line=number)
    url, fixes, reason = data["url"], data["fix"], data["reason"]
    texts_ok = isinstance(fixes, list) and bool(fixes) and all(isinstance(f, str) for f in fixes)
    if not (isinstance(url, str) and texts_ok and isinstance(reason, str) and reason.strip()):
        raise BadCorrection(f"a correction is {shape}, with a reason", line=number)
    try:
        parsed = tuple(parse_fix(text) for text in fixes)
    except BadCorrection as exc:
        raise BadCorrection(exc.message, line=number) from exc
    return Asked(url, parsed, replace(signed, reason=reason.strip()), number)


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
    # Forked, so that each worker is this process's child and dies with it.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    with pool:
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
        for batch in _batches(captures, _REPARSE_BATCH):
            pending.append(pool.submit(_derive_batch, batch, config.outlets, kept))
            if len(pending) >= window:
                yield pending.popleft().result()
    except WarcError as exc:
        read.notes.append(str(exc))
    while pending:
        yield pending.popleft().result()
    yield [], [], read, -1


def _batches(captures: Iterator[Capture], size: int) -> Iterator[list[Capture]]:
    batch: list[Capture] = []
    for capture in captures:
        batch.append(capture)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _derive_batch(
    captures: list[Capture], outlets: Sequence[OutletConfig], kept: frozenset[str]
) -> _Derived:
    part = IngestSummary()
    records = [record for c in captures if (record := capture_record(c)) is not None]
    docs = [doc for c in captures if (doc := article_of(c, outlets, kept, part)) is not None]
    return docs, records, part, captures[-1].offset


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
