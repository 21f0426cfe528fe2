"""The bundled sample archive: story files, the pages and WARC built from them, and their truth."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from archive import Document
from archive.warc import iter_captures
from tests.outlet.build_sample import ROOT, STORIES, WARC_NAME, build, load_outlets

OUTLETS = load_outlets(STORIES)
STORY_LIST = [(o["outlet"], s) for o in OUTLETS for s in o["stories"]]
SIDECARS = sorted((ROOT / "pages").glob("*/*.json"))
REQUIRED = {
    "slug": str,
    "path": str,
    "title": str,
    "section": str,
    "tags": list,
    "authors": list,
    "published": str,
    "date_visibility": str,
    "paragraphs": list,
    "persons": list,
    "roles": dict,
    "cities": list,
    "summary": str,
}
CITY = re.compile(r"^[A-Z][A-Za-z .'-]+, [A-Z]{2}$")


def _ids(item: tuple[dict[str, Any], dict[str, Any]]) -> str:
    return f"{item[0]['slug']}/{item[1]['slug']}"


def _text(story: dict[str, Any]) -> str:
    dateline = (story.get("dateline") or "").title()  # printed in capitals: "WEST HARTFORD"
    return " ".join([story["title"], dateline, *story["paragraphs"]])


def test_rebuild_reproduces_the_committed_pages_and_warc(tmp_path: Path) -> None:
    build(STORIES, tmp_path)
    fresh = sorted(p.relative_to(tmp_path / "pages") for p in (tmp_path / "pages").rglob("*.*"))
    committed = sorted(p.relative_to(ROOT / "pages") for p in (ROOT / "pages").rglob("*.*"))
    assert fresh == committed, "run: .venv/bin/python -m tests.outlet.build_sample"
    for name in fresh:
        assert (tmp_path / "pages" / name).read_bytes() == (ROOT / "pages" / name).read_bytes()
    rebuilt = gzip.decompress((tmp_path / WARC_NAME).read_bytes())
    assert rebuilt == gzip.decompress((ROOT / WARC_NAME).read_bytes())


@pytest.mark.parametrize("item", STORY_LIST, ids=_ids)
def test_every_story_has_the_required_fields(item: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, story = item
    for key, kind in REQUIRED.items():
        assert isinstance(story.get(key), kind), key
    assert story["path"].startswith("/")
    assert story["date_visibility"] in ("meta-only", "visible", "visible-and-meta")
    assert story["paragraphs"] and not story["paragraphs"][0].startswith("## ")
    assert set(story["roles"]) <= set(story["persons"])
    assert all(CITY.match(c) for c in story["cities"]), story["cities"]
    if story.get("dateline_city"):
        assert story["cities"][0] == story["dateline_city"]


@pytest.mark.parametrize("item", STORY_LIST, ids=_ids)
def test_published_offset_is_the_outlets_local_offset(
    item: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    outlet, story = item
    zone = ZoneInfo(outlet["timezone"])
    for stamp in filter(None, (story["published"], story.get("updated"))):
        moment = datetime.fromisoformat(stamp)
        assert moment.utcoffset() == moment.replace(tzinfo=zone).utcoffset(), stamp
    if story.get("updated"):
        assert story["updated"] > story["published"]


@pytest.mark.parametrize("item", STORY_LIST, ids=_ids)
def test_truth_persons_and_cities_are_named_in_the_text(
    item: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _, story = item
    text = _text(story)
    for person in story["persons"]:
        assert person.split()[-1] in text, person
        assert person not in story["authors"]
    for city in story["cities"]:
        assert city.rsplit(",", 1)[0] in text, city
    assert 100 <= len(" ".join(story["paragraphs"]).split()) <= 400


def test_story_paths_are_unique_across_outlets_and_slugs_within_one() -> None:
    paths = Counter(s["path"] for _, s in STORY_LIST)
    paths.update(p["path"] for o in OUTLETS for p in o.get("non_articles", []))
    assert [p for p, n in paths.items() if n > 1] == []
    for outlet in OUTLETS:
        slugs = Counter(s["slug"] for s in outlet["stories"] + outlet.get("non_articles", []))
        assert [s for s, n in slugs.items() if n > 1] == []


def test_sample_has_at_least_60_articles_once_all_four_outlets_exist() -> None:
    if len(OUTLETS) < 4:
        pytest.skip(f"only {len(OUTLETS)} of 4 outlet story files exist so far")
    assert len(STORY_LIST) >= 60


def test_cities_span_three_states_and_dates_span_several_years() -> None:
    states = {c.rsplit(", ", 1)[1] for _, s in STORY_LIST for c in s["cities"]}
    years = {s["published"][:4] for _, s in STORY_LIST}
    assert {"CT", "MA", "NY"} <= states
    assert len(years) >= 5


def test_some_stories_fall_on_a_different_day_in_utc() -> None:
    shifted = [
        s["slug"]
        for o, s in STORY_LIST
        if datetime.fromisoformat(s["published"]).astimezone(ZoneInfo("UTC")).date()
        != datetime.fromisoformat(s["published"]).date()
    ]
    assert len(shifted) >= 3


@pytest.mark.parametrize("path", SIDECARS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_article_truth_is_a_valid_document(path: Path) -> None:
    sidecar = json.loads(path.read_text("utf-8"))
    if not sidecar["is_article"]:
        assert sidecar["truth"]["kind"] in ("section-index", "tag-page", "search", "gallery")
        return
    truth = sidecar["truth"]
    document = Document.from_dict(
        {**truth, "url": sidecar["url"], "outlet": sidecar["outlet"], "is_article": True}
    )
    assert document.day == truth["day"]
    assert truth["body"] and "## " not in truth["body"]


def test_warc_holds_one_200_response_per_page_and_per_earlier_version_with_its_bytes() -> None:
    sidecars = sorted((ROOT / "pages").rglob("*.json"))  # earlier versions too
    pages: dict[str, list[Path]] = {}
    for path in sidecars:
        pages.setdefault(json.loads(path.read_text("utf-8"))["url"], []).append(path)
    captures = list(iter_captures(ROOT / WARC_NAME))
    assert Counter(c.url for c in captures) == Counter({u: len(p) for u, p in pages.items()})
    for capture in captures:
        sidecar = json.loads(pages[capture.url][0].read_text("utf-8"))
        assert capture.status == 200
        assert capture.header("Content-Type") == sidecar["content_type"]
        assert capture.body in [p.with_suffix(".html").read_bytes() for p in pages[capture.url]]
        assert capture.header("Content-Length") == str(len(capture.body))


def test_a_story_with_earlier_versions_is_captured_once_per_version_newest_last() -> None:
    earlier = sorted((ROOT / "pages").glob("*/earlier/*.json"))
    assert len(earlier) >= 2  # the sample shows a story with three versions
    for path in earlier:
        sidecar = json.loads(path.read_text("utf-8"))
        captures = sorted(
            (c for c in iter_captures(ROOT / WARC_NAME) if c.url == sidecar["url"]),
            key=lambda c: c.captured,
        )
        newest = (ROOT / "pages" / path.parent.parent.name / path.name.split(".v")[0]).with_suffix(
            ".html"
        )
        assert captures[-1].body == newest.read_bytes()
        version = captures[sidecar["version"] - 1]
        assert version.captured.isoformat() == sidecar["captured"]
        assert version.body == path.with_suffix(".html").read_bytes() != captures[-1].body


def test_windows_1252_pages_decode_only_with_their_declared_charset() -> None:
    pages = [
        p
        for p in SIDECARS
        if json.loads(p.read_text("utf-8"))["content_type"].endswith("windows-1252")
    ]
    assert pages
    for page in pages:
        raw = page.with_suffix(".html").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "\u201c" in raw.decode("cp1252")
