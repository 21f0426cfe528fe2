"""Records that come without HTML: Documents as JSON Lines, and a file of corrections."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from archive.corrections import Asked, Signed, parse_fix
from archive.document import Document
from archive.errors import BadCorrection, BadDocument
from archive.pipeline.derive import IngestSummary
from archive.store import Store
from archive.wording import plural


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
            are = "is" if self.already == 1 else "are"
            already = plural(self.already, "correction")
            return f"nothing to change: its {already} {are} already in place"
        text = f"{plural(self.applied, 'correction')} applied"
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
