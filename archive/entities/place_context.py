"""What the words around a capitalized run say it is not: a road, a person, a name abroad."""

from __future__ import annotations

from archive.entities.mentions import Run, Token
from archive.entities.place_words import CIVIC_UNITS, MODIFIER_NOUNS, STREET_PLURALS
from archive.lexicon.gazetteer import is_country
from archive.lexicon.names import ORG_WORDS, TITLE_WORDS


def org_of(tokens: list[Token], run: Run) -> bool:
    """Tell whether the run ends an organisation's name ("Chamber of Commerce")."""
    if run.lo < 2 or tokens[run.lo - 1].text != "of":
        return False
    word = tokens[run.lo - 2].text
    return (word in ORG_WORDS or word == "Chamber") and word not in CIVIC_UNITS


def abroad(tokens: list[Token], runs_by_lo: dict[int, Run], run: Run) -> bool:
    """Tell whether a country follows ("Toronto, Ontario, Canada"), not a list."""
    toks, nxt = tokens, run
    for _ in range(2):  # the country, or a province and then the country
        if nxt.hi >= len(toks) or toks[nxt.hi].text != ",":
            return False
        after = runs_by_lo.get(nxt.hi + 1)
        if after is None:
            return False
        if is_country(" ".join(after.words)):
            end = toks[after.hi].text if after.hi < len(toks) else ""
            return end not in {"and", "or", ","}
        nxt = after
    return False


def person_after(tokens: list[Token], run: Run) -> bool:
    """Tell whether an age or "who" follows, as after a person ("Harrison, 8, held ...")."""
    after = [t.text for t in tokens[run.hi : run.hi + 2]]
    if len(after) < 2 or after[0] != ",":
        return False
    word = after[1]
    # "Clayton, founder of ..." is a person; "Toronto, Ontario, Canada" is abroad
    return word.isdigit() or word == "who" or word.capitalize() in TITLE_WORDS


def street(tokens: list[Token], runs_by_lo: dict[int, Run], run: Run) -> bool:
    """Tell whether the run names a road ("Loop 286", "Orange and White streets")."""
    toks = tokens
    nxt = toks[run.hi].text if run.hi < len(toks) else ""
    if nxt.isdigit():
        return True
    if nxt in STREET_PLURALS and run.lo >= 2 and toks[run.lo - 1].text in {"and", "&"}:
        return toks[run.lo - 2].is_cap
    if nxt in {"and", "&"}:
        other = runs_by_lo.get(run.hi + 1)
        if other is not None and other.hi < len(toks):
            return toks[other.hi].text in STREET_PLURALS
    return False


def bare_the(tokens: list[Token], run: Run) -> bool:
    """Tell whether "the" stands before the run with no place word after it.

    "the Hudson" is a river, "the White House on Monday" no town; "the Rochester area" is.
    """
    if run.lo == 0 or tokens[run.lo - 1].text != "the":
        return False
    return run.hi >= len(tokens) or tokens[run.hi].text not in MODIFIER_NOUNS


def among_countries(tokens: list[Token], runs_by_lo: dict[int, Run], run: Run, name: str) -> bool:
    """Tell whether a country's name is listed with another ("Wales and Scotland")."""
    if not is_country(name):
        return False
    toks, lists = tokens, {"and", "or", ","}
    nxt = runs_by_lo.get(run.hi + 1) if run.hi < len(toks) else None
    if nxt is not None and toks[run.hi].text in lists and is_country(" ".join(nxt.words)):
        return True
    prev = next((r for r in runs_by_lo.values() if r.hi == run.lo - 1), None)
    joined = run.lo > 0 and toks[run.lo - 1].text in lists
    return prev is not None and joined and is_country(" ".join(prev.words))
