"""The shape of tests/entities/states.jsonl, our labelled stories for every state (not a score)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from typing import Any

from tests.fixtures import LABELLED_ENTITIES as DATA

STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
}  # fmt: skip
FIELDS = {"id", "home", "dateline", "title", "body", "authors", "persons", "roles", "cities"}
US_CITY = re.compile(r"^[A-Z][\w.'\u2018\u02bb\- ]*[\w.], ([A-Z]{2})$")
FOREIGN_CITY = re.compile(r"^[A-Z][\w.'\- ]*\w, [A-Z][A-Za-z ]{2,}$")


def _stories() -> list[dict[str, Any]]:
    lines = (DATA / "states.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _state(story: dict[str, Any]) -> str:
    return str(story["id"]).split("-", 1)[0].upper()


def _text(story: dict[str, Any]) -> str:
    return f"{story['dateline'] or ''}\n{story['title']}\n{story['body']}"


def test_there_are_a_hundred_stories_with_the_labelled_fields_and_unique_ids() -> None:
    stories = _stories()
    assert len(stories) >= 100
    assert all(set(s) == FIELDS for s in stories)
    assert len({s["id"] for s in stories}) == len(stories)


def test_every_state_and_dc_has_at_least_two_stories() -> None:
    counts = Counter(_state(s) for s in _stories())
    assert set(counts) == STATES
    assert min(counts.values()) >= 2


def _is_city_label(label: str) -> bool:
    us = US_CITY.match(label)
    return us.group(1) in STATES if us else bool(FOREIGN_CITY.match(label))


def test_every_truth_city_is_town_and_a_real_state_code_or_a_foreign_city() -> None:
    bad = [(s["id"], c) for s in _stories() for c in s["cities"] if not _is_city_label(c)]
    assert bad == []


def test_each_story_names_a_town_of_its_own_state_and_lists_each_city_once() -> None:
    for story in _stories():
        states = {c.rsplit(", ", 1)[1] for c in story["cities"]}
        assert _state(story) in states, story["id"]
        assert len(set(story["cities"])) == len(story["cities"]), story["id"]


def _folded(text: str) -> str:
    """Lower case without accents or the okina: the story may write Pahoa for GeoNames' Pāhoa."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in "\u2018\u02bb")
    return "".join(kept).lower()


def test_every_truth_city_and_person_is_named_in_the_story() -> None:
    for story in _stories():
        text = _text(story)
        for city in story["cities"]:
            assert _folded(city.rsplit(", ", 1)[0]) in _folded(text), (story["id"], city)
        for person in story["persons"]:
            first, *rest = person.split(" ")
            # A middle initial may stand between the names ("Luke A. Brannick").
            pattern = re.escape(first) + r"(?:\s+[A-Z]\.)*\s+" + r"\s+".join(map(re.escape, rest))
            assert re.search(pattern, text), (story["id"], person)


def test_roles_belong_to_persons_and_authors_are_never_persons() -> None:
    for story in _stories():
        assert set(story["roles"]) <= set(story["persons"]), story["id"]
        assert not set(story["authors"]) & set(story["persons"]), story["id"]
        assert all(len(p.split()) >= 2 for p in story["persons"]), story["id"]


def test_about_half_the_stories_give_the_outlet_home_as_a_state_town() -> None:
    stories = _stories()
    homes = [s["home"] for s in stories if s["home"] is not None]
    assert len(stories) / 3 <= len(homes) <= 2 * len(stories) / 3
    assert all(US_CITY.match(h) and _is_city_label(h) for h in homes)


def test_every_story_is_150_to_400_words() -> None:
    lengths = {s["id"]: len(s["body"].split()) for s in _stories()}
    assert {k: n for k, n in lengths.items() if not 150 <= n <= 400} == {}
