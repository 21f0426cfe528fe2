"""Bylines: where the parser finds authors, how it cleans them, how sources correct each other."""

from __future__ import annotations

import json

import pytest

from archive.parse.byline import clean_names
from archive.parse.page import parse_page

URL = "https://www.valleyledger.example.com/news/bridge-reopens/"


def _page(head: str = "", top: str = "", body_start: str = "", after: str = "") -> bytes:
    """A story page: `top` sits between the headline and the text, `after` below the story."""
    paragraphs = "".join(
        f"<p>Paragraph {i}: the Elm Street bridge in Easthampton reopened on Monday after "
        "eight months of repairs, and commuters lined up early to cross it.</p>"
        for i in range(4)
    )
    return (
        "<html><head><title>Bridge reopens | Valley Ledger</title>"
        f'<meta property="og:site_name" content="Valley Ledger">{head}</head><body>'
        f"<article><h1>Bridge reopens</h1>{top}<div class='story-text'>{body_start}"
        f"{paragraphs}</div></article>{after}</body></html>"
    ).encode()


def _ld(author: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "author": author}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _authors(raw: bytes) -> list[str]:
    return parse_page(raw, URL).authors


def test_outlet_tail_after_a_line_break_is_no_name() -> None:
    top = '<div class="author_fmt">By <a rel="author">Lena  Marsh, MA</a><br/>Ledger Health News'
    top += "</div>"
    assert _authors(_page(top=top)) == ["Lena Marsh"]


def test_job_title_in_its_own_element_is_no_part_of_the_name() -> None:
    top = '<div class="author"><a>Omar Whitfield</a><div class="author-title">Games Editor</div>'
    top += "</div>"
    assert _authors(_page(top=top)) == ["Omar Whitfield"]


def test_edited_by_names_an_editor_not_an_author() -> None:
    top = '<p class="byline author">Written by Rosa Quint<br/>Edited by Hal Brenner</p>'
    assert _authors(_page(top=top)) == ["Rosa Quint"]


def test_cited_papers_itemprop_authors_lose_to_the_pages_own_author_meta() -> None:
    head = (
        '<meta name="dc.creator" content="Nadia K. Orr">'
        '<meta itemprop="author" content="B. Tull, C. Amis, ">'
    )
    assert _authors(_page(head)) == ["Nadia K. Orr"]


def test_surname_first_with_a_particle_is_reordered() -> None:
    assert clean_names(["Berg, Anneke van den"], "", single=True)[0] == ["Anneke van den Berg"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Joe S."], ["Joe S."]),
        (["By Walter Price Jr."], ["Walter Price Jr."]),
        (["Jane Doe."], ["Jane Doe"]),
    ],
)
def test_closing_initial_keeps_its_period(raw: list[str], names: list[str]) -> None:
    assert clean_names(raw, "Valley Ledger")[0] == names


def test_title_case_for_the_outlet_tail_is_cut() -> None:
    names, _ = clean_names(["By Ann Ruiz And Ben Cole For The Valley Ledger Sunday"], "")
    assert names == ["Ann Ruiz", "Ben Cole"]


@pytest.mark.parametrize(
    "raw",
    ["VLN Staff Report", "VLN Staff", "Ledger Health News", "Metro Desk", "Sports Team"],
)
def test_a_desk_or_publication_is_no_author(raw: str) -> None:
    assert clean_names([raw], "Valley Ledger", single=True)[0] == []


def test_afp_is_a_wire_not_an_author() -> None:
    assert clean_names(["AFP/Valley Ledger"], "Valley Ledger", single=True) == ([], "AFP")


def test_a_personal_site_named_after_its_author_keeps_the_author() -> None:
    head = '<meta name="author" content="Priya Castell">'
    raw = _page(head).replace(b'content="Valley Ledger"', b'content="Priya Castell"')
    assert _authors(raw) == ["Priya Castell"]


def test_a_publication_named_like_a_person_stays_no_author() -> None:
    head = '<meta name="author" content="Amherst Times">'
    raw = _page(head).replace(b'content="Valley Ledger"', b'content="Amherst Times"')
    assert _authors(raw) == []


def test_posted_on_date_by_name() -> None:
    top = '<div class="entry-author">Posted on June 3, 2023 by Lars Okafor</div>'
    assert _authors(_page(top=top)) == ["Lars Okafor"]


