"""Numeric dates read by where the page is from: slashes are month first unless the page is
from outside the US; dots (a European way of writing) are day first unless it is American."""

from __future__ import annotations

import pytest

from archive.parse import parse_page

URL = "https://lenoxnotes.example.com/2023/library-hours/"
STORY = (
    "<p>The Lenox library will open until eight on Thursdays from June, the trustees decided"
    " on Monday after a year of requests from working parents.</p>"
) * 4


def _day(shown: str, lang: str, locale: str = "", timezone: str | None = None) -> str:
    og = f'<meta property="og:locale" content="{locale}">' if locale else ""
    raw = (
        f'<html lang="{lang}"><head>{og}<title>Lenox library hours</title></head><body><main>'
        f"<article><h1>Lenox library adds Thursday evenings</h1>"
        f'<div class="date">Posted {shown}</div>{STORY}</article></main></body></html>'
    )
    published = parse_page(raw.encode(), URL, timezone=timezone).published
    assert published is not None
    return published[:10]


@pytest.mark.parametrize(
    ("shown", "lang", "locale", "day"),
    [
        ("05/01/2023", "en", "", "2023-05-01"),  # slashes: month first unless from abroad
        ("05/01/2023", "en-GB", "", "2023-01-05"),
        ("05/01/2023", "en", "en_GB", "2023-01-05"),  # lang names no country; og:locale does
        ("05/01/2023", "en-US", "en_GB", "2023-05-01"),  # a lang with a country wins
        ("05.01.2023", "en", "", "2023-01-05"),  # dots: day first unless known American
        ("05.01.2023", "en-US", "", "2023-05-01"),
        ("05.01.2023", "en", "en_US", "2023-05-01"),
        ("05.01.2023", "de", "", "2023-01-05"),
        ("25.01.2023", "en-US", "", "2023-01-25"),  # no 25th month: day first on any page
    ],
)
def test_numeric_dates_follow_where_the_page_is_from(
    shown: str, lang: str, locale: str, day: str
) -> None:
    assert _day(shown, lang, locale) == day


def test_an_american_outlets_zone_reads_dots_month_first() -> None:
    assert _day("05.01.2023", "en", timezone="America/Chicago") == "2023-05-01"
    assert _day("05.01.2023", "en", timezone="America/Lima") == "2023-01-05"
