"""Which place a name means: the story's state evidence and the choice among same-named places.

A story names its state in many ways: a dateline, an outlet's home, ", Ga." after a town,
"Georgia" in an agency's or a university's name, a county ("Rapides Parish" is in Louisiana),
or towns that exist in one state only. Each is a weighted vote for its state; an ambiguous
name ("Athens") takes the place in the state with the most votes. A name with no vote for
any of its places is kept only when one place of that name dwarfs the others ("Dallas").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from archive.entities.place_words import COMMON_WORDS, DIRECTIONS
from archive.lexicon.gazetteer import NEIGHBORS, Place, is_country, places_named
from archive.lexicon.names import ORG_WORDS, STOP_WORDS, TITLE_WORDS, first_names

DATELINE_VOTE = 6.0
HOME_VOTE = 4.0
QUALIFIED_VOTE = 3.0  # ", Ga." after a town
STATE_NAMED_VOTE = 2.0  # "Georgia Bureau of Investigation", "R-Ga."
COUNTY_VOTE = 2.0  # shared among the states that have a county of that name
SURE_PLACE_VOTE = 1.0  # a town that exists in one state only
SHARED_NAME_VOTE = 0.3  # an ambiguous town: a little for each of its states, to break ties
# A one-state town votes only when it is named as a place ("in Pataskala") and is a town of
# this size: "Paint" or "Devon" in a story may be anything.
SURE_POPULATION = 1_000
# A big city beats a hamlet of the same name in a state with only weak votes:
# "Denver-based" in an Indiana story is Denver, CO, not Denver, IN (pop. 500).
DWARFS_POPULATION = 200_000
DWARFS_RATIO = 50
# With no vote at all, the most populous place wins only when it is this large and this much
# larger than the next ("Dallas", not "Athens").
DOMINANT_POPULATION = 50_000
DOMINANT_RATIO = 7
DATELINE_FLOOR = 10_000  # a dateline's town is surely one: a smaller place may dwarf the rest
NEAR_POPULATION = 20_000  # a neighbouring state's city, when the home state has none


@dataclass(frozen=True)
class StateVotes:
    """Votes for each state from one story, and the states of its dateline and home."""

    votes: dict[str, float]
    local: tuple[str, ...]
    own: dict[str, float]  # what each town's name gave its states: it may not vote for itself
    shared: dict[str, float]  # ambiguous towns' states: they only break ties

    def add(self, state: str, vote: float) -> None:
        """Add a vote for a state (a town resolved in a first pass)."""
        self.votes[state] = self.votes.get(state, 0.0) + vote

    def weight(self, state: str, name: str = "") -> float:
        """Return the votes for a state, less those that the town `name` gave it."""
        return self.votes.get(state, 0.0) - self.own.get(name, 0.0)


def count_votes(
    evidence: dict[str, float],
    dateline: str | None,
    home: str | None,
    qualified: list[str],
    sure: list[str],
    shared: list[str],
) -> StateVotes:
    """Add up a story's votes: named states, dateline, home, qualified and unambiguous towns."""
    votes: defaultdict[str, float] = defaultdict(float, evidence)
    own: dict[str, float] = {}
    if dateline:
        votes[dateline] += DATELINE_VOTE
    if home:
        votes[home] += HOME_VOTE
    for state in qualified:
        votes[state] += QUALIFIED_VOTE
    for name in sure:
        own[name] = SURE_PLACE_VOTE
        votes[places_named(name)[0].state] += SURE_PLACE_VOTE
    ties: defaultdict[str, float] = defaultdict(float)
    for name in shared:
        for state in {p.state for p in places_named(name)}:
            ties[state] += SHARED_NAME_VOTE
    local = tuple(s for s in (dateline, home) if s)
    return StateVotes(votes, local, own, ties)


def one_state(name: str) -> bool:
    """Tell whether every place of this name lies in one state."""
    return len({p.state for p in places_named(name)}) == 1


def choose(
    name: str, votes: StateVotes, *, bare: bool, need: float = SURE_PLACE_VOTE
) -> Place | None:
    """Pick the place a name means from the story's votes (at least `need` for its state).

    `bare`: a one-state town (a dateline's) needs no vote.
    """
    candidates = places_named(name)
    if not candidates:
        return None
    top = candidates[0]
    # The dateline's or home's state first ("Athens" in Athens, GA), unless all we know of the
    # town there is its post office and a big city has its name ("Denver-based" in Indiana).
    for state in votes.local:
        for place in candidates:
            if place.state == state and not (place.population == 0 and _dwarfed(place, top)):
                return place
    best = max(
        candidates,
        key=lambda p: (votes.weight(p.state, name), votes.shared.get(p.state, 0.0), p.population),
    )
    weight = votes.weight(best.state, name)
    # a town with no population figure needs its state's strong vote; a mere other name of
    # a ZIP code ("Wall Street") needs the home's or dateline's
    strong = weight >= QUALIFIED_VOTE and not best.alternate
    known = best.population > 0 or best.state in votes.local or strong
    if weight >= need and known:
        return top if _dwarfed(best, top) else best
    for state in votes.local:
        for place in candidates:
            if place.state in NEIGHBORS.get(state, ()) and place.population >= NEAR_POPULATION:
                return place
    if bare and len({p.state for p in candidates}) == 1 and top.population >= SURE_POPULATION:
        return top
    return None


def _dwarfed(place: Place, top: Place) -> bool:
    return (
        place is not top
        and top.population >= DWARFS_POPULATION
        and top.population >= DWARFS_RATIO * max(place.population, 1)
    )


def dominant(name: str, floor: int = DOMINANT_POPULATION) -> Place | None:
    """Return the place of this name that dwarfs all others ("Dallas"), if one does."""
    candidates = places_named(name)
    if not candidates:
        return None
    top = candidates[0]
    # the largest namesake in another state ("New York City" is listed twice in New York)
    second = max((p.population for p in candidates if p.state != top.state), default=0)
    if top.population >= floor and top.population >= DOMINANT_RATIO * max(second, 1):
        return top
    return None


def plain_town(place: Place, votes: StateVotes) -> bool:
    """Tell whether a home-state town the Post Office knows is named like a town, not a hill."""
    words = place.name.split()
    return (
        place.state in votes.local
        and words[-1] not in ORG_WORDS
        and words[0] not in {"Mount", "Mt.", "Lake", "Camp"}
        and place.name not in COMMON_WORDS
    )


def name_risk(name: str) -> str | None:
    """Say why a one-word name may be no place: a "word", a "given" name or a "country"."""
    if " " in name or "-" in name:
        return None
    if is_country(name):
        return "country"
    if (
        name in COMMON_WORDS
        or name in DIRECTIONS
        or name in ORG_WORDS
        or name in TITLE_WORDS
        or name in STOP_WORDS
    ):
        return "word"
    return "given" if name in first_names() else None