def test_a_story_classed_by_its_author_is_no_byline() -> None:
    long = "The town voted on Tuesday to fund the repairs of three bridges. " * 12
    raw = _page().replace(b"<article>", f"<article class='author-tess-lind'><p>{long}</p>".encode())
    assert _authors(raw) == []


def test_sidebar_bylines_of_other_stories_are_not_added() -> None:
    top = '<div class="FeatureByline">By <b>Ada Brook</b><br/>June 3, 2023</div>'
    other = '<div class="FeatureByline">By <b>Cyrus Vale</b></div>'
    raw = _page(top=top, body_start="").replace(
        b"</article>", f"<h2>More</h2>{other}</article>".encode()
    )
    assert _authors(raw) == ["Ada Brook"]


def test_a_card_class_around_the_headline_is_the_article_not_furniture() -> None:
    raw = _page(top='<cite class="byline"><span>By </span><span>MARA FENN</span></cite>').replace(
        b"<article>", b"<article><section class='main-card'>"
    )
    assert _authors(raw.replace(b"</article>", b"</section></article>")) == ["Mara Fenn"]


def test_follow_author_widgets_are_furniture() -> None:
    after = (
        "<ul class='author-follow'><li class='author-follow'><div class='author'>Gus Ortiz</div>"
        "<div>Snow closes schools in Northampton again</div></li></ul>"
    )
    assert _authors(_page(after=after)) == []


def test_json_ld_account_name_loses_to_reporters_meta_and_byline_agree_on() -> None:
    head = _ld({"@type": "Person", "name": "Kim Adair"})
    head += '<meta name="parsely-author" content="Noor Haddad">'
    head += '<meta name="parsely-author" content="Eli Park">'
    top = (
        '<div class="byline">By <a rel="author">Noor Haddad</a>, <a rel="author">Eli Park</a></div>'
    )
    assert _authors(_page(head, top)) == ["Noor Haddad", "Eli Park"]


def test_a_co_author_two_sources_name_is_added_to_json_ld() -> None:
    head = _ld({"@type": "Person", "name": "Iris Moody"})
    head += '<meta name="author" content="Iris Moody, Paul Okoro">'
    top = '<div class="author">By <a>Iris Moody</a>, <a>Paul Okoro</a></div>'
    assert _authors(_page(head, top)) == ["Iris Moody", "Paul Okoro"]


def test_a_publisher_in_author_meta_alone_is_not_added() -> None:
    head = _ld({"@type": "Person", "name": "Iris Moody"})
    head += '<meta name="author" content="Acme Publishing Group">'
    head += '<meta name="author" content="Iris Moody">'
    assert _authors(_page(head)) == ["Iris Moody"]


def test_a_first_name_in_json_ld_is_completed_by_the_visible_byline() -> None:
    top = (
        "<div><p class='credit-by'><strong>By</strong></p>"
        "<p class='reporter-name'>Todd Rennick</p></div>"
    )
    assert _authors(_page(_ld({"@type": "Person", "name": "Todd"}), top)) == ["Todd Rennick"]


def test_web_page_author_counts_without_an_article_object() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "author": {"@id": "#p1"}},
            {"@type": "Person", "@id": "#p1", "name": "Flora Quinn"},
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert _authors(_page(head)) == ["Flora Quinn"]


@pytest.mark.parametrize(
    "top",
    [
        '<div class="wrote_by">\n        By&nbsp;<a href="/reporters/jo">Jose de la Vega</a></div>',
        "<p><em>Written by: <a href='/x'>Jose de la Vega</a></em></p>",
        "<div><span class='sr-only'>| By </span><span>Jose de la Vega</span> | June 3</div>",
        "<div><strong><em>---- by Jose de la Vega</em></strong></div>",
    ],
)
def test_visible_by_lines_with_the_name_in_another_element(top: str) -> None:
    assert _authors(_page(top=top)) == ["Jose de la Vega"]


def test_by_inside_a_sentence_is_no_byline() -> None:
    body_start = (
        "<p>See <a href='/guide'>the guide</a>\u00a0by Dale Hume, a.k.a. the Citrus Man.</p>"
    )
    assert _authors(_page(body_start=body_start)) == []


