"""Decoding order, date rules, title suffixes and author cleaning of the parser."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from archive import NotAnArticle
from archive.parse.byline import clean_names
from archive.parse.decode import decode_html
from archive.parse.page import parse_page

URL = "https://www.sentinel.example.com/news/story-1/"
CAPTURED = datetime(2023, 8, 2, 12, 0, tzinfo=UTC)


def _page(head: str = "", body: str = "", title: str = "Story") -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} about the town council meeting, which ran late into the night.</p>"
        for i in range(4)
    )
    return (
        f"<html><head><title>{title}</title>{head}</head><body><article><h1>Story</h1>"
        f"{body}<div class='article-body'>{paragraphs}</div></article></body></html>"
    ).encode()


def test_bom_beats_the_http_charset_header() -> None:
    raw = codecs.BOM_UTF8 + "<p>caf\u00e9</p>".encode()
    text, encoding = decode_html(raw, "text/html; charset=iso-8859-1")
    assert text == "<p>caf\u00e9</p>" and encoding == "utf-8"


def test_http_charset_header_beats_meta_charset() -> None:
    raw = '<meta charset="utf-8"><p>\u201cHi\u201d</p>'.encode("cp1252")
    text, encoding = decode_html(raw, "text/html; charset=windows-1252")
    assert "\u201cHi\u201d" in text and encoding == "cp1252"


def test_meta_charset_is_used_without_a_header() -> None:
    raw = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>\u00e9</p>'
    text, encoding = decode_html(raw.encode(), None)
    assert "\u00e9" in text and encoding == "utf-8"


def test_a_charset_inside_a_comment_is_no_declaration() -> None:
    # Browsers skip comments when they look for <meta charset> (WHATWG prescan).
    raw = '<!-- <meta charset="iso-8859-1"> --><meta charset="utf-8"><p>\u00e9t\u00e9</p>'
    text, encoding = decode_html(raw.encode(), None)
    assert "\u00e9t\u00e9" in text and encoding == "utf-8"


def test_a_page_that_says_utf8_but_is_not_is_detected() -> None:
    raw = '<meta charset="utf-8"><p>The mayor\u2019s \u201cplan\u201d passed.</p>'.encode("cp1252")
    text, encoding = decode_html(raw * 20, "text/html; charset=utf-8")
    assert "mayor\u2019s \u201cplan\u201d" in text and encoding == "cp1252"


def test_gb2312_is_read_as_browsers_read_it_gb18030() -> None:
    raw = '<meta charset="gb2312"><p>\u4ef7\u683c 5 \u20ac</p>'.encode("gb18030")
    text, encoding = decode_html(raw, None)
    assert "\u4ef7\u683c 5 \u20ac" in text and encoding == "gb18030"


def test_utf16_named_in_an_ascii_page_means_utf8() -> None:
    text, encoding = decode_html('<meta charset="utf-16"><p>\u00e9</p>'.encode(), None)
    assert "<p>\u00e9</p>" in text and encoding == "utf-8"


def test_a_header_sent_twice_is_read_by_its_first_value_as_import_reads_it() -> None:
    # A proxy appended its own Content-Type: import checks the first (warcio's reading), and
    # the parser decodes by that same first one, not by the appended guess.
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("content-type", "text/html; charset=iso-8859-5"),
    ]
    body = _page(body="<p>The caf\u00e9 on Main Street reopened on Monday morning.</p>")
    doc = parse_page(body, URL, headers=headers, captured=CAPTURED)
    assert "caf\u00e9 on Main Street" in doc.body


def test_declared_latin1_is_decoded_as_windows_1252() -> None:
    raw = '<meta charset="iso-8859-1"><p>\u201cquoted\u201d \u2013 dash</p>'.encode("cp1252")
    text, _ = decode_html(raw, None)
    assert "\u201cquoted\u201d \u2013 dash" in text


def test_undeclared_windows_1252_is_detected() -> None:
    raw = "<p>The mayor\u2019s \u201cplan\u201d was approved.</p>".encode("cp1252") * 20
    text, encoding = decode_html(raw, None)
    assert "mayor\u2019s \u201cplan\u201d" in text and encoding == "cp1252"


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", "text/html", "empty page"),
        (b"   \n ", None, "empty page"),
        (b"%PDF-1.7 ...", "application/pdf", "not HTML: application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png", "not HTML: image/png"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 50, None, "binary content"),
    ],
)
def test_non_html_bodies_are_not_articles(
    body: bytes, content_type: str | None, reason: str
) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    with pytest.raises(NotAnArticle) as caught:
        parse_page(body, URL, headers=headers)
    assert caught.value.reason == reason


def test_updated_date_never_replaces_published() -> None:
    head = '<meta property="article:modified_time" content="2023-08-01T10:00:00-04:00">'
    doc = parse_page(_page(head), URL, captured=CAPTURED)
    assert doc.published is None
    assert doc.updated == "2023-08-01T10:00:00-04:00"


def test_updated_before_published_is_dropped() -> None:
    head = (
        '<meta property="article:published_time" content="2023-08-01T10:00:00-04:00">'
        '<meta property="article:modified_time" content="2023-07-01T10:00:00-04:00">'
    )
    doc = parse_page(_page(head), URL, captured=CAPTURED)
    assert doc.published == "2023-08-01T10:00:00-04:00" and doc.updated is None


def test_a_date_after_capture_is_rejected_for_the_next_candidate() -> None:
    head = (
        '<meta property="article:published_time" content="2030-01-01T10:00:00Z">'
        '<meta name="date" content="2023-07-30">'
    )
    doc = parse_page(_page(head), URL, captured=CAPTURED, timezone="America/New_York")
    assert doc.published == "2023-07-30T00:00:00-04:00"


def test_a_date_before_1990_is_rejected() -> None:
    head = '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
    assert parse_page(_page(head), URL, captured=CAPTURED).published is None


def test_relative_date_is_resolved_against_capture_time() -> None:
    body = '<div class="timestamp">Posted 3 hours ago</div>'
    doc = parse_page(_page(body=body), URL, captured=CAPTURED)
    assert doc.published == "2023-08-02T09:00:00+00:00"


def test_visible_date_with_zone_abbreviation_keeps_its_offset() -> None:
    body = '<div class="article-date">Published: Aug. 1, 2023 at 9:15 PM EDT</div>'
    doc = parse_page(_page(body=body), URL, captured=CAPTURED, timezone="America/New_York")
    assert doc.published == "2023-08-01T21:15:00-04:00" and doc.day == "2023-08-01"


def test_naive_meta_time_is_taken_in_the_outlet_timezone() -> None:
    head = '<meta property="article:published_time" content="2023-07-12 21:14:00">'
    doc = parse_page(_page(head), URL, captured=CAPTURED, timezone="America/Chicago")
    assert doc.published == "2023-07-12T21:14:00-05:00"


def test_dotted_visible_date_is_read_day_first_outside_the_us() -> None:
    body = '<div class="post-date">03.07.2023</div>'
    head = '<meta property="og:locale" content="de_DE">'
    assert parse_page(_page(head=head, body=body), URL, captured=CAPTURED).day == "2023-07-03"
    assert parse_page(_page(body=body), URL, captured=CAPTURED).day == "2023-03-07"


def test_microformat_published_abbr_gives_its_title_date() -> None:
    stamp = "2023-07-05T08:00:00-07:00"
    body = f'<abbr class="published" itemprop="datePublished" title="{stamp}">8:00</abbr>'
    doc = parse_page(_page(body=body), URL, captured=CAPTURED)
    assert doc.published == stamp


def test_webpage_date_in_a_json_ld_graph_is_used_without_an_article_date() -> None:
    graph = '{"@graph": [{"@type": "WebPage", "datePublished": "2023-06-30T10:13:17+00:00"}]}'
    head = f'<script type="application/ld+json">{graph}</script>'
    assert parse_page(_page(head), URL, captured=CAPTURED).day == "2023-06-30"


def test_utc_morning_story_keeps_its_utc_day_over_the_url_day() -> None:
    head = '<meta property="article:published_time" content="2023-07-05T10:04:00Z">'
    doc = parse_page(_page(head), "https://www.example.com/2023/07/04/parade/", captured=CAPTURED)
    assert doc.day == "2023-07-05"


def test_a_url_date_gives_the_day_but_no_published_moment() -> None:
    doc = parse_page(_page(), "https://www.example.com/2023/07/04/parade/", captured=CAPTURED)
    assert doc.published is None
    assert (doc.day, doc.provenance["day"]) == ("2023-07-04", "url")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Town budget passes | Hartford Sentinel", "Town budget passes"),
        ("Town budget passes - sentinel.example.com", "Town budget passes"),
        ("Politics | Town budget passes | Hartford Sentinel", "Town budget passes"),
        ("Hartford Sentinel: Town budget passes", "Hartford Sentinel: Town budget passes"),
        ("Smith - Jones merger approved | Hartford Sentinel", "Smith - Jones merger approved"),
    ],
)
def test_title_loses_site_suffix_and_section_prefix(title: str, expected: str) -> None:
    head = (
        f'<meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="Hartford Sentinel">'
        '<meta property="article:section" content="Politics">'
    )
    raw = _page(head).replace(b"<h1>Story</h1>", b"")
    assert parse_page(raw, URL).title == expected


@pytest.mark.parametrize(
    ("raw", "names", "wire"),
    [
        (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"], None),
        (["By JANE DOE, Staff Writer"], ["Jane Doe"], None),
        (["Jane Doe | Hartford Sentinel"], ["Jane Doe"], None),
        (["By Jane Doe jdoe@sentinel.com"], ["Jane Doe"], None),
        (["Jane Doe, John Smith & Ana Ruiz"], ["Jane Doe", "John Smith", "Ana Ruiz"], None),
        (["By MARY SMITH Associated Press"], ["Mary Smith"], "AP"),
        (["The Associated Press"], [], "AP"),
        (["Reuters"], [], "Reuters"),
        (["Photo by Tom Lee"], [], None),
        (["Staff"], [], None),
        (["Jane Doe, Special to the Sentinel"], ["Jane Doe"], None),
        (["Author: Jane Doe"], ["Jane Doe"], None),
        (["Doe, Jane"], ["Jane Doe"], None),
        (["Kay"], [], None),
        (["Jane Doe \u2022"], ["Jane Doe"], None),
        (["Sign In", "Sign Up"], [], None),
        (["Jane Doe", "(Image: Getty Images/Stock)"], ["Jane Doe"], None),
    ],
)
def test_author_cleaning(raw: list[str], names: list[str], wire: str | None) -> None:
    assert clean_names(raw, "Hartford Sentinel") == (names, wire)


def test_a_one_word_author_in_meta_is_kept_but_not_split_leftovers() -> None:
    assert clean_names(["Kay"], "", single=True) == (["Kay"], None)
    assert clean_names(["Kooman, F., de Jong"], "", single=True) == ([], None)
    head = '<meta name="author" content="Kay">'
    assert parse_page(_page(head), URL).authors == ["Kay"]


def test_a_person_named_by_their_own_blog_stays_an_author() -> None:
    assert clean_names(["Jane Doe"], "Jane Doe's Notebook") == (["Jane Doe"], None)
    assert clean_names(["Hartford Sentinel"], "The Hartford Sentinel") == ([], None)


def test_byline_inside_a_sidebar_layout_wrapper_is_read() -> None:
    raw = _page(body='<span class="entry-author">Jane Doe</span>').replace(
        b"<body><article>", b"<body><div class='page-sidebar-wrap'><main><article>"
    )
    assert parse_page(raw, URL).authors == ["Jane Doe"]


def _bare_name_page(first_line: str) -> bytes:
    raw = _page(title="Bridge reopens").replace(b"<h1>Story</h1>", b"<h1>Bridge reopens</h1>")
    return raw.replace(
        b"<div class='article-body'>", f"<div class='article-body'><p>{first_line}</p>".encode()
    )


def test_a_bare_name_opening_the_body_is_its_byline() -> None:
    doc = parse_page(_bare_name_page("Jane Doe"), URL)
    assert doc.authors == ["Jane Doe"] and not doc.body.startswith("Jane Doe")


@pytest.mark.parametrize("line", ["Breaking News", "Downloading Maps", "Live Updates"])
def test_a_short_heading_opening_the_body_is_no_byline(line: str) -> None:
    assert parse_page(_bare_name_page(line), URL).authors == []


def test_byline_named_by_its_test_id_is_read() -> None:
    body = '<div data-testid="story-byline"><a href="/team/jane">Jane Doe</a></div>'
    assert parse_page(_page(body=body), URL).authors == ["Jane Doe"]


def test_a_later_h1_that_og_title_repeats_beats_a_show_name_h1() -> None:
    head = '<meta property="og:title" content="Bridge on Elm Street reopens">'
    raw = _page(head).replace(
        b"<article><h1>Story</h1>",
        b"<h1>Morning Show</h1><article><h1>Bridge on Elm Street reopens</h1>",
    )
    assert parse_page(raw, URL).title == "Bridge on Elm Street reopens"


def test_two_author_byline_in_markup() -> None:
    body = '<div class="byline">By <a>Jane Doe</a> and <a>Carlos Rivera</a></div>'
    assert parse_page(_page(body=body), URL).authors == ["Jane Doe", "Carlos Rivera"]


def test_share_buttons_and_newsletter_prompts_stay_out_of_the_body() -> None:
    body = (
        '<div class="social-share"><a>Facebook</a><a>Twitter</a></div>'
        "<p>Sign up for our newsletter to get the news first.</p>"
    )
    doc = parse_page(_page(body=body), URL)
    assert "Facebook" not in doc.body and "newsletter" not in doc.body
    assert doc.body.count("\n\n") == 3


def test_a_table_row_reads_as_one_line() -> None:
    table = (
        "<table><tr><th>Pos.</th><th>Team</th><th>Points</th></tr>"
        "<tr><td>1</td><td>Hartford Hawks</td><td>42</td></tr></table>"
    )
    raw = _page().replace(b"</div></article>", table.encode() + b"</div></article>")
    body = parse_page(raw, URL).body
    assert "Pos. Team Points\n\n1 Hartford Hawks 42" in body


def test_an_article_written_as_list_items_beats_the_footer_blurb() -> None:
    items = "".join(
        f"<li>Item {i}: the council agreed to fix the bridge on Elm Street, after a long debate"
        f" about <a href='/b{i}'>bid {i}</a> and the cost to the town.</li>"
        for i in range(5)
    )
    footer = (
        "<footer><nav><p>The Sentinel is the town's paper, with news, sports, weather and"
        " notices, printed since 1901, and on the web since 1998.</p></nav></footer>"
    )
    raw = (
        f"<html><head><title>Notes</title></head><body><article><h1>Notes</h1><ul>{items}</ul>"
        f"</article>{footer}</body></html>"
    ).encode()
    body = parse_page(raw, URL).body
    assert "Item 4: the council" in body and "printed since 1901" not in body


@pytest.mark.parametrize(
    "prompt",
    [
        "For the latest stories and breaking news, download the Sentinel app.",
        "Never miss the latest news by signing up for our morning email.",
        "Missing out on the latest? Get our daily briefing.",
        "Follow The Sentinel on Twitter and Instagram @sentinel",
        "To view the full story, please subscribe to The Sentinel.",
    ],
)
def test_app_and_signup_prompts_stay_out_of_the_body(prompt: str) -> None:
    raw = _page().replace(b"</div></article>", f"<p>{prompt}</p></div></article>".encode())
    assert prompt[:20] not in parse_page(raw, URL).body


def test_text_in_a_dialog_stays_out_of_the_body() -> None:
    dialog = (
        '<div class="dialog__scroll"><p>Create a free account to save your reading list.</p></div>'
    )
    raw = _page().replace(b"</div></article>", dialog.encode() + b"</div></article>")
    assert "free account" not in parse_page(raw, URL).body


def test_xhtml_page_with_xml_declaration_parses_without_warnings() -> None:
    raw = b'<?xml version="1.0" encoding="utf-8"?>\n' + _page()
    assert parse_page(raw, URL).title == "Story"


def test_body_that_looks_like_a_url_is_not_an_article() -> None:
    doc = parse_page(b"https://www.example.com/", URL, headers=[("Content-Type", "text/html")])
    assert not doc.is_article


def test_app_shell_without_text_is_not_an_article() -> None:
    scripts = "".join(f"<script src='/app{i}.js'></script>" for i in range(4))
    raw = f"<html><head><title>News</title>{scripts}</head><body><div id='root'></div></body>"
    doc = parse_page(raw.encode(), URL)
    assert not doc.is_article
    assert doc.provenance["is_article"].startswith("app shell")


def test_gallery_without_text_is_not_an_article() -> None:
    photos = "".join(
        f"<figure><img src='/p{i}.jpg'><figcaption>Photo {i}</figcaption></figure>"
        for i in range(8)
    )
    raw = f"<html><head><title>Parade photos</title></head><body><h1>Parade</h1>{photos}</body>"
    doc = parse_page(raw.encode(), "https://www.example.com/gallery/parade-photos/")
    assert not doc.is_article
    assert doc.provenance["is_article"].startswith("gallery without text")


def test_a_malformed_canonical_link_falls_back_to_the_page_url() -> None:
    page = (
        b'<html><head><link rel="canonical" href="http://[::1/x"><title>Fair opens</title>'
        b"</head><body><article><h1>Fair opens</h1>"
        + b"<p>The county fair opened Friday with rides, music and a pie contest.</p>" * 8
        + b"</article></body></html>"
    )
    doc = parse_page(page, "https://news.example/fair")
    assert doc.canonical_url == "https://news.example/fair"
    assert doc.provenance["canonical_url"] == "url"
