"""The faster paths give exactly what the plain ones gave: tokens, credits, the parse tree."""

from __future__ import annotations

import re
import tomllib
import warnings

import bs4
from bs4 import BeautifulSoup, PageElement, Tag, UnusualUsageWarning

from archive.entities.extract import extract_entities
from archive.entities.mentions import Token, tokenize
from archive.parse.elements import (
    find_strings,
    index_page,
    make_soup,
    release_tree,
    text_length,
    text_of,
)
from archive.parse.page import parse_page
from archive.parse.tree import CHECKED_BS4, DIRECT_WALK, build_soup
from tests.fixtures import ROOT

_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Dog park opens | Ames Ledger</title>
<link rel="canonical stylesheet" href="/a"><meta property="og:title" content="Dog park"></head>
<body class=" story  wide "><a rel="author nofollow" href="/staff/jo">Jo Park</a>
<p class="lede" id="p1" data-x=" a b ">AMES, Iowa \u2014 The park opened.</p>
<td headers="h1 h2">cell</td><pre>  two  spaces </pre><p>Broken <b>bold <i>mix</b> end</i>
<div xml:lang="en" accesskey="a b">Tail text</div></body></html>"""
_XHTML = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"
xmlns:og="http://ogp.me/ns#"><head><title>Fair</title><meta og:x="1"/></head>
<body><svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>
<p>Boone fair</p></body></html>"""


def _stock(text: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnusualUsageWarning)
        return BeautifulSoup(text, "lxml")


def _shape(soup: BeautifulSoup) -> list[object]:
    return [
        (t.name, t.prefix, type(t.attrs), [(k, type(v), v) for k, v in t.attrs.items()])
        for t in soup.find_all(True)
    ]


def test_the_direct_walk_runs_on_the_bs4_release_pyproject_pins() -> None:
    # On another release pages take bs4's slower path (and tree.py warns at import): check the
    # walk against that release with this file, then move CHECKED_BS4 and the pin together.
    assert DIRECT_WALK, f"bs4 {bs4.__version__} is not {CHECKED_BS4}, the release checked"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    major, minor = CHECKED_BS4.split(".")
    assert f"beautifulsoup4>={CHECKED_BS4},<{major}.{int(minor) + 1}" in project["dependencies"]


def test_fast_tree_is_the_tree_bs4_builds() -> None:
    for text in (_PAGE, _XHTML, "<p>Only a paragraph in Ames</p>", "plain text"):
        fast, stock = make_soup(text), _stock(text)
        assert str(fast) == str(stock)
        assert _shape(fast) == _shape(stock)
        assert fast.get_text("|") == stock.get_text("|")


_LINKS = ("parent", "next_element", "previous_element", "next_sibling", "previous_sibling")


def _nodes(soup: BeautifulSoup) -> list[PageElement]:
    found: list[PageElement] = []
    stack: list[PageElement] = [soup]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, Tag):
            stack.extend(reversed(node.contents))
    return found


def _links(soup: BeautifulSoup) -> list[object]:
    """Every node's class, text or name, attribute types and links as positions."""
    nodes = _nodes(soup)
    position = {id(node): i for i, node in enumerate(nodes)}
    rows: list[object] = []
    for node in nodes:
        links = [position.get(id(getattr(node, k))) for k in _LINKS]
        if isinstance(node, Tag):
            attrs = [(k, type(v), v) for k, v in node.attrs.items()]
            rows.append((node.name, attrs, sorted(vars(node)), node.can_be_empty_element, links))
        else:
            rows.append((type(node), str(node), sorted(vars(node)), links))
    return rows


def test_tree_walk_gives_bs4_nodes_strings_and_links() -> None:
    pages = [
        _PAGE,
        "<!doctype html>\n<html><head><meta charset='utf-8'><style> p{} </style></head>"
        "<body><!----><pre> <b> </b>\n</pre><p>A <!-- x --> b</p>\n \t<textarea>  </textarea>"
        "<script type='application/ld+json'>{}</script><ruby>Ames<rt> </rt></ruby></body></html>",
        "<input checked><input disabled><td nowrap>Ames</td><select><option selected=x>",
        "<input checked><input checked=checked>",  # both spellings: bs4's own path
        "<p>Boone</p><!DOCTYPE html><p>Ames</p>",  # a late doctype: bs4's own path
        "<html><body>Ames</body></html><p>Boone</p>",  # markup after </html>: bs4's own path
        "<?php echo 1 ?><p>Ames</p>",
    ]
    for text in pages:
        assert _links(make_soup(text)) == _links(_stock(text)), text


def test_boolean_written_both_ways_keeps_the_direct_walk_and_bs4s_values() -> None:
    # one page's form writes `checked` bare and `checked="checked"`: the tree alone cannot tell
    # them apart, lxml's start tags can; such pages need not take bs4's slower path
    text = (
        '<form><input checked><input type="radio" checked="checked"><input checked="">'
        '<select><option selected>Ames</option><option selected="selected">Boone</option>'
        "</select><p>Story</p></form>"
    )
    soup = make_soup("")  # an empty soup to build into
    build_soup(soup, soup.builder, text)  # raises UnusualTree where the walk gives up
    assert _links(soup) == _links(_stock(text))
    values = [t.get("checked", t.get("selected")) for t in soup.find_all(("input", "option"))]
    assert values == ["", "checked", "", "", "selected"]


def test_white_space_after_closing_html_is_dropped() -> None:
    soup = make_soup("<html><body><p>Ames</p></body></html>\n \n")
    assert _links(soup) == _links(_stock("<html><body><p>Ames</p></body></html>"))
    assert soup.contents[-1].name == "html"


