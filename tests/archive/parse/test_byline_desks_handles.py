"""Bylines, second pass: desks after the names, cut names, bloggers' handles, personal sites."""

from __future__ import annotations

import json

import pytest

from archive.parse.byline import bare_byline, clean_names
from archive.parse.page import parse_page

URL = "https://www.pioneerledger.example.com/news/dam-repair/"
STORY = "".join(
    f"<p>Paragraph {i}: crews began repairs on the Mill River dam in Northampton on Tuesday, "
    "and the town expects the footpath across it to reopen before the autumn.</p>"
    for i in range(4)
)


def _page(head: str = "", top: str = "", side: str = "", title: str = "Dam repair") -> bytes:
    """A story page: `top` sits under the headline, `side` in a box beside the story."""
    return (
        f"<html><head><title>{title}</title>{head}</head><body><main><article>"
        f"<h1>Dam repair begins</h1>{top}<div class='story-text'>{STORY}</div>"
        f"<div class='article-sidebar'>{side}</div></article></main></body></html>"
    ).encode()


def _ld(author: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "author": author}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _authors(raw: bytes, url: str = URL) -> list[str]:
    return parse_page(raw, url).authors


def test_staff_writers_after_a_slash_are_the_names_desk() -> None:
    line = "By Mara Quill and Dev Okafor / Pioneer Ledger Staff Writers"
    assert clean_names([line], "")[0] == ["Mara Quill", "Dev Okafor"]


def test_a_staff_writer_after_a_slash_is_the_names_desk() -> None:
    assert clean_names(["By Mara Quill / Pioneer Ledger Staff Writer"], "")[0] == ["Mara Quill"]


def test_plural_job_title_after_a_comma_names_no_one() -> None:
    line = "By Mara Quill and Dev Okafor, Pioneer Ledger staff writers"
    assert clean_names([line], "")[0] == ["Mara Quill", "Dev Okafor"]


def test_a_name_after_a_slash_is_still_a_coauthor() -> None:
    assert clean_names(["By Mara Quill / Dev Okafor"], "")[0] == ["Mara Quill", "Dev Okafor"]


def test_desk_in_the_byline_markup_is_not_an_author() -> None:
    top = '<p class="byline">By Mara Quill / Pioneer Ledger Staff Writer</p>'
    assert _authors(_page(top=top)) == ["Mara Quill"]


def test_one_word_json_ld_author_is_completed_by_the_name_the_page_prints() -> None:
    side = "<div class='credit-tag'><b>By</b></div>"
    side += "<div><p class='person'>Tobin Ashgrove</p></div>"
    assert _authors(_page(head=_ld({"@type": "Person", "name": "Tobin"}), side=side)) == [
        "Tobin Ashgrove"
    ]


def test_one_word_author_keeps_its_word_when_no_printed_name_starts_with_it() -> None:
    side = "<p>Tobias Reed</p>"
    assert _authors(_page(head=_ld({"@type": "Person", "name": "Tobin"}), side=side)) == ["Tobin"]


def test_lower_case_handle_in_the_byline_is_the_author_when_a_by_line_says_it() -> None:
    top = '<p class="story-info">by <span class="post-author">quill</span>'
    top += " on May 3, 2021</p>"
    assert _authors(_page(top=top)) == ["quill"]


def test_house_account_handle_is_no_author() -> None:
    top = '<p class="post-meta">by <span class="author vcard">ledgeradmin</span> | May 3, 2021</p>'
    assert _authors(_page(top=top)) == []


def test_lower_case_word_in_author_markup_without_a_by_line_is_no_author() -> None:
    top = '<p class="meta">Filed in <span class="author">outdoors</span></p>'
    assert _authors(_page(top=top)) == []


def test_personal_site_named_after_its_owner_credits_the_owner() -> None:
    title = "Mara Quill&#39;s Workbench | Patching the dam path in Northampton"
    raw = _page(title=title)
    assert _authors(raw, "https://maraquill.net/blog/2021/05/dam-path/") == ["Mara Quill"]


