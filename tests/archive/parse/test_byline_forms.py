"""Bylines in the forms real pages print them: microdata items, linked co-authors, social links,
capitals, one-word names, and the credits that name someone who did not write the story."""

from __future__ import annotations

import pytest

from archive.parse.byline import clean_names
from archive.parse.page import parse_page

URL = "https://www.monadnockledger.example.com/news/jaffrey-dam-repairs/"


def _page(head: str = "", top: str = "", after: str = "", site: str = "Monadnock Ledger") -> bytes:
    """A story page: `top` sits under the headline, `after` below the story."""
    paragraphs = "".join(
        f"<p>Paragraph {i}: crews began repairing the Contoocook River dam in Jaffrey on Monday,"
        " and the road across it will stay closed to traffic until the end of October.</p>"
        for i in range(4)
    )
    return (
        "<html><head><title>Jaffrey dam repairs begin</title>"
        f'<meta property="og:site_name" content="{site}">{head}</head><body>'
        f"<article><h1>Jaffrey dam repairs begin</h1>{top}<div class='story-text'>"
        f"{paragraphs}</div>{after}</article></body></html>"
    ).encode()


def _authors(raw: bytes) -> list[str]:
    return parse_page(raw, URL).authors


def test_every_name_of_a_microdata_author_item_is_an_author() -> None:
    top = (
        '<div class="hidden" itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Lena Barros</span><span itemprop="name">Hugh Tam</span></div>'
    )
    assert _authors(_page(top=top)) == ["Lena Barros", "Hugh Tam"]


def test_a_microdata_name_given_as_meta_content_is_read() -> None:
    top = (
        '<div class="x" itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<meta itemprop="name" content="Lena Barros"></div>'
    )
    assert _authors(_page(top=top)) == ["Lena Barros"]


def test_the_name_of_the_paper_an_author_item_works_for_is_no_author() -> None:
    top = (
        '<div itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Lena Barros</span><div itemprop="worksFor" itemscope '
        'itemtype="http://schema.org/Organization"><span itemprop="name">Keene Courier</span>'
        "</div></div>"
    )
    assert _authors(_page(top=top)) == ["Lena Barros"]


@pytest.mark.parametrize("join", [" and ", ", ", " &amp; "])
def test_a_linked_co_author_joined_to_the_marked_author_is_read(join: str) -> None:
    top = (
        '<div class="meta"><span>By</span> <a rel="author" href="/staff/lena-barros">Lena Barros'
        f'</a>{join}<a href="/staff/hugh-tam">Hugh Tam</a></div>'
    )
    assert _authors(_page(top=top)) == ["Lena Barros", "Hugh Tam"]


def test_a_link_right_after_the_author_without_a_join_is_no_co_author() -> None:
    top = (
        '<div class="meta"><a rel="author" href="/staff/lena-barros">Lena Barros</a> '
        '<a href="/topics/dams">Dam Safety</a></div>'
    )
    assert _authors(_page(top=top)) == ["Lena Barros"]


@pytest.mark.parametrize(
    "social",
    [
        '<a class="byline__social-handle" href="https://twitter.com/lbarros">Twitter</a>',
        '<a href="https://www.instagram.com/lbarros/"><i class="icon-instagram">Instagram</i></a>',
        '<a href="mailto:lbarros@example.com">Email</a>',
    ],
)
def test_a_social_link_label_does_not_stick_to_the_name(social: str) -> None:
    top = f'<div class="byline"><a rel="author" href="/people/lena-barros">Lena Barros</a>{social}'
    assert _authors(_page(top=top + "</div>")) == ["Lena Barros"]


def test_a_name_that_links_to_the_authors_email_stays_the_name() -> None:
    top = '<div class="byline">By <a href="mailto:lbarros@example.com">Lena Barros</a></div>'
    assert _authors(_page(top=top)) == ["Lena Barros"]


