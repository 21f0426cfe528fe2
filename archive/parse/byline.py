"""Authors and wire services: JSON-LD, meta tags, byline markup and "By" lines, cross-checked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from bs4.element import NavigableString

from archive.parse.byline_names import clean_names, name_key
from archive.parse.byline_sources import ld_authors, markup_names, meta_names
from archive.parse.byline_text import (
    after_by_label,
    bare_byline,
    block_text,
    byline_lines,
    description_byline,
    site_owner,
)
from archive.parse.elements import PageIndex, class_names, find_strings, text_length, text_of
from archive.parse.meta import PageMeta, ld_text

__all__ = ["Byline", "bare_byline", "byline_lines", "clean_names", "find_byline"]

_HANDLE = re.compile(r"[a-z]{2,20}")
# a site's house accounts ("ledgeradmin", "citydesk", "siteeditor") name no one
_ACCOUNT = re.compile(
    r"admin|editor|staff|team|news|desk|web|moderator|user|author|post|blog|guest"
)
_COMMENTS = re.compile(r"comment", re.I)
_COPYRIGHT_WORDS = re.compile(
    r"copyright|\(c\)|\u00a9|\b\d{4}\b|all rights reserved\.?|[.,]", re.IGNORECASE
)
# a credit for the pictures or the styling, at the start of a credit line or after a separator;
# "Story and photos by" credits the writer
_ROLE_CREDIT = re.compile(
    r"(?:^|[;|\u2022]\s*)(?:photo(?:graph)?(?:s|ed|y)?|images?|video|illustrat\w*|graphics?"
    r"|model(?:l)?ed|styl(?:ed|ing)|hair|make-?up|nails|art direction|produced|edited)"
    r"\s+by:?\s+((?-i:[A-Z][\w'\u2019.-]*)(?:\s+(?-i:[A-Z][\w'\u2019.-]*)){0,3})",
    re.IGNORECASE,
)
_POSTED_BY = re.compile(r"^\W*(?:posted|written)\s+by\b", re.I)


@dataclass
class Byline:
    """Who wrote the article: person names, a wire service, and where they came from."""

    authors: list[str] = field(default_factory=list)
    wire: str | None = None
    source: str = "none"


class _Replay:
    """Lines read from their source once, when first asked for, and replayed after."""

    def __init__(self, source: Iterable[str]) -> None:
        self._source = iter(source)
        self._read: list[str] = []

    def __iter__(self) -> Iterator[str]:
        yield from self._read
        for line in self._source:
            self._read.append(line)
            yield line


def find_byline(index: PageIndex, meta: PageMeta, outlet: str, lines: Iterable[str]) -> Byline:
    """Return the article's authors and wire: JSON-LD, meta and byline markup cross-checked,
    else the first visible "By" line."""
    found = _labelled(index, meta, outlet)
    lines = _Replay(lines)
    if not found.authors or any(" " not in name for name in found.authors):
        _read_lines(found, lines, outlet)
    if not found.authors:
        _fall_back(found, index, meta, outlet, lines)
    # JSON-LD says "Kay" and no "By" line completes it; the author box prints "Kay Lind"
    found.authors = [
        _spelled_out(name, index) if name.isalpha() and name.istitle() else name
        for name in found.authors
    ]
    found.authors = _writers(found.authors, index, meta)
    return found


def _writers(names: list[str], index: PageIndex, meta: PageMeta) -> list[str]:
    """Drop the names a page credits with something other than the story: its copyright holder
    (the company that an author meta names beside the reporter) and those of a role credit
    ("Photographed by", "Styled by"), as long as someone is left."""
    if len(names) < 2:
        return names
    others = _copyright_holders(meta) | _role_credits(index)
    kept = [name for name in names if name_key(name) not in others]
    return kept or names


def _copyright_holders(meta: PageMeta) -> set[str]:
    """Return the folded names of the page's copyright holder ("Copyright (c) Ellery Crane")."""
    values = [meta.first("copyright", "dcterms.rightsholder") or ""]
    values.append(ld_text(meta.ld_article.get("copyrightHolder")) or "")
    return {name_key(_COPYRIGHT_WORDS.sub(" ", value)) for value in values if value} - {""}


def _role_credits(index: PageIndex) -> set[str]:
    """Return the folded names that byline markup credits with another role than writing."""
    found: set[str] = set()
    for element in index.bylines[:20]:
        if text_length(element) <= 600:
            found.update(name_key(m.group(1)) for m in _ROLE_CREDIT.finditer(block_text(element)))
    return found