def test_possessive_site_title_on_another_host_names_no_author() -> None:
    title = "Mara Quill&#39;s Workbench | Patching the dam path in Northampton"
    raw = _page(title=title)
    assert _authors(raw, "https://woodshop.example.net/blog/dam-path/") == []


def test_a_publication_named_like_a_person_is_no_author() -> None:
    head = '<meta property="og:site_name" content="Amherst Bell">'
    raw = _page(head=head, title="Dam repair begins | Amherst Bell")
    assert _authors(raw, "https://amherstbell.com/news/dam-repair/") == []


@pytest.mark.parametrize(
    "value",
    ["Ledger.com", "HOLYOKENEWS.COM", "KWNH", "The Water Cooler", "Our Valley Staff",
     "Letters To The Editor", "Times Of Holyoke", "Ledger Editorial", "Organization"],
)  # fmt: skip
def test_sites_acronyms_desks_and_titles_are_no_authors(value: str) -> None:
    assert clean_names([value], "", single=True) == ([], None)


def test_a_website_author_gives_way_to_the_reporter_in_the_byline() -> None:
    top = '<p class="byline">By Nora Pell, Ledger</p>'
    assert _authors(_page(head=_ld({"@type": "Person", "name": "Ledger.com"}), top=top)) == [
        "Nora Pell"
    ]


@pytest.mark.parametrize(
    ("value", "wire"),
    [("PTI", "PTI"), ("Press Trust of India", "PTI"), ("Kyodo", "Kyodo"), ("Jiji Press", "Jiji")],
)
def test_asian_wire_services_go_to_the_wire_field(value: str, wire: str) -> None:
    assert clean_names([value], "", single=True) == ([], wire)


def test_ap_beat_title_after_a_name_is_no_second_author() -> None:
    line = "By DANA VOSS, AP National Security Writer"
    assert clean_names([line], "") == (["Dana Voss"], "AP")


def test_a_chapter_heading_is_no_bare_byline() -> None:
    body = "Chapter Seven\n\nThe footbridge over the Mill River in Florence reopened on Tuesday."
    assert bare_byline(body, "") == ([], body)


def test_a_government_agency_in_the_byline_is_no_author() -> None:
    assert clean_names(["By U.S. FISH AND WILDLIFE PROTECTION"], "") == ([], None)
    assert clean_names(["By Holyoke Police Department"], "") == ([], None)


def test_photo_credit_marked_as_author_in_a_caption_is_no_author() -> None:
    top = (
        '<div class="story-byline"><span class="author-name">Reuters</span></div>'
        "<figure><img src='/dam.jpg' alt=''><figcaption>The dam at dawn."
        '<span class="photo-author">Gina Marsh/Valley Ledger</span></figcaption></figure>'
    )
    doc = parse_page(_page(top=top), URL)
    assert (doc.authors, doc.wire) == ([], "Reuters")


def test_wire_only_byline_markup_sets_the_wire() -> None:
    top = '<div class="author-info">Associated Press November 19, 2019, 9:02 AM</div>'
    doc = parse_page(_page(top=top), URL)
    assert (doc.authors, doc.wire) == ([], "AP")


@pytest.mark.parametrize(
    "line",
    ["By Rhea Cole, Hartford Courant", "Rhea Cole | Boston Globe", "By Rhea Cole, CT Mirror",
     "By Rhea Cole, Denver Post", "By Rhea Cole, Springfield Republican"],
)  # fmt: skip
def test_partner_paper_beside_the_reporter_is_no_author(line: str) -> None:
    assert clean_names([line], "Valley Ledger") == (["Rhea Cole"], None)


def test_a_person_whose_surname_is_a_paper_word_stays_a_person() -> None:
    assert clean_names(["By Ivy Post and Ann Sun"], "") == (["Ivy Post", "Ann Sun"], None)


