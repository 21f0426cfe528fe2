"""Cities in a story: place-name mentions, their evidence, and their resolution to "City, ST"."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.entities.mentions import Run, Token, strip_stop_words
from archive.lexicon.gazetteer import (
    is_country,
    parse_state,
    pick_place,
    places_named,
    world_city,
)
from archive.lexicon.names import ORG_WORDS, STOP_WORDS, TITLE_WORDS, first_names, word_list

PREPOSITIONS = frozenset(
    word_list(
        "in of from to near at outside between and or through into toward towards across "
        "via serving including like neighboring nearby"
    )
)
# After a place name, these make "Bloomfield Police Department" a mention of the town.
CIVIC_WORDS = frozenset(
    word_list(
        "Police Fire Public Town City Board Council Schools School High Middle Elementary Library "
        "Housing Planning Zoning Democrats Republicans Democratic Republican Registrar Historical "
        "Senior Community Mayor Selectmen Residents Volunteer Animal Parks Recreation Land "
        "Conservation Inland Economic Board Tax Water Sewer Finance Treasurer Clerk "
        "Superintendent Chamber"
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
    Hillside Lakeview""")
)


@dataclass(frozen=True)
class Mention:
    """A candidate place name in the text, with the evidence around it."""

    name: str
    pos: int
    state: str | None = None
    country: str | None = None
    strong: bool = False


@dataclass
class PlaceFinder:
    """Collects place mentions from the runs of one text and resolves them."""

    tokens: list[Token]
    runs_by_lo: dict[int, Run]
    skip_words: frozenset[str]
    mentions: list[Mention] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    _last_hi: int = -1

    def add_run(self, run: Run) -> None:
        """Read one run (not a person) for a place name and its state or country."""
        if run.lo in self.used:
            return
        skipped, words = strip_stop_words(run.words)
        if not words or words[0] == "Greater" or self._before_county(run):
            return
        if (
            len(words) > 2
            and words[0] in {"City", "Town", "Village", "Borough"}
            and words[1] == "of"
        ):
            words = words[2:]
        state, country = self._qualifier(run)
        name = self._place_part(words, exact=state is not None or country is not None)
        if name is None or (name == " ".join(words) and self._bare_the(run)):
            return
        self.mentions.append(
            Mention(name, run.lo + skipped, state, country, self._strong(run, skipped, name))
        )
        self._last_hi = run.hi

    def _bare_the(self, run: Run) -> bool:
        # "the Hudson" is a river; "the Rochester area" is a place.
        if run.lo == 0 or self.tokens[run.lo - 1].text != "the":
            return False
        return run.hi >= len(self.tokens) or not self.tokens[run.hi].text.islower()

    def _before_county(self, run: Run) -> bool:
        ahead = [t.text for t in self.tokens[run.hi : run.hi + 4]]
        return "counties" in ahead or (len(ahead) > 0 and ahead[0] in {"County", "county"})

    def _listed_with_place(self, run: Run) -> bool:
        toks = self.tokens
        if run.hi >= len(toks) or toks[run.hi].text not in {"and", "or", ","}:
            return False
        nxt = self.runs_by_lo.get(run.hi + 1)
        return nxt is not None and bool(places_named(" ".join(nxt.words)))

    def _strong(self, run: Run, skipped: int, name: str) -> bool:
        prev = self.tokens[run.lo - 1].text if run.lo > 0 else ""
        if self._listed_with_place(run):
            return True
        if skipped and run.words[skipped - 1].lower() in PREPOSITIONS:
            return True
        if prev in PREPOSITIONS and not run.sentence_start:
            return True
        if prev == "," and self._last_hi == run.lo - 1:
            return True
        return name.count(" ") < len(run.words) - skipped - 1

    def add_civic(self, name: str, pos: int) -> None:
        """Add a place named before a title ("Hartford Police Chief ...")."""
        self.mentions.append(Mention(name, pos, strong=True))

    def _qualifier(self, run: Run) -> tuple[str | None, str | None]:
        toks = self.tokens
        if run.hi + 1 >= len(toks) or toks[run.hi].text != ",":
            return None, None
        after = self.runs_by_lo.get(run.hi + 1)
        text = " ".join(after.words) if after else toks[run.hi + 1].text
        for candidate in (text, toks[run.hi + 1].text):
            code = parse_state(candidate)
            if code:
                self.used.add(run.hi + 1)
                return code, None
            if is_country(candidate) and world_city(" ".join(run.words), candidate):
                self.used.add(run.hi + 1)
                return None, candidate
        return None, None

    def _place_part(self, words: tuple[str, ...], *, exact: bool) -> str | None:
        whole = " ".join(words)
        if places_named(whole):
            return whole
        if exact and len(words) <= 3:
            return whole
        for n in range(min(3, len(words) - 1), 0, -1):
            prefix = " ".join(words[:n])
            if words[n] in CIVIC_WORDS and places_named(prefix):
                return prefix
        return None

    def resolve(
        self, local: tuple[str, ...], context: tuple[str, ...], near: tuple[str, ...] = ()
    ) -> list[str]:
        """Return labels of the accepted mentions in order; `local`: dateline and home states."""
        qualified: dict[str, str] = {m.name.lower(): m.state for m in self.mentions if m.state}
        found: list[str] = []
        for m in self.mentions:
            label = self._label(m, qualified, local, context, near)
            if label and label not in found:
                found.append(label)
        return found

    def _label(
        self,
        m: Mention,
        qualified: dict[str, str],
        local: tuple[str, ...],
        context: tuple[str, ...],
        near: tuple[str, ...],
    ) -> str | None:
        if m.country:
            city = world_city(m.name, m.country)
            return f"{city}, {m.country}" if city else None
        if m.state:
            place = pick_place(m.name, (m.state,))
            return place.label if place else None
        if (m.name.lower() in self.skip_words and not m.strong) or parse_state(m.name):
            return None
        state = qualified.get(m.name.lower())
        if state:
            place = pick_place(m.name, (state,))
            return place.label if place else None
        risky = _risky(m.name)
        if risky:
            place = pick_place(m.name, local, min_population=100_000) if m.strong else None
            return place.label if place else None
        place = pick_place(m.name, context)
        if place is None:
            place = pick_place(m.name, near)
            place = place if place and place.population >= 20_000 else None
        if place is None:
            place = pick_place(m.name, min_population=100_000 if local else 50_000)
        return place.label if place else None


def _risky(name: str) -> bool:
    if " " in name or "-" in name:
        return False
    return (
        name in COMMON_WORDS
        or name in first_names()
        or name in ORG_WORDS
        or name in TITLE_WORDS
        or name in STOP_WORDS
    )
