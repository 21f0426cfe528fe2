"""A search's results as CSV (every page, streamed) and as an Atom feed to follow."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from indexer import MAX_PER_PAGE, Hit, SearchQuery, SearchResult

CSV_COLUMNS = ("id", "day", "published", "outlet", "title", "authors", "cities", "persons", "url")
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 forbids in text: C0 controls but tab, newline and CR; lone surrogates; FFFE, FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Search = Callable[[SearchQuery], SearchResult]


def csv_lines(search: Search, query: SearchQuery) -> Iterator[str]:
    """Yield the CSV header and one line per hit, over every page of the result set."""
    yield _csv_line(CSV_COLUMNS)
    page = 1
    while True:
        result = search(replace(query, page=page, per_page=MAX_PER_PAGE, facet_limit=0))
        for hit in result.hits:
            yield _csv_line(_csv_row(hit))
        if page >= result.pages or not result.hits:
            return
        page += 1


def _csv_row(hit: Hit) -> tuple[str, ...]:
    return (
        hit.id,
        hit.day or "",
        hit.published or "",
        hit.outlet,
        hit.title,
        "; ".join(hit.authors),
        "; ".join(hit.cities),
        "; ".join(hit.persons),
        hit.url,
    )


def _csv_line(values: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    # A cell that starts like a formula is defused: the export is opened in spreadsheets.
    # A leading tab or CR counts too (OWASP's list): some spreadsheets skip it, then see "=".
    safe = tuple("'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v for v in values)
    csv.writer(buffer, lineterminator="\r\n").writerow(safe)
    return buffer.getvalue()


def feed_query(query: SearchQuery) -> SearchQuery:
    """The query behind a feed: the newest matches first, one page."""
    return replace(query, sort="newest", page=1, per_page=FEED_SIZE, facet_limit=0)


def atom_feed(result: SearchResult, base_url: str, self_url: str) -> bytes:
    """An Atom feed of a search's newest articles, each linking to its archived page."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = result.query.text or "everything"
    filters = [*result.query.cities, *result.query.persons, *result.query.outlets]
    if filters:
        title += " · " + ", ".join(filters)
    _child(feed, "title", f"Dateline: {title}")
    _child(feed, "id", self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=self_url.replace("/feed", "/", 1))
    stamps = [_stamp(hit) for hit in result.hits]
    _child(feed, "updated", max(stamps) if stamps else _now())
    _child(feed, "generator", "Dateline")
    for hit, stamp in zip(result.hits, stamps, strict=True):
        _entry(feed, hit, stamp, base_url)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def _entry(feed: ET.Element, hit: Hit, stamp: str, base_url: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    link = f"{base_url}/article/{hit.id}"
    _child(entry, "title", hit.title)
    _child(entry, "id", link)
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
    _child(entry, "updated", stamp)
    _child(entry, "published", stamp)
    for name in hit.authors or [hit.outlet]:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _child(author, "name", name)
    # The snippet is already escaped HTML with <mark>s: Atom carries it as escaped html.
    summary = _child(entry, "summary", hit.snippet)
    summary.set("type", "html")
    for value in (*hit.cities, *hit.persons):
        ET.SubElement(entry, f"{{{ATOM}}}category", term=NOT_XML.sub("", value))


def _child(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    # ElementTree writes any character; one XML forbids would make the whole feed unreadable.
    element.text = NOT_XML.sub("", text)
    return element


def _stamp(hit: Hit) -> str:
    if hit.published:
        try:
            moment = datetime.fromisoformat(hit.published)
        except ValueError:
            pass
        else:  # Atom times need an offset; a date alone (a corrected one) is taken as UTC
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
    if hit.day:
        return f"{hit.day}T00:00:00+00:00"
    return "1970-01-01T00:00:00+00:00"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
