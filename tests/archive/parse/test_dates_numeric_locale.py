"""Numeric dates read by where the page is from: month first unless the page is from outside
the US, by <html lang> or, where lang names no country, og:locale; dots read like slashes."""

from __future__ import annotations

import pytest

from archive.parse.page import parse_page

URL = "https://lenoxnotes.example.com/2023/library-hours/"
STORY = (
    "<p>The Lenox library will open until eight on Thursdays from June, the trustees decided"
    " on Monday after a year of requests from working parents.</p>"
) * 4


def _day(shown: str, lang: str, locale: str = "") -> str:
    og = f'<meta property="og:locale" content="{locale}">' if locale else ""
    raw = (
        f'<html lang="{lang}"><head>{og}<title>Lenox library hours</title></head><body><main>'
        f"<article><h1>Lenox library adds Thursday evenings</h1>"
        f'<div class="date">Posted {shown}</div>{STORY}</article></main></body></html>'
    )
    published = parse_page(raw.encode(), URL).published
    assert published is not None
    return published[:10]


@pytest.mark.parametrize(
    ("shown", "lang", "locale", "day"),
    [
        ("05/01/2023", "en", "", "2023-05-01"),  # slashes: month first unless from abroad
        ("05/01/2023", "en-GB", "", "2023-01-05"),
        ("05/01/2023", "en", "en_GB", "2023-01-05"),  # lang names no country; og:locale does
        ("05/01/2023", "en-US", "en_GB", "2023-05-01"),  # a lang with a country wins
        ("05.01.2023", "en", "", "2023-05-01"),  # dots read like slashes
        ("05.01.2023", "en", "en_GB", "2023-01-05"),
        ("05.01.2023", "de", "", "2023-01-05"),
        ("25.01.2023", "en-US", "", "2023-01-25"),  # no 25th month: day first on any page
    ],
)
def test_numeric_dates_follow_where_the_page_is_from(
    shown: str, lang: str, locale: str, day: str
) -> None:
    assert _day(shown, lang, locale) == day
