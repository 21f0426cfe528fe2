"""Cities: which state a town is in, from the story's own evidence, and what is no town."""

from __future__ import annotations

import pytest

from archive.entities.extract import extract_entities


def _cities(body: str, home: str | None = None, title: str = "") -> list[str]:
    return extract_entities(title, body, home=home).cities


def test_a_state_named_in_an_agency_gives_an_ambiguous_town_its_state() -> None:
    body = "Agents of the Georgia Bureau of Investigation searched a house in Athens on Friday."
    assert _cities(body) == ["Athens, GA"]


def test_a_parish_named_in_the_story_gives_the_state() -> None:
    body = "Deputies from Rapides Parish arrested a man at his home in Alexandria on Tuesday."
    assert _cities(body) == ["Alexandria, LA"]


def test_towns_of_one_state_give_an_ambiguous_town_its_state() -> None:
    body = (
        "The band plays in Pittsburgh on Friday, in Oil City on Saturday and in Franklin "
        "on Sunday before the tour heads home."
    )
    assert _cities(body) == ["Pittsburgh, PA", "Oil City, PA", "Franklin, PA"]


def test_a_bare_ambiguous_town_with_no_evidence_gives_nothing() -> None:
    assert _cities("The parade in Franklin drew a crowd of 300 on Saturday.") == []


def test_a_city_that_dwarfs_its_namesakes_needs_no_evidence() -> None:
    assert _cities("She moved to Dallas last year to open a bakery.") == ["Dallas, TX"]


def test_a_town_kept_without_evidence_gives_its_state_to_the_others() -> None:
    body = (
        "Firefighters in Hartford fought a blaze at a vacant warehouse on Monday. Smoke was "
        "seen for miles, said Dana Oyelowo, a resident of Bloomfield who drove past."
    )
    assert _cities(body) == ["Hartford, CT", "Bloomfield, CT"]


def test_a_dateline_without_its_state_is_resolved_from_the_story() -> None:
    body = (
        "MIDDLETOWN \u2014 A driver who crashed into a tree in Berlin on Sunday was taken to a "
        "hospital in Hartford, Conn., police said."
    )
    got = extract_entities("", body)
    assert got.dateline_city == "Middletown, CT"
    assert got.cities == ["Middletown, CT", "Berlin, CT", "Hartford, CT"]


def test_the_home_state_wins_over_states_the_story_names() -> None:
    body = "A Richmond man was charged with stealing tools from a Louisiana company's trailer."
    assert _cities(body, home="Richmond, KY") == ["Richmond, KY"]


def test_a_big_city_beats_a_home_state_hamlet_known_only_to_the_post_office() -> None:
    body = "A Denver-based recycling company will open a plant on the east side next spring."
    assert _cities(body, home="Richmond, IN") == ["Denver, CO"]


@pytest.mark.parametrize(
    ("body", "cities"),
    [
        ("Three Philadelphia police officers were hurt in the crash.", ["Philadelphia, PA"]),
        ("An Alexandria woman was charged with arson on Monday.", ["Alexandria, LA"]),
        ("A Dallas-based chain bought the store.", ["Dallas, TX"]),
        ("Traffic was slow in downtown Cleveland on Friday.", ["Cleveland, OH"]),
    ],
)
def test_a_town_named_as_a_modifier_is_a_place(body: str, cities: list[str]) -> None:
    home = "Alexandria, LA" if "Alexandria" in body else None
    assert _cities(body, home=home) == cities


def test_a_county_list_names_no_town_and_gives_the_state() -> None:
    body = "Jobless rates rose in Clarke, Madison, Oconee and Oglethorpe counties, and in Athens."
    assert _cities(body) == ["Athens, GA"]
    assert _cities("The Oconee County school board cut 12 jobs.", home="Athens, GA") == []


def test_a_chamber_of_commerce_names_no_town_of_commerce() -> None:
    body = "She is a past president of the Ozark Chamber of Commerce."
    assert _cities(body, home="Springfield, MO") == ["Ozark, MO"]


def test_a_commissioner_named_like_a_town_is_no_town() -> None:
    body = (
        "Commissioner Jerry West made the motion to buy the truck. West and Commissioner "
        "Joe Hall voted for it, and West said the county needed it."
    )
    assert _cities(body, home="Athens, TX") == []


