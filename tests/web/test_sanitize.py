"""The sanitizer alone: what a captured page and its CSS become, without an app around them."""

from __future__ import annotations

import lxml.html

from web.sanitize import LEAVING, clean_css, clean_page

PAGE = "https://www.rivertowns.example/news/a/"
KEPT = "https://www.rivertowns.example/img/kept.png"


def _link(url: str, kind: str) -> str | None:
    return f"/kept?{kind}" if url == KEPT else None


def _clean(html: str) -> str:
    return clean_page(html, PAGE, _link, lambda n: f"/style/{n}").body


def test_urls_no_browser_could_fetch_are_dropped_not_an_error() -> None:
    page = clean_page(
        '<html><head><base href="http://[ccpa-preferences]/">'
        '<link rel="stylesheet" href="http://[not-an-address]/a.css"></head>'
        '<body><p><a href="http://[ccpa-preferences]/">Privacy</a>'
        '<img src="http://[not-an-address]/a.png" alt="x"></p></body></html>',
        PAGE,
        _link,
        lambda n: f"/style/{n}",
    )
    assert "href" not in page.body and "src" not in page.body and page.sheets == ()
    assert "Privacy" in page.body


def test_in_page_anchors_and_mail_and_phone_links_stay_as_written_in_the_frame() -> None:
    body = _clean(
        '<p><a href="#fares" class="jump">Fares</a> <a href="mailto:desk@example.org">Mail</a> '
        '<a href="tel:+18605550100">Call</a> <a href="/news/b/">Next</a></p>'
        '<h2><a name="fares" id="fares">Fare table</a></h2>'
    )
    links = {a.text_content(): a for a in lxml.html.fragment_fromstring(body, "div").iter("a")}
    for text, href in (("Mail", "mailto:desk@example.org"), ("Call", "tel:+18605550100")):
        assert links[text].get("href") == href
        assert links[text].get("target") is None and links[text].get("title") is None
    assert links["Fares"].get("href") == "#fares" and links["Fares"].get("target") is None
    assert links["Next"].get("href") == "https://www.rivertowns.example/news/b/"
    assert links["Next"].get("target") == "_blank" and links["Next"].get("title") == LEAVING
    assert 'name="fares" id="fares"' in body


def test_a_relative_image_resolves_against_the_page_and_is_kept_only_when_captured() -> None:
    body = _clean('<img src="/img/kept.png#x"><img src="/img/lost.png">')
    assert body.count('src="/kept?image"') == 1 and body.count("<img") == 2


def test_css_keeps_rules_and_rewrites_or_drops_every_url() -> None:
    css = clean_css(
        "@import 'https://cdn.example/a.css';\n"
        "a { color: red; background: url(/img/kept.png) }\n"
        "b { background: url('//cdn.example/x.png'), url(data:image/png;base64,AAAA) }\n"
        "@supports (display: grid) { c { cursor: url(https://cdn.example/c.cur), auto } }\n"
        "@namespace svg url(http://www.w3.org/2000/svg);\n",
        PAGE,
        _link,
    )
    assert "@import" not in css and "cdn.example" not in css and "data:" not in css
    assert 'a { color: red; background: url("/kept?image") }' in css
    assert "b { background: none, none }" in css
    assert "@supports (display: grid) { c { cursor: none, auto } }" in css
    assert "@namespace svg url(http://www.w3.org/2000/svg);" in css  # a name, never fetched


def test_a_page_that_is_not_html_at_all_gives_an_empty_safe_page() -> None:
    page = clean_page("", PAGE, _link, lambda n: f"/style/{n}")
    assert (page.title, page.sheets, page.body) == ("", (), "")
