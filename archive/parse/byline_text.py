"""Byline text outside the marked byline: "By" lines, a description's byline, a bare name line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from archive.lexicon.names import first_names
from archive.parse.byline_names import clean_names, name_key
from archive.parse.elements import class_names, find_strings, text_length, text_of
from archive.parse.meta import PageMeta, clean_text

_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|comments?|sidebar|teasers?|cards?|promo\w*|more|follow\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
BLOCKS = frozenset((
    "br", "div", "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "header",
    "footer", "table", "tr", "td", "dl", "dt", "dd", "figure", "figcaption",
))  # fmt: skip
_BY_LABEL = re.compile(
    r"^\s*\W{0,6}(?:(?:written|story|posted|reported|words)\s+)?by(?:\s|:|$)", re.I
)
_NON_BLANK = re.compile(r"\S")
_ONLY_LABEL = re.compile(r"^\W*(?:(?:written|story|posted|reported|words)\s+)?by\W*$", re.I)
_DESCRIPTION_BYLINE = re.compile(
    r"^\W{0,6}((?:(?:written|posted)\s+)?by\s+(?-i:[A-Z])[^.|\u2014]{2,100}?)"
    r"(?: - | \| | \u2014 |\. )",
    re.I,
)
_NAME = r"[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019.-]*){1,3}"
_BARE_BYLINE = re.compile(rf"{_NAME}(?: (?:and|&) {_NAME}|\s*/\s*{_NAME})?")
_SLASHED_NAMES = re.compile(rf"{_NAME}(?:\s*/\s*{_NAME})+")
_NOT_NAME_WORDS = frozenset((
    "news", "breaking", "live", "update", "updates", "report", "video", "photos", "editorial",
    "opinion", "analysis", "watch", "listen", "sponsored", "advertisement", "exclusive", "latest",
    "top", "stories", "home", "share", "social", "menu", "search", "subscribe", "follow",
    "contact", "privacy", "business", "politics", "sports", "science", "technology", "travel",
    "entertainment", "lifestyle", "weather", "world", "national", "coast", "county", "street",
    "avenue", "road", "valley", "island", "chapter", "text", "summary", "notes", "contents",
    "introduction", "transcript",
))  # fmt: skip
_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014:\u00bb\u00b7-]+\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?(?:\s|$)")
_SEPARATOR = re.compile(r"(?:\s*\|\s*)+")
# what a social link says instead of a name: the network, "Follow", "Email", a handle
SOCIAL_LABEL = re.compile(
    r"^\W*(?:(?:follow|email|e-mail|message|contact)\b.*|@\w+|twitter|x|facebook|instagram"
    r"|linkedin|threads|bluesky|mastodon|tiktok|youtube|pinterest|rss|website)\W*$",
    re.IGNORECASE,
)


def in_furniture(element: Tag, headline: set[int]) -> bool:
    for parent in [element, *element.parents]:
        if id(parent) in headline:
            return False  # a wrapper of the headline is the article, whatever its class says
        if parent.name in ("aside", "footer", "nav"):
            return True
        if parent.name in ("main", "body"):
            return False  # layout wrappers above the main landmark ("page-sidebar-layout")
        if parent.name == "article":
            continue
        if _FURNITURE.search(class_names(parent)):
            return True
    return False


def block_text(element: Tag) -> str:
    """Return an element's text with " | " where a line or block starts ("Jane Doe<br>Editor"),
    without the labels of social links ("Jane Doe" and a "Twitter" link to her account)."""
    parts: list[str] = []
    social: set[int] = set()
    for node in element.descendants:
        if id(node) in social:
            continue
        if isinstance(node, Tag):
            if node.name in BLOCKS:
                parts.append("|")
            elif node.name == "a" and _is_social_link(node):
                social.update(id(inner) for inner in node.descendants)
        elif type(node) is NavigableString:
            parts.append(str(node))
    return _SEPARATOR.sub(" | ", clean_text(" ".join(parts))).strip(" |")


def _is_social_link(link: Tag) -> bool:
    """Tell whether a link's text labels a social account or an e-mail form ("Twitter")."""
    return bool(SOCIAL_LABEL.match(text_of(link)))