def test_foreign_countries_are_not_home_state_hamlets() -> None:
    body = "The rabbi told the children about the flight from Egypt and a trip to Italy."
    assert _cities(body, home="Pittsburgh, PA") == []
    assert _cities("He flew home from Italy on Sunday.", home="Dallas, TX") == []


def test_a_road_named_after_a_town_is_no_town() -> None:
    body = "The crash closed Houston Lake Road near Perry for two hours."
    assert _cities(body, home="Macon, GA") == ["Perry, GA"]


def test_streets_listed_together_are_no_towns() -> None:
    body = "A water main broke at the corner of Lakeview and Harrison streets."
    assert _cities(body, home="Alexandria, LA") == []


def test_a_child_named_like_a_town_is_no_town() -> None:
    body = "Her eldest, Harrison, 8, held up a paper plate."
    assert _cities(body, home="Pittsburgh, PA") == []


def test_a_legislators_party_tag_names_a_town_in_the_storys_state() -> None:
    body = (
        "Senate Tax Chairman Tom Bakk, DFL-Cook, said most of the money would come from "
        "higher taxes. Rep. Ann Wold, R-Elbow Lake, said Minnesota could not afford it."
    )
    assert _cities(body) == ["Cook, MN", "Elbow Lake, MN"]


def test_a_big_foreign_city_is_no_us_town_without_evidence() -> None:
    body = "The envoy hopes Damascus will distance itself from Tehran and Moscow."
    assert _cities(body) == []


def test_a_county_named_bare_after_its_county_is_no_town() -> None:
    body = (
        "The Oconee County school board cut 12 jobs in January. Clarke and Oconee now "
        "weigh merit as well as seniority."
    )
    assert _cities(body, home="Athens, GA") == []


def test_a_township_is_kept_apart_from_the_city_of_its_name() -> None:
    body = "Sirens go up in Columbus, Madison Township and Grove City this year."
    assert _cities(body, home="Columbus, OH") == ["Columbus, OH", "Grove City, OH"]


def test_party_tags_name_towns_only_in_the_storys_state() -> None:
    body = (
        "Sponsors include Delegates Harold Marsh, D-Hardy, and John Overby, R-Berkeley, "
        "who spoke in Charleston."
    )
    assert _cities(body, home="Charleston, WV") == ["Charleston, WV"]


def test_a_town_followed_by_a_country_is_abroad() -> None:
    body = "The board gave a design firm of Toronto, Ontario, Canada a second chance."
    assert _cities(body, home="Columbus, OH") == []


def test_a_first_name_listed_after_a_person_is_no_town() -> None:
    body = "Lindsay Graham won $40 and Charlotte received $25 for second place."
    assert _cities(body, home="Arlington Heights, IL") == []


def test_a_common_word_after_the_is_no_town() -> None:
    body = "A parole for a soldier of the Union was on display."
    assert _cities(body, home="Richmond, KY") == []


def test_a_name_before_a_comma_and_a_title_is_a_person() -> None:
    body = "Clayton, founder of the awards, said the dinner raised $40,000."
    assert _cities(body, home="Atlanta, GA") == []


def test_a_stated_town_is_the_place_a_run_ends_with() -> None:
    body = "He heads the giving committee at Dot's Cambridge City, Ind., location."
    assert _cities(body, home="Richmond, IN") == ["Cambridge City, IN"]


def test_a_city_in_a_name_is_part_of_the_name() -> None:
    body = "Mounds once stood from St. Albans to Kanawha City."
    assert _cities(body, home="Charleston, WV") == ["St. Albans, WV"]


def test_a_dateline_town_that_dwarfs_its_namesakes_is_kept_without_evidence() -> None:
    got = extract_entities("", "CROMWELL \u2014 Police said the dispute began over a fence.")
    assert got.dateline_city == "Cromwell, CT"


def test_a_big_city_is_not_moved_to_a_state_named_for_another_town() -> None:
    body = (
        "The plant moved here from Boston in 1874. Its tunnels were dug for a laboratory "
        "on Long Island, N.Y., decades later."
    )
    assert _cities(body) == ["Boston, MA"]


