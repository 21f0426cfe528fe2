"""Tokens and runs of capitalized words: the raw material of entity extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from archive.lexicon.names import HONORIFICS, ORG_WORDS, STOP_WORDS, SUFFIXES, TITLES

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'\u2019\-]*\.?|\d+|\n|[^\s\w]")
_KEEP_PERIOD = frozenset(
    {w for t in TITLES for w in t.split() if w.endswith(".")}
    | {"St.", "Mt.", "Ft.", "Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ave.", "Rd.", "Blvd."}
    | {"Conn.", "Mass.", "Calif.", "Fla.", "Ill.", "Pa.", "Va.", "Ga.", "Md.", "Mich.", "Minn."}
    | {"Ala.", "Ariz.", "Ark.", "Colo.", "Del.", "Ind.", "Kan.", "Ky.", "La.", "Miss.", "Mo."}
    | {"Mont.", "Neb.", "Nev.", "Okla.", "Ore.", "Tenn.", "Vt.", "Wash.", "Wis.", "Wyo."}
    | {"Mr.", "Mrs.", "Ms.", "Mx.", "No.", "Dept.", "Tpke.", "Hwy.", "Pkwy.", "Ln.", "Ct."}
)
_SENTENCE_END = frozenset({".", "!", "?", "\n"})
_QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "(", ")"})
# Suffixes that make a town a modifier: "Dallas-based", "Atlanta-area", "Ohio-born".
PLACE_SUFFIXES = frozenset({"based", "area", "born", "bred", "raised", "headquartered"})
NAME_PARTICLES = frozenset(
    {"de", "del", "della", "da", "van", "von", "la", "le", "di", "du", "der", "den", "los", "las"}
    | {"dos", "das", "ter", "ten", "bin", "ibn"}
)


class Token(NamedTuple):
    """One word or mark of the text, with where it is and whether a sentence starts there.

    A named tuple, not a dataclass: a long story has tens of thousands of tokens.
    """

    text: str
    start: int
    sentence_start: bool
    is_cap: bool  # could be part of a proper name


def _is_cap(t: str) -> bool:
    if not t[0].isupper() or not t[0].isalpha():
        return False
    letters = t.replace(".", "").replace("-", "").replace("'", "")
    return not (len(letters) > 1 and letters.isupper() and t not in SUFFIXES and "." not in t)


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; a period stays on abbreviations and initials only."""
    tokens: list[Token] = []
    caps: dict[str, bool] = {}  # words repeat: decide capitalization once per word
    starts_sentence = True
    for match in _TOKEN.finditer(text):
        word, offset = match.group(), match.start()
        if "-" in word:
            head, _, tail = word.rpartition("-")
            if tail.lower().rstrip(".") in PLACE_SUFFIXES and head[:1].isupper():
                # "a Dallas-based firm": the town and its suffix are two words
                _add(tokens, caps, head, offset, starts_sentence)
                word, offset, starts_sentence = tail, offset + len(head) + 1, False
        if word[-1] == "." and len(word) > 2 and word not in _KEEP_PERIOD and "." not in word[:-1]:
            _add(tokens, caps, word[:-1], offset, starts_sentence)
            tokens.append(_new_token(Token, (".", offset + len(word) - 1, False, False)))
            starts_sentence = True
            continue
        _add(tokens, caps, word, offset, starts_sentence)
        if word in _SENTENCE_END:
            starts_sentence = True
        elif word not in _QUOTES:
            starts_sentence = False
    return tokens


# Token(...) runs a Python-level __new__ per token; the tuple's own is the same tuple, faster
_new_token = tuple.__new__
_MARK_ENDS = frozenset("s'\u2019")  # the last letters a possessive's mark can end with


def _add(tokens: list[Token], caps: dict[str, bool], piece: str, offset: int, starts: bool) -> None:
    # a possessive is a word of its own ("'s", also for "Jones'"), so it ends a name:
    # "Columbia's First United Methodist Church" is Columbia's church, "India's Leena Paes" and
    # "Roy Jones' title" name Leena Paes and Roy Jones; a short word like "A's" keeps its 's
    mark = ""
    if piece[-1] in _MARK_ENDS:
        if len(piece) > 3 and piece.endswith(("'s", "\u2019s")):
            mark, piece = "'s", piece[:-2]
        elif len(piece) > 2 and piece.endswith(("'", "\u2019")):
            # "Jones'" is a possessive; another word's trailing mark is a closing quote or a slip
            mark = "'s" if piece.rstrip("'\u2019").endswith("s") else ""
            piece = piece.rstrip("'\u2019")
    cap = caps.get(piece)
    if cap is None:
        cap = caps[piece] = _is_cap(piece)
    tokens.append(_new_token(Token, (piece, offset, starts, cap)))
    if mark:
        tokens.append(_new_token(Token, (mark, offset + len(piece), False, False)))


@dataclass(frozen=True)
class Run:
    """A maximal run of capitalized tokens (tokens[lo:hi]) with its words."""

    lo: int
    hi: int
    words: tuple[str, ...]
    sentence_start: bool


def find_runs(tokens: list[Token]) -> list[Run]:
    """Return the runs of capitalized words; "of" joins only after an organization word."""
    runs: list[Run] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].is_cap:
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if tokens[j].is_cap:
                j += 1
            elif joined := _joins(tokens, j):
                j += joined
            else:
                break
        words = tuple(t.text for t in tokens[i:j])
        runs.append(Run(i, j, words, tokens[i].sentence_start))
        i = j
    return runs


def _joins(tokens: list[Token], j: int) -> int:
    """Return how many tokens from j join the run ("of", "&", "de", "van der"), else 0."""
    word, before = tokens[j].text, tokens[j - 1].text
    # particles come one or two at a time: "Maria de la Cruz", "Joost van der Berg"
    n = (
        2
        if word in NAME_PARTICLES and j + 1 < len(tokens) and tokens[j + 1].text in NAME_PARTICLES
        else 1
    )
    if j + n >= len(tokens) or not tokens[j + n].is_cap:
        return 0
    if word == "of":
        joins = before in ORG_WORDS or before in {"Superintendent", "Director", "Secretary"}
    else:
        joins = word == "&" or word in NAME_PARTICLES
    return n + 1 if joins else 0


def strip_stop_words(words: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Drop leading capitalized function words ("After", "On", "Mr."); return how many."""
    n = 0
    while n < len(words) and words[n] in STOP_WORDS and words[n] not in HONORIFICS:
        n += 1
    while n < len(words) and words[n] in HONORIFICS:
        n += 1
    return n, words[n:]
