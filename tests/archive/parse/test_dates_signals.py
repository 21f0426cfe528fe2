"""Publication dates: which page signals are read, and which are passed over."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.parse.date_text import DateContext, date_line
from archive.parse.page import parse_page

URL = "https://www.valleyherald.example.com/news/county-fair-opens/"
CAPTURED = datetime(2023, 8, 20, 12, 0, tzinfo=UTC)
_PARAGRAPHS = "".join(
    f"<p>Paragraph {i} about the Tulare County fair, where the 4-H barn drew a crowd.</p>"
    for i in range(4)
)


def _page(head: str = "", top: str = "", article: str = "") -> bytes:
    return (
        f"<html><head><title>County fair opens</title>{head}</head><body>{top}"
        f"<article><h1>County fair opens</h1>{article}"
        f"<div class='article-body'>{_PARAGRAPHS}</div></article></body></html>"
    ).encode()


def test_german_day_dot_month_name_is_read() -> None:
    doc = parse_page(_page(article='<p class="post-date">3. August 2023</p>'), URL)
    assert doc.day == "2023-08-03"
    assert doc.provenance["published"] == "visible-text"


def test_german_month_names_with_umlaut_and_time_are_read() -> None:
    doc = parse_page(_page(article='<span class="date">9. M\u00e4rz 2023 at 14:57</span>'), URL)
    assert doc.published == "2023-03-09T14:57:00+00:00"


def test_todays_date_in_the_site_masthead_is_not_the_story_date() -> None:
    today = '<span class="date">Monday, August 14, 2023</span>'
    top = f'<header><div class="top-bar">{today}</div></header>'
    article = '<p class="source">Valley Herald<br>Aug 11, 2023, 6:40 PM</p>'
    doc = parse_page(_page(top=top, article=article), URL, captured=CAPTURED)
    assert doc.published == "2023-08-11T18:40:00+00:00"
    assert doc.provenance["published"] == "visible-text"


def test_a_date_line_above_the_story_beats_a_photo_caption_date() -> None:
    article = (
        '<div class="wp-caption-text">Fairgoers line up in Visalia, California, August 9, 2023.'
        " Photo by Dana Whitfield</div><p>August 11, 2023</p>"
    )
    doc = parse_page(_page(article=article), URL, captured=CAPTURED)
    assert doc.day == "2023-08-11"


def test_a_story_header_date_beside_the_headline_is_kept() -> None:
    page = (
        "<html><head><title>County fair opens</title></head><body><div class='post-header'>"
        "<h1>County fair opens</h1><span class='post-date'>August 11, 2023</span></div>"
        f"<div class='article-body'>{_PARAGRAPHS}</div></body></html>"
    )
    assert parse_page(page.encode(), URL, captured=CAPTURED).day == "2023-08-11"


def test_a_sentence_with_a_date_is_no_date_line() -> None:
    ctx = DateContext(None, CAPTURED)
    assert date_line("The Tulare County fair first opened on August 11, 1998.", ctx) is None
    assert date_line("Updated August 12, 2023", ctx) is None
    assert date_line("Posted on August 11, 2023", ctx) == datetime(2023, 8, 11, tzinfo=UTC)


def test_a_last_edited_footer_gives_an_undated_page_its_updated_date() -> None:
    page = (
        "<html><head><title>Visiting hours</title></head><body><h1>Visiting hours</h1>"
        f"{_PARAGRAPHS}<p id='pageinfo'>VisitingHours (last edited 2023-05-04 09:12:40 by "
        "RosaLind)</p></body></html>"
    )
    doc = parse_page(page.encode(), URL, captured=CAPTURED)
    assert doc.published is None
    assert doc.updated == "2023-05-04T09:12:00+00:00"
    assert doc.provenance["updated"] == "visible-text"


def test_a_last_modified_footer_never_stands_in_for_a_published_date() -> None:
    footer = "<footer>This page was last modified on 4 June 2023, at 19:23.</footer>"
    article = '<span class="date">May 1, 2023</span>'
    doc = parse_page(_page(article=article + footer), URL, captured=CAPTURED)
    assert doc.day == "2023-05-01"


def test_a_unix_time_on_a_post_stamp_beats_its_zoneless_visible_time() -> None:
    # 1691897100 is 2023-08-13 03:25 UTC; the page shows the reader's evening of the 12th
    stamp = (
        '<div class="post-header"><a class="post-timestamp" title="8:25 PM - 12 Aug 2023">'
        '<span class="timestamp" data-time="1691897100">8:25 PM - 12 Aug 2023</span></a></div>'
    )
    page = (
        "<html><head><title>Post</title></head><body><div id='wrap'><div class='feed'>"
        f"<div class='post'><div class='content'>{stamp}<p>Gates open at noon in Fresno.</p>"
        "</div></div></div></div></body></html>"
    )
    doc = parse_page(page.encode(), URL, captured=CAPTURED)
    assert doc.published == "2023-08-13T03:25:00+00:00"
    assert doc.provenance["published"] == "time"


def test_the_canonical_url_date_is_used_when_the_fetched_url_has_none() -> None:
    head = '<link rel="canonical" href="https://www.valleyherald.example.com/2023/08/10/fair/">'
    doc = parse_page(_page(head=head), URL, captured=CAPTURED)
    assert doc.day == "2023-08-10"
    assert doc.provenance["day"] == "url"


_REVISED = (
    '<meta property="article:published_time" content="2023-08-12T09:49:00+00:00">'
    '<meta property="article:modified_time" content="2023-08-12T09:49:00+00:00">'
)


def test_a_byline_date_before_its_updated_note_beats_a_revision_stamp() -> None:
    article = '<div class="article-date">August 11, 2023 / 12:25 PM / Updated 8 hours ago</div>'
    doc = parse_page(_page(head=_REVISED, article=article), URL, captured=CAPTURED)
    assert doc.published == "2023-08-11T12:25:00+00:00"
    assert doc.updated == "2023-08-12T09:49:00+00:00"
    assert doc.provenance["published"] == "visible-text"


def test_a_byline_date_without_an_updated_note_leaves_the_metadata_alone() -> None:
    article = '<div class="article-date">August 11, 2023 / 12:25 PM</div>'
    doc = parse_page(_page(head=_REVISED, article=article), URL, captured=CAPTURED)
    assert doc.published == "2023-08-12T09:49:00+00:00"
    assert doc.provenance["published"] == "meta"


def test_a_byline_date_weeks_before_a_revision_stamp_is_not_taken() -> None:
    article = '<div class="article-date">July 1, 2023 / Updated August 12, 2023</div>'
    doc = parse_page(_page(head=_REVISED, article=article), URL, captured=CAPTURED)
    assert doc.day == "2023-08-12"


def test_a_day_taken_from_the_url_says_so_in_its_provenance() -> None:
    head = '<meta property="article:published_time" content="2023-08-11T02:30:00Z">'
    doc = parse_page(
        _page(head=head), "https://www.example.com/2023/08/10/fair/", captured=CAPTURED
    )
    assert doc.published == "2023-08-11T02:30:00+00:00"
    assert doc.day == "2023-08-10"
    assert doc.provenance["published"] == "meta"
    assert doc.provenance["day"] == "url"
