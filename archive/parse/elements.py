"""One pass over the markup: strip scripts before parsing, then index the elements we look at."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bs4 import BeautifulSoup, Tag, UnusualUsageWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import NavigableString, PageElement
from lxml import etree

from archive.parse.tree import DIRECT_WALK, UnusualTree, build_soup

_DROP = re.compile(
    r"<(script|style|svg|noscript|template)\b([^>]*)>.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_TEXT_HOLDERS = frozenset(("div", "span", "section", "td", "font", "article", "li"))
_PARAGRAPHS = frozenset(("p", "li", "a", "blockquote", "pre", "h1", "h2", "h3", "h4"))
_MAIN_STRINGS = Tag.MAIN_CONTENT_STRING_TYPES  # what get_text() joins when a tag names none
_NON_SPACE = re.compile(r"\S+")  # how bs4 splits a class="a b" value
_HTML_END = re.compile(r"(</html\b[^>]*>)[ \t\n\r\f]*\Z", re.I)
_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_PARAGRAPH_OPEN = re.compile(r"<p\b", re.I)
_BYLINE_CLASS = re.compile(r"byline|author|contributor|writer|gnt_ar_by|posted-by", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|posted|meta|stamp|gnt_ar_dt", re.I)


@dataclass
class PageIndex:
    """The elements the parser reads, collected in document order in one walk."""

    metas: list[Tag] = field(default_factory=list)
    ld_scripts: list[str] = field(default_factory=list)
    links: list[Tag] = field(default_factory=list)
    title: str = ""
    lang: str | None = None
    h1s: list[Tag] = field(default_factory=list)
    bylines: list[Tag] = field(default_factory=list)
    date_areas: list[Tag] = field(default_factory=list)
    itemprops: dict[str, list[Tag]] = field(default_factory=dict)
    times: list[Tag] = field(default_factory=list)
    paragraphs: list[Tag] = field(default_factory=list)
    breaks: list[Tag] = field(default_factory=list)
    anchors: list[Tag] = field(default_factory=list)
    article: Tag | None = None
    main: Tag | None = None
    body: Tag | None = None
    scripts: int = 0


def strip_scripts(text: str) -> tuple[str, int]:
    """Drop scripts (except JSON-LD), styles, SVG, comments; return the text and script count."""
    scripts = len(_SCRIPT_OPEN.findall(text))

    def keep_ld(match: re.Match[str]) -> str:
        if (match.group(1) or "").lower() == "noscript" and _is_fallback(match.group(0)):
            return match.group(0)
        return match.group(0) if "ld+json" in (match.group(2) or "").lower() else " "

    return _DROP.sub(keep_ld, text), scripts


def _is_fallback(noscript: str) -> bool:
    # a page that draws its story with a script (a blog platform's post templates) repeats
    # it in a <noscript> for readers without scripts: there it is the story's only markup
    return len(_PARAGRAPH_OPEN.findall(noscript, 0, 20000)) >= 3


class _HtmlBuilder(LXMLTreeBuilder):
    """bs4's lxml builder without the per-tag namespace work that HTML does not need.

    Building the tree is half of a page's parse time; the tree is the same as bs4's own
    (tests/archive/parse/test_fast_paths_equivalent.py). Namespaced markup takes bs4's path.
    """

    def feed(self, markup: Any) -> None:
        """Build the soup from lxml's own tree in one walk; unusual trees take bs4's path."""
        assert self.soup is not None
        if DIRECT_WALK and isinstance(markup, str):
            try:
                build_soup(self.soup, self, markup)
                return
            except (UnusualTree, etree.LxmlError):
                self.soup.reset()
                self.initialize_soup(self.soup)
        super().feed(markup)

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        """Open a tag (called by lxml)."""
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{" or any(k[:1] == "{" for k in attrib):
            super().start(tag, attrib, nsmap or {})
            return
        assert self.soup is not None
        attrs = getattr(self, "attribute_dict_class", dict)(attrib)
        namespaces = self.active_namespace_prefixes[-1]
        self.soup.handle_starttag(tag, None, None, attrs, namespaces=namespaces)

    def end(self, tag: Any) -> None:
        """Close a tag (called by lxml)."""
        if len(self.nsmaps) > 1:
            super().end(tag)
            return
        assert self.soup is not None
        self.soup.endData()
        self.soup.handle_endtag(tag, None)

    def _replace_cdata_list_attribute_values(self, tag_name: str, attrs: Any) -> Any:
        # look up the few multi-valued names (class, rel...) instead of testing every attribute
        if not attrs:
            return attrs
        lists = self.cdata_list_attributes
        for names in (lists.get("*", ()), lists.get(tag_name.lower(), ())):
            for name in names:
                value = attrs.get(name)
                if isinstance(value, str):
                    attrs[name] = self.attribute_value_list_class(_NON_SPACE.findall(value))
        return attrs


def make_soup(text: str) -> BeautifulSoup:
    """Parse HTML text into the tree bs4's "lxml" builder gives, faster.

    White space after the closing </html> is dropped first: bs4 keeps it as a string after
    <html> on some pages and not on others, and lxml's own tree never has it.
    """
    tail = text[-200:]
    end = _HTML_END.search(tail)
    if end is not None:
        text = text[: len(text) - len(tail) + end.end(1)]
    # XHTML pages and tiny bodies make bs4 warn about how it is used; the page is what it is
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnusualUsageWarning)
        return BeautifulSoup(text, builder=_HtmlBuilder())


def release_tree(soup: BeautifulSoup) -> None:
    """Empty every node of a parsed page so that its memory is freed at once.

    Tags and strings point at each other both ways (parent, contents, next and previous
    elements), so a dropped tree waits for the cycle collector, whose full passes over
    the trees of many pages cost a tenth of a page's parse. The tree is useless afterwards.
    """
    node = soup.contents[0] if soup.contents else None
    while node is not None:
        following = node.next_element
        node.__dict__.clear()
        node = following
    soup.contents = []


def text_of(tag: Tag, separator: str = "", strip: bool = False) -> str:
    """Return what tag.get_text(separator, strip=strip) returns, without bs4's generators.

    bs4 walks the strings through two generators and several type checks per node; the
    container search and the page classifier ask for the text of thousands of elements.
    """
    strings = _strings(tag)
    if strip:
        return separator.join([t for t in (s.strip() for s in strings) if t])
    return separator.join(strings)


def text_length(tag: Tag) -> int:
    """Return len(tag.get_text()) without building the text."""
    return sum(map(len, _strings(tag)))


def _strings(tag: Tag) -> list[NavigableString]:
    """The strings under tag that get_text() joins: those of the kinds tag holds (a <script>
    holds script strings, most tags text and CDATA), in document order."""
    kinds: Any = tag.interesting_string_types
    if kinds is None:
        kinds = _MAIN_STRINGS
    elif isinstance(kinds, type):
        kinds = (kinds,)
    last: PageElement = tag
    while isinstance(last, Tag) and last.contents:
        last = last.contents[-1]
    stop = last.next_element
    found: list[Any] = []  # only NavigableStrings: kinds are NavigableString classes
    node = tag.contents[0] if tag.contents else None
    while node is not stop and node is not None:
        if type(node) in kinds:
            found.append(node)
        node = node.next_element
    return found


def find_strings(root: Tag, pattern: re.Pattern[str], limit: int) -> list[NavigableString]:
    """Return what root.find_all(string=pattern, limit=limit) returns, without bs4's matcher.

    bs4 runs each string through a general filter; on a large page that costs more than
    the regex itself.
    """
    found: list[NavigableString] = []
    for node in root.descendants:
        if isinstance(node, NavigableString) and pattern.search(node):
            found.append(node)
            if len(found) == limit:
                break
    return found


def index_page(soup: BeautifulSoup, scripts: int) -> PageIndex:
    """Walk the tree once and collect the elements each extraction step needs."""
    index = PageIndex(scripts=scripts)
    for node in soup.descendants:
        if isinstance(node, Tag):
            _visit(node, index)
    return index


def _visit(tag: Tag, index: PageIndex) -> None:
    name = tag.name
    if name == "p" or name == "pre":
        index.paragraphs.append(tag)
    elif name == "br":
        index.breaks.append(tag)
        return
    elif name == "a":
        index.anchors.append(tag)
    elif name in _TEXT_HOLDERS and _own_text_chars(tag) >= 60 and not _in_paragraph(tag):
        index.paragraphs.append(tag)
    elif name == "meta":
        index.metas.append(tag)
    elif name == "script":
        index.ld_scripts.append(text_of(tag))
    elif name == "link":
        index.links.append(tag)
    elif name == "time":
        index.times.append(tag)
    elif name == "h1":
        index.h1s.append(tag)
    elif name == "title" and not index.title:
        index.title = text_of(tag)
    elif name == "html" and index.lang is None:
        lang = tag.get("lang") or tag.get("xml:lang")
        index.lang = lang if isinstance(lang, str) else None
    elif name == "article" and index.article is None:
        index.article = tag
    elif name == "main" and index.main is None:
        index.main = tag
    elif name == "body" and index.body is None:
        index.body = tag
    _visit_attrs(tag, index)


def _in_paragraph(tag: Tag) -> bool:
    parent = tag.parent
    for _ in range(3):
        if parent is None:
            return False
        if parent.name in _PARAGRAPHS:
            return True
        parent = parent.parent
    return False


def _own_text_chars(tag: Tag) -> int:
    return sum(len(c) for c in tag.children if type(c) is NavigableString)


def class_names(tag: Tag) -> str:
    """Return an element's class names as one string ("story-body wide")."""
    classes = tag.attrs.get("class")
    return " ".join(classes) if isinstance(classes, list) else str(classes or "")


def _visit_attrs(tag: Tag, index: PageIndex) -> None:
    attrs = tag.attrs
    if not attrs:
        return
    prop = attrs.get("itemprop")
    if isinstance(prop, str):
        index.itemprops.setdefault(prop, []).append(tag)
    classes, ident = attrs.get("class"), attrs.get("id")
    byline_name = date_name = False
    if classes or ident:  # most tags with attributes have neither: skip two regex scans
        byline_name, date_name = _name_hits(f"{class_names(tag)} {ident or ''}")
    rel = attrs.get("rel")
    if (
        (rel is not None and "author" in rel)
        or prop == "author"
        or byline_name
        or "byline" in str(attrs.get("data-testid") or "")
    ):
        index.bylines.append(tag)
    if tag.name == "time" or date_name:
        index.date_areas.append(tag)


@lru_cache(maxsize=4096)
def _name_hits(names: str) -> tuple[bool, bool]:
    """Tell whether class and id names mark a byline, a date; a site repeats the same few."""
    return _BYLINE_CLASS.search(names) is not None, _DATE_CLASS.search(names) is not None
