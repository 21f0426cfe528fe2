"""Entity extraction: persons and cities, on our labelled fictional stories and on cases."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.entities.extract import Entities, extract_entities
from archive.lexicon.names import person_key
from tests.fixtures import LABELLED_ENTITIES as DATA

HOME = "Hartford, CT"


def _labelled() -> list[dict[str, Any]]:
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _f1(found: int, truth: int, hits: int) -> float:
    precision = hits / found if found else 1.0
    recall = hits / truth if truth else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _extract(article: dict[str, Any]) -> Entities:
    return extract_entities(
        str(article["title"]),
        str(article["body"]),
        dateline=article.get("dateline"),
        home=article.get("home"),
        exclude=article.get("authors", []),
    )


def test_labelled_set_has_at_least_forty_articles() -> None:
    assert len(_labelled()) >= 40


def test_persons_and_cities_reach_f1_090_on_labelled_articles() -> None:
    counts = {"persons": [0, 0, 0], "cities": [0, 0, 0]}
    for article in _labelled():
        got = _extract(article)
        found = {
            "persons": {person_key(p) for p in got.persons},
            "cities": set(got.cities),
        }
        for field in counts:
            truth = (
                {person_key(p) for p in article[field]}
                if field == "persons"
                else set(article[field])
            )
            counts[field][0] += len(found[field])
            counts[field][1] += len(truth)
            counts[field][2] += len(found[field] & truth)
    assert _f1(*counts["persons"]) >= 0.90
    assert _f1(*counts["cities"]) >= 0.90


def test_labelled_roles_are_found() -> None:
    for article in _labelled():
        got = _extract(article)
        for name, role in article["roles"].items():
            assert got.roles.get(name) == role, (article["id"], name)


def test_titled_full_name_keeps_the_name_and_records_the_role() -> None:
    got = extract_entities(
        "", "Hartford Police Chief Jason Thody said the roads were icy.", home=HOME
    )
    assert got.persons == ["Jason Thody"]
    assert got.roles == {"Jason Thody": "Police Chief"}
    assert got.cities == ["Hartford, CT"]


def test_later_surname_and_title_mentions_fold_into_the_first_full_name() -> None:
    body = (
        "Officer Mia Sandoval responded. Sandoval said the car was stolen. "
        "Later, Officer Sandoval found it in a lot."
    )
    got = extract_entities("", body, home=HOME)
    assert got.persons == ["Mia Sandoval"]


def test_middle_initial_variant_is_the_same_person() -> None:
    got = extract_entities("", "Mayor Luke A. Brannick spoke. Later Luke Brannick left.", home=HOME)
    assert got.persons == ["Luke Brannick"]
    assert person_key("Luke A. Brannick") == person_key("Luke Brannick") == "luke-brannick"


def test_authors_and_photo_credits_are_never_persons() -> None:
    body = (
        "Carla Benitez, 40, of Windsor, won the race. Photo by Omar Lindqvist\n"
        "Photo: Windsor Journal / Ada Pryce\n"
        "Benitez said she trained for a year, Greta Holm reported."
    )
    got = extract_entities("", body, home=HOME, exclude=["Greta Holm"])
    assert got.persons == ["Carla Benitez"]


def test_organizations_streets_and_events_are_neither_persons_nor_cities() -> None:
    body = (
        "Hartford HealthCare and the Bloomfield Police Department joined National Night Out "
        "on Washington Street and Hartford Avenue. The Board of Education met at Albany "
        "Medical Center."
    )
    got = extract_entities("", body, home=HOME)
    assert got.persons == []
    assert got.cities == ["Bloomfield, CT"]


def test_person_named_like_places_is_a_person_not_a_city() -> None:
    got = extract_entities("", "Troy Hartford, 41, of Colonie won the title.", home="Albany, NY")
    assert got.persons == ["Troy Hartford"]
    assert got.cities == ["Colonie, NY"]


@pytest.mark.parametrize(
    ("body", "cities"),
    [
        ("Union members voted on Sunday.", []),
        ("Orange balloons filled the hall.", []),
        ("The parade in Union drew 300 people.", ["Union, CT"]),
        ("She moved to Sharon, Conn., last year.", ["Sharon, CT"]),
    ],
)
def test_town_named_like_a_common_word_needs_evidence(body: str, cities: list[str]) -> None:
    assert extract_entities("", body, home=HOME).cities == cities


def test_ambiguous_name_follows_the_home_state() -> None:
    got = extract_entities("", "Crews from Bloomfield helped.", home=HOME)
    assert got.cities == ["Bloomfield, CT"]


def test_ambiguous_name_follows_a_state_named_in_the_story() -> None:
    body = "The band played in Bloomfield, N.J., on Friday. Bloomfield loved it."
    assert extract_entities("", body, home=HOME).cities == ["Bloomfield, NJ"]


def test_dateline_city_comes_first_and_wire_is_read() -> None:
    got = extract_entities(
        "", "Crews in Groton worked late.", dateline="NEW LONDON, Conn. (AP)", home=HOME
    )
    assert got.dateline_city == "New London, CT"
    assert got.wire == "AP"
    assert got.cities == ["New London, CT", "Groton, CT"]


def test_dateline_at_the_start_of_the_body_is_used_when_none_is_given() -> None:
    got = extract_entities("", "WETHERSFIELD — A tree fell on Main Street.", home=HOME)
    assert got.dateline_city == "Wethersfield, CT"
    assert got.cities == ["Wethersfield, CT"]


def test_foreign_dateline_gives_city_and_country() -> None:
    got = extract_entities("", "Volunteers came.", dateline="KYIV, Ukraine (AP)", home=HOME)
    assert got.cities == ["Kyiv, Ukraine"]


def test_washington_dateline_is_the_capital() -> None:
    got = extract_entities("", "Lawmakers met.", dateline="WASHINGTON", home=HOME)
    assert got.dateline_city == "Washington, DC"


def _towns(name: str) -> list[str]:
    return [t for t in (DATA / name).read_text(encoding="utf-8").splitlines() if t]


@pytest.mark.parametrize(
    ("file", "state", "written", "count"),
    [("ct_towns.txt", "CT", "Conn.", 169), ("ma_towns.txt", "MA", "Mass.", 351)],
)
def test_every_new_england_town_is_recognised_with_its_state(
    file: str, state: str, written: str, count: int
) -> None:
    towns = _towns(file)
    assert len(set(towns)) == count
    missed = [
        t
        for t in towns
        if f"{t}, {state}"
        not in extract_entities("", f"The meeting was held in {t}, {written}, on Tuesday.").cities
    ]
    assert missed == []


@pytest.mark.parametrize(("file", "state"), [("ct_towns.txt", "CT"), ("ma_towns.txt", "MA")])
def test_every_new_england_town_is_recognised_in_a_home_state_story(file: str, state: str) -> None:
    # Towns named like a state ("Washington", "Florida") need the state written after them.
    towns = [t for t in _towns(file) if t not in {"Washington", "Florida"}]
    home = f"Boston, {state}"
    missed = [
        t
        for t in towns
        if f"{t}, {state}"
        not in extract_entities("", f"Residents of {t} packed the meeting.", home=home).cities
    ]
    assert missed == []


_WORDS = st.sampled_from(
    [
        "Mayor",
        "Jane",
        "Doe",
        "said",
        "Hartford",
        ",",
        "Conn.",
        "of",
        "in",
        "The",
        "Union",
        "(AP)",
        "—",
        "Photo",
        "by",
        "Street",
        "Chief",
        "A.",
        "\n",
        ".",
        "Washington",
        "St.",
        "Board",
        "Education",
        "Théo",
        "N.Y.",
        "Kyiv",
        "Ukraine",
        "\u2019s",
        '"',
        "and",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    body=st.lists(_WORDS, max_size=40).map(" ".join),
    dateline=st.none() | st.lists(_WORDS, max_size=4).map(" ".join),
)
def test_any_text_gives_well_formed_entities(body: str, dateline: str | None) -> None:
    got = extract_entities(body[:30], body, dateline=dateline, home=HOME)
    assert all(", " in city for city in got.cities)
    assert len(set(got.cities)) == len(got.cities)
    assert set(got.roles) <= set(got.persons)


def test_title_case_headline_adds_home_state_towns_but_not_organizations() -> None:
    body = "Police said the crash happened Tuesday."
    got = extract_entities("West Hartford Man Charged In Bloomfield Crash", body, home=HOME)
    assert got.cities == ["West Hartford, CT", "Bloomfield, CT"]
    assert extract_entities("Hartford HealthCare Opens Clinic", body, home=HOME).cities == []


def test_name_after_a_title_appositive_is_a_person() -> None:
    got = extract_entities("", "The town's mayor, Arunan Vel, said taxes will rise.", home=HOME)
    assert got.persons == ["Arunan Vel"]
