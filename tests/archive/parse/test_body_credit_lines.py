"""Body: lines that credit a picture, a video or the outlet, and newsletter prompts, stay out."""

from __future__ import annotations

import pytest

from archive.parse.page import parse_page

URL = "https://www.wvct.example.com/news/local/hartford-founders-bridge-closes/3012/"
PARAGRAPHS = [
    f"Paragraph {i}: the Founders Bridge in Hartford closed on Monday for six weeks of repairs,"
    " and the city posted detours along Columbus Boulevard."
    for i in range(1, 5)
]


def _body(line: str, tag: str = "p", site: str = "WVCT Hartford") -> list[str]:
    middle = f"<{tag}>{line}</{tag}>" if tag != "li" else f"<ul><li>{line}</li></ul>"
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + middle
    story += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    raw = (
        f'<html><head><meta property="og:site_name" content="{site}"><title>Bridge closes</title>'
        f"</head><body><article><h1>Bridge closes</h1><div class='article-content'>{story}</div>"
        "</article></body></html>"
    )
    return parse_page(raw.encode(), URL).body.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our free Capitol Watch newsletter and get the week's state politics in your"
        " inbox every Friday, along with the stories our reporters are following at the"
        " Legislative Office Building.",
        "Want more Hartford news? Sign up for our free newsletter.",
        "Get the day's top stories: <a href='/newsletters'>Sign up for our free newsletter</a>",
    ],
)
def test_a_newsletter_sign_up_line_stays_out(line: str) -> None:
    assert _body(line) == PARAGRAPHS


def test_a_story_about_a_town_newsletter_stays_in() -> None:
    line = "Residents can sign up for the town newsletter at the clerk's office on Main Street."
    assert line in _body(line)


@pytest.mark.parametrize(
    "line",
    [
        "Photo provided by the Hartford Fire Department",
        "Photo credit: Lena Barros",
        "Lead photo by Lena Barros / Staff",
        "Image courtesy of Riverfront Recapture",
    ],
)
def test_a_photo_credit_line_stays_out(line: str) -> None:
    assert _body(line) == PARAGRAPHS


@pytest.mark.parametrize(
    "line", ["WVCT Hartford", "Harbor Broadcasting, Inc.", "Kestrel Media LLC"]
)
def test_a_video_credit_naming_the_station_or_its_owner_stays_out(line: str) -> None:
    assert _body(line) == PARAGRAPHS


def test_a_company_in_a_list_of_donors_stays_in() -> None:
    assert "Harbor Broadcasting, Inc." in _body("Harbor Broadcasting, Inc.", tag="li")


def test_a_sentence_naming_the_station_stays_in() -> None:
    line = "WVCT Hartford will carry the reopening live."
    assert line in _body(line)


def test_a_photo_credit_opening_a_long_caption_stays_out() -> None:
    line = (
        "Photo by Theo Lund \u2014 Detour signs on Columbus Boulevard send drivers toward the"
        " Bulkeley Bridge on Monday morning, the first day of the closing, as crews set up"
        " barriers at both ends of the span."
    )
    assert _body(line) == PARAGRAPHS


def test_a_sentence_about_an_exhibit_of_photos_stays_in() -> None:
    line = "Photos by Theo Lund of the bridge's 1996 opening hang in the library through May."
    assert line in _body(line)
