"""Is a page an article? Refuse only what is clearly not one; in doubt, keep it and say so.

A page is refused when it is clearly a section front, a tag or author listing, a search page,
a gallery or script shell with no story text. A page that merely looks like an index (a rail
of teaser links beside a short story) is kept, with provenance saying the call was uncertain:
losing a real story costs more than keeping a stray index page, which an archivist can spot in
`dateline stats`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from bs4 import Tag

from archive.parse.date_text import url_date
from archive.parse.dates import UTC_CONTEXT
from archive.parse.elements import PageIndex, text_of
from archive.parse.meta import PageMeta

ARTICLE = "article"
UNCERTAIN = "uncertain"
KEPT = "kept as an article by the archivist"
# the kinds of refusal, each the start of a refusal's reason ("section front: ...")
SECTION_FRONT = "section front"
LISTING = "tag or author listing"
SEARCH = "search page"
GALLERY = "gallery without text"
APP_SHELL = "app shell"
NO_TEXT = "no article text"

_WORD = re.compile(r"\w+")
_LISTING_TYPES = {"CollectionPage", "ItemList", "ProfilePage"}
_GALLERY = re.compile(r"gallery|slideshow|photos?/", re.I)
_LISTING_SEGMENTS = frozenset(
    {
        "tag", "tags", "topic", "topics", "author", "authors", "people", "writer", "writers",
        "columnist", "columnists", "contributor", "contributors", "staff", "byline",
    }
)  # fmt: skip
_SECTION_SEGMENTS = frozenset(("category", "categories", "section", "sections"))
_SEARCH_SEGMENTS = frozenset(("search", "find", "results"))
_SEARCH_KEYS = frozenset(("q", "s", "query", "search", "k", "keyword", "keywords"))
# what names a section ("news", "local-news", "index.html"), not a story
_SECTION_SEGMENT = re.compile(r"[a-z]+(?:[-_][a-z]+)?(?:\.(?:html?|php|aspx?))?|\d{1,4}", re.I)
_FRONT_KEYS = re.compile(r"page|ref|utm_\w+|output|view", re.I)  # paging and tracking
_SLUG_WORDS = 3  # "pantry-opens-downtown": a story's slug has several words
_ID_DIGITS = re.compile(r"\d{5,}")  # a story's number in its URL (/news/123456/)
_SHORT_STORY_WORDS = 50  # an article-marked page this short beside a big rail is an index
_EMPTY_WORDS = 10  # fewer words of text: an empty page or a script shell, whatever it claims
_SHORT_WORDS = 30  # fewer, and nothing says "story": no article text


@dataclass(frozen=True)
class PageKind:
    """Whether to keep a page as an article, and why (provenance's is_article)."""

    is_article: bool
    reason: str


def classify_page(index: PageIndex, meta: PageMeta, urls: tuple[str, ...], body: str) -> PageKind:
    """Tell an article from a section front, listing, search page, gallery or empty shell.

    `urls` are the page's own URL and its canonical one: a front's URL names a section, a
    story's holds a date, a slug or a number.
    """
    words = len(_WORD.findall(body))
    teasers = sum(1 for a in index.anchors[:3000] if _is_teaser(a))
    marked = bool(meta.ld_article) or (meta.first("og:type") or "").lower() == "article"
    kinds = {url_kind(u) for u in urls}
    refused = _index_kind(kinds, meta.ld_types(), marked, teasers, words)
    if refused:
        return PageKind(False, f"{refused}: {teasers} teaser links and {words} words of text")
    if words < 60 and ("ImageGallery" in meta.ld_types() or any(_GALLERY.search(u) for u in urls)):
        return PageKind(False, f"{GALLERY}: {words} words")
    if words < _EMPTY_WORDS or (words < _SHORT_WORDS and not (marked or "story" in kinds)):
        kind = APP_SHELL if index.scripts >= 3 else NO_TEXT
        return PageKind(False, f"{kind}: {words} words of text")
    if words < _SHORT_WORDS:  # a brief ("Route 8 is closed at exit 22...") is still a story
        return PageKind(True, f"{UNCERTAIN}: a short text ({words} words)")
    if _index_like(teasers, words) and not (marked and "story" in kinds):
        counts = f"{teasers} teaser links and {words} words of text"
        return PageKind(True, f"{UNCERTAIN}: looks like an index page ({counts})")
    return PageKind(True, ARTICLE)


def _index_kind(kinds: set[str], types: set[str], marked: bool, teasers: int, words: int) -> str:
    """Return the kind of index page this clearly is ("" when it is not clearly one)."""
    if "story" in kinds:
        return ""
    if "search" in kinds or "SearchResultsPage" in types:
        return "" if marked else SEARCH
    if ("listing" in kinds or types & _LISTING_TYPES) and not marked:
        return LISTING if words < 25 * max(teasers, 4) else ""
    if "front" in kinds and _index_like(teasers, words):
        return SECTION_FRONT if not marked or words < _SHORT_STORY_WORDS else ""
    return ""


def _index_like(teasers: int, words: int) -> bool:
    """A rail of teaser links with little text of its own: an index page, or a short story."""
    return (teasers >= 6 and words < 150) or (teasers >= 8 and words < min(300, 12 * teasers))


def url_kind(url: str) -> str:
    """Return what a URL's shape says: "story", "front", "listing", "search" or "unknown"."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "unknown"
    segments = [s for s in parts.path.lower().split("/") if s]
    query = parse_qsl(parts.query)
    if _SEARCH_SEGMENTS & set(segments) or any(k.lower() in _SEARCH_KEYS for k, _ in query):
        return "search"
    if url_date(url, UTC_CONTEXT) is not None or any(
        _is_story_segment(s) for s in [*segments, *(v for _, v in query)]
    ):
        return "story"
    if _LISTING_SEGMENTS & set(segments):
        return "listing"
    if any(not _FRONT_KEYS.fullmatch(k) for k, _ in query):
        return "unknown"  # "?id=7", "?p=123": a page picked by its query
    if _SECTION_SEGMENTS & set(segments) or all(_SECTION_SEGMENT.fullmatch(s) for s in segments):
        return "front"
    return "unknown"


def _is_story_segment(segment: str) -> bool:
    stem = segment.rsplit(".", 1)[0]
    words = [w for w in re.split(r"[-_+]", stem) if w]
    return len(words) >= _SLUG_WORDS or bool(_ID_DIGITS.search(stem))


def _is_teaser(a: Tag) -> bool:
    text = text_of(a, " ", strip=True)
    return len(text) >= 25 and text.count(" ") >= 3
