"""A job title before the name, as TV stations and some papers print their bylines."""

from __future__ import annotations

import pytest

from archive.parse.byline import clean_names
from archive.parse.page import parse_page


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Chief Meteorologist Tom Ray", ["Tom Ray"]),
        ("By Senior Reporter Ann Lee", ["Ann Lee"]),
        ("By staff reporter Ann Lee", ["Ann Lee"]),
        (
            "By Investigative Reporter Dana Roth and Photojournalist Eli Park",
            ["Dana Roth", "Eli Park"],
        ),
        ("Tom Ray, Chief Meteorologist", ["Tom Ray"]),
    ],
)
def test_a_job_title_before_a_full_name_is_dropped(line: str, names: list[str]) -> None:
    assert clean_names([line], "")[0] == names


@pytest.mark.parametrize("line", ["By Staff Reporter", "By News Staff", "By Staff Reporter Jane"])
def test_a_job_title_with_no_full_name_after_it_names_no_one(line: str) -> None:
    assert clean_names([line], "")[0] == []


def test_a_tv_stations_byline_with_the_forecasters_title_gives_the_forecaster() -> None:
    story = "".join(
        f"<p>Paragraph {i}: lake-effect snow bands will set up east of Lake Ontario tonight,"
        " with the heaviest totals expected in the Tug Hill towns by Thursday morning.</p>"
        for i in range(4)
    )
    raw = (
        "<html lang='en-US'><head><title>Lake-effect snow returns</title></head><body><main>"
        "<article><h1>Lake-effect snow returns to the Tug Hill</h1>"
        "<div class='byline'>By Chief Meteorologist Tom Ray</div>"
        f"<div class='story-body'>{story}</div></article></main></body></html>"
    ).encode()
    assert parse_page(raw, "https://www.wnyt13.example/weather/lake-effect/").authors == ["Tom Ray"]
