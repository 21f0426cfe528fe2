"""Every labelled fixture page parses to exactly the fields in its JSON truth."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from archive import Document, NotAnArticle
from archive.parse.page import parse_page
from tests.fixtures import PARSE_FIXTURES as PAGES

NAMES = sorted(p.stem for p in PAGES.glob("*.json"))


def _parse(name: str) -> tuple[dict[str, Any], Document | NotAnArticle]:
    truth = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    given = truth["input"]
    captured = given.get("captured")
    try:
        doc = parse_page(
            (PAGES / f"{name}.html").read_bytes(),
            given["url"],
            headers=[(k, v) for k, v in given.get("headers", [])],
            captured=datetime.fromisoformat(captured) if captured else None,
            outlet=given.get("outlet"),
            timezone=given.get("timezone"),
        )
    except NotAnArticle as exc:
        return truth, exc
    return truth, doc


def test_there_is_a_fixture_for_each_promised_page_style() -> None:
    assert len(NAMES) >= 13


@pytest.mark.parametrize("name", NAMES)
def test_fixture_page_parses_to_its_truth(name: str) -> None:
    truth, result = _parse(name)
    if "raises" in truth:
        assert isinstance(result, NotAnArticle)
        assert result.reason == truth["raises"]
        return
    assert isinstance(result, Document), f"raised {result}"
    actual = result.to_dict()
    for key, expected in truth["expected"].items():
        if key == "provenance":
            for field, source in expected.items():
                assert actual["provenance"].get(field) == source, f"provenance[{field}]"
        else:
            assert actual[key] == expected, key


def test_evening_utc_meta_date_falls_on_the_local_day() -> None:
    _, doc = _parse("tv_station_bridgeport")
    assert isinstance(doc, Document)
    assert doc.published == "2022-07-13T01:30:00+00:00"
    assert doc.day == "2022-07-12"


def test_without_a_timezone_the_day_is_the_pages_own_offset_day() -> None:
    body = (PAGES / "tv_station_bridgeport.html").read_bytes()
    doc = parse_page(body, "https://www.wtnh.example.com/news/bridgeport-i95-crash/")
    assert doc.day == "2022-07-13"


def test_section_front_is_not_an_article_and_says_why() -> None:
    _, doc = _parse("index_local_news")
    assert isinstance(doc, Document)
    assert not doc.is_article
    assert doc.provenance["is_article"].startswith("section front: 14 teaser links")


def test_windows_1252_quotes_come_out_as_curly_quotes() -> None:
    _, doc = _parse("cp1252_enfield")
    assert isinstance(doc, Document)
    assert "\u201chundreds of trucks\u201d" in doc.body
    assert "developer\u2019s" in doc.body
