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
    assert {"Priyanka", "Oluwaseun", "Mateusz", "Jaylen", "Dieter", "Goran"} <= given_names()
    assert first_names() <= given_names()
    for word in ("Said", "Price", "Lucky", "Washington", "Texas", "Atlanta", "Iran", "Dublin"):
        assert word not in given_names() - first_names(), word


def test_a_possessive_apostrophe_stays_off_the_name() -> None:
    got = extract_entities("", "Tomas Reyes' bakery on Main Street reopened Tuesday.", home=HOME)
    assert got.persons == ["Tomas Reyes"]


def test_a_possessive_ends_the_name_before_it() -> None:
    got = extract_entities("", "Coventry's Maya Lindgren won the 400 meters.", home=HOME)
    assert got.persons == ["Maya Lindgren"]
    assert got.roles == {}


def test_heads_of_state_ministers_and_legislators_are_titles_not_names() -> None:
    body = (
        "Prime Minister Halvard Ostby met Foreign Minister Renata Kalnins in Oslo. "
        "King Aurelio Benedetti opened the session. Assemblywoman Dana Pruitt of Waterbury "
        "and Sir Nigel Ashcombe attended."
    )
    got = extract_entities("", body, home=HOME)
    assert got.persons == [
        "Halvard Ostby",
        "Renata Kalnins",
        "Aurelio Benedetti",
        "Dana Pruitt",
        "Nigel Ashcombe",
    ]
    assert got.roles == {
        "Halvard Ostby": "Prime Minister",
        "Renata Kalnins": "Foreign Minister",
        "Aurelio Benedetti": "King",
        "Dana Pruitt": "Assemblywoman",
    }


def test_a_surname_that_is_a_title_stays_a_surname() -> None:
    body = "A reading from Martin Luther King Jr. opened the vigil led by Rosa Pope and Ed King."
    assert _persons(body) == ["Martin Luther King Jr.", "Rosa Pope", "Ed King"]


def test_bill_and_dean_before_a_surname_are_first_names() -> None:
    body = "Bill Okafor said the plows were out by midnight. Dean Marchetti scored twice."
    assert _persons(body) == ["Bill Okafor", "Dean Marchetti"]


def test_dean_before_a_surname_named_in_full_is_a_title() -> None:
    body = "Dean Lena Harlow welcomed the class. Later, Dean Harlow said the college would grow."
    got = extract_entities("", body, home=HOME)
    assert got.persons == ["Lena Harlow"]
    assert got.roles == {"Lena Harlow": "Dean"}


def test_a_county_before_a_title_names_no_town() -> None:
    body = "Fairfield County Deputy Coroner Bill Ostrowski said the crash was fatal."
    got = extract_entities("", body, home=HOME)
    assert got.persons == ["Bill Ostrowski"]
    assert got.roles == {"Bill Ostrowski": "Deputy Coroner"}
    assert got.cities == []


def test_a_nationality_glued_onto_a_name_is_no_part_of_it() -> None:
    body = (
        "German Lukas Brandt won the sprint ahead of South African Thabo Nkosi, and the "
        "Russian Federation team was third at the British Masters."
    )
    got = extract_entities("", body, home=HOME)
    assert got.persons == ["Lukas Brandt", "Thabo Nkosi"]
    assert got.roles == {}


def test_clubs_and_things_after_the_are_no_persons() -> None:
    body = (
        "Fans of the Houston Astros and the Seattle Mariners packed the Elm Street bar on "
        "Friday, said owner Rita Calloway."
    )
    assert _persons(body) == ["Rita Calloway"]


def test_utilities_and_town_names_are_no_persons() -> None:
    body = (
        "Crews from Georgia Power restored service to Glen Ridge and Rocky Hill by noon. "
        "The shipment of poles came from Hong Kong, Tanya Birch said."
    )
    assert _persons(body, home=None) == ["Tanya Birch"]


def test_companies_are_no_persons() -> None:
    body = (
        "Boston-based Merritt Communications bought Carver Bros. and Pellham Ltd. last year, "
        "and a Hong Kong-based firm bid too, Jonah Whitcomb said."
    )
    assert _persons(body) == ["Jonah Whitcomb"]


def test_two_particles_stay_inside_a_name() -> None:
    body = "Maria de la Cruz and Joost van der Berg spoke for the parents, said Rosa dos Santos."
    assert _persons(body) == ["Maria de la Cruz", "Joost van der Berg", "Rosa dos Santos"]


def test_hyphenated_given_names_stay_names() -> None:
    body = "Lee Min-jun and Kim Seo-yeon of Fort Lee won the science fair, their teacher said."
    assert _persons(body) == ["Lee Min-jun", "Kim Seo-yeon"]


def test_a_country_as_first_name_before_a_surname_word_is_a_person() -> None:
    body = "Jordan Hill and Chad Wolf spoke against the zoning change."
    assert _persons(body) == ["Jordan Hill", "Chad Wolf"]


def test_a_word_before_a_town_is_no_title() -> None:
    body = "Beyond Des Moines, the union has six more contracts to settle this year."
    assert _persons(body, home=None) == []


def test_the_before_a_descriptor_does_not_unmake_the_name_after_it() -> None:
    body = "The panel heard former envoy to the Ukraine Marta Hlibka, who testified Tuesday."
    assert _persons(body) == ["Marta Hlibka"]


def test_a_stray_mark_after_a_first_name_keeps_the_name_whole() -> None:
    body = "Honorees were Tamsin Roe, Janelle\u2019 Wright and Luca Brandt of Jacksonville."
    got = extract_entities("", body, home="Jacksonville, FL")
    assert got.persons == ["Tamsin Roe", "Janelle Wright", "Luca Brandt"]
    assert got.cities == ["Jacksonville, FL"]


def test_dean_after_a_title_is_a_first_name() -> None:
    body = "Tolland County Commissioner Dean Marsh said the bridge would reopen in May."
    got = extract_entities("", body, home=HOME)
    assert got.persons == ["Dean Marsh"]
    assert got.roles == {"Dean Marsh": "Commissioner"}


def test_utilities_and_canyons_are_no_persons() -> None:
    body = "Florence Utilities crews cleared Logan Canyon by noon, Marta Ibsen said."
    assert _persons(body, home=None) == ["Marta Ibsen"]
