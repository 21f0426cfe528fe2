"""The gazetteer: place resolution, states, time zones and facet keys."""

from __future__ import annotations

from archive.entities.extract import city_key, home_timezone, parse_dateline, resolve_place
from archive.lexicon.gazetteer import parse_state, places_named


def test_ambiguous_place_resolves_to_the_home_state() -> None:
    assert resolve_place("Bloomfield", home="Hartford, CT") == "Bloomfield, CT"


def test_explicit_state_beats_the_home_state() -> None:
    assert resolve_place("Bloomfield", state="N.J.", home="Hartford, CT") == "Bloomfield, NJ"


def test_without_evidence_the_most_populous_place_wins() -> None:
    assert resolve_place("Boston") == "Boston, MA"


def test_unknown_place_resolves_to_none() -> None:
    assert resolve_place("Zzyzxville") is None


def test_ap_abbreviations_and_names_parse_to_state_codes() -> None:
    assert [parse_state(s) for s in ("Conn.", "Mass.", "N.Y.", "Connecticut", "CT")] == [
        "CT",
        "MA",
        "NY",
        "CT",
        "CT",
    ]


def test_home_timezone_is_the_zone_of_the_home_state() -> None:
    assert home_timezone("Hartford, CT") == "America/New_York"
    assert home_timezone("Denver, CO") == "America/Denver"
    assert home_timezone(None) is None


def test_home_timezone_knows_towns_outside_their_state_capitals_zone() -> None:
    assert home_timezone("Pensacola, FL") == "America/Chicago"
    assert home_timezone("Tallahassee, FL") == "America/New_York"


def test_city_key_is_a_slug() -> None:
    assert city_key("Hartford, CT") == "hartford-ct"
    assert city_key("Manchester-by-the-Sea, MA") == "manchester-by-the-sea-ma"


def test_saint_and_st_spellings_find_the_same_place() -> None:
    assert {p.label for p in places_named("St. Louis")} & {
        p.label for p in places_named("Saint Louis")
    }


def test_dateline_without_state_uses_the_home_state() -> None:
    assert parse_dateline("BLOOMFIELD", home="Hartford, CT") == ("Bloomfield, CT", None)
