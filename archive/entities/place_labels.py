"""Place mentions resolved to "City, ST": state votes, a name's risks (a surname, a country,
a common word), and the towns that dwarf their namesakes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from archive.entities.mentions import Token
from archive.entities.place_words import REGIONS, TOWN_STATES
from archive.entities.resolve import (
    DATELINE_FLOOR,
    DOMINANT_POPULATION,
    NEAR_POPULATION,
    STATE_NAMED_VOTE,
    SURE_PLACE_VOTE,
    SURE_POPULATION,
    StateVotes,
    choose,
    count_votes,
    dominant,
    name_risk,
    one_state,
    plain_town,
)
from archive.lexicon.gazetteer import Place, parse_state, places_named, world_city, world_population


@dataclass(frozen=True)
class Mention:
    """A candidate place name in the text, with the evidence around it."""

    name: str
    pos: int
    state: str | None = None
    country: str | None = None
    strong: bool = False  # its context says it is a place (preposition, modifier, list...)
    placed: bool = False  # after "in", "from"... or listed after a place: even a surname is one
    tag: bool = False  # a legislator's party tag: a town in the story's state, never elsewhere
    possessive: bool = False  # "Columbia's church", "Moore's Ford": home or dateline state only


@dataclass
class PlaceLabeller:
    """Resolves one text's place mentions to labels, from the state evidence gathered with them."""

    tokens: list[Token]
    mentions: list[Mention]
    evidence: defaultdict[str, float]
    skip_words: frozenset[str]
    surnames: frozenset[str]
    county_names: set[str]
    dateline_label: str | None = None  # what the dateline's town resolved to

    def resolve(self, dateline: str | None, home: str | None) -> list[str]:
        """Return the labels of the accepted mentions in order (dateline and home states)."""
        votes = self._votes(dateline, home)
        qualified = {m.name.lower(): m.state for m in self.mentions if m.state}
        ordered = sorted(self.mentions, key=lambda m: m.pos)
        labels = [self._label(m, qualified, votes) for m in ordered]
        # Towns kept without a vote ("Hartford" dwarfs its namesakes) vote in a second pass:
        # a resident "of Bloomfield" in that story is from Bloomfield, CT.
        kept = {m.name: label for m, label in zip(ordered, labels, strict=True) if label}
        for name, town in kept.items():
            if not one_state(name) and name.lower() not in qualified:
                votes.add(town.rsplit(", ", 1)[1], SURE_PLACE_VOTE)
        found: list[str] = []
        for m, first in zip(ordered, labels, strict=True):
            label = first or self._label(m, qualified, votes)
            if m.pos < 0:
                self.dateline_label = label
            if label and label not in found:
                found.append(label)
        return found

    def _votes(self, dateline: str | None, home: str | None) -> StateVotes:
        names = {m.name for m in self.mentions if not m.state and not m.country}
        plain = [n for n in names if name_risk(n) is None and n.lower() not in self.skip_words]
        placed = {m.name for m in self.mentions if m.placed or m.pos < 0}
        sure = [n for n in plain if n in placed and one_state(n) and _sure_town(n)]
        shared = [n for n in plain if not one_state(n)]
        qualified = [m.state for m in self.mentions if m.state]
        bare = next((m.name for m in self.mentions if m.pos < 0 and one_state(m.name)), None)
        if bare and not dateline:  # a dateline's town that only one state has
            dateline = places_named(bare)[0].state
        return count_votes(self.evidence, dateline, home, qualified, sure, shared)

    def _label(self, m: Mention, qualified: dict[str, str], votes: StateVotes) -> str | None:
        if m.country:
            city = world_city(m.name, m.country)
            return f"{city}, {m.country}" if city else None
        state = m.state or qualified.get(m.name.lower())
        if state:
            place = next((p for p in places_named(m.name) if p.state == state), None)
            return place.label if place else None
        if self._no_town(m, votes):
            return None
        if m.name == "Washington":
            return "Washington, DC"
        if m.name == "New York" and m.strong and "NY" not in votes.local:
            return "New York, NY"
        if parse_state(m.name):
            return None
        if m.tag:
            place = choose(m.name, votes, bare=False)
            voted = place and votes.weight(place.state, m.name) >= STATE_NAMED_VOTE
            return place.label if place and voted else None
        risk = name_risk(m.name) if m.pos >= 0 else None  # a dateline names a town
        if risk == "country":
            return self._country_town(m, votes)
        if risk == "word" and not m.strong:
            return None
        place = self._town(m, votes, risk)
        return place.label if place else None

    def _no_town(self, m: Mention, votes: StateVotes) -> bool:
        """A person's name, a region or landmark, or what _not_town rules out."""
        key = m.name.lower().rstrip("'\u2019")
        placed = m.placed and not m.name.endswith(("'", "\u2019"))  # "in Paris' death"
        if (key in self.surnames and not placed) or (key in self.skip_words and not m.strong):
            return True
        return m.name in REGIONS or self._not_town(m, votes)

    def _country_town(self, m: Mention, votes: StateVotes) -> str | None:
        """A country's name as a home-state town: "Lebanon, Mansfield and Coventry"."""
        place = choose(m.name, votes, bare=False)
        if place is None or place.state not in votes.local:
            return None
        # New England's and New York's Lebanons and Perus are towns; elsewhere, after "in" or
        # "from", a country's name is the country ("the flight from Egypt")
        town = place.state in TOWN_STATES or not m.placed
        return place.label if place.population >= 5_000 or (m.strong and town) else None

    def _town(self, m: Mention, votes: StateVotes, risk: str | None) -> Place | None:
        # a name merely capitalized in passing needs more than one town's vote for its state;
        # with no vote, only a dateline's one-state town stands: "Mars", "Oracle" or "Apex"
        # after "in" or "to" is as often a planet or a company as a town
        need = SURE_PLACE_VOTE if m.strong or m.placed else STATE_NAMED_VOTE
        place = choose(m.name, votes, bare=m.pos < 0, need=need)
        if place is None and (risk is None or m.strong):
            # a dateline surely names a town: the one that dwarfs its namesakes, if any
            place = dominant(m.name, DATELINE_FLOOR if m.pos < 0 else DOMINANT_POPULATION)
        if place is None or (m.possessive and place.state not in votes.local):
            return None
        if place.population == 0 and not m.strong and not plain_town(place, votes):
            return None  # known to the Post Office only: "Mount Tom" is a mountain
        if risk == "word":  # "Franklin": the home state's, a city, or one voted for
            ok = (
                place.state in votes.local
                or place.population >= NEAR_POPULATION
                or votes.weight(place.state, m.name) >= SURE_PLACE_VOTE
            )
            return place if ok else None
        return place

    def _not_town(self, m: Mention, votes: StateVotes) -> bool:
        """A county named bare ("Clarke and Oconee update"), a big foreign city, "the Union"."""
        towns = places_named(m.name)
        local = [p for p in towns if p.state in votes.local]
        if m.name in self.county_names and all(p.population < 5_000 for p in local):
            return True
        biggest = max((p.population for p in towns), default=0)
        abroad = world_population(m.name)
        for need, times in ((SURE_PLACE_VOTE, 1), (STATE_NAMED_VOTE, 10)):
            # "Damascus" with nothing to say Maryland; "London" with little to say Kentucky
            voted = any(votes.weight(p.state, m.name) >= need for p in towns)
            if not local and not voted and abroad > times * biggest:
                return True
        before = self.tokens[m.pos - 1].text if m.pos > 0 else ""
        return before == "the" and name_risk(m.name) == "word" and not m.strong


def _sure_town(name: str) -> bool:
    """Tell whether a one-state name is a real town of its own, not a big foreign city's."""
    place = places_named(name)[0]
    return place.population >= SURE_POPULATION and world_population(name) <= place.population
