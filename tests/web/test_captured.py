"""The page as captured: the archived response shown safely, its images and styles from the WARC."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from flask.testing import FlaskClient

from archive import document_id, iter_captures
from tests.fixtures import DOCS, HOSTILE_URL, STORY_URL, STORY_VERSIONS, captured_site
from web.app import SECURITY_HEADERS

HOSTILE = document_id(HOSTILE_URL)
STORY = document_id(STORY_URL)
FRAME = f"/article/{HOSTILE}/captured/frame"
ARCHIVED = f"/article/{HOSTILE}/captured/"
LEAVING = "Leaves the archive: opens the live page"
# Every construct of the hostile page that could run code, send data or fetch from outside.
BANNED_TAGS = ("script", "iframe", "form", "input", "button", "object", "embed", "svg", "math")
BANNED_TAGS += ("base", "meta", "video", "source", "noscript", "style", "frame")


def _frame(client: FlaskClient, query: str = "") -> lxml.html.HtmlElement:
    response = client.get(FRAME + query)
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data())


def _sheets(client: FlaskClient) -> list[str]:
    """The text of every stylesheet the framed page loads, @imports followed."""
    hrefs = [str(h) for h in _frame(client).xpath("//link[@rel='stylesheet']/@href")]
    texts = []
    while hrefs:
        with client.get(hrefs.pop()) as response:  # a static file: closed after reading
            assert response.status_code == 200
            text = response.get_data(as_text=True)
        texts.append(text)
        hrefs += re.findall(r'@import url\("([^"]+)"\)', text)
    return texts


def test_the_captured_view_has_a_banner_saying_what_where_when_and_the_way_back(
    captured_client: FlaskClient,
) -> None:
    html = captured_client.get(f"/article/{STORY}/captured").get_data(as_text=True)
    assert "River Towns Gazette" in html
    assert f'href="{STORY_URL}" target="_blank"' in html
    assert "May 4, 2025, 11:00 UTC" in html  # the newest capture, by default
    assert f'href="/article/{STORY}">← Back to the article' in html
    assert "Version 3 of 3" in html
    assert f'src="/article/{STORY}/captured/frame?version=3"' in html
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in html


def test_no_script_handler_iframe_form_or_javascript_url_survives(
    captured_client: FlaskClient,
) -> None:
    page = _frame(captured_client)
    for tag in BANNED_TAGS:
        found = [e for e in page.iter(tag) if tag != "meta" or e.get("http-equiv")]
        assert found == [], tag
    for element in page.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name not in ("style", "srcset", "background", "ping", "poster"), name
            assert "javascript" not in value.lower(), (element.tag, name, value)
    raw = captured_client.get(FRAME).get_data(as_text=True)
    assert "HOSTILE" not in raw and "stolen" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw  # text that looks like code stays text


def test_every_image_and_stylesheet_comes_from_the_archive_and_nothing_from_outside(
    captured_client: FlaskClient,
) -> None:
    page = _frame(captured_client)
    images = [str(s) for s in page.xpath("//img/@src")]
    sheets = [str(h) for h in page.xpath("//link/@href")]
    assert images and sheets
    for url in images + sheets:
        assert url.startswith((ARCHIVED, "/static/")), url
    kept = [parse_qs(urlsplit(u).query)["url"][0] for u in images]
    assert kept == ["https://www.rivertowns.example/wp-content/uploads/ferry.jpg"]
    # The tracking pixel, the srcset copy and the data: SVG are absent, not fetched.
    assert len(page.xpath("//img[not(@src)]")) == 2


def test_links_go_to_the_live_url_in_a_new_tab_and_say_they_leave_the_archive(
    captured_client: FlaskClient,
) -> None:
    links = _frame(captured_client).xpath("//a[@href]")
    hrefs = {a.text_content(): a.get("href") for a in links}
    assert hrefs["repairs at the Glastonbury landing"] == (
        "https://www.rivertowns.example/news/glastonbury-landing-repairs/"
    )
    # Resolved as the reader's browser did: against the page's <base href>.
    assert hrefs["ferry's history"] == "https://tracker.evil.example/news/ferry-history/"
    for link in links:
        assert link.get("target") == "_blank"
        assert link.get("title") == LEAVING
        assert set(link.get("rel").split()) >= {"noopener", "noreferrer", "nofollow"}
    assert "Subscribe" in [a.text_content() for a in _frame(captured_client).xpath("//a")]


def test_no_outside_url_survives_in_the_stylesheets_captured_or_inline(
    captured_client: FlaskClient,
) -> None:
    sheets = _sheets(captured_client)
    css = "\n".join(sheets)
    assert "evil.example" not in css and "expression(" not in css
    for target in re.findall(r"url\(([^)]*)\)", css):
        assert target.startswith(f'"{ARCHIVED}asset?'), target
    assert ".entry-title { font-family: Georgia, serif; color: #123456; }" in css
    assert "uploads/hero.jpg" in css and "uploads/logo.png" in css  # captured: kept
    assert "body { color: #000; }" in css  # the captured print.css, through @import


def test_a_captured_image_is_served_byte_for_byte_from_the_warc(
    captured_client: FlaskClient, tmp_path: Path
) -> None:
    src = _frame(captured_client).xpath("//img/@src")[0]
    response = captured_client.get(src)
    captures = {c.url: c for c in iter_captures(captured_site(tmp_path))}
    original = captures["https://www.rivertowns.example/wp-content/uploads/ferry.jpg"]
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.get_data() == original.body


def test_an_image_the_archive_never_captured_is_absent_and_not_fetched(
    captured_client: FlaskClient,
) -> None:
    response = captured_client.get(ARCHIVED + "asset?url=https://cdn.evil.example/pixel.gif")
    assert response.status_code == 404
    # The page itself is no image or stylesheet: the asset route does not serve it.
    assert captured_client.get(ARCHIVED + f"asset?url={HOSTILE_URL}").status_code == 404


def test_the_framed_page_and_its_assets_carry_a_stricter_policy_and_a_sandbox(
    captured_client: FlaskClient,
) -> None:
    frame = captured_client.get(FRAME)
    policy = frame.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "sandbox allow-popups allow-popups-to-escape-sandbox" in policy
    assert "frame-ancestors 'self'" in policy and frame.headers["X-Frame-Options"] == "SAMEORIGIN"
    asset = captured_client.get(_frame(captured_client).xpath("//img/@src")[0])
    assert "sandbox" in asset.headers["Content-Security-Policy"]
    assert asset.headers["X-Content-Type-Options"] == "nosniff"
    banner = captured_client.get(f"/article/{HOSTILE}/captured")
    assert banner.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_version_n_shows_that_capture(captured_client: FlaskClient) -> None:
    for number, (_, title, _, _) in enumerate(STORY_VERSIONS, 1):
        banner = captured_client.get(f"/article/{STORY}/captured?version={number}")
        assert f"Version {number} of 3" in banner.get_data(as_text=True)
        framed = captured_client.get(f"/article/{STORY}/captured/frame?version={number}")
        page = lxml.html.document_fromstring(framed.get_data())
        assert page.xpath("//h1")[0].text_content() == title
        assert page.xpath("//title")[0].text_content() == f"{title} | River Towns Gazette"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/article/0000000000000000/captured", 404),
        (f"/article/{STORY}/captured?version=0", 404),
        (f"/article/{STORY}/captured?version=4", 404),
        (f"/article/{STORY}/captured?version=two", 400),
        (f"/article/{STORY}/captured?version=-1", 400),
        (f"/article/{STORY}/captured/frame?version=9", 404),
        (f"/article/{STORY}/captured/style?n=99", 404),
        (f"/article/{STORY}/captured/style?n=x", 400),
        (f"/article/{STORY}/captured/asset", 400),
    ],
)
def test_bad_ids_and_versions_answer_the_error_page_with_the_right_status(
    captured_client: FlaskClient, path: str, status: int
) -> None:
    page = captured_client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == status
    assert f"<h1>{status}</h1>" in page.get_data(as_text=True)
    data = captured_client.get(path, headers={"Accept": "application/json"}).get_json()
    assert data == {"error": data["error"], "status": status}


def test_an_article_imported_without_its_html_says_there_is_no_capture_to_show(
    client: FlaskClient,
) -> None:
    response = client.get(f"/article/{DOCS[0].id}/captured")
    assert response.status_code == 404
    assert "dateline reparse" in response.get_data(as_text=True)
