"""Where a page shows its story's date: date areas, the byline, and which are the story's own.

A date in the site's masthead is today's; one in a photo caption is the photo's; one in a
rail of teasers is another story's. Only the story's own byline or date line may hold a
relative date ("3 hours ago"), which is read against the capture time.
"""

from __future__ import annotations

import re

from bs4 import Tag

from archive.parse.elements import PageIndex, class_names, text_of
from archive.parse.meta import clean_text

_SITE_HEADER = re.compile(r"header|top-?bar|masthead", re.IGNORECASE)
_CAPTION = re.compile(r"caption|credit|image-?meta|photo-?meta|media-?meta", re.IGNORECASE)
_CAPTION_TAGS = frozenset(("figcaption", "figure"))
# containers of other stories' teasers, never of the story's own date
_RAIL = re.compile(
    r"related|sidebar|rail|trending|recommend|popular|teaser|promo|widget|most-read|more-",
    re.IGNORECASE,
)
_RAIL_TAGS = frozenset(("aside", "nav", "footer"))
_MASTHEAD_DEPTH = 4  # levels below <body> where a site's masthead can sit
_OWN_LEVELS = 4  # a story's date line sits this close to its headline
_CAPTION_LEVELS = 4
_AREA_CHARS = (6, 200)
_BYLINE_CHARS = 300


def date_areas(index: PageIndex) -> list[tuple[Tag, str]]:
    """Return the date areas outside the masthead and captions, with their text."""
    found: list[tuple[Tag, str]] = []
    for element in index.date_areas[:40]:
        text = clean_text(text_of(element, " "))
        low, high = _AREA_CHARS
        if low <= len(text) <= high and not in_site_header(element) and not _in_caption(element):
            found.append((element, text))
    return found


def byline_areas(index: PageIndex) -> list[tuple[Tag, str]]:
    """Return the story's own byline elements with their text ("By Ann Lee | Dec 13, 2016")."""
    headline = headline_of(index)
    found: list[tuple[Tag, str]] = []
    for element in index.bylines[:20]:
        if not is_own(element, headline):
            continue
        text = clean_text(text_of(element, " "))
        if 0 < len(text) <= _BYLINE_CHARS:
            found.append((element, text))
    return found


def headline_of(index: PageIndex) -> Tag | None:
    """Return the story's headline: the first <h1> in its article or main area."""
    scope = index.article or index.main  # a logo's <h1> in the masthead is no headline
    return next((h for h in index.h1s if scope is None or scope in h.parents), None)


def is_own(tag: Tag, headline: Tag | None) -> bool:
    """Tell whether an element is the story's own (near its headline), not a teaser's."""
    parents = list(tag.parents)
    for parent in parents:
        if parent.name in ("article", "main", "body"):
            break
        if parent.name in _RAIL_TAGS or _RAIL.search(class_names(parent)):
            return False
    if headline is None:
        return True
    heads = {id(p) for p in headline.parents}
    return any(id(p) in heads for p in parents[:_OWN_LEVELS])


def in_site_header(tag: Tag) -> bool:
    """Tell whether this sits in the site's masthead (today's date), not the story's header."""
    parents = list(tag.parents)
    for depth, parent in enumerate(parents):
        if parent.name in ("article", "main", "body"):
            return False
        if parent.name == "header" or _SITE_HEADER.search(names_of(parent)):
            # the masthead hangs near the top of the page; a deeper "header" heads a post
            levels_below_body = len(parents) - depth - 3  # minus body, html, the document
            return levels_below_body <= _MASTHEAD_DEPTH and parent.find(("h1", "h2")) is None
    return False


def _in_caption(tag: Tag) -> bool:
    element: Tag | None = tag
    for _ in range(_CAPTION_LEVELS):
        if element is None or element.name in ("article", "main", "body"):
            return False
        if element.name in _CAPTION_TAGS or _CAPTION.search(class_names(element)):
            return True
        element = element.parent
    return False


def names_of(tag: Tag) -> str:
    """Return an element's class names and id, for matching by name."""
    return f"{class_names(tag)} {tag.get('id') or ''}"