def test_fast_tree_splits_class_and_rel_into_lists() -> None:
    soup = make_soup(_PAGE)
    body, author = soup.body, soup.find("a")
    assert isinstance(body, Tag) and isinstance(author, Tag)
    assert body["class"] == ["story", "wide"]
    assert author["rel"] == ["author", "nofollow"]
    paragraph = soup.find(id="p1")
    assert isinstance(paragraph, Tag) and paragraph["data-x"] == " a b "


def test_tokens_keep_abbreviation_periods_and_split_sentence_periods() -> None:
    tokens = tokenize("Mayor Ana Ruiz's plan, said Mr. Lee. The Conn. board met.")
    assert [t.text for t in tokens] == [
        "Mayor", "Ana", "Ruiz", "'s", "plan", ",", "said", "Mr.", "Lee", ".", "The",
        "Conn.", "board", "met", ".",
    ]  # fmt: skip
    assert tokens[2] == Token("Ruiz", 10, False, True)
    assert tokens[9] == Token(".", 35, False, False)
    assert tokens[10].sentence_start and not tokens[11].sentence_start


def test_short_possessive_stays_and_quotes_keep_a_sentence_start() -> None:
    tokens = tokenize('A\'s dog ran. "Zoe Hart\u2019s cat," she said.')
    assert [t.text for t in tokens[:2]] == ["A's", "dog"]
    assert tokens[4].text == '"' and tokens[4].sentence_start
    assert tokens[5] == Token("Zoe", 14, True, True)
    assert tokens[6].text == "Hart"


def test_all_caps_words_are_not_name_words_but_suffixes_are() -> None:
    caps = {t.text: t.is_cap for t in tokenize("NASA hired Tom Reyes Jr. and Al Fox III in Utica.")}
    assert caps["NASA"] is False
    assert caps["Tom"] and caps["Jr."] and caps["III"]
    assert caps["hired"] is False


def test_photo_credits_and_byline_lines_are_not_persons() -> None:
    body = (
        "Photo by Dana Kim / Hartford Courier\n"
        "By Rosa Blake\n"
        "Glastonbury Fire Chief Owen Price said crews arrived at 3 a.m. "
        "(AP Photo/Lena Ortiz) Price said nobody was hurt."
    )
    found = extract_entities("Fire on Main Street", body, home="Hartford, CT")
    assert found.persons == ["Owen Price"]
    assert "Glastonbury, CT" in found.cities


def test_story_without_credit_words_keeps_its_persons() -> None:
    body = "Selectman Paul Grady of Wethersfield, Conn., spoke. Grady said the budget passed."
    found = extract_entities("Budget passes", body)
    assert found.persons == ["Paul Grady"]
    assert found.cities == ["Wethersfield, CT"]


def test_index_finds_byline_and_date_areas_by_class_or_id_only() -> None:
    soup = make_soup(
        '<div class="story-byline">By Jo Park</div><span id="pubdate">May 2</span>'
        '<a href="/x" title="byline">Ames</a><a rel="author" href="/jo">Jo</a>'
        '<time datetime="2024-05-02">May 2</time>'
    )
    index = index_page(soup, 0)
    assert [t.get_text() for t in index.bylines] == ["By Jo Park", "Jo"]
    assert [t.get_text() for t in index.date_areas] == ["May 2", "May 2"]


def test_find_strings_matches_bs4_string_search_in_order_and_limit() -> None:
    soup = make_soup(
        "<ul><li>Home \u00bb <a>News</a></li></ul><p>By Jo Park</p><p>Tags: <b>Ames</b></p>"
        "<div><span>By Al Fox</span> and <em>by the lake</em></div>"
    )
    by = re.compile(r"^\s*By\s")
    assert find_strings(soup, by, 8) == ["By Jo Park", "By Al Fox"]
    assert find_strings(soup, by, 1) == list(soup.find_all(string=by, limit=1))
    crumbs = re.compile(r"\s*\u00bb\s*")
    assert [s.parent.name for s in find_strings(soup, crumbs, 3) if s.parent] == ["li"]
    assert find_strings(soup, re.compile("Durham"), 3) == []


def test_text_of_and_text_length_give_what_get_text_gives_for_every_element() -> None:
    soup = make_soup(
        _PAGE.replace(
            "</body>",
            "<script>var a = 1;</script><style>p {}</style><!-- note -->"
            "<template><p>Later</p></template><ruby>Ames<rt>a</rt></ruby>  \n <p> </p></body>",
        )
    )
    elements = [soup, *soup.find_all(True)]
    assert len(elements) > 20
    for tag in elements:
        assert text_of(tag) == tag.get_text()
        assert text_length(tag) == len(tag.get_text())
        assert text_of(tag, " ") == tag.get_text(" ")
        assert text_of(tag, " ", strip=True) == tag.get_text(" ", strip=True)


def test_released_tree_is_emptied_and_parse_page_fields_survive_it() -> None:
    soup = make_soup(_PAGE)
    paragraph = soup.find("p")
    release_tree(soup)
    assert soup.contents == []
    assert paragraph is not None and vars(paragraph) == {}
    doc = parse_page(
        b"<html><head><title>Dog park opens | Ames Ledger</title></head><body><article>"
        b"<h1>Dog park opens</h1><p>By Jo Park</p>"
        + b"<p>AMES, Iowa \xe2\x80\x94 The city opened its first dog park on Tuesday morning.</p>"
        * 3
        + b"</article></body></html>",
        "https://ames.example/news/dog-park",
    )
    assert doc.title == "Dog park opens"
    assert doc.authors == ["Jo Park"]
    assert doc.body.count("The city opened its first dog park") == 3
