"""Hostile input gives a Document or NotAnArticle, never another exception, and never hangs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Document, NotAnArticle
from archive.parse.page import parse_page
from tests.fixtures import PARSE_FIXTURES as PAGES

SAMPLE = (PAGES / "blox_meriden_library.html").read_bytes()
URL = "https://www.example.com/news/story/"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parses_or_refuses(body: bytes) -> None:
    try:
        doc = parse_page(body, URL)
    except NotAnArticle:
        return
    assert isinstance(doc, Document)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(body: bytes) -> None:
    _parses_or_refuses(body)


@SETTINGS
@given(st.integers(0, len(SAMPLE)), st.integers(0, len(SAMPLE)), st.binary(max_size=40))
def test_truncated_and_spliced_pages_never_crash(cut: int, at: int, junk: bytes) -> None:
    _parses_or_refuses(SAMPLE[:cut])
    _parses_or_refuses(SAMPLE[:at] + junk + SAMPLE[at:])


@SETTINGS
@given(st.text(alphabet="<>/=\"' pdivabrhtml1\n", max_size=500))
def test_tag_soup_never_crashes(soup: str) -> None:
    _parses_or_refuses(soup.encode())


def test_deeply_nested_tags_parse_or_refuse() -> None:
    depth = 20_000
    body = "<div>" * depth + "<p>Deep text about the town council meeting.</p>" + "</div>" * depth
    _parses_or_refuses(f"<html><body>{body}</body></html>".encode())


def test_deeply_nested_inline_tags_parse_or_refuse() -> None:
    body = "<b><i>" * 5000 + "Deep text." + "</i></b>" * 5000
    _parses_or_refuses(f"<html><body><p>{body}</p></body></html>".encode())


def test_huge_attribute_and_huge_page_parse() -> None:
    huge_attr = '<div class="' + "x" * 2_000_000 + '"></div>'
    filler = "<p>The council met again to talk about the budget, and it ran long.</p>" * 60_000
    doc = parse_page(f"<html><body>{huge_attr}<article>{filler}</article>".encode(), URL)
    assert doc.body.startswith("The council met")
