"""Words around place names: what makes a capitalized name a town, a modifier or no town at all."""

from __future__ import annotations

from archive.lexicon.names import word_list

PREPOSITIONS = frozenset(
    word_list(
        "in of from to near at outside between and or through into toward towards across "
        "via serving including like neighboring nearby"
    )
)
# Words before a town that make it one ("downtown Cleveland", "rural Holopaw").
PLACE_BEFORE = frozenset(
    word_list(
        "downtown uptown rural suburban nearby neighboring neighbouring northern southern "
        "eastern western central northeastern northwestern southeastern southwestern metro "
        "coastal as"
    )
)
# Nouns after a town that make it a modifier ("Philadelphia police", "an Alexandria woman").
MODIFIER_NOUNS = frozenset(
    word_list(
        """man woman men women boy girl boys girls teen teenager teens child children baby
    couple family families resident residents native natives area region office offices
    officials official police officers officer firefighters firefighter council councilman
    councilwoman mayor schools school students student teachers teacher voters businesses
    business company companies firm hospital church congregation pastor neighborhood
    neighborhoods home homes apartment restaurant store plant facility campus chapter branch
    location headquarters clinic market airport suburb suburbs native's streets city town
    village borough township community communities landmark location based born bred raised
    headquartered line limits high"""
    )
)
# "City of Norfolk", "Town of Bloomfield": the town itself, not an organisation of it.
CIVIC_UNITS = frozenset(word_list("City Town Village Borough Township"))
# States whose every town is a local government, however small: "Peru" there is a town.
TOWN_STATES = frozenset({"CT", "MA", "RI", "VT", "NH", "ME", "NY"})
NUMBER_WORDS = frozenset(
    word_list("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Several Both")
)
COUNTY_WORDS = frozenset({"County", "Parish", "county", "parish", "counties", "parishes"})
# A town's or county's court before a judge's title: "Los Angeles Superior Court Judge".
COURT_WORDS = frozenset(word_list("Superior Municipal District Circuit Probate Court"))
# A township named as one ("Madison Township") is kept apart from the city of that name.
TOWNSHIP_WORDS = frozenset({"Township", "township", "Twp.", "Townships"})
# Regions and landmarks that are no towns, though a post office may bear the name.
REGIONS = frozenset(
    {"Middle East", "Far East", "Midwest", "New England", "Deep South", "Pacific Northwest"}
    | {"Gulf Coast", "East Coast", "West Coast", "Northeast", "Southwest", "Southeast"}
    | {"White House", "Capitol", "Capitol Hill", "Wall Street", "Pentagon", "Broadway"}
    | {"Death Valley", "Central Park", "Midtown", "Downtown", "Uptown", "Silicon Valley"}
)
STREET_PLURALS = frozenset(word_list("streets roads avenues drives lanes boulevards highways"))
DIRECTIONS = frozenset(word_list("North South East West Northeast Northwest Southeast Southwest"))
# Agencies and universities whose names do not spell their state.
STATE_ACRONYMS = {
    "GBI": "GA",
    "UGA": "GA",
    "PennDOT": "PA",
    "Caltrans": "CA",
    "TxDOT": "TX",
    "MnDOT": "MN",
    "UConn": "CT",
    "UMass": "MA",
    "LSU": "LA",
    "UCLA": "CA",
    "Rutgers": "NJ",
    "Purdue": "IN",
    "Clemson": "SC",
    "K-State": "KS",
}
# After a place name, these make "Bloomfield Police Department" a mention of the town.
CIVIC_WORDS = frozenset(
    word_list(
        "Police Fire Public Town City Board Council Schools School High Middle Elementary Library "
        "Housing Planning Zoning Democrats Republicans Democratic Republican Registrar Historical "
        "Senior Community Mayor Selectmen Residents Volunteer Animal Parks Recreation Land "
        "Conservation Inland Economic Board Tax Water Sewer Finance Treasurer Clerk "
        "Superintendent Chamber Selectboard Commissioners Trustees Aldermen"
    )
)
# Town names that are also ordinary words: they need a state, the dateline or home evidence.
COMMON_WORDS = frozenset(
    word_list("""Union Mission Orange Sharon Chester Eagle Victory Hope Friendship Industry Liberty
    Independence Freedom Unity Harmony Concord Providence Commerce Enterprise Energy
    Progress Pride Justice Reliance Comfort Welcome Alert Plain Plains Center Central
    Fairview Riverside Lebanon Canaan Goshen Salem Bethlehem Jericho Scotland Prospect
    Washington Franklin Warren Lincoln Jefferson Madison Jackson Clinton Monroe Kent Paris
    London Columbia Florida Lee Gill Heath Savoy Rowe Otis Ware Florence Dudley Adams Marion
    Randolph Russell Spencer Webster Sterling Sherman Preston Morris Thompson Hancock
    Harvard Milton Newton Young Best Early Story Start Chance Rescue Beach Bay Lake Point
    Ridge Valley Forest Hills Park Garden Grove Spring Springs Summit Crest Haven Harbor
    Port Bluff Glen Meadow Meadows Village Mills Falls Rock Stone Marble Iron Gold Silver
    Diamond Pearl Ruby Crystal Amber Clay Sand Salt Pepper Sugar Honey Coffee Rice Bean Corn
    Cotton Wheat Oak Elm Ash Pine Cedar Maple Birch Laurel Holly Ivy Lily Daisy Violet Rose
    Iris Fern Moss Reed Rush Fox Wolf Bear Buck Deer Elk Hawk Crow Robin Swan Dove Raven
    Star Sun Moon Sky Rain Snow Frost Storm Winter Summer Fall Late Eden Paradise Zion
    Bethel Shiloh Hebron Normal Ideal Modern Mount Fort Camp Post Office Church School
    College University Mill Bridge Ford Cross Gap Creek Brook Branch Fork River Lakeside
    Hillside Lakeview North South East West Man Earth England Britain Wales Max Landmark
    Mercury Venus
    Mars Jupiter Saturn Uranus Neptune Pluto""")
)
