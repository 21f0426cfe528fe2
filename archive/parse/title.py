"""The headline: compare og:title, JSON-LD headline, <h1> and <title>, strip site suffixes.

Two decisions, made apart. Which wording is the headline, first match wins: an <h1> that a
declared title (JSON-LD headline, microdata headline, og:title, twitter:title, <title> without
the site) repeats; a JSON-LD headline that another declared title repeats (the stored headline,
when the <h1> shows a display variant); a declared "Part: Part" title whose pieces the <h1> and
the element beside it show; the article's <h1> when it shares a word with the declared titles
and is neither the site's name nor a declared title wrapped in a kicker; the declared titles;
bold markup on a page without <h1>. An <h1> marked itemprop="alternativeHeadline" is no
headline. Then which spelling of that wording to keep: where sources agree up to quotes, case
and spacing, the spelling most of them use (og:title first on a tie; the headline shown on a
page without <h1> votes too), since an <h1> alone may carry typographic quotes or stray spaces
from its markup; but where the shown headline differs from that spelling in what a reader sees,
its letter case or quote marks that metadata sets round a name the page sets in italics, the
shown one wins. The site's names include what <title> adds to og:title ("Blog Name: Post
title"), so a masthead <h1> never becomes the headline; on a hand-made page that declares no
title but its <title>, they include the name its copyright line gives (a weekly's masthead).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from itertools import chain

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from archive.parse.elements import PageIndex, find_strings, text_length, text_of
from archive.parse.meta import PageMeta, clean_text, ld_text, site_of

_VISUAL = "h2, [class*=headline], [class*=Headline], font[size] b, b font[size], strong font"
_SEPARATORS = re.compile(r"\s+(?:\||-|\u2014|\u2013|::|\u00b7|\u00bb|\u2022|/)\s+")
# the site's name and the separator that joins it to the headline in a <title>, either side
_TITLE_JOINT = re.compile(
    r"\s*(?:[|:\-\u2014\u2013\u00b7\u00bb\u2022/]\s+)?(?P<site>[^|:\u2014\u2013\u00b7\u00bb\u2022]{2,60}?)"
    r"(?:\s*[|:\-\u2014\u2013\u00b7\u00bb\u2022/])?\s*"
)
# a title part that is only a generic section name ("Blog Archive" of WordPress themes)
_GENERIC_PARTS = frozenset(("blogarchive", "blog", "news", "home", "localnews", "latestnews"))
_COPYRIGHT = re.compile(r"\u00a9|\(c\)|\bcopyright\b", re.I)
_COPYRIGHT_WORDS = re.compile(r"\u00a9|\(c\)|\bcopyright\b|\b\d{4}\b|[-\u2013,]", re.I)
_HOLDER_END = re.compile(r"\.\s|\.$|\||\ball rights\b", re.I)
_CREDIT_PART = re.compile(r"^by\s+\S+(?:\s+\S+){0,4}$", re.I)
_INLINE = frozenset((
    "a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u",
))  # fmt: skip
_STOPWORDS = frozenset((
    "the", "and", "for", "with", "from", "that", "this", "what", "how", "why", "who", "are",
    "was", "you", "your", "our", "not", "but", "has", "have", "its", "into", "over", "after",
))  # fmt: skip
# order in which sources win a tie between two spellings of one headline
_SPELLING_ORDER = ("og:title", "json-ld", "meta", "title", "h1", "markup")
_QUOTE_MARKS = re.compile("[\"'\u2018\u2019\u201c\u201d]")
_STRAIGHT_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).casefold().removeprefix("the ")
    return re.sub(r"[\W_]", "", folded)  # letters of every script, without accents


def site_keys(meta: PageMeta, outlet: str, url: str) -> set[str]:
    """Return normalized names the site goes by (outlet, og:site_name, publisher, host)."""
    names = {outlet, meta.first("og:site_name") or "", meta.first("application-name") or ""}
    names.add(ld_text(meta.ld_article.get("publisher")) or "")
    host = site_of(url)
    names.add(host.rsplit(".", 1)[0] if "." in host else host)
    names.add(_title_rest(meta.title_tag, meta.first("og:title") or ""))
    # some pages fill application-name with the headline: a site is not named like its article
    titles = {_key(t) for t in (meta.title_tag, meta.first("og:title") or "")}
    return {_key(n) for n in names if _key(n) and _key(n) not in titles}


def _title_rest(title: str, og_title: str) -> str:
    """Return what <title> adds to og:title at either end, "Blog Name" of Blogger's "Blog Name:
    Post Title": the site's name, which a masthead <h1> repeats on every post."""
    og_title = clean_text(og_title)
    title = clean_text(title)
    if len(og_title) < 8 or title == og_title:
        return ""
    if title.endswith(og_title):
        rest = title[: -len(og_title)]
    elif title.startswith(og_title):
        rest = title[len(og_title) :]
    else:
        return ""
    match = _TITLE_JOINT.fullmatch(rest)
    # "Headline - Headline - Site": a <title> that repeats the headline names no site by it
    return match.group("site") if match and _key(og_title) not in _key(rest) else ""


