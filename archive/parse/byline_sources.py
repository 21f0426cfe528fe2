"""Where a page labels its authors: JSON-LD author objects, author meta tags, and byline
markup (microdata items, linked co-authors), each read into raw names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from bs4 import Tag

from archive.lexicon.names import first_names
from archive.parse.byline_names import clean_names, is_wire, name_key
from archive.parse.byline_text import BLOCKS, SOCIAL_LABEL, block_text, in_furniture
from archive.parse.elements import PageIndex, text_length, text_of
from archive.parse.meta import PageMeta, clean_text

_NOT_BYLINE_TAGS = frozenset(("button", "input", "form", "select", "script", "img", "meta"))
_BY_WORD = re.compile(r"^\W*by\b\W*", re.I)
_META_AUTHOR = (
    "author", "article:author", "og:article:author", "article:author_name", "parsely-author",
    "sailthru.author", "byl", "dc.creator", "dcterms.creator", "citation_author",
    "twitter:creator:name",
)  # fmt: skip
# JSON-LD objects whose author is someone else than the page's (a review, a book it cites)
_LD_NOT_PAGE = frozenset(("Review", "Comment", "Answer", "Question", "Book", "Product", "Event"))


def ld_authors(meta: PageMeta) -> list[str]:
    """Return the names JSON-LD gives the article's author (or the page's, lacking one)."""
    value = meta.ld_article.get("author") or meta.ld_article.get("creator")
    if not value:
        # no article object (or one without author): a WebPage or Recipe names the page's author
        value = next((o["author"] for o in meta.ld_all if o.get("author") and _is_page(o)), None)
    return _ld_names(_resolve(meta, value))


def _is_page(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return not any(isinstance(k, str) and k in _LD_NOT_PAGE for k in kinds)


def _resolve(meta: PageMeta, value: object) -> object:
    """Replace JSON-LD {"@id": ...} references (Yoast graphs) by the objects they name."""
    items = value if isinstance(value, list) else [value]
    by_id = {o.get("@id"): o for o in meta.ld_all if isinstance(o.get("@id"), str)}
    resolved = []
    for item in items:
        if isinstance(item, dict) and "name" not in item and item.get("@id") in by_id:
            item = by_id[item["@id"]]
        resolved.append(item)
    return resolved


def _ld_names(value: object) -> list[str]:
    items: list[Any] = value if isinstance(value, list) else [value] if value else []
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if isinstance(name, str):
                kind = str(item.get("@type", ""))
                if "Organization" not in kind or is_wire(name):
                    names.append(name)
    return names


def meta_names(index: PageIndex) -> list[str]:
    """Return author meta values; itemprop ones (often a cited paper's authors) only as a last
    resort."""
    named: dict[str, list[str]] = {}
    for tag in index.metas:
        key = tag.get("name") or tag.get("property") or f"itemprop:{tag.get('itemprop')}"
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            named.setdefault(key.strip().lower(), []).append(clean_text(content))
    values = [v for key in _META_AUTHOR for v in named.get(key, ())]
    values = values or named.get("itemprop:author", [])
    names = [v for v in values if not v.startswith(("http", "@", "/"))][:8]
    profiles = [v for v in values if v.startswith(("http", "/"))][:4]
    return names or _profile_names(index, profiles)


def _profile_names(index: PageIndex, urls: list[str]) -> list[str]:
    """Return the names a page's links give its author profile URLs (og's article:author is a
    profile URL, ".../staff/ann-lee", linked from the byline as "Ann Lee")."""
    names: list[str] = []
    for url in urls:
        slug = _last_segment(url)
        if len(slug) < 3:
            continue
        for anchor in index.anchors:
            href = anchor.get("href")
            if isinstance(href, str) and _last_segment(href) == slug:
                text = clean_text(text_of(anchor, " "))
                if name_key(text) == name_key(slug):
                    names.append(text)
                    break
    return names


def _last_segment(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()


def markup_names(index: PageIndex) -> list[str]:
    """Return the names in the page's byline markup, co-authors included, or a wire it names."""
    headline = {id(parent) for h1 in index.h1s[:3] for parent in h1.parents}
    bylines = {id(element) for element in index.bylines}
    wire: list[str] = []  # "By Reuters" names no one but says whose story it is
    for element in index.bylines:
        if element.name in _NOT_BYLINE_TAGS or in_furniture(element, headline):
            continue
        if _in_caption(element):
            continue  # "Gina Marsh/Valley Ledger" under a photo: its credit, not the story's
        text = _element_name(element)
        if _named(text):
            more = [t for t in _sibling_names(element, bylines) if _named(t) or is_wire(t)]
            return [*wire, _named(text), *(_named(t) or t for t in more)]
        if text and not wire and is_wire(text):
            wire.append(text)
    return wire


