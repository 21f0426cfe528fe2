"""Headlines, third pass: a hand-made weekly's masthead, microdata headlines, and a declared
title the page shows in two pieces."""

from __future__ import annotations

from archive import Document
from archive.parse.page import parse_page

URL = "http://www.canaancourier.example.com/news/ladder-truck.html"
STORY = (
    "CANAAN - The Canaan Fire Company took delivery of a new ladder truck on Saturday,"
    " replacing a 1987 truck that had failed its last two pump tests.<br><br>"
    "The truck was paid for with a federal grant and five years of chicken barbecues.<br><br>"
)


def _weekly(title_tag: str, masthead: str, footer: str) -> Document:
    raw = (
        f"<html><head><title>{title_tag}</title></head><body>{masthead}<hr>"
        '<table><tr><td><font face="Arial" size="4"><b>Fire company buys a new ladder truck'
        f"</b></font><br>{STORY * 3}</td></tr>"
        f'<tr><td><font size="1">{footer}</font></td></tr></table></body></html>'
    )
    return parse_page(raw.encode(), URL)


def test_a_weekly_masthead_its_copyright_line_names_is_not_the_headline() -> None:
    doc = _weekly(
        "The Canaan Weekly Courier",
        '<center><font size="6"><b>The Canaan Weekly Courier</b></font></center>',
        "Copyright &copy; 2019 The Canaan Weekly Courier. All rights reserved.",
    )
    assert doc.title == "Fire company buys a new ladder truck"
    assert doc.provenance["title"] == "markup"


def test_a_masthead_set_as_h1_gives_way_to_the_bold_headline() -> None:
    doc = _weekly(
        "The Canaan Weekly Courier",
        "<h1>The Canaan Weekly Courier</h1>",
        "(c) 2019 The Canaan Weekly Courier",
    )
    assert doc.title == "Fire company buys a new ladder truck"


def test_without_a_copyright_line_the_first_bold_line_stays_the_headline() -> None:
    # nothing on the page tells its name from a headline: the first bold line is kept
    doc = _weekly(
        "Fire company buys a new ladder truck",
        "",
        "Thanks for reading.",
    )
    assert doc.title == "Fire company buys a new ladder truck"


def _story(head: str, heading: str) -> Document:
    paragraphs = "".join(
        f"<p>Paragraph {i}: the Winsted library reopened its reading room on Monday after a"
        " winter of repairs to the roof, and the first visitors came before nine.</p>"
        for i in range(4)
    )
    raw = (
        f"<html><head>{head}</head><body><article>{heading}"
        f"<div class='story-body'>{paragraphs}</div></article></body></html>"
    )
    return parse_page(raw.encode(), "https://www.winstedjournal.example.com/story/library")


def test_an_h1_marked_as_the_alternative_headline_gives_way_to_the_marked_headline() -> None:
    heading = (
        '<header><h1 itemprop="alternativeHeadline">Winsted Library Roof</h1>'
        '<h2 itemprop="headline">Winsted library reopens its reading room after a winter of'
        " roof repairs</h2></header>"
    )
    head = "<title>Winsted Library Roof</title>"
    doc = _story(head, heading)
    assert doc.title == "Winsted library reopens its reading room after a winter of roof repairs"
    assert doc.provenance["title"] == "microdata"


def test_a_declared_title_shown_in_two_pieces_is_the_headline() -> None:
    # a review's <h1> holds the album and the line below it the band; og:title joins them
    head = (
        '<meta property="og:title" content="Stone Harbor: Mill Town Songs">'
        "<title>Stone Harbor: Mill Town Songs Album Review</title>"
    )
    heading = (
        '<h1><em>Mill Town Songs</em></h1><ul><a href="/artists/stone-harbor">Stone Harbor</a></ul>'
    )
    assert _story(head, heading).title == "Stone Harbor: Mill Town Songs"


def test_a_kicker_in_og_title_that_the_page_does_not_show_stays_out() -> None:
    head = '<meta property="og:title" content="Analysis: Winsted library reopens its reading room">'
    heading = "<h1>Winsted library reopens its reading room</h1><p class='dek'>After a winter</p>"
    assert _story(head, heading).title == "Winsted library reopens its reading room"


def test_an_h1_marked_as_headline_still_gives_way_to_the_confirmed_json_ld_headline() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Winsted library reopens its reading room"}'
    head = (
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="og:title" content="Winsted library reopens its reading room">'
    )
    heading = '<h1 itemprop="headline">A room with a roof again</h1>'
    assert _story(head, heading).title == "Winsted library reopens its reading room"