def _is_site(part: str, sites: set[str]) -> bool:
    key = _key(part)
    if not key:
        return True
    return any(key == s or (len(key) >= 4 and (key in s or s in key)) for s in sites)


def _names_site(text: str, sites: set[str]) -> bool:
    """Whether a whole heading is the site's name ("Hartford Sentinel Online", "Sentinel"), not
    a headline that merely starts with it ("Torrington Fair opens Friday" on a Torrington site)."""
    key = _key(text)
    return not key or any(
        s == key or (len(key) >= 4 and key in s) or (s in key and len(key) - len(s) <= 8)
        for s in sites
    )


def _is_furniture(part: str, sites: set[str], section_key: str) -> bool:
    key = _key(part)
    return _is_site(part, sites) or key == section_key or key in _GENERIC_PARTS


def strip_site(title: str, sites: set[str], section: str | None, aggressive: bool) -> str:
    """Remove " | Site" suffixes, "| by Author" credits and leading site or section names."""
    parts = _SEPARATORS.split(title)
    section_key = _key(section or "")
    while len(parts) > 1 and (_is_site(parts[-1], sites) or _CREDIT_PART.match(parts[-1])):
        parts.pop()
    while len(parts) > 1 and _is_furniture(parts[0], sites, section_key):
        parts.pop(0)
    if aggressive and len(parts) > 1 and " | " in title:
        parts = [max(parts, key=len)]
    if len(parts) == len(_SEPARATORS.split(title)):
        return clean_text(title)
    return clean_text(_rejoin(title, parts))


def _rejoin(title: str, parts: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end] if start >= 0 and end > start else " - ".join(parts)


def first_h1(index: PageIndex) -> str:
    """Return the text of the article's <h1> (inside <article>/<main> first, else the page's)."""
    tag = _first_h1_tag(index)
    return _heading_text(tag) if tag is not None else ""


def _first_h1_tag(index: PageIndex) -> Tag | None:
    headings = _h1s(index)
    for area in (index.article, index.main):
        if area is not None:
            for h1 in headings:
                if area in h1.parents:
                    return h1
    return headings[0] if headings else None


def _h1s(index: PageIndex) -> list[Tag]:
    # an <h1> marked as the alternative headline (a short one for search) is not the headline
    return [h1 for h1 in index.h1s if h1.get("itemprop") != "alternativeHeadline"]


def _microdata_headline(index: PageIndex) -> str:
    """Return the headline that schema.org microdata marks (itemprop="headline") on another
    element than the <h1>: an <h1> marked so confirms nothing but itself."""
    for tag in index.itemprops.get("headline", [])[:3]:
        if tag.name == "h1":
            continue
        content = tag.get("content") if tag.name == "meta" else None
        text = clean_text(content if isinstance(content, str) else _joined_text(tag))
        if text:
            return text
    return ""


