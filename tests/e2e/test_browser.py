"""A person at the search page, in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive import document_id
from tests.fixtures import HOSTILE_URL

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "output"
STORM = (  # the sample story captured three times: a new headline, a new figure, a correction
    "https://www.hartfordcountycourier.example/news/weather/"
    "storm-drops-more-than-a-foot-of-snow-east-of-the-river/"
    "article_b7a40e2c-ca5b-11ee-8d61-3c9f0e7a5b28.html"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make test installs it)"
)
if CHROMIUM is None:
    pytest.skip(
        "no chromium on PATH: browser tests need Debian's chromium (make test installs it as root)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def page(served: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def _total(page: Any) -> int:
    text = page.locator("p.total").inner_text()
    return int(text.split()[0].replace(",", ""))


def test_a_reader_searches_filters_reads_and_goes_back(served: str, page: Any) -> None:
    page.goto(served + "/")
    page.get_by_label("Search the archive").fill("night out")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=night+out**")
    everything = _total(page)
    assert everything >= 3
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "search.png"), full_page=True)

    page.locator("aside.facets a", has_text="Troy, NY").first.click()
    page.wait_for_url("**city=Troy%2C+NY**")
    assert _total(page) < everything
    assert page.locator(".chips a.chip.active", has_text="Troy, NY").count() == 1

    title = page.locator("ol.hits h2 a").first
    headline = title.inner_text()
    title.click()
    page.wait_for_url("**/article/**")
    assert page.locator("h1").inner_text() == headline
    article_url = page.url

    person = page.locator("section.entities a.chip.person").first
    name = person.inner_text().split(" (")[0]
    person.click()
    page.wait_for_url("**/?person=**")
    assert page.locator(".chips a.chip.active").first.inner_text().startswith(f"person: {name}")
    assert headline in page.locator("ol.hits").inner_text()

    page.go_back()
    page.wait_for_url(article_url)
    assert page.locator("h1").inner_text() == headline


def test_the_page_works_at_phone_width_with_no_outside_requests(served: str, page: Any) -> None:
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(served) else outside.append(r.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served + "/?q=mayor")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert outside == []
    page.screenshot(path=str(OUTPUT / "search-phone.png"), full_page=False)


def _outside_requests(page: Any, base: str) -> list[str]:
    """Start recording every request of the page and its frames that is not to `base`."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base + "/") else outside.append(r.url))
    return outside


def test_the_hostile_page_as_captured_shows_inert_with_its_images_and_nothing_from_outside(
    captured_served: str, page: Any
) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    outside = _outside_requests(page, captured_served)
    page.set_viewport_size({"width": 1280, "height": 900})
    story = document_id(HOSTILE_URL)
    page.goto(f"{captured_served}/article/{story}/captured")
    page.wait_for_load_state("load")
    frame = page.frame_locator("iframe.capture")
    heading = frame.locator("h1.entry-title")
    assert heading.inner_text() == "Rocky Hill ferry season opens with a new captain"
    # The captured stylesheet applies (served from the WARC), and so does the captured photo.
    assert heading.evaluate("e => getComputedStyle(e).color") == "rgb(18, 52, 86)"
    photo = frame.locator("figure img")
    assert photo.evaluate("e => e.complete && e.naturalWidth") == 4
    assert frame.locator("iframe, form, script, svg, video").count() == 0
    assert frame.locator("a[href^='javascript']").count() == 0
    framed = next(f for f in page.frames if "/captured/frame" in f.url)
    assert framed.evaluate("typeof window.HOSTILE") == "undefined"  # no script ran
    assert any("/captured/asset?" in url for url in asked)
    page.screenshot(path=str(OUTPUT / "captured.png"), full_page=False)
    assert outside == []


def test_a_reader_opens_a_story_as_captured_then_what_changed_between_versions(
    served: str, page: Any
) -> None:
    outside = _outside_requests(page, served)
    page.set_viewport_size({"width": 1280, "height": 900})
    story = document_id(STORM)
    page.goto(f"{served}/article/{story}")
    assert page.locator("h2#versions").text_content() == "3 versions"
    assert page.locator("p.notice .flag").text_content() == "Correction notice"
    page.locator("ol.versions a", has_text="as captured").nth(2).click()  # the oldest
    page.wait_for_url("**/captured?version=1")
    frame = page.frame_locator("iframe.capture")
    assert "Heavy snow closes schools" in frame.locator("h1").first.inner_text()
    page.screenshot(path=str(OUTPUT / "captured-sample.png"), full_page=False)
    page.get_by_role("link", name="Newer").click()
    page.wait_for_url("**/captured?version=2")
    page.get_by_role("link", name="What changed in this version").click()
    page.wait_for_url("**/diff?from=1&to=2")
    assert page.locator("h1.diff-title del").count() >= 1
    assert page.locator("h1.diff-title ins").count() >= 1
    page.select_option("#to", "3")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/diff?from=1&to=3")
    assert page.locator("p.notice .flag").text_content() == "Correction notice"
    assert "Correction: An earlier version" in page.locator("p.notice ins").inner_text()
    page.screenshot(path=str(OUTPUT / "diff.png"), full_page=True)
    assert outside == []