def byline_lines(soup: BeautifulSoup) -> Iterator[str]:
    """Yield up to three visible lines that start with "By" (a byline the markup does not mark),
    lazily: a page whose byline markup names its authors never needs the walk."""
    headline = {id(parent) for h1 in soup.find_all("h1", limit=3) for parent in h1.parents}
    found = 0
    for string in find_strings(soup, _BY_LABEL, 8):
        line = _label_line(string, headline)
        if line:
            yield line
            found += 1
            if found == 3:
                return


def _label_line(string: NavigableString, headline: set[int]) -> str | None:
    parent = string.parent
    if parent is None or parent.name in ("script", "style", "title") or len(string) > 200:
        return None
    before = string.previous_sibling
    text_before = text_of(before) if isinstance(before, Tag) else str(before or "")
    if text_before.strip() and not (isinstance(before, Tag) and before.name in BLOCKS):
        return None  # "... a guide by Jane Doe": a sentence that mentions someone
    if in_furniture(parent, headline) or _in_teaser(parent):
        return None
    line = block_text(parent)
    for holder in islice(parent.parents, 3):
        if not _ONLY_LABEL.match(line):
            break
        line = block_text(holder)  # "<span>By</span> <span>Jane Doe</span>"
    if len(line) <= 120:
        return line
    own = clean_text(str(string))
    return own if len(own) <= 120 and not _ONLY_LABEL.match(own) else None


def after_by_label(string: NavigableString) -> bool:
    """Tell whether the text just before a string is a lone "By" ("<b>By</b> <p>Jane Doe</p>")."""
    before = string.find_previous(string=_NON_BLANK)
    return isinstance(before, NavigableString) and bool(_ONLY_LABEL.match(before))


def _in_teaser(element: Tag) -> bool:
    """Tell whether an element sits in a link to another story (its teaser text and byline)."""
    for parent in [element, *islice(element.parents, 4)]:
        if parent.name == "a":
            return text_length(parent) > 80
    return False


def description_byline(meta: PageMeta) -> list[str]:
    """Return the byline a description opens with (blog platforms quote a post's first line:
    "Posted by Jane Doe and Ann Lee - Safety team. Over the past year...")."""
    text = meta.first("description", "og:description") or ""
    match = _DESCRIPTION_BYLINE.match(text)
    return [match.group(1)] if match else []


def site_owner(meta: PageMeta, outlet: str) -> list[str]:
    """Return the person a personal site is named after: its title says "Jane Doe's Notebook"
    and its host is janedoe.net (a publication's name can read like a person's, "Amherst Bell")."""
    if " " in outlet or "." not in outlet:
        return []  # the outlet is the site's own name, not its host
    labels = set(outlet.lower().split("."))
    for segment in _TITLE_PARTS.split(meta.title_tag):
        parts = _POSSESSIVE.split(segment, maxsplit=1)
        names = clean_names(parts[:1], "")[0] if len(parts) == 2 else []
        # a magazine's title can be possessive too ("Good Harvest's best pies" on goodharvest.com)
        if (
            len(names) == 1
            and name_key(names[0]) in labels
            and names[0].split()[0] in first_names()
        ):
            return names
    return []


def bare_byline(body: str, outlet: str) -> tuple[list[str], str]:
    """Take a body line that is only names as the byline it is, and drop it from the body: the
    first line ("Jane Doe"), or names joined by slashes after a short standfirst."""
    paragraphs = body.split("\n\n")
    for position, line in enumerate(paragraphs[:3]):
        if position and len(paragraphs[position - 1]) > 120:
            break
        pattern = _BARE_BYLINE if position == 0 else _SLASHED_NAMES
        names = _bare_names(line, outlet, pattern) if position + 1 < len(paragraphs) else []
        if names:
            return names, "\n\n".join(paragraphs[:position] + paragraphs[position + 1 :])
    return [], body


def _bare_names(line: str, outlet: str, pattern: re.Pattern[str]) -> list[str]:
    if len(line) > 80 or not pattern.fullmatch(line):
        return []
    words = line.lower().replace("/", " ").split()
    # "Planting Garlic" is a subhead: a verb first, not a given name
    if words[0].endswith("ing") or any(word in _NOT_NAME_WORDS for word in words):
        return []
    return clean_names([line], outlet)[0]
