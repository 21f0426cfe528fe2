"""Persons that are people: first names from anywhere, and the things that only look like names."""

from __future__ import annotations

from archive.entities.extract import extract_entities
from archive.lexicon.names import first_names, given_names

HOME = "Hartford, CT"


def _persons(body: str, title: str = "", home: str | None = HOME) -> list[str]:
    return extract_entities(title, body, home=home).persons


def test_first_names_from_beyond_the_1990_census_make_persons() -> None:
    body = (
        "The relay team of Priyanka Raman, Oluwaseun Adeyemi and Mateusz Kowalczyk finished "
        "second at the state meet in New Britain."
    )
    assert _persons(body) == ["Priyanka Raman", "Oluwaseun Adeyemi", "Mateusz Kowalczyk"]


def test_wider_first_name_list_holds_no_english_word_or_place_name() -> None:
    assert {"Priyanka", "Oluwaseun", "Mateusz", "Jaylen"} <= given_names()
    assert first_names() <= given_names()
    for word in ("Said", "Price", "Stone", "Washington", "Texas", "Atlanta", "Iran", "Dublin"):
        assert word not in given_names() - first_names(), word
