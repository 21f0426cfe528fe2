"""One archived HTTP response, and the header reading the crawler, import and parser share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from warcio.statusandheaders import StatusAndHeaders


def header_value(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """The first value of an HTTP header in a list of pairs, case-insensitively.

    warcio's own reading of a record's headers, so that a header said twice means the same to
    the crawler, to import and to the parser.
    """
    found: str | None = StatusAndHeaders("", list(headers)).get_header(name)
    return found


def media_type(headers: Sequence[tuple[str, str]]) -> str:
    """The Content-Type's media type without parameters, lower-case ("" when absent)."""
    return (header_value(headers, "Content-Type") or "").split(";")[0].strip().lower()


# A response record's own field (WARC allows named fields beyond its own): the sitemap's or
# feed's date for the page, so that a reparse gives an undated page the same day as the crawl.
LISTED_FIELD = "Dateline-Listed-Date"


@dataclass(frozen=True)
class Capture:
    """One HTTP response as archived: what the server said, byte for byte."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    captured: datetime
    warc_path: str = ""
    offset: int = -1
    length: int = -1  # bytes of the record in its file (as stored: gzipped or not)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    payload_digest: str = ""
    listed: str = ""  # the date a sitemap or feed listed the page with, as it wrote it

    def header(self, name: str) -> str | None:
        """Return the first value of an HTTP response header, case-insensitively."""
        return header_value(self.headers, name)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case ("" when absent)."""
        return media_type(self.headers)