def _split_headline(index: PageIndex, declared: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Return a declared "Part: Part" title that the page shows in two pieces, one in the <h1>
    and the other just beside it (a review's artist and album, a name and its story)."""
    tag = _first_h1_tag(index)
    if tag is None:
        return None
    shown = _key(_heading_text(tag))
    beside = {_key(clean_text(text_of(t, " "))) for t in _beside(tag)} - {""}
    for text, source in declared:
        head, colon, tail = text.partition(": ")
        if not colon or source == "title":
            continue
        if (_key(head), _key(tail)) in ((shown, k) for k in beside) or (
            _key(tail) == shown and _key(head) in beside
        ):
            return text, source
    return None


def _beside(tag: Tag) -> list[Tag]:
    """Return the elements just before and after a heading (and its wrapper), short ones only."""
    found: list[Tag] = []
    for node in (tag, tag.parent):
        if node is None:
            continue
        for sibling in (node.find_previous_sibling(True), node.find_next_sibling(True)):
            if isinstance(sibling, Tag) and text_length(sibling) <= 120:
                found.append(sibling)
    return found


def _heading_text(tag: Tag) -> str:
    text = clean_text(_joined_text(tag))
    if len(text) > 300:  # an unclosed <h1> swallowed the page: keep its own first line
        own = tag.find(string=True)
        text = clean_text(str(own)) if own else ""
    return text


def _joined_text(tag: Tag) -> str:
    # inline markup joins without a space: "<em>Danbury</em>, Conn." is "Danbury, Conn."
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, Tag):
            if node.name not in _INLINE:
                parts.append(" ")
        elif type(node) is NavigableString:
            before = node.previous_sibling
            if isinstance(before, Tag) and before.name not in _INLINE:
                parts.append(" ")
            parts.append(str(node))
    return "".join(parts)


def visual_headline(soup: BeautifulSoup, sites: set[str]) -> str:
    """Return the first bold/large headline-like text of a page without <h1>; the paper's own
    name set large above the story (a weekly's masthead) is none."""
    for tag in soup.select(_VISUAL, limit=30):
        if tag.find_parent(["a", "nav", "header", "footer", "aside", "li"]) is not None:
            continue
        text = clean_text(text_of(tag, " "))
        shaped = 3 <= len(text.split()) <= 20 and not text.endswith((".", ":"))
        if shaped and not _names_site(text, sites):
            return text
    return ""


def _copyright_holders(soup: BeautifulSoup) -> set[str]:
    """Return the names a page's copyright lines give ("Copyright (c) 2019 The Canaan Courier.
    All rights reserved."): the paper's own name, which a hand-made page sets as its masthead."""
    names: set[str] = set()
    for string in find_strings(soup, _COPYRIGHT, 2):
        if len(string) < 200:
            rest = _COPYRIGHT.split(str(string), maxsplit=1)[-1]
            holder = _HOLDER_END.split(_COPYRIGHT_WORDS.sub(" ", rest), maxsplit=1)[0]
            names.add(_key(holder))
    return names - {""}


def _declared(
    meta: PageMeta, sites: set[str], section: str | None, microdata: str
) -> list[tuple[str, str]]:
    """The titles the page declares for machines, site names stripped, in order of trust."""
    candidates = [
        (ld_text(meta.ld_article.get("headline")) or "", "json-ld"),
        (microdata, "microdata"),
        (meta.first("og:title") or "", "og:title"),
        (meta.first("twitter:title") or "", "meta"),
        (meta.title_tag, "title"),
    ]
    out = []
    for text, source in candidates:
        text = clean_text(html.unescape(text)) if "&" in text else text
        if text.strip():
            out.append((strip_site(text, sites, section, aggressive=source == "title"), source))
    return out


def _words(text: str) -> set[str]:
    found = re.findall(r"[^\W_]+", text.casefold())
    return {w for w in found if len(w) >= 3 and w not in _STOPWORDS}


def _plausible_h1(h1: str, declared: list[tuple[str, str]], sites: set[str]) -> bool:
    """An unconfirmed <h1> is the headline unless it is the site's name, wraps a declared title
    in a kicker or dek, or shares no word with the declared titles (then it names a section, a
    show or a blog); the <title> counts only on a page that declares nothing else."""
    if not h1 or len(h1) > 300 or _names_site(h1, sites):
        return False
    metas = [text for text, source in declared if text and source != "title"]
    texts = metas or [text for text, _ in declared if text]
    key, words = _key(h1), _words(h1)
    if any(len(_key(text)) >= 15 and _key(text) in key for text in texts):
        return False
    return not texts or any(words & _words(text) for text in texts)


def _confirmed_ld(declared: list[tuple[str, str]]) -> str:
    """Return the JSON-LD headline when og:title, twitter:title or <title> repeats it."""
    ld = next((text for text, source in declared if source == "json-ld"), "")
    others = {_key(text) for text, source in declared if source != "json-ld"}
    return ld if ld and _key(ld) in others else ""


def _wording(
    soup: BeautifulSoup, index: PageIndex, declared: list[tuple[str, str]], sites: set[str]
) -> tuple[str, str]:
    """Return the headline's wording and its source, before choosing among spellings."""
    h1 = first_h1(index)
    keys = {_key(text) for text, _ in declared}
    # the first <h1> can be a section or show name; a later one that a meta repeats is the headline
    for heading in chain((h1,), (_heading_text(tag) for tag in _h1s(index)[:4])):
        if heading and _key(heading) in keys and not _names_site(heading, sites):
            return heading, "h1"
    ld = _confirmed_ld(declared)
    if ld and not _names_site(ld, sites):
        return ld, "json-ld"
    split = _split_headline(index, declared)
    if split:
        return split
    if _plausible_h1(h1, declared, sites):
        return h1, "h1"
    for text, source in declared:
        if text and source != "title" and not _names_site(text, sites):
            return text, source
    # a page whose <h1> was rejected has no better headline, unless a hand-made page's <h1> is
    # its masthead (such a page declares no title but its <title>)
    hand_made = all(source == "title" for text, source in declared if text)
    masthead = hand_made and _names_site(h1, sites)
    visual = "" if h1 and not masthead else visual_headline(soup, sites)
    if visual:
        return visual, "markup"
    return next(((text, source) for text, source in declared if text), ("", "none"))


def _spelling(
    wording: tuple[str, str], headings: list[tuple[str, str]], declared: list[tuple[str, str]]
) -> tuple[str, str]:
    """Return the spelling most sources share for this wording, and a source that has it; the
    headline the page shows (`headings`) votes like a declared title."""
    key = _key(wording[0])
    # microdata marks a heading of the page, whose spelling the <h1> or markup already votes with
    same = [(t, s) for t, s in declared if _key(t) == key and s != "microdata"]
    same += [shown for shown in headings if _key(shown[0]) == key]
    if wording not in same:
        same.append(wording)
    votes = Counter(text for text, _ in same)
    rank = {s: i for i, s in enumerate(_SPELLING_ORDER)}
    best = min(same, key=lambda c: (-votes[c[0]], rank.get(c[1], len(rank))))[0]
    if best == wording[0]:
        return wording
    return best, next(source for text, source in same if text == best)


def _reads_otherwise(shown: str, spelled: str) -> bool:
    """Whether the shown headline differs from the sources' spelling of it in letter case ("by"
    where og:title title-cases "By") or in where quote marks stand (metadata quotes a name the
    page sets in italics), and in nothing else: then the reader's version wins. Straight against
    curly quotes alone is an encoding detail, where the sources' spelling stays."""
    bare, bare_spelled = _QUOTE_MARKS.sub("", shown), _QUOTE_MARKS.sub("", spelled)
    if bare.casefold() != bare_spelled.casefold():
        return False
    return shown.translate(_STRAIGHT_QUOTES) != spelled.translate(_STRAIGHT_QUOTES)


def find_title(
    soup: BeautifulSoup, index: PageIndex, meta: PageMeta, sites: set[str], section: str | None
) -> tuple[str, str]:
    """Return the headline and its source (see the module docstring for the weighing)."""
    declared = _declared(meta, sites, section, _microdata_headline(index))
    if all(source == "title" for text, source in declared if text):
        # a hand-made page declares no headline; a heading its copyright line names is its masthead
        sites = sites | _copyright_holders(soup)
    wording = _wording(soup, index, declared, sites)
    if not wording[0]:
        return wording
    h1 = first_h1(index)
    # a page without <h1> still shows its headline, in bold or an <h2>: its spelling counts
    shown = (h1, "h1") if h1 else (visual_headline(soup, sites), "markup")
    spelled = _spelling(wording, [shown] if shown[0] else [], declared)
    if shown[0] and _reads_otherwise(shown[0], spelled[0]):
        return shown
    return spelled
