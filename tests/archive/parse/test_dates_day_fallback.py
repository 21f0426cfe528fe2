"""Published is what the page says; without it the day falls back, and provenance says from what.

The order, as the README documents it: the updated stamp, the URL's date, the date the
outlet's sitemap or feed listed the page with, the capture day.
"""

from __future__ import annotations

from datetime import UTC, datetime

from archive.parse.page import parse_page

CAPTURED = datetime(2024, 3, 6, 14, 0, tzinfo=UTC)
ZONE = "America/New_York"
PLAIN_URL = "https://www.meridenrecord.example.com/news/library-book-sale-returns/"
DATED_URL = "https://www.meridenrecord.example.com/2024/03/02/library-book-sale-returns/"


def _page(stamp: str = "", head: str = "") -> bytes:
    story = "".join(
        f"<p>The Friends of the Meriden Public Library will hold their spring book sale {d}.</p>"
        for d in ("on Saturday", "in the community room", "with proceeds going to programs")
    )
    return (
        f"<html><head><title>Library book sale returns</title>{head}</head><body><article>"
        f"<h1>Library book sale returns</h1>{stamp}<div class='story-body'>{story}</div>"
        "</article></body></html>"
    ).encode()


UPDATED_ONLY = '<div class="timestamp">Updated: Mar 4, 2024 / 03:12 PM EST</div>'


def test_updated_date_never_replaces_published() -> None:
    doc = parse_page(_page(UPDATED_ONLY), DATED_URL, captured=CAPTURED, timezone=ZONE)
    assert doc.published is None
    assert doc.updated == "2024-03-04T15:12:00-05:00"


def test_an_updated_stamp_alone_gives_the_day_before_the_urls_date() -> None:
    doc = parse_page(_page(UPDATED_ONLY), DATED_URL, captured=CAPTURED, timezone=ZONE)
    assert (doc.day, doc.provenance["day"]) == ("2024-03-04", "updated")


def test_without_dates_on_the_page_the_urls_date_gives_the_day() -> None:
    doc = parse_page(_page(), DATED_URL, captured=CAPTURED, timezone=ZONE, listed="2024-03-01")
    assert (doc.published, doc.day, doc.provenance["day"]) == (None, "2024-03-02", "url")


def test_without_a_url_date_the_sitemaps_date_gives_the_day() -> None:
    listed = "2024-03-03T07:30:00-05:00"
    doc = parse_page(_page(), PLAIN_URL, captured=CAPTURED, timezone=ZONE, listed=listed)
    assert (doc.published, doc.day, doc.provenance["day"]) == (None, "2024-03-03", "listing")


def test_a_listing_date_after_the_capture_is_not_used() -> None:
    doc = parse_page(_page(), PLAIN_URL, captured=CAPTURED, timezone=ZONE, listed="2024-04-20")
    assert doc.provenance["day"] == "captured"


def test_with_nothing_else_the_capture_day_in_the_outlets_zone_is_the_day() -> None:
    late = datetime(2024, 3, 6, 3, 0, tzinfo=UTC)  # 10 p.m. on March 5 in Meriden
    doc = parse_page(_page(), PLAIN_URL, captured=late, timezone=ZONE)
    assert (doc.published, doc.day, doc.provenance["day"]) == (None, "2024-03-05", "captured")


def test_a_published_date_on_the_page_wins_over_every_fallback() -> None:
    head = '<meta property="article:published_time" content="2024-02-28T09:00:00-05:00">'
    doc = parse_page(_page(UPDATED_ONLY, head), DATED_URL, captured=CAPTURED, timezone=ZONE)
    assert (doc.day, doc.provenance["day"]) == ("2024-02-28", "meta")
