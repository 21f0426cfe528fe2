"""How the headline is chosen among <h1>, JSON-LD, og:title and <title>, and how it is spelled."""

from __future__ import annotations

import json

from archive import Document
from archive.parse.page import parse_page

URL = "https://www.valleyledger.example.com/news/2024/05/story/"
BODY = "".join(
    f"<p>Paragraph {i} of the story, long enough to be read as article text by the parser.</p>"
    for i in range(4)
)


def _parse(head: str, headings: str, url: str = URL) -> Document:
    raw = (
        f"<html><head>{head}</head><body><article>{headings}"
        f"<div class='article-body'>{BODY}</div></article></body></html>"
    )
    return parse_page(raw.encode(), url)


def _ld(headline: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_curly_quotes_of_the_h1_give_way_to_the_spelling_most_sources_share() -> None:
    head = (
        "<title>Hartford's budget vote slips a week | Valley Ledger</title>"
        '<meta property="og:title" content="Hartford\'s budget vote slips a week">'
        '<meta property="og:site_name" content="Valley Ledger">'
    )
    doc = _parse(head, "<h1>Hartford\u2019s budget vote slips a week</h1>")
    assert doc.title == "Hartford's budget vote slips a week"
    assert doc.provenance["title"] == "og:title"


def test_an_h1_spelled_like_most_sources_keeps_its_provenance() -> None:
    head = _ld("Mystic\u2019s drawbridge reopens") + (
        '<meta property="og:title" content="Mystic\'s drawbridge reopens">'
    )
    doc = _parse(head, "<h1>Mystic\u2019s drawbridge reopens</h1>")
    assert doc.title == "Mystic\u2019s drawbridge reopens"
    assert doc.provenance["title"] == "h1"


def test_a_tie_between_two_spellings_goes_to_og_title() -> None:
    head = '<meta property="og:title" content="Kent\'s Route 7 closes for the storm">'
    doc = _parse(head, "<h1>Kent\u2019s Route 7 closes for the storm</h1>")
    assert doc.title == "Kent's Route 7 closes for the storm"


def test_the_h1_keeps_its_letter_case_against_title_cased_metadata() -> None:
    head = (
        '<meta property="og:title" content="Storm Closes Route 7 In Kent">'
        '<meta name="twitter:title" content="Storm Closes Route 7 In Kent">'
    )
    doc = _parse(head, "<h1>Storm closes Route 7 in Kent</h1>")
    assert doc.title == "Storm closes Route 7 in Kent"
    assert doc.provenance["title"] == "h1"


def test_quotes_that_metadata_puts_round_an_italic_name_stay_out() -> None:
    head = (
        "<title>\u2018Carousel\u2019 opens the Goodspeed season | Valley Ledger</title>"
        '<meta property="og:title" content="\u2018Carousel\u2019 opens the Goodspeed season">'
    )
    doc = _parse(head, "<h1><i>Carousel</i> opens the Goodspeed season</h1>")
    assert doc.title == "Carousel opens the Goodspeed season"


def test_inline_markup_in_the_h1_adds_no_space_before_punctuation() -> None:
    doc = _parse("", "<h1>Storm hits <em>Danbury</em>, closes <a href='/x'>roads</a></h1>")
    assert doc.title == "Storm hits Danbury, closes roads"


def test_block_markup_in_the_h1_still_separates_words() -> None:
    doc = _parse("", "<h1>Storm hits Danbury<br>Roads closed</h1>")
    assert doc.title == "Storm hits Danbury Roads closed"
    doc = _parse("", "<h1><div>Storm hits Danbury</div>Roads closed</h1>")
    assert doc.title == "Storm hits Danbury Roads closed"


def test_an_h1_sharing_words_with_a_shorter_og_title_is_the_headline() -> None:
    head = '<meta property="og:title" content="Meriden library expansion approved">'
    doc = _parse(head, "<h1>Meriden council approves $4 million library expansion</h1>")
    assert doc.title == "Meriden council approves $4 million library expansion"
    assert doc.provenance["title"] == "h1"


def test_an_h1_sharing_no_word_with_the_title_is_a_section_name() -> None:
    head = "<title>Norwalk clinic adds evening hours</title>"
    doc = _parse(head, "<h1>Health Center</h1><h2>Tools and resources for you</h2>")
    assert doc.title == "Norwalk clinic adds evening hours"
    assert doc.provenance["title"] == "title"


def test_a_blog_name_h1_gives_way_to_og_title() -> None:
    head = (
        '<meta property="og:title" content="Restoring a 1920s barn in Goshen">'
        "<title>Rafter Notes: Restoring a 1920s barn in Goshen</title>"
    )
    doc = _parse(head, "<h1>Rafter Notes</h1>")
    assert doc.title == "Restoring a 1920s barn in Goshen"


def test_a_json_ld_headline_the_title_repeats_beats_a_display_h1() -> None:
    head = _ld("Stamford opens its first cooling center") + (
        "<title>Stamford opens its first cooling center | Valley Ledger</title>"
        '<meta property="og:site_name" content="Valley Ledger">'
    )
    doc = _parse(head, "<h1>Heat wave: city opens doors to residents</h1>")
    assert doc.title == "Stamford opens its first cooling center"
    assert doc.provenance["title"] == "json-ld"


def test_an_h1_wrapping_the_og_title_in_a_kicker_yields_the_og_title() -> None:
    head = '<meta property="og:title" content="Bristol pool opens two weeks early">'
    doc = _parse(head, "<h1><span>Local News</span> | Bristol pool opens two weeks early</h1>")
    assert doc.title == "Bristol pool opens two weeks early"
    assert doc.provenance["title"] == "og:title"


def test_json_ld_entities_are_decoded_before_comparing() -> None:
    head = _ld("Waterbury&#8217;s mayor signs budget")
    doc = _parse(head, "<h1>Waterbury\u2019s mayor signs budget</h1>")
    assert doc.title == "Waterbury\u2019s mayor signs budget"
    assert doc.provenance["title"] == "h1"


def test_blog_archive_prefix_and_by_author_suffix_are_stripped() -> None:
    head = (
        "<title>Elm Notes \u00bb Blog Archive \u00bb Garden tour returns to Litchfield</title>"
        '<meta property="og:title" content="Garden tour returns to Litchfield | Elm Notes'
        ' | by Dana Wills">'
        '<meta property="og:site_name" content="Elm Notes">'
    )
    doc = _parse(head, "")
    assert doc.title == "Garden tour returns to Litchfield"


def test_application_name_repeating_the_headline_is_not_the_site_name() -> None:
    head = (
        '<meta name="application-name" content="Derby rowers win state title">'
        "<title>Derby rowers win state title</title>"
    )
    doc = _parse(head, "<h1>Derby rowers win state title</h1>")
    assert doc.title == "Derby rowers win state title"
    assert doc.provenance["title"] == "h1"


def test_a_headline_that_starts_with_the_site_name_is_not_the_site_name() -> None:
    head = (
        '<meta property="og:site_name" content="Torrington">'
        '<meta property="og:title" content="New rides at the Torrington Fair">'
    )
    doc = _parse(head, "<h1>Torrington Fair opens Friday with new rides</h1>")
    assert doc.title == "Torrington Fair opens Friday with new rides"


def test_an_h1_that_is_the_site_name_is_not_the_headline() -> None:
    head = (
        '<meta property="og:site_name" content="Torrington Register">'
        '<meta property="og:title" content="Fair opens Friday with new rides">'
    )
    doc = _parse(head, "<h1>Torrington Register Online</h1>")
    assert doc.title == "Fair opens Friday with new rides"


def test_an_og_title_that_starts_with_the_site_name_is_still_the_headline() -> None:
    head = (
        '<meta property="og:site_name" content="Torrington">'
        '<meta property="og:title" content="Torrington Fair opens Friday with new rides">'
    )
    assert _parse(head, "").title == "Torrington Fair opens Friday with new rides"


def test_headlines_in_other_scripts_are_compared_by_their_letters() -> None:
    head = (
        "<title>\u0421\u043e\u0432\u0435\u0442 \u0411\u0440\u0443\u043a\u043b\u0438\u043d\u0430"
        " \u0443\u0442\u0432\u0435\u0440\u0434\u0438\u043b \u0431\u044e\u0434\u0436\u0435\u0442"
        " | \u0412\u0435\u0441\u0442\u0438</title>"
        '<meta property="og:site_name" content="\u0412\u0435\u0441\u0442\u0438">'
    )
    headline = (
        "\u0421\u043e\u0432\u0435\u0442 \u0411\u0440\u0443\u043a\u043b\u0438\u043d\u0430"
        " \u0443\u0442\u0432\u0435\u0440\u0434\u0438\u043b \u0431\u044e\u0434\u0436\u0435\u0442"
    )
    doc = _parse(head, f"<h1>{headline}</h1>")
    assert (doc.title, doc.provenance["title"]) == (headline, "h1")
    section = _parse(head, "<h1>\u041d\u043e\u0432\u043e\u0441\u0442\u0438</h1>")
    assert (section.title, section.provenance["title"]) == (headline, "title")