def test_an_agency_known_by_its_initials_gives_its_state() -> None:
    assert _cities("Agents from the GBI searched a house in Athens on Friday.") == ["Athens, GA"]


def test_a_name_capitalized_in_passing_needs_more_than_one_towns_vote() -> None:
    body = "Ada Brill opened her restaurant in Boston last year. She still supports Chelsea."
    assert _cities(body) == ["Boston, MA"]


def test_a_world_city_needs_a_strong_vote_for_its_small_us_namesake() -> None:
    body = "The Dayton firm shows its tractors in London every spring."
    assert _cities(body, home="Columbus, OH") == ["Dayton, OH", "London, OH"]
    assert _cities("The firm shows its tractors in London every spring.") == []


def test_the_before_a_name_makes_it_no_town_unless_a_place_word_follows() -> None:
    body = "Aides met at the White House on Monday and in the Rochester area on Tuesday."
    assert _cities(body, home="Buffalo, NY") == ["Rochester, NY"]


def test_another_name_of_a_zip_code_needs_the_home_state() -> None:
    body = "Traders on Wall Street sold shares on Monday."
    assert _cities(body) == []


def test_a_one_state_name_after_a_preposition_needs_a_vote() -> None:
    assert _cities("The rover will land on Mars in 2030, the agency said.") == []


def test_nations_of_britain_are_no_home_state_towns() -> None:
    assert _cities("The choir toured Wales and Scotland in June.", home="Boston, MA") == []


def test_landmarks_are_no_towns() -> None:
    body = "A White House spokesman said the bill would pass."
    assert _cities(body, home="Nashville, TN") == []


def test_a_city_listed_twice_in_its_own_state_still_dwarfs_its_namesakes() -> None:
    body = "Survivors include two children, both of New York City."
    assert _cities(body, home="Augusta, GA") == ["New York, NY"]


def test_a_saint_town_in_capitals_before_a_dash_is_read_whole() -> None:
    body = "Classes resume Monday. ST. PARIS \u2014 Hundreds of mourners gathered on Sunday."
    assert _cities(body, home="Springfield, OH") == ["St. Paris, OH"]


def test_a_possessive_ends_the_name_it_follows() -> None:
    body = "The class at Columbia's First United Methodist Church will host a chili supper."
    assert _cities(body, home="Columbia, TN") == ["Columbia, TN"]


def test_planets_are_no_towns() -> None:
    assert _cities("The probe flew past Jupiter's moons and on toward Saturn.") == []


def test_a_town_named_after_a_number_word_keeps_it() -> None:
    body = "Deputies spoke with a man, 30, of Ten Mile, who said his family was safe."
    assert _cities(body, home="Athens, TN") == ["Ten Mile, TN"]


def test_a_given_name_after_a_preposition_in_a_title_case_headline_is_a_town() -> None:
    got = extract_entities(
        "Grant Money Headed To Alexandria", "The council met.", home="Alexandria, VA"
    )
    assert got.cities == ["Alexandria, VA"]


def test_the_town_before_high_school_is_a_place() -> None:
    body = "A festive mood filled the Los Angeles high school where he spoke."
    assert _cities(body, home="Los Angeles, CA") == ["Los Angeles, CA"]


def test_an_owner_is_no_town_even_after_a_preposition() -> None:
    body = (
        "Police arrested Marcus Jena, 44, on Sunday. Officers went to Jena's home on Memphis "
        "Street after the fight."
    )
    assert _cities(body, home="Alexandria, LA") == []


def test_a_possessive_names_a_town_only_in_the_home_or_dateline_state() -> None:
    body = "Agents hope to solve the 1946 Moore's Ford lynching."
    assert _cities(body, home="Athens, GA") == []


def test_a_dateline_towns_state_keeps_home_state_towns_from_being_persons() -> None:
    body = (
        "WETHERSFIELD \u2014 The council met on Monday. Rocky Hill and Newington have both "
        "raised taxes more than Wethersfield."
    )
    got = extract_entities("Council weighs budget", body)
    assert got.persons == []
    assert got.cities == ["Wethersfield, CT", "Rocky Hill, CT", "Newington, CT"]
