"""Where archived responses live, and the pages the parser refused: the store's capture rows."""

from __future__ import annotations

from dataclasses import dataclass

# The columns of a captures row, in CaptureRecord's order.
CAPTURE_COLUMNS = "warc, offset, length, url, captured, status, content_type"


@dataclass(frozen=True)
class CaptureRecord:
    """Where one archived HTTP response lives: a WARC file of the archive and an offset in it.

    `warc` is the file's name inside the archive's WARC folder (the folder may move);
    `length` is -1 when the writer did not say (a record written by our own crawl).
    """

    warc: str
    offset: int
    length: int
    url: str
    captured: str
    status: int
    content_type: str


@dataclass(frozen=True)
class Refusal:
    """A captured page the parser refused as not an article, and its capture's row.

    `warc` and `offset` are the key of its CaptureRecord (the file's name inside the archive's
    WARC folder); "" and -1 when the response is not in the archive's WARC files.
    """

    url: str
    reason: str
    captured: str
    warc: str = ""
    offset: int = -1


def refusal_row(refusal: Refusal) -> tuple[str, str, str, str | None, int | None]:
    """Return a refusal as its refusals row: no capture key when it is not in the archive."""
    archived = bool(refusal.warc) and refusal.offset >= 0
    where = (refusal.warc, refusal.offset) if archived else (None, None)
    return (refusal.url, refusal.reason, refusal.captured, *where)
