"""Entity extraction scored on the sample outlets' stories (tests/outlet/stories), when present."""

from __future__ import annotations

import json
from typing import Any

import pytest

from archive.entities.extract import extract_entities
from archive.lexicon.names import person_key
from tests.fixtures import STORIES


def _stories() -> list[tuple[str | None, dict[str, Any]]]:
    found = []
    for path in sorted(STORIES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        home = data.get("outlet", {}).get("home")
        found += [(home, s) for s in data.get("stories", []) if "persons" in s and "cities" in s]
    return found


SAMPLE = _stories()
pytestmark = pytest.mark.skipif(not SAMPLE, reason="no sample outlet stories")


def _f1(found: set[str], truth: set[str]) -> tuple[int, int, int]:
    return len(found), len(truth), len(found & truth)


def _score(counts: tuple[int, int, int]) -> float:
    found, truth, hits = counts
    precision = hits / found if found else 1.0
    recall = hits / truth if truth else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _extract(home: str | None, story: dict[str, Any]) -> Any:
    body = story.get("body") or "\n\n".join(story.get("paragraphs", []))
    return extract_entities(
        story.get("title", ""),
        body,
        dateline=story.get("dateline"),
        home=home,
        exclude=story.get("authors", []),
    )


def test_sample_stories_reach_f1_090_for_persons_and_cities() -> None:
    persons = [0, 0, 0]
    cities = [0, 0, 0]
    for home, story in SAMPLE:
        got = _extract(home, story)
        for total, part in (
            (
                persons,
                _f1({person_key(p) for p in got.persons}, set(map(person_key, story["persons"]))),
            ),
            (cities, _f1(set(got.cities), set(story["cities"]))),
        ):
            for i in range(3):
                total[i] += part[i]
    assert _score((persons[0], persons[1], persons[2])) >= 0.90
    assert _score((cities[0], cities[1], cities[2])) >= 0.90


def test_sample_stories_dateline_city_comes_first() -> None:
    for home, story in SAMPLE:
        if story.get("dateline_city"):
            got = _extract(home, story)
            assert got.dateline_city == story["dateline_city"], story.get("slug")
            assert got.cities[:1] == [story["dateline_city"]], story.get("slug")


def test_sample_story_roles_match_at_least_nine_in_ten() -> None:
    pairs = [(h, s) for h, s in SAMPLE if s.get("roles")]
    right = sum(_extract(h, s).roles == s["roles"] for h, s in pairs)
    assert right >= 0.9 * len(pairs)
