"""Headlines, second pass: a blog's masthead <h1>, and the spelling of a page without <h1>."""

from __future__ import annotations

from archive import Document
from archive.parse.page import parse_page

URL = "https://berkshirebeat.blogspot.com/2024/05/lenox-library-hours.html"
BODY = "".join(
    f"<p>Paragraph {i}: the Lenox library will open until eight on Thursdays from June, the"
    " trustees decided on Monday after a year of requests from working parents.</p>"
    for i in range(4)
)


def _blog_post(title_tag: str, og_title: str, masthead: str, post_title: str) -> Document:
    raw = (
        f"<html><head><title>{title_tag}</title>"
        f'<meta property="og:title" content="{og_title}"></head><body>'
        f'<div class="header"><h1 class="title">{masthead}</h1></div>'
        f'<div class="post"><h3 class="post-title">{post_title}</h3>'
        f'<div class="post-body">{BODY}</div></div></body></html>'
    )
    return parse_page(raw.encode(), URL)


def test_a_blogs_masthead_h1_named_in_every_title_is_not_the_headline() -> None:
    # Blogger's <title> is "Blog name: Post title"; its theme prints the blog name as <h1>,
    # and a town blog's name shares a word with most of its headlines
    doc = _blog_post(
        "Lenox Notes: Lenox library adds Thursday evenings",
        "Lenox library adds Thursday evenings",
        "Lenox Notes",
        "Lenox library adds Thursday evenings",
    )
    assert doc.title == "Lenox library adds Thursday evenings"
    assert doc.provenance["title"] != "h1"


def test_the_site_name_can_follow_the_headline_in_the_title() -> None:
    doc = _blog_post(
        "Lenox library adds Thursday evenings | Lenox Notes",
        "Lenox library adds Thursday evenings",
        "Lenox Notes",
        "Lenox library adds Thursday evenings",
    )
    assert doc.title == "Lenox library adds Thursday evenings"


def test_an_h1_that_is_the_headline_still_wins() -> None:
    doc = _blog_post(
        "Lenox Notes: Lenox library adds Thursday evenings",
        "Lenox library adds Thursday evenings",
        "Lenox library adds Thursday evenings",
        "",
    )
    assert doc.title == "Lenox library adds Thursday evenings"
    assert doc.provenance["title"] == "h1"


def test_a_title_that_repeats_the_headline_names_no_site() -> None:
    # "Headline - Headline - Site": the repeat must not turn the headline into a site name
    head = "Lenox library adds Thursday evenings"
    raw = (
        f"<html><head><title>{head} - {head} - Berkshire Beat</title>"
        f'<meta property="og:title" content="{head}">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
        f' "{head}"}}</script></head><body><h1>Berkshire Beat</h1>'
        f"<article>{BODY}</article></body></html>"
    )
    doc = parse_page(raw.encode(), URL)
    assert doc.title == head


def test_without_h1_the_shown_headlines_spelling_breaks_a_tie() -> None:
    # og:title capitalizes every word; <title> and the headline the page shows do not
    shown = "Lenox Library Adds Thursday Evenings for Working Parents"
    capitalized = "Lenox Library Adds Thursday Evenings For Working Parents"
    raw = (
        f"<html><head><title>{shown}</title>"
        f'<meta property="og:title" content="{capitalized}"></head><body>'
        f'<h2 class="story-heading">{shown}</h2><div class="story">{BODY}</div>'
        "</body></html>"
    )
    doc = parse_page(raw.encode(), URL)
    assert doc.title == shown
    assert doc.provenance["title"] in ("title", "markup")