def _named(text: str) -> str:
    """Return byline markup's text if it names someone, else ""."""
    if not text:
        return ""
    lone = _lone_given_name(text)
    if lone:
        text = text.title()  # "PAUL" in the byline markup, as "Paul" is
    return text if clean_names([text], "", single=lone)[0] else ""


def _lone_given_name(text: str) -> bool:
    """Tell whether byline markup holds one word that is a person's given name ("By Paul"): a
    desk ("Newsroom") or a site ("Ledger") is no given name."""
    words = _BY_WORD.sub("", text).split()
    return len(words) == 1 and words[0].title() in first_names()


def _in_caption(element: Tag) -> bool:
    return any(parent.name in ("figure", "figcaption") for parent in islice(element.parents, 6))


def _sibling_names(element: Tag, bylines: set[int]) -> list[str]:
    """Return the names of the byline's sibling bylines ("<a>Jane</a> and <a>John</a>"), up to
    the next block of other content (another story's byline further down is not one)."""
    texts: list[str] = []
    joined = False  # an "and" or a comma since the last name: the next link is a co-author
    for sibling in element.next_siblings:
        if isinstance(sibling, Tag):
            marked = id(sibling) in bylines or _linked(sibling, joined)
            if sibling.name == element.name and marked:
                texts.append(_element_name(sibling))
                joined = False
            elif sibling.name in BLOCKS:
                break
        else:
            between = str(sibling).strip(" ,;&|\n\t\r\xa0")
            if len(between) > 4:
                break
            joined = joined or (between.casefold() in ("", "and") and bool(str(sibling).strip()))
        if len(texts) >= 6:
            break
    return texts


def _linked(sibling: Tag, joined: bool) -> bool:
    """Tell whether a link after an author's linked name, joined to it by "and" or a comma, is a
    co-author's ("<a rel=author>Ann Lee</a> and <a>Tom Ray</a>")."""
    return joined and sibling.name == "a" and not SOCIAL_LABEL.match(text_of(sibling))


def _element_name(element: Tag) -> str:
    if text_length(element) > 600:
        return ""  # a container (a whole story classed "author-jane-doe"), not a byline
    names = _item_names(element)
    if names:
        return ", ".join(names)
    content = element.get("content")
    if isinstance(content, str) and content.strip():
        return clean_text(content)
    text = block_text(element)
    if text.count(" | ") >= 5:
        return clean_text(text_of(element, " "))[:200]  # a menu or a list of stories: one blob
    return text[:200]


def _item_names(element: Tag) -> list[str]:
    """Return the schema.org microdata names of an author item ("<span itemprop=name>", or a
    <meta itemprop=name content>), one per person; a nested item's name (the paper the author
    works for) is not the author's. Markup that is no item gives its first name."""
    names: list[str] = []
    item = element.has_attr("itemscope")
    for inner in element.find_all(True, attrs={"itemprop": "name"}, limit=8 if item else 1):
        if item and any(parent.has_attr("itemscope") for parent in _between(inner, element)):
            continue
        content = inner.get("content") if inner.name == "meta" else None
        text = clean_text(content if isinstance(content, str) else text_of(inner, " "))
        if text:
            names.append(text)
    return names


def _between(inner: Tag, outer: Tag) -> Iterator[Tag]:
    """Yield the elements between inner and its ancestor outer, both excluded."""
    for parent in inner.parents:
        if parent is outer:
            return
        yield parent