def test_by_line_of_a_teaser_link_is_no_byline() -> None:
    teaser = (
        "<ul><li><a href='/other'><p>Snow closes schools in Northampton again as crews fall "
        "behind</p><h6>By Wes Tan and Opal Reed</h6></a></li></ul>"
    )
    assert _authors(_page(after=teaser)) == []


def test_a_bio_sentence_in_the_byline_box_is_no_name() -> None:
    top = (
        "<div class='byline'>Published by <div>Hana Coll</div><div>A civil engineer at the "
        "University of Vermont.</div></div>"
    )
    assert _authors(_page(top=top)) == ["Hana Coll"]


def test_json_ld_order_is_kept_when_the_byline_agrees() -> None:
    head = _ld([{"@type": "Person", "name": "Nell Ames"}, {"@type": "Person", "name": "Rui Costa"}])
    top = '<div class="byline">By <a rel="author">Nell Ames</a> and <a rel="author">Rui Costa</a>'
    assert _authors(_page(head, top + "</div>")) == ["Nell Ames", "Rui Costa"]


def test_slashed_names_after_a_short_standfirst_are_the_byline() -> None:
    body_start = (
        "<p>\u2026as Orange residents count the cost of the flood</p><p>Mira Sello/Tomas Keel</p>"
    )
    doc = parse_page(_page(body_start=body_start), URL)
    assert doc.authors == ["Mira Sello", "Tomas Keel"]
    assert "Mira Sello" not in doc.body and doc.body.startswith("\u2026as Orange residents")


def test_a_description_that_opens_with_the_byline_names_the_authors() -> None:
    head = (
        '<meta name="description" content="Posted by Ines Moll, Abe Tran and Lu Chen - Safety '
        'team. Over the past year the county rebuilt its alert system.">'
    )
    assert _authors(_page(head)) == ["Ines Moll", "Abe Tran", "Lu Chen"]


@pytest.mark.parametrize(
    ("top", "names"),
    [
        (
            "<div class='postdata'><span>Posted by Perpetua @ 9:40 pm</span></div>",
            ["Perpetua"],
        ),
        ("<div><span>Posted by Perpetua under Gardens</span></div>", ["Perpetua"]),
        ("<nav><ul><li><a href='/m'>By Method</a></li></ul></nav><div>By Elections</div>", []),
        ("<div><a href='/e'>By-Elections</a></div>", []),
        ("<div><a href='/c'>By Course or Type</a></div>", []),
    ],
)
def test_a_lone_word_is_a_name_only_after_posted_by(top: str, names: list[str]) -> None:
    assert _authors(_page(top=top)) == names


def test_the_place_a_reporter_filed_from_is_no_co_author() -> None:
    names, _ = clean_names(["By Dana Roth, New York"], "")
    assert names == ["Dana Roth"]
    assert clean_names(["By Dana Roth, Massachusetts"], "")[0] == ["Dana Roth"]


def test_a_name_inside_the_outlets_one_word_name_is_still_a_name() -> None:
    head = '<meta name="author" content="Ida">'
    raw = _page(head).replace(b'content="Valley Ledger"', b'content="IdaBakes"')
    assert _authors(raw) == ["Ida"]


@pytest.mark.parametrize(
    ("raw", "names", "wire"),
    [
        ("By CORA LUND | AP Education Writer", ["Cora Lund"], "AP"),
        ("By Ann Pike, AP", ["Ann Pike"], "AP"),
        ("Rhea Stam. Orbit International", ["Rhea Stam"], None),
        ("Lotte Van Der Berg", ["Lotte Van Der Berg"], None),
        ("By R.C. Pruitt", ["R.C. Pruitt"], None),
        ("Valley Media News Service", [], None),
        ("Maple Test Kitchens", [], None),
    ],
)
def test_wire_staff_agencies_and_particles(raw: str, names: list[str], wire: str | None) -> None:
    assert clean_names([raw], "", single=True) == (names, wire)


def test_a_user_card_with_a_post_title_is_no_byline() -> None:
    top = "<div class='author'><div>quill</div><div>Building Parser API</div><div>Message</div>"
    assert _authors(_page(top=top + "</div>")) == []


@pytest.mark.parametrize("line", ["Social Share", "Business Law", "Cape Ann Coast"])
def test_a_first_line_of_site_words_is_no_bare_byline(line: str) -> None:
    doc = parse_page(_page(body_start=f"<p>{line}</p>"), URL)
    assert doc.authors == [] and doc.body.startswith(line)