def test_an_unlinked_network_name_after_the_author_is_dropped() -> None:
    assert clean_names(["Lena Barros Twitter"], "")[0] == ["Lena Barros"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By HUGH McGRATH", ["Hugh McGrath"]),
        ("By MAEVE O'NEILL and ROSA DeLUCA", ["Maeve O'Neill", "Rosa DeLuca"]),
        ("LENA BARROS, Staff Writer", ["Lena Barros"]),
    ],
)
def test_a_byline_set_in_capitals_is_read_and_spelled_as_a_name(
    byline: str, names: list[str]
) -> None:
    assert _authors(_page(top=f'<div class="byline">{byline}</div>')) == names


def test_an_acronym_among_names_still_marks_a_product_not_a_person() -> None:
    assert clean_names(["Building Trail Map API"], "")[0] == []


@pytest.mark.parametrize("word", ["Marisol", "MARISOL"])
def test_a_one_word_given_name_in_byline_markup_is_the_author(word: str) -> None:
    top = f'<div class="cb-author"><i class="fa fa-user"></i> <a href="/author/m/">{word}</a></div>'
    assert _authors(_page(top=top)) == ["Marisol"]


@pytest.mark.parametrize("word", ["Newsroom", "Ledger", "Monadnock", "Weather"])
def test_a_one_word_desk_or_site_in_byline_markup_is_no_author(word: str) -> None:
    top = f'<div class="post-author"><a href="/author/{word.lower()}/">{word}</a></div>'
    assert _authors(_page(top=top)) == []


def test_a_one_word_topic_after_a_visible_by_is_still_no_author() -> None:
    # "By Method" in a how-to's text: only byline markup makes a lone given name an author
    raw = _page().replace(b"<div class='story-text'>", b"<div class='story-text'><p>By Grace</p>")
    assert _authors(raw) == []


def test_a_company_named_in_author_meta_and_copyright_is_no_author() -> None:
    head = (
        '<meta name="author" content="Ellery Crane">'
        '<meta name="copyright" content="Copyright (c) Ellery Crane 2023">'
        '<meta property="article:author" content="Ivy Marsh">'
    )
    assert _authors(_page(head=head)) == ["Ivy Marsh"]


def test_a_blogger_who_holds_the_copyright_stays_the_author() -> None:
    head = (
        '<meta name="author" content="Ivy Marsh">'
        '<meta name="copyright" content="Copyright 2023 Ivy Marsh">'
    )
    assert _authors(_page(head=head)) == ["Ivy Marsh"]


def test_photographer_and_stylist_credits_are_not_authors() -> None:
    head = '<meta name="author" content="Rosa Quint,Theo Lund,Bea Sol">'
    after = (
        '<div class="byline other-contributors"><span>Photographed by <span>Theo Lund</span>'
        "</span>; <span>Styled by <span>Bea Sol</span></span></div>"
    )
    assert _authors(_page(head=head, after=after)) == ["Rosa Quint"]


def test_story_and_photos_by_credits_the_writer() -> None:
    head = '<meta name="author" content="Rosa Quint, Theo Lund">'
    after = '<div class="byline credits">Story and photos by Theo Lund</div>'
    assert _authors(_page(head=head, after=after)) == ["Rosa Quint", "Theo Lund"]


def test_an_author_profile_url_in_meta_names_the_author_its_link_shows() -> None:
    head = '<meta property="article:author" content="https://x.example.com/editors/gil-navarro">'
    top = '<div class="meta"><a href="/about/editors/gil-navarro/">Gil Navarro</a></div>'
    assert _authors(_page(head=head, top=top)) == ["Gil Navarro"]


def test_an_author_profile_url_that_no_link_names_gives_no_author() -> None:
    head = '<meta property="article:author" content="https://x.example.com/editors/gil-navarro">'
    assert _authors(_page(head=head)) == []


def test_a_quoted_nickname_inside_a_name_is_kept() -> None:
    names = clean_names(['Rafael "Big Rafa" Ortiz'], "", single=True)[0]
    assert names == ['Rafael "Big Rafa" Ortiz']