def test_staff_writers_after_two_names_keep_both_names() -> None:
    line = "By Rhea Cole and Omar Pike Staff Writers"
    assert clean_names([line], "") == (["Rhea Cole", "Omar Pike"], None)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Mayor Ruth Kemp", ["Ruth Kemp"]),
        ("By Police Chief Tom Ray and Principal Ed Fox", ["Tom Ray", "Ed Fox"]),
        ("By Dean Harrow", ["Dean Harrow"]),  # a title word before one more word is a first name
        ("By Rhea Cole Special to the Ledger", ["Rhea Cole"]),
    ],
)
def test_titles_before_a_name_and_special_to_after_it_are_dropped(
    line: str, names: list[str]
) -> None:
    assert clean_names([line], "")[0] == names


@pytest.mark.parametrize(
    "line",
    [
        "By Enfield Public Library",
        "By Amherst Regional High School",
        "Submitted by Holyoke Rotary Club",
    ],
)
def test_libraries_schools_and_clubs_are_no_authors(line: str) -> None:
    assert clean_names([line], "") == ([], None)


def test_a_magazines_possessive_title_on_its_own_host_names_no_author() -> None:
    raw = _page(title="Good Harvest&#39;s 50 best pies | Good Harvest")
    assert _authors(raw, "https://www.goodharvest.com/food/best-pies/") == []


@pytest.mark.parametrize(
    "line",
    [
        "By Lena Hart/Staff Writer and Owen Vale/Staff Writer",
        "By Lena Hart / Valley Ledger staff and Owen Vale",
        "By Lena Hart / Valley Ledger staff & Owen Vale",
    ],
)
def test_a_desk_after_a_slash_ends_at_the_next_coauthor(line: str) -> None:
    assert clean_names([line], "")[0] == ["Lena Hart", "Owen Vale"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Dean E. Hollis", ["Dean E. Hollis"]),  # Dean is a first name: "E." is no first name
        ("By Justice A. Marlow", ["Justice A. Marlow"]),
        ("By Chief Tom Ray", ["Chief Tom Ray"]),  # Chief can be a given name too
        ("By Justice Ann Marlow", ["Justice Ann Marlow"]),
        ("By Mayor R. Kemp", ["Mayor R. Kemp"]),  # an initial never counts as the first name
    ],
)
def test_a_title_that_is_also_a_first_name_stays_in_the_name(line: str, names: list[str]) -> None:
    assert clean_names([line], "")[0] == names


@pytest.mark.parametrize(
    "line",
    ["By Austin Post", "Jordan Post", "Chad Eagle", "Georgia Sun", "Lyle Ledger", "Tom Courier"],
)
def test_a_whole_byline_ending_in_a_paper_word_is_a_person(line: str) -> None:
    assert clean_names([line], "")[0] == [line.removeprefix("By ")]


def test_a_paper_word_surname_after_and_is_a_coauthor() -> None:
    line = "By Rhea Cole and Lyle Ledger"
    assert clean_names([line], "")[0] == ["Rhea Cole", "Lyle Ledger"]


def test_one_word_author_is_not_completed_by_a_commenters_name() -> None:
    side = (
        "<div class='comment-list'><div class='comment-meta'><cite>Tobin Ashgrove</cite> wrote:"
        "</div><p>Glad the footpath is coming back.</p></div>"
    )
    assert _authors(_page(head=_ld({"@type": "Person", "name": "Tobin"}), side=side)) == ["Tobin"]


def test_one_word_author_is_not_completed_by_a_name_in_the_story_text() -> None:
    raw = _page(head=_ld({"@type": "Person", "name": "Tobin"}), side="<p>Tobin Ashgrove</p>")
    assert _authors(raw) == ["Tobin"]


def test_one_word_author_is_completed_by_the_author_box() -> None:
    side = "<div class='author-box'><p>Tobin Ashgrove</p><p>Tobin covers parks.</p></div>"
    assert _authors(_page(head=_ld({"@type": "Person", "name": "Tobin"}), side=side)) == [
        "Tobin Ashgrove"
    ]
