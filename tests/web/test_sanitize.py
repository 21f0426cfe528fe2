"""The sanitizer alone: what a captured page and its CSS become, without an app around them."""

from __future__ import annotations

from web.sanitize import clean_css, clean_page

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
        '<img src="http://[not-an-address]/a.png" alt="x"><a href="mailto:desk@example.org">'
        "Mail</a></p></body></html>",
        PAGE,
        _link,
        lambda n: f"/style/{n}",
    )
    assert "href" not in page.body and "src" not in page.body and page.sheets == ()
    assert "Privacy" in page.body and "Mail" in page.body


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
