"""Vocabulary for telling persons from organizations: first names, titles, name keys."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def word_list(text: str) -> list[str]:
    """Return the whitespace-separated words of a vocabulary block."""
    return text.split()


# Titles as written before a name -> the role we record. Longest match wins.
_TITLE_TEXT = """
Mayor|Deputy Mayor|Police Chief|Deputy Police Chief|Assistant Police Chief|Fire Chief
|Deputy Fire Chief|Chief|Deputy Chief|Assistant Chief|Sen.=Senator|Senator|State Sen.=State Senator
|State Senator|Rep.=Representative|Representative|State Rep.=State Representative
|State Representative|U.S. Rep.=U.S. Representative|U.S. Sen.=U.S. Senator|Gov.=Governor|Governor
|Lt. Gov.=Lieutenant Governor|Lieutenant Governor|Superintendent|Supt.=Superintendent
|Superintendent of Schools|Interim Superintendent|Assistant Superintendent|Coach|Head Coach
|Assistant Coach|Dr.=Doctor|Councilwoman|Councilman|Councilor|Council Member|Councilmember
|Town Council Member|Council President|Council Chair|Town Manager|Assistant Town Manager
|City Manager|Town Administrator|First Selectman|First Selectwoman|Selectman|Selectwoman
|Principal|Assistant Principal|Vice Principal|Fire Marshal|Deputy Fire Marshal|Officer
|Police Officer|Sgt.=Sergeant|Sergeant|Lt.=Lieutenant|Lieutenant|Capt.=Captain|Captain
|Det.=Detective|Detective|Trooper|State Trooper|Cpl.=Corporal|Corporal|Judge|Justice
|Attorney General|State's Attorney|Prosecutor|President|Vice President|Secretary|Treasurer
|Town Clerk|City Clerk|Registrar|Commissioner|Director|Executive Director|Chairman|Chairwoman
|Chair|Chairperson|Board Chair|Alderman|Alderwoman|Professor|Prof.=Professor|Rev.=Reverend
|Reverend|Pastor|Father|Rabbi|Imam|Sister|Bishop|Sheriff|Deputy|Constable|Librarian
|Town Planner|Tax Collector|Assessor|Comptroller|Speaker|House Speaker|Majority Leader
|Minority Leader|Senate President|Chief Executive|CEO|Manager|General Manager|Owner|Founder
|Co-founder|Athletic Director|Nurse|Firefighter|Lt. Governor=Lieutenant Governor|Ald.=Alderman
|Gen.=General|General|Col.=Colonel|Colonel|Maj.=Major|Sen=Senator|Rep=Representative
|Engineer|Town Engineer|City Engineer|Supervisor|Town Supervisor|Planner|City Planner
|Administrator|Spokesman|Spokeswoman|Spokesperson|Chancellor|Dean|Provost|Ranger|Warden
|Inspector|Harbor Master|Harbormaster|Meteorologist|Chief Meteorologist|Building Inspector
|Health Director
|Public Works Director|Police Commissioner|Assemblyman|Assemblywoman|Assemblymember
|Congressman|Congresswoman|Delegate|Magistrate|Chief Justice|President-elect|Admiral|Adm.=Admiral
|Commander|Cmdr.=Commander|Lieutenant Colonel|Lt. Col.=Lieutenant Colonel|Major General
|Maj. Gen.=Major General|Brigadier General|Brig. Gen.=Brigadier General|Staff Sergeant
|Staff Sgt.=Staff Sergeant|Spc.=Specialist|Pvt.=Private|Ambassador|Prime Minister
|Deputy Prime Minister|Minister|Premier|Secretary-General|King|Queen|Prince
|Princess|Crown Prince|Emperor|Pope|Sheikh|Archbishop|Cardinal|Coroner|Deputy Coroner
|Medical Examiner|District Attorney|Assistant District Attorney|Public Defender|County Executive
|County Attorney|Solicitor
"""
TITLES: dict[str, str] = {}
for _entry in _TITLE_TEXT.replace("\n", "").split("|"):
    _written, _, _role = _entry.partition("=")
    TITLES[_written.strip()] = (_role or _written).strip()
TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())
MAX_TITLE_WORDS = max(len(t.split()) for t in TITLES)
# Titles that are given names too ("Dean Hollis", "Justice Marlow"): before a name they may be
# its first word, so they are no title to strip from a byline
GIVEN_NAME_TITLES = frozenset(
    ("Dean", "Justice", "Chief", "Judge", "Major", "Bishop", "Chancellor")
)
# Common first names that are also a title or an organization word: "Dean Jones scored",
# "Bill Smith said". Before a name, they are the first name unless the story names that
# surname in full ("Dean Jones" then is Dean Lena Jones).
GIVEN_NAME_WORDS = frozenset(("Dean", "Bill"))

# Words that make a capitalized run an organization, an event or a thing, never a person.
ORG_WORDS = frozenset(
    word_list(
        """Department Dept. HealthCare Healthcare Health Hospital Medical Center Centre Board
    Council
    Commission Committee Authority Agency Office Bureau Division School Schools High Middle
    Elementary Academy University College Institute Library Museum Church Temple Synagogue
    Mosque Parish Club Society Association Foundation Fund Trust Bank Company Co. Corp. Corp
    Inc. Inc LLC Group Partners Services Systems Police Fire Rescue Ambulance County State City
    Town Village Borough Court Courthouse Hall Park Garden Gardens Stadium Arena Field Center's
    National Night Out Festival Fair Parade Marathon Day Week Month Market Farm Farms Store
    Restaurant Cafe Diner Pizza Bakery Brewery Theater Theatre Studio Project Program Initiative
    Laboratory Laboratories Lab Labs Pavilion Auditorium Gymnasium Ballroom
    Coalition Alliance Union League Party Greater Democrat Democrats Republicans Democratic
    Republican Team
    Network News Courant Times Post Journal Herald Gazette Press Radio Television TV Register
    Lodge Legion Post Veterans Scouts YMCA YWCA Inn Hotel Mall Plaza Building Tower Works
    Airport Station Railroad Transit Line Express Bridge River Brook Lake Pond Reservoir Falls
    Mountain Hill Hills Valley Forest Woods Beach Island Harbor Bay Creek Trail Greenway
    Cemetery Memorial Monument Reserve Sanctuary Zoo Capitol Congress Senate House Assembly
    General Legislature Government Administration Affairs Services Housing Energy Water Power
    Electric Gas Insurance Financial Capital Holdings Industries Manufacturing Technologies
    Pharmacy Clinic Care Home Homes Nursing Rehabilitation Shelter Pantry Kitchen Cross Army
    Navy Guard Corps Force Coast Patrol Unit Squad Troop Yard Goats Huskies Whale Wolf Pack
    Avenue Ave. Street St. Road Rd. Lane Ln. Drive Boulevard Blvd. Turnpike Tpke. Highway Hwy.
    Way Place Pl. Terrace Circle Parkway Pkwy. Pike Square Route Interstate Extension Green
    Common Commons Heights Crossing Landing Point Row Walk Alley Expressway Connector Ct.
    Christmas Thanksgiving Easter Halloween Independence Memorial Labor Juneteenth Kwanzaa
    Hanukkah Ramadan Eid Olympics Games Series Cup Bowl Championship Tournament Classic Open
    Act Bill Law Plan Report Survey Census Code Amendment Ordinance Budget Grant Award Prize
    Medicaid Medicare Social Security Covid COVID-19 Coronavirus Facebook Instagram Twitter
    YouTube TikTok Google Amazon Walmart Target Stop Shop Dunkin Starbucks Ltd Ltd. Plc PLC
    SpA GmbH Bros Bros. Corporation Communications Associates Architects Consulting Solutions
    Enterprises Ventures Media Entertainment Productions Studios Motors Realty Construction
    Steakhouse Grill Tavern Salon Boutique Apartments Airlines Airways Cooperative Newsroom
    Tribune Chronicle Observer Dispatch Inquirer Examiner Ledger Courier Bulletin
    Ministry Exchange Conference Community Federation Service Chamber Metro Congregation
    Utilities Utility Canyon"""
    )
)
STREET_WORDS = frozenset(
    word_list(
        """Avenue Ave. Ave Street St. St Road Rd. Rd Lane Ln. Drive Dr. Boulevard Blvd. Turnpike
    Tpke. Highway Hwy. Way Place Terrace Circle Parkway Pkwy. Pike Square Route Court Ct.
    Extension Crossing Row Walk Alley Expressway Trail"""
    )
)
# Capitalized words that begin sentences or headlines but are no part of a name.
STOP_WORDS = frozenset(
    word_list(
        """A An The This That These Those There Here Then When While Where What Who Why How After
    Before During Since Until As At By For From In Into Of On Onto Over Under With Without But
    And Or Nor So Yet If Although Though Because Once Also Still Even Just Only Now Today
    Tonight Yesterday Tomorrow Last Next Many Most Some Several Both Each Every All Any No Not
    Our Their His Her Its My Your We They He She It I You Officials Residents According
    Mr. Mrs. Ms. Miss Mx. Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Jan. Feb.
    Mar. Apr. Jun. Jul. Aug. Sept. Sep. Oct. Nov. Dec. Mon. Tue. Tues. Wed. Thu. Thurs. Fri.
    Sat. Sun. Please Thanks Thank Photo Photos Video Read More Updated Posted Click
    Contact Email Call Visit See Editor's Note Advertisement Subscribe Share Comments"""
    )
)
# Nationality, regional, ethnic and religious adjectives: never part of a person's name
# ("German Axel Schulz" is Axel Schulz; "British Masters", "Islamic Conference" are no one).
# Words that are also given names or common surnames (Roman, Norman, Christian, Dane, Finn,
# English, French, Welsh, Cuban) are left out.
PEOPLES = frozenset(
    word_list(
        """Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian
    Australian Austrian Azerbaijani Azeri Bahamian Bahraini Bangladeshi Barbadian Belarusian
    Belgian Belizean Beninese Bhutanese Bolivian Bosnian Botswanan Brazilian British Bruneian
    Bulgarian Burkinabe Burmese Burundian Cambodian Cameroonian Canadian Chadian Chilean Chinese
    Colombian Congolese Croatian Cypriot Czech Danish Djiboutian Dominican Dutch Ecuadorian
    Egyptian Emirati Eritrean Estonian Ethiopian Fijian Filipino Finnish Gabonese Gambian
    Georgian Ghanaian Greek Grenadian Guatemalan Guinean Guyanese Haitian Honduran Hungarian
    Icelandic Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian
    Kazakh Kenyan Kosovar Kuwaiti Kyrgyz Laotian Latvian Lebanese Liberian Libyan Lithuanian
    Luxembourgish Macedonian Malagasy Malawian Malaysian Maldivian Malian Maltese Mauritanian
    Mauritian Mexican Moldovan Monegasque Mongolian Montenegrin Moroccan Mozambican Namibian
    Nepalese Nepali Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian
    Paraguayan Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Salvadoran Samoan Saudi
    Scottish Senegalese Serbian Leonean Singaporean Slovak Slovakian Slovenian Somali
    Spanish Sudanese Surinamese Swazi Swedish Swiss Syrian Taiwanese Tajik Tanzanian Thai Togolese
    Tongan Trinidadian Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan
    Vietnamese Yemeni Yugoslav Zambian Zimbabwean Zairean Soviet Czechoslovak Scot Scots German
    Swede Pole Serb Croat Kurd Kurdish Chechen Tamil Basque Catalan Flemish Walloon Bavarian
    Corsican Sicilian Tibetan Uighur Uyghur Pashtun Baluchi Berber Bedouin Maori Aboriginal
    Inuit Cherokee Navajo Apache Sioux Lakota Ojibwe Seminole Hopi Zuni Choctaw Chickasaw
    African Asian European Latin Hispanic Latino Latina Arab Arabic Caribbean Scandinavian Nordic
    Balkan Baltic Slavic Celtic Gaelic Anglo Indian Persian Mayan Aztec Incan Hawaiian Alaskan
    Islamic Muslim Moslem Jewish Catholic Protestant Anglican Anglicans Baptist Methodist Lutheran
    Presbyterian Episcopal Episcopalian Evangelical Orthodox Mormon Sunni Shiite Shia Hindu
    Buddhist Sikh Amish Mennonite Quaker Coptic Germans Americans Britons Russians Africans"""
    )
)
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Sir", "Dame"})
SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})


@cache
def first_names() -> frozenset[str]:
    """Return the US Census 1990 first names (derived into archive/lexicon/data/first_names.txt)."""
    text = (DATA / "first_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


@cache
def given_names() -> frozenset[str]:
    """Return first names from anywhere: the Census 1990 list and data/given_names.txt.

    The wider list tells a person's name from other capitalized pairs; the Census list alone
    says which words are common American first names (a town named so is a risky town).
    """
    text = (DATA / "given_names.txt").read_text(encoding="utf-8")
    return first_names() | frozenset(line for line in text.splitlines() if line)


def role_for(title: str) -> str:
    """Return the role recorded for a title as written ("Sen." -> "Senator")."""
    return TITLES.get(title, title)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def person_key(name: str) -> str:
    """Return the facet key of a person: case, accents, middle initials and suffixes folded."""
    words = [w for w in re.split(r"[\s]+", name.strip()) if w]
    words = [w for w in words if w not in SUFFIXES and w.rstrip(",") not in SUFFIXES]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w.strip(".")) > 1), words[-1]]
    return re.sub(r"[^a-z0-9]+", "-", _fold(" ".join(words))).strip("-")
