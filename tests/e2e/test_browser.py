"""A person at the search page, in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "output"
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
