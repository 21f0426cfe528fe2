"""Relative dates ("2 hours ago", "Yesterday") count only in the story's own byline or date line,
and never give a moment after the capture."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.parse.page import parse_page

CAPTURED = datetime(2024, 3, 6, 14, 0, tzinfo=UTC)  # 9 a.m. in Waterbury
ZONE = "America/New_York"
URL = "https://www.wctx.example.com/news/local-news/waterbury-pothole-patrol-starts/"
STORY = "".join(
    f"<p>Waterbury public works crews began their spring pothole patrol {d}.</p>"
    for d in ("on the East End", "along Thomaston Avenue", "near the hospital")
)
RAIL = (
    '<aside class="sidebar"><h2>Latest</h2><ul>'
    '<li><a href="/a">Naugatuck council reviews school budget</a>'
    '<span class="timestamp">1 hour ago</span></li>'
    '<li><a href="/b">Cheshire bakery marks fifty years</a>'
    '<span class="timestamp">3 hours ago</span></li></ul></aside>'
)


def _page(byline: str = "", rail: str = RAIL) -> bytes:
    return (
        "<html><head><title>Pothole patrol starts</title></head><body><main><article>"
        f"<h1>Waterbury pothole patrol starts</h1>{byline}<div class='article-body'>{STORY}"
        f"</div></article>{rail}</main></body></html>"
    ).encode()


def _parse(page: bytes) -> tuple[str | None, str | None, str | None]:
    doc = parse_page(page, URL, captured=CAPTURED, timezone=ZONE)
    return doc.published, doc.day, doc.provenance.get("day")


def test_a_sidebars_hours_ago_is_not_the_storys_date() -> None:
    assert _parse(_page()) == (None, "2024-03-06", "captured")


def test_hours_ago_in_the_storys_byline_is_read_against_the_capture() -> None:
    byline = (
        '<div class="byline">By Tess Marlow <span class="timestamp">Posted 2 hours ago</span></div>'
    )
    assert _parse(_page(byline)) == ("2024-03-06T12:00:00+00:00", "2024-03-06", "visible-text")


def test_yesterday_with_a_time_in_the_storys_date_line_is_the_day_before_the_capture() -> None:
    line = '<div class="article-date">Yesterday at 4:05 PM</div>'
    assert _parse(_page(line)) == ("2024-03-05T16:05:00-05:00", "2024-03-05", "visible-text")


def test_today_at_a_time_after_the_capture_gives_no_date() -> None:
    line = '<div class="article-date">Today at 11:30 PM</div>'
    assert _parse(_page(line, rail="")) == (None, "2024-03-06", "captured")


def test_a_words_yesterday_in_the_story_text_is_no_date() -> None:
    page = _page(rail="").replace(b"on the East End", b"yesterday on the East End")
    assert _parse(page) == (None, "2024-03-06", "captured")
