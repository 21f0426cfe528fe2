"""A <time> element without a datetime attribute is read from its text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.parse.page import parse_page

CAPTURED = datetime(2016, 12, 5, 12, 0, tzinfo=UTC)
URL = "https://www.ledger.example.com/news/torrington-tree-lighting-draws-crowd/"
STORY = (
    "<p>Hundreds of people filled Coe Park on Saturday for the Torrington tree lighting.</p>" * 3
)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Dec. 3, 2016 at 4:05 pm", "2016-12-03T16:05:00-05:00"),
        ("Dec 3, 2016 at 4:05 p.m. ET", "2016-12-03T16:05:00-05:00"),
        ("Posted 4:05 PM EST Dec 03, 2016", "2016-12-03T16:05:00-05:00"),
        ("Saturday, December 3, 2016", "2016-12-03T00:00:00-05:00"),
    ],
)
def test_the_text_of_a_time_element_without_datetime_is_the_published_date(
    text: str, published: str
) -> None:
    page = (
        "<html><head><title>Tree lighting</title></head><body><article>"
        f"<h1>Tree lighting draws a crowd</h1><p class='byline'>By Ana Ruiz <time>{text}</time></p>"
        f"{STORY}</article></body></html>"
    )
    doc = parse_page(page.encode(), URL, captured=CAPTURED, timezone="America/New_York")
    assert (doc.published, doc.provenance["published"]) == (published, "time")
