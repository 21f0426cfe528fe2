"""The headline: compare og:title, JSON-LD headline, <h1> and <title>, strip site suffixes."""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup, Tag

from archive.parse_index import PageIndex
from archive.parse_meta import PageMeta, clean_text, ld_text, site_of

_VISUAL = "h2, [class*=headline], [class*=Headline], font[size] b, b font[size], strong font"
_SEPARATORS = re.compile(r"\s+(?:\||-|\u2014|\u2013|::|\u00b7|\u00bb|\u2022|/)\s+")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).casefold().removeprefix("the ")
    return re.sub(r"[^a-z0-9]", "", folded)


def site_keys(meta: PageMeta, outlet: str, url: str) -> set[str]:
    """Return normalized names the site goes by (outlet, og:site_name, publisher, host)."""
    names = {outlet, meta.first("og:site_name") or "", meta.first("application-name") or ""}
    names.add(ld_text(meta.ld_article.get("publisher")) or "")
    host = site_of(url)
    names.add(host.rsplit(".", 1)[0] if "." in host else host)
    return {_key(n) for n in names if _key(n)}


def _is_site(part: str, sites: set[str]) -> bool:
    key = _key(part)
    if not key:
        return True
    return any(key == s or (len(key) >= 4 and (key in s or s in key)) for s in sites)


def strip_site(title: str, sites: set[str], section: str | None, aggressive: bool) -> str:
    """Remove " | Site" suffixes, "Site - " prefixes and a leading section name from a title."""
    parts = _SEPARATORS.split(title)
    section_key = _key(section or "")
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    while len(parts) > 1 and (_is_site(parts[0], sites) or _key(parts[0]) == section_key):
        parts.pop(0)
    if aggressive and len(parts) > 1 and " | " in title:
        parts = [max(parts, key=len)]
    if len(parts) == len(_SEPARATORS.split(title)):
        return clean_text(title)
    seps = _SEPARATORS.findall(title)
    return clean_text(_rejoin(title, parts, seps))


def _rejoin(title: str, parts: list[str], seps: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end] if start >= 0 and end > start else " - ".join(parts)


def first_h1(index: PageIndex) -> str:
    """Return the text of the article's <h1> (inside <article>/<main> first, else the page's)."""
    for area in (index.article, index.main):
        if area is not None:
            for h1 in index.h1s:
                if area in h1.parents:
                    return _heading_text(h1)
    return _heading_text(index.h1s[0]) if index.h1s else ""


def _heading_text(tag: Tag) -> str:
    text = clean_text(tag.get_text(" "))
    if len(text) > 300:  # an unclosed <h1> swallowed the page: keep its own first line
        own = tag.find(string=True)
        text = clean_text(str(own)) if own else ""
    return text


def visual_headline(soup: BeautifulSoup) -> str:
    """Return the first bold/large headline-like text of a page without <h1>."""
    for tag in soup.select(_VISUAL, limit=30):
        if tag.find_parent(["a", "nav", "header", "footer", "aside", "li"]) is not None:
            continue
        text = clean_text(tag.get_text(" "))
        if 3 <= len(text.split()) <= 20 and not text.endswith((".", ":")):
            return text
    return ""


def find_title(
    soup: BeautifulSoup, index: PageIndex, meta: PageMeta, sites: set[str], section: str | None
) -> tuple[str, str]:
    """Return the headline and its source, preferring the visible <h1> when a meta agrees."""
    h1 = first_h1(index)
    if h1 and (_is_site(h1, sites) or len(h1) > 300):
        h1 = ""
    candidates = [
        (ld_text(meta.ld_article.get("headline")) or "", "json-ld"),
        (meta.first("og:title") or "", "og:title"),
        (meta.first("twitter:title") or "", "meta"),
        (meta.title_tag, "title"),
    ]
    cleaned = [
        (strip_site(text, sites, section, aggressive=source == "title"), source)
        for text, source in candidates
        if text.strip()
    ]
    meta_keys = {_key(text) for text, _ in cleaned}
    # the first <h1> can be a section or show name; a later one that a meta repeats is the headline
    for heading in (h1, *(_heading_text(tag) for tag in index.h1s[:4])):
        if heading and _key(heading) in meta_keys:
            return heading, "h1"
    for text, source in cleaned:
        if text and source != "title" and not _is_site(text, sites):
            return text, source
    if h1:
        return h1, "h1"
    visual = visual_headline(soup)
    if visual:
        return visual, "markup"
    for text, source in cleaned:
        if text:
            return text, source
    return "", "none"
