"""Publication dates, second set: the page's own clock, and bare date lines by the headline."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.parse.date_text import DateContext, short_date_line
from archive.parse.page import parse_page

URL = "https://www.hudsonriverpost.example.com/news/ferry-schedule-changes/"
CAPTURED = datetime(2023, 5, 3, 12, 0, tzinfo=UTC)
_PARAGRAPHS = "".join(
    f"<p>Paragraph {i} on the Newburgh-Beacon ferry, whose spring schedule starts Monday.</p>"
    for i in range(4)
)


def _page(head: str = "", header: str = "", lang: str = "") -> bytes:
    return (
        f"<html{lang and f' lang={lang!r}'}>"
        f"<head><title>Ferry schedule changes</title>{head}</head><body><article>"
        f"<header class='story-header'>{header}</header>"
        f"<div class='article-body'>{_PARAGRAPHS}</div></article></body></html>"
    ).encode()


def _utc_meta(stamp: str) -> str:
    return f'<meta property="article:published_time" content="{stamp}">'


def test_a_utc_stamp_takes_the_offset_of_the_bylines_clock_time() -> None:
    header = (
        "<h1>Ferry schedule changes</h1><div class='byline'>By Marisol Okafor</div>"
        "<div class='post-date'>May 1, 2023 9:41 PM</div>"
    )
    doc = parse_page(_page(_utc_meta("2023-05-02T01:41:07Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-01T21:41:07-04:00"
    assert doc.day == "2023-05-01"
    assert doc.provenance["published"] == "meta"


def test_a_half_hour_offset_is_a_zone_too() -> None:
    header = (
        "<h1>Ferry schedule changes</h1><span class='date'>Published May 2, 2023, 7:11 AM</span>"
    )
    doc = parse_page(_page(_utc_meta("2023-05-02T01:41:07Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-02T07:11:07+05:30"


def test_a_twelve_hour_gap_is_a_slipped_am_pm_not_a_zone() -> None:
    header = "<h1>Ferry schedule changes</h1><span class='published'>May 2, 2023 | 6:00 PM</span>"
    doc = parse_page(_page(_utc_meta("2023-05-02T06:00:00Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-02T06:00:00+00:00"


def test_an_offset_no_zone_uses_is_not_taken() -> None:
    header = "<h1>Ferry schedule changes</h1><span class='date'>Posted May 1, 2023 12:09 pm</span>"
    doc = parse_page(_page(_utc_meta("2023-05-01T14:54:00Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-01T14:54:00+00:00"


def test_an_updated_clock_time_gives_the_published_stamp_no_offset() -> None:
    header = (
        "<h1>Ferry schedule changes</h1>"
        "<span class='published-date'>Updated May 1, 2023 11:40 PM</span>"
    )
    doc = parse_page(_page(_utc_meta("2023-05-02T03:40:00Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-02T03:40:00+00:00"


def test_a_configured_outlet_zone_gives_the_day_of_a_utc_stamp() -> None:
    header = "<h1>Ferry schedule changes</h1><span class='date'>May 1, 2023</span>"
    doc = parse_page(
        _page(_utc_meta("2023-05-02T01:41:07Z"), header),
        URL,
        captured=CAPTURED,
        timezone="America/New_York",
    )
    assert doc.published == "2023-05-02T01:41:07+00:00"
    assert doc.day == "2023-05-01"


def test_a_bare_two_digit_year_date_above_the_headline_is_the_story_date() -> None:
    header = "<div class='kicker'>Transit</div><span>5.1.23</span><h1>Ferry schedule changes</h1>"
    doc = parse_page(_page(header=header), URL, captured=CAPTURED)
    assert doc.day == "2023-05-01"
    assert doc.provenance["published"] == "visible-text"


def test_a_date_line_below_the_headline_is_the_story_date() -> None:
    header = "<h1>Ferry schedule changes</h1><div>5/1/23</div>"
    doc = parse_page(_page(header=header), URL, captured=CAPTURED)
    assert doc.day == "2023-05-01"


def test_a_version_number_beside_the_headline_is_no_date() -> None:
    header = "<h1>Ferry schedule changes</h1><div>Timetable v2.10.18</div>"
    doc = parse_page(_page(header=header), URL, captured=CAPTURED)
    assert doc.published is None


def test_two_digit_year_dates_read_dots_and_slashes_alike_by_the_page() -> None:
    us, europe = DateContext(None, CAPTURED), DateContext(None, CAPTURED, day_first=True)
    assert short_date_line("7.4.21", us) == datetime(2021, 7, 4, tzinfo=UTC)
    assert short_date_line("7.4.21", europe) == datetime(2021, 4, 7, tzinfo=UTC)
    assert short_date_line("12/2/19", us) == datetime(2019, 12, 2, tzinfo=UTC)
    assert short_date_line("2/12/19", europe) == datetime(2019, 12, 2, tzinfo=UTC)
    assert short_date_line("25/12/19", us) == datetime(2019, 12, 25, tzinfo=UTC)
    assert short_date_line("25.12.19", us) == datetime(2019, 12, 25, tzinfo=UTC)
    assert short_date_line("13.13.19", us) is None
    assert short_date_line("Filed 7.4.21 in Transit", us) is None


def test_a_dotted_date_below_the_headline_of_a_us_page_reads_month_first() -> None:
    header = "<h1>Ferry schedule changes</h1><div>05.01.23</div>"
    doc = parse_page(_page(header=header), URL, captured=CAPTURED)
    assert doc.day == "2023-05-01"


def test_a_dotted_date_below_the_headline_of_a_british_page_reads_day_first() -> None:
    header = "<h1>Ferry schedule changes</h1><div>05.01.23</div>"
    doc = parse_page(_page(header=header, lang="en-GB"), URL, captured=CAPTURED)
    assert doc.day == "2023-01-05"


def test_a_date_beside_the_sites_logo_heading_is_not_the_story_date() -> None:
    page = (
        "<html><head><title>Ferry schedule changes</title></head><body>"
        "<div class='masthead'><h1>Hudson River Post</h1><span>03.05.23</span></div>"
        f"<article><h2>Ferry schedule changes</h2>{_PARAGRAPHS}</article></body></html>"
    )
    assert parse_page(page.encode(), URL, captured=CAPTURED).published is None


def test_todays_date_without_a_clock_does_not_hide_the_bylines_clock_time() -> None:
    header = (
        "<div class='today-date'>Wednesday, May 3rd 2023</div><h1>Ferry schedule changes</h1>"
        "<div class='byline'>By Marisol Okafor | "
        "<span class='posted-on'>May 1, 2023 at 9:41 p.m.</span></div>"
    )
    doc = parse_page(_page(_utc_meta("2023-05-02T01:41:07Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-01T21:41:07-04:00"


def test_an_unlabelled_clock_time_gives_a_utc_stamp_no_offset() -> None:
    # a bare time stamp may show a later edit: only a time marked as the publication's counts
    header = "<h1>Ferry schedule changes</h1><span class='timestamp'>May 2, 2023 9:30 AM</span>"
    doc = parse_page(_page(_utc_meta("2023-05-01T23:30:00Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-01T23:30:00+00:00"
    assert doc.day == "2023-05-01"


def test_a_clock_time_after_the_bylines_name_gives_the_offset() -> None:
    header = (
        "<h1>Ferry schedule changes</h1>"
        "<div class='story-meta'>By Marisol Okafor | May 1, 2023 at 9:41 p.m.</div>"
    )
    doc = parse_page(_page(_utc_meta("2023-05-02T01:41:07Z"), header), URL, captured=CAPTURED)
    assert doc.published == "2023-05-01T21:41:07-04:00"
