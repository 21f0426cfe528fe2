"""The gazetteer covers every state: its cities, small towns, villages and town governments."""

from __future__ import annotations

import pytest
import us

from archive.lexicon.gazetteer import gazetteer, places_named

# Real places of each state (public facts): the capital, small towns a story names, and where
# a state has them, town governments that are no city (Halfmoon, NY; Tisbury, MA) and villages
# the Post Office knows by another town's name (Penacook in Concord, NH).
PLACES = {
    "AL": "Montgomery|Eufaula|Fairhope|Opp|Dothan|Scottsboro",
    "AK": "Juneau|Bethel|Kodiak|Nome|Wasilla|Seward",
    "AZ": "Phoenix|Flagstaff|Bisbee|Tombstone|Prescott|Winslow",
    "AR": "Little Rock|Hope|Searcy|Mountain Home|Helena|Arkadelphia",
    "CA": "Sacramento|Eureka|Ojai|Yreka|Barstow|Needles",
    "CO": "Denver|Durango|Salida|Ouray|Trinidad|Gunnison",
    "CT": "Hartford|Bloomfield|Rocky Hill|Harwinton|Lebanon|Voluntown",
    "DE": "Dover|Lewes|Milford|Smyrna|Seaford|Millsboro",
    "DC": "Washington",
    "FL": "Tallahassee|Titusville|Chiefland|Cross City|Apalachicola|Newberry",
    "GA": "Atlanta|Byron|Perry|Buford|Lovejoy|Jonesboro",
    "HI": "Honolulu|Hilo|Kailua|Lahaina|Wahiawa|Waimea",
    "ID": "Boise|Sandpoint|Salmon|Driggs|Rexburg|Mountain Home",
    "IL": "Springfield|DeKalb|Sycamore|Malta|Paris|Bensenville",
    "IN": "Indianapolis|Zionsville|Brownstown|Cambridge City|Richmond|Hagerstown",
    "IA": "Des Moines|Story City|Denison|Atalissa|Decorah|Pella",
    "KS": "Topeka|Wamego|Salina|Manhattan|Ellsworth|Hays",
    "KY": "Frankfort|London|Berea|Richmond|Covington|Hazard",
    "LA": "Baton Rouge|Alexandria|Pineville|Natchitoches|Houma|Ruston",
    "ME": "Augusta|Bangor|Peru|Norway|Poland|Damariscotta",
    "MD": "Annapolis|Frederick|Easton|Salisbury|Cumberland|Ellicott City",
    "MA": "Boston|Belchertown|Indian Orchard|Hadley|Tisbury|Aquinnah",
    "MI": "Lansing|Grand Ledge|Charlotte|Marquette|Petoskey|Frankenmuth",
    "MN": "St. Paul|Cloquet|Elbow Lake|Chisholm|Jordan|Parkers Prairie",
    "MS": "Jackson|Oxford|Tupelo|Natchez|Clarksdale|Starkville",
    "MO": "Jefferson City|Ozark|Independence|Hannibal|Rolla|Sedalia",
    "MT": "Helena|Missoula|Bozeman|Livingston|Havre|Whitefish",
    "NE": "Lincoln|Norfolk|Alliance|Loup City|North Platte|Columbus",
    "NV": "Carson City|Elko|Ely|Pahrump|Winnemucca|Mesquite",
    "NH": "Concord|Penacook|Hopkinton|Epsom|Laconia|Keene",
    "NJ": "Trenton|Glen Ridge|Montclair|Clinton|Hoboken|Cape May",
    "NM": "Santa Fe|Taos|Gallup|Socorro|Ruidoso|Las Cruces",
    "NY": "Albany|Halfmoon|Cohoes|Rotterdam|Bethlehem|Saratoga Springs",
    "NC": "Raleigh|Boone|Asheville|Mount Airy|Elizabeth City|Murphy",
    "ND": "Bismarck|Minot|Dickinson|Jamestown|Williston|Devils Lake",
    "OH": "Columbus|Dublin|Grove City|Xenia|New Concord|Pataskala",
    "OK": "Oklahoma City|Norman|Moore|Stillwater|Tahlequah|Guymon",
    "OR": "Salem|Bend|Astoria|Hood River|Pendleton|Hillsboro",
    "PA": "Harrisburg|Titusville|Oil City|Franklin|Annville|Palmyra",
    "RI": "Providence|Westerly|Narragansett|Bristol|Woonsocket|Tiverton",
    "SC": "Columbia|Chapin|Goose Creek|Tega Cay|Fort Mill|Gaston",
    "SD": "Pierre|Winner|Spearfish|Mitchell|Yankton|Brookings",
    "TN": "Nashville|Niota|Cookeville|Lawrenceburg|Shelbyville|Paris",
    "TX": "Austin|Frankston|Brownsboro|Palestine|Tennessee Colony|Lindsay",
    "UT": "Salt Lake City|Moab|Logan|Price|Kanab|Vernal",
    "VT": "Montpelier|Brattleboro|Stowe|Woodstock|Bennington|Peru",
    "VA": "Richmond|Glen Allen|Lanexa|Fairfax|Charles City|Alexandria",
    "WA": "Olympia|Walla Walla|Yakima|Port Angeles|Chelan|Pullman",
    "WV": "Charleston|Nitro|Ripley|St. Albans|Raleigh|Elkins",
    "WI": "Madison|Baraboo|Sheboygan|Wausau|Rhinelander|Hayward",
    "WY": "Cheyenne|Cody|Laramie|Sheridan|Jackson|Lander",
}


def test_every_state_and_the_district_have_places_listed_here() -> None:
    assert set(PLACES) == {s.abbr for s in [*us.states.STATES, us.states.DC]}


@pytest.mark.parametrize("state", sorted(PLACES))
def test_each_states_listed_places_are_in_the_gazetteer(state: str) -> None:
    missed = [
        name
        for name in PLACES[state].split("|")
        if state not in {p.state for p in places_named(name)}
    ]
    assert missed == []


@pytest.mark.parametrize("state", sorted(set(PLACES) - {"DC"}))
def test_each_state_has_at_least_eighty_places(state: str) -> None:
    # Rhode Island has 39 towns and cities and Delaware 57 incorporated places: 80 names
    # (with villages and other names the Post Office accepts) is a floor no state is near.
    count = sum(1 for group in gazetteer().places.values() for p in group if p.state == state)
    assert count >= 80


def test_every_county_is_known_and_counties_of_one_name_list_all_their_states() -> None:
    counties = gazetteer().counties
    assert sum(len(states) for states in counties.values()) >= 3_100
    assert set(counties["oconee"]) == {"GA", "SC"}
    assert counties["rapides"] == ("LA",)