def _labelled(index: PageIndex, meta: PageMeta, outlet: str) -> Byline:
    """Return the authors and wire that JSON-LD, meta and byline markup give, cross-checked."""
    found = Byline()
    sources: list[tuple[str, list[str]]] = []
    labelled = (
        ("json-ld", ld_authors(meta), True),
        ("meta", meta_names(index), True),
        ("byline", markup_names(index), False),
    )
    for source, raw, owner in labelled:
        # one-word names ("Kay") only where the page labels them as its author
        names, wire = clean_names(raw, outlet, single=True, owner=owner)
        found.wire = found.wire or wire
        sources.append((source, names))
    found.source, found.authors = _choose(sources)
    return found


def _read_lines(found: Byline, lines: Iterable[str], outlet: str) -> None:
    """Take the first visible "By" line's names, or complete cut names with them."""
    for line in lines:
        # "Posted by Marisol": a lone word after that label is a name, after "By" a topic
        names, wire = clean_names([line], outlet, single=bool(_POSTED_BY.match(line)))
        if not found.authors:
            found.wire = found.wire or wire
        if names and found.authors:
            # JSON-LD says "Kay", the visible byline "By Kay Lind"
            found.authors = [_fullest(name, names) for name in found.authors]
            return
        if names:
            found.authors, found.source = names, "visible-text"
            return


def _fall_back(
    found: Byline, index: PageIndex, meta: PageMeta, outlet: str, lines: Iterable[str]
) -> None:
    """Find an author the page names only weakly: a description's byline, a blogger's handle
    in the byline markup that a "by" line repeats, the person a personal site is named after."""
    names = clean_names(description_byline(meta), outlet)[0]
    source = "description"
    if not names:
        names, source = _handle(index, lines), "handle"
    if not names:
        names, source = site_owner(meta, outlet), "site-owner"
    if names:
        found.authors, found.source = names, source


def _spelled_out(name: str, index: PageIndex) -> str:
    """Return the full name the page prints for a one-word name where it credits its author,
    else the name: a commenter or a person in the story may share the first name."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s+(?:[A-Z]\.\s+)?[A-Z][\w'\u2019-]+\s*$")
    credits = {id(element) for element in index.bylines}
    for string in find_strings(index.body, pattern, 8) if index.body is not None else []:
        if not _credits_author(string, credits):
            continue
        names = clean_names([str(string)], "")[0]
        if len(names) == 1:
            return names[0]
    return name


def _credits_author(string: NavigableString, credits: set[int]) -> bool:
    """Tell whether a string sits where a page credits its author: byline or author-box markup,
    the story's header, or after a lone "By" label; never among the comments."""
    # near ancestors only: a page's <body> may carry a class like "comments-open"
    if any(_COMMENTS.search(class_names(parent)) for parent in islice(string.parents, 8)):
        return False
    if any(id(parent) in credits or parent.name == "header" for parent in string.parents):
        return True
    return after_by_label(string)


def _handle(index: PageIndex, lines: Iterable[str]) -> list[str]:
    """Return a lower-case handle ("oz") that the byline markup holds and a "by" line repeats."""
    for element in index.bylines[:8]:
        text = text_of(element, " ", strip=True)
        if not _HANDLE.fullmatch(text) or _ACCOUNT.search(text):
            continue  # "rk_2047" reads as an account, not a pen name
        if not clean_names([text.title()], "", single=True)[0]:
            continue
        said = re.compile(rf"^\W*(?:posted |written )?by:?\s+{re.escape(text)}\b", re.IGNORECASE)
        if any(said.match(line) for line in lines):
            return [text]
    return []


def _choose(sources: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """Take the first source that names anyone, corrected by names two sources agree on."""
    given = [(source, names) for source, names in sources if names]
    if not given:
        return "none", []
    votes = Counter(key for _, names in given for key in {n.casefold() for n in names})
    (source, names), others = given[0], given[1:]
    if not any(votes[n.casefold()] > 1 for n in names):
        # JSON-LD names only the account that uploaded; meta and byline agree on the reporters
        backed = [(s, more) for s, more in others if any(votes[m.casefold()] > 1 for m in more)]
        (source, names) = backed[0] if backed else (source, names)
    everyone = [m for _, more in others for m in more]
    names = [_fullest(name, everyone) for name in names]
    # "Nora Pell" in JSON-LD, "Nora Pell, Ivan Tesh" in meta and byline alike
    names += [m for m in everyone if votes[m.casefold()] > 1]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return source, list(unique.values())


def _fullest(name: str, others: list[str]) -> str:
    """Return the longer spelling another source gives of a cut name ("Kay" -> "Kay Lind")."""
    if " " in name:
        return name
    for other in others:
        if other.casefold().startswith(f"{name.casefold()} ") and len(other.split()) <= 3:
            return other
    return name
