"""One capture in, one Document out: the HTML -> Document path, and why a capture is refused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from archive.config import OutletConfig
from archive.document import Document
from archive.entities.extract import extract_entities, home_timezone
from archive.errors import NotAnArticle
from archive.parse.page import parse_page
from archive.store import CaptureRecord, Refusal
from archive.urls import outlet_for
from archive.warc import Capture
from archive.wording import count_reasons

Progress = Callable[[int, int], None]
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


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
            text += f"; skipped {sum(self.skipped.values())} ({count_reasons(self.skipped)})"
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


def article_of(
    capture: Capture, outlets: Sequence[OutletConfig], kept: Collection[str], part: IngestSummary
) -> Document | None:
    """Return the capture's article, or None with its refusal counted by kind (and listed)."""
    try:
        doc = document_from_capture(capture, outlets, kept)
    except NotAnArticle as exc:
        part.skipped[_reason_key(exc.reason)] += 1
        if capture.status == 200 and capture.content_type in HTML_TYPES:
            part.refusals.append(refusal_of(capture, exc.reason))
        return None
    if doc.is_article:
        return doc
    reason = doc.provenance.get("is_article") or "not an article"
    part.skipped[reason.split(":")[0]] += 1
    part.refusals.append(refusal_of(capture, reason))
    return None


def refusal_of(capture: Capture, reason: str) -> Refusal:
    """Return the refusal of a capture, keyed to its row when it is in the archive's WARCs."""
    captured = capture.captured.isoformat()
    record = capture_record(capture)
    if record is None:
        return Refusal(capture.url, reason, captured)
    return Refusal(capture.url, reason, captured, record.warc, record.offset)


def batches(captures: Iterator[Capture], size: int) -> Iterator[list[Capture]]:
    """Yield the captures in lists of `size` (the last one shorter)."""
    batch: list[Capture] = []
    for capture in captures:
        batch.append(capture)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reason_key(reason: str) -> str:
    # "HTTP status 404" and "not HTML: application/pdf" group well; keep the key short.
    return reason if len(reason) <= 40 else reason[:40] + "..."
