"""Only clear non-articles are refused; a short story beside a rail of teasers is kept."""

from __future__ import annotations

import pytest

from archive.parse.page import parse_page
from archive.parse.page_kind import url_kind
from tests.fixtures import PARSE_FIXTURES

RAIL_URL = "https://www.wctx.example.com/news/local-news/water-main-break-closes-east-main-street-waterbury/"
TEASERS = [
    "Naugatuck River cleanup crews pull tires from the water",
    "Cheshire bakery marks fifty years with free cinnamon rolls",
    "Meriden school board delays vote on later start times",
    "Southington man charged after chase on Route 10",
    "Wolcott firefighters rescue dog from icy pond",
    "Torrington hospital opens new maternity wing this spring",
    "Bristol council approves plan for downtown parking garage",
    "Thomaston library extends weekend hours for students",
    "Prospect residents weigh in on proposed solar farm",
    "Middlebury trail closed for bridge repairs until June",
    "Watertown teen wins state spelling bee in twelve rounds",
    "Danbury police warn of phone scam targeting seniors",
]


def _listing(heading: str, text: str = "", og_type: str = "website") -> bytes:
    cards = "".join(
        f'<article class="card"><h3><a href="/news/story-{i}/">{t}</a></h3></article>'
        for i, t in enumerate(TEASERS)
    )
    return (
        f'<html><head><title>{heading}</title><meta property="og:type" content="{og_type}">'
        f"</head><body><main><h1>{heading}</h1><p>{text}</p>{cards}</main></body></html>"
    ).encode()


def test_a_short_story_beside_a_teaser_rail_is_kept_as_an_uncertain_article() -> None:
    page = (PARSE_FIXTURES / "kind_teaser_rail_waterbury.html").read_bytes()
    doc = parse_page(page, RAIL_URL)
    assert doc.is_article
    assert doc.provenance["is_article"].startswith("uncertain: looks like an index page (24 teaser")


def test_an_article_marked_story_with_a_slug_beside_a_rail_is_a_plain_article() -> None:
    page = (PARSE_FIXTURES / "kind_teaser_rail_waterbury.html").read_bytes()
    marked = page.replace(b"<head>", b'<head><meta property="og:type" content="article">')
    doc = parse_page(marked, RAIL_URL)
    assert (doc.is_article, doc.provenance["is_article"]) == (True, "article")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.courier.example/news/local/", "section front"),
        ("https://www.courier.example/", "section front"),
        ("https://www.courier.example/category/news/", "section front"),
        ("https://www.courier.example/tag/fire-department/", "tag or author listing"),
        ("https://www.courier.example/author/jane-doe/", "tag or author listing"),
        ("https://www.courier.example/search/?q=budget", "search page"),
        ("https://www.courier.example/?s=budget", "search page"),
    ],
)
def test_fronts_listings_and_search_pages_are_refused_by_kind(url: str, kind: str) -> None:
    doc = parse_page(_listing("Latest news"), url)
    assert not doc.is_article
    assert doc.provenance["is_article"].startswith(f"{kind}: 12 teaser links")


def test_a_section_front_marked_as_an_article_is_still_refused() -> None:
    doc = parse_page(
        _listing("Local News", og_type="article"), "https://www.courier.example/news/local/"
    )
    assert not doc.is_article
    assert doc.provenance["is_article"].startswith("section front")


def test_a_teaser_heavy_page_at_a_story_url_is_never_refused_as_a_front() -> None:
    text = "The Plainville town council met Tuesday and approved the paving plan. " * 3
    url = "https://www.courier.example/2024/05/02/plainville-approves-paving-plan/"
    doc = parse_page(_listing("Plainville approves paving plan", text), url)
    assert doc.is_article
    assert doc.provenance["is_article"].startswith("uncertain")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.courier.example/news/local/", "front"),
        ("https://www.courier.example/sports/index.html", "front"),
        ("https://www.courier.example/news/local/page/2/", "front"),
        ("https://www.courier.example/news/2024/05/02/council-vote/", "story"),
        ("https://www.courier.example/news/council-approves-budget/", "story"),
        ("https://www.courier.example/news/article_4f1c9e2a-1d2b-11ee-9a3c.html", "story"),
        ("https://www.courier.example/news/local/briefs.php?id=7", "unknown"),
        ("https://www.courier.example/news/article/123456/", "story"),
        ("https://www.courier.example/scan.php?page=item&px=Council-Approves-Budget", "story"),
        ("https://www.courier.example/topics/elections/", "listing"),
        ("https://www.courier.example/search/?q=fire", "search"),
        ("file:///home/me/page.html", "unknown"),
    ],
)
def test_a_urls_shape_says_story_front_listing_or_search(url: str, kind: str) -> None:
    assert url_kind(url) == kind


def test_a_brief_at_a_story_url_is_kept_and_an_empty_shell_is_refused() -> None:
    brief = (
        "<html><head><title>Route 8 closed</title></head><body><article><h1>Route 8 closed</h1>"
        "<p>Route 8 southbound is closed at exit 22 in Waterbury after a crash, state police said."
        "</p></article></body></html>"
    )
    url = "https://www.courier.example/news/route-8-closed-waterbury-crash/"
    kept = parse_page(brief.encode(), url)
    assert kept.is_article and kept.provenance["is_article"] == "uncertain: a short text (16 words)"
    scripts = "".join(f"<script src='/app{i}.js'></script>" for i in range(4))
    shell = f"<html><head><title>Route 8</title>{scripts}</head><body><div id='app'>Loading</div>"
    refused = parse_page(f"{shell}</body></html>".encode(), url)
    assert not refused.is_article
    assert refused.provenance["is_article"] == "app shell: 0 words of text"
