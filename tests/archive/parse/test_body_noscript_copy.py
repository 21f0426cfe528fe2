"""A story printed only in its <noscript> copy, and a desk after a spaced dash in a byline."""

from __future__ import annotations

import pytest

from archive.parse.byline import clean_names
from archive.parse.page import parse_page

URL = "https://downeastlibrary.example.org/2024/06/bookmobile-ellsworth.html"
POST = (
    "<p>Our library's bookmobile starts a new route through Ellsworth this month, with"
    " stops at the senior center, the elementary school and the town landing.</p>"
    "<p>Librarian Henrietta Vasquez-Lund said the van carries about two thousand books,"
    " a printer and a hot spot, and that readers can order any title a week ahead.</p>"
    "<p>The route runs every other Thursday from nine to three, all year, weather"
    " permitting, and the schedule is posted at each stop.</p>"
)


def _page(post_markup: str, byline: str = "") -> bytes:
    return (
        "<html><head><title>Bookmobile comes to Ellsworth</title></head><body>"
        '<div class="header-desc">News from the Downeast Library</div>'
        f'<h1>Bookmobile comes to Ellsworth</h1>{byline}<div class="post-body">'
        f'<div class="post-content">{post_markup}</div></div></body></html>'
    ).encode()


def test_a_post_drawn_by_a_script_template_is_read_from_its_noscript_copy() -> None:
    doc = parse_page(
        _page(f"<script type='text/template'>{POST}</script><noscript>{POST}</noscript>"), URL
    )
    assert doc.is_article
    assert doc.body.startswith("Our library's bookmobile starts a new route")
    assert doc.body.endswith("the schedule is posted at each stop.")
    assert doc.body.count("bookmobile starts") == 1
    assert "Downeast Library" not in doc.body


def test_without_the_noscript_copy_the_script_drawn_page_has_no_story() -> None:
    doc = parse_page(_page(f"<script type='text/template'>{POST}</script>"), URL)
    assert "bookmobile" not in doc.body


def test_a_noscript_notice_beside_the_story_stays_out() -> None:
    notice = "".join(
        f"<p>To read this site, turn on JavaScript: step {n} of the instructions.</p>"
        for n in range(1, 4)
    )
    doc = parse_page(_page(f"<noscript>{notice}</noscript>{POST}"), URL)
    assert doc.body.startswith("Our library's bookmobile starts a new route")
    assert "JavaScript" not in doc.body


def test_a_tracking_pixel_in_noscript_is_still_dropped() -> None:
    pixel = '<noscript><img src="https://px.example.net/t.gif?id=42" alt="tracker"></noscript>'
    doc = parse_page(_page(pixel + POST), URL)
    assert "px.example.net" not in doc.body
    assert doc.body.startswith("Our library's bookmobile")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Henrietta Vasquez-Lund - Metro desk", ["Henrietta Vasquez-Lund"]),
        ("Ada Brill and Omar Tate \u2013 Bookmobile team", ["Ada Brill", "Omar Tate"]),
        (
            "Ada Brill, Omar Tate and Lena Cole - Outreach team",
            ["Ada Brill", "Omar Tate", "Lena Cole"],
        ),
        ("By Ada Brill \u2014 The Ellsworth American", ["Ada Brill"]),
    ],
)
def test_a_desk_after_a_spaced_dash_is_not_a_name(line: str, names: list[str]) -> None:
    assert clean_names([line], "")[0] == names


def test_a_hyphenated_surname_is_not_split() -> None:
    assert clean_names(["By Henrietta Vasquez-Lund"], "")[0] == ["Henrietta Vasquez-Lund"]


def test_the_byline_of_a_noscript_story_keeps_every_name() -> None:
    byline = '<div class="byline">Posted by Ada Brill and Omar Tate - Outreach team</div>'
    noscript = f"<script type='text/template'>{POST}</script><noscript>{POST}</noscript>"
    doc = parse_page(_page(noscript, byline), URL)
    assert doc.authors == ["Ada Brill", "Omar Tate"]


def test_a_teaser_rendered_beside_the_noscript_copy_is_not_read_twice() -> None:
    first = POST[: POST.index("</p>") + 4]
    doc = parse_page(_page(f"{first}<noscript>{POST}</noscript>"), URL)
    assert doc.body.count("bookmobile starts a new route") == 1
    assert doc.body.endswith("the schedule is posted at each stop.")


def test_a_cut_teaser_before_a_later_noscript_copy_is_not_read_twice() -> None:
    teaser = (
        "<p>Our library's bookmobile starts a new route through Ellsworth this month, with"
        " stops at the senior center\u2026</p>"
    )
    doc = parse_page(_page(f"{teaser}<noscript>{POST}</noscript>"), URL)
    assert doc.body.startswith("Our library's bookmobile starts a new route through Ellsworth")
    assert doc.body.count("bookmobile starts a new route") == 1
