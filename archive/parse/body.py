"""The article's own text: pick the main container, walk it into paragraphs, drop boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import Tag
from bs4.element import NavigableString

from archive.parse.body_text import Block
from archive.parse.body_text import clean_blocks as clean_blocks
from archive.parse.body_text import split_dateline as split_dateline
from archive.parse.boilerplate import (
    BOILERPLATE,
    TOOLS,
    element_names,
    is_gallery,
    is_gated,
    is_prose,
    is_slide,
)
from archive.parse.boilerplate import POSITIVE as POSITIVE
from archive.parse.boilerplate import is_boilerplate as is_boilerplate
from archive.parse.boilerplate import is_hidden as is_hidden
from archive.parse.boilerplate import lede_beside_tools as lede_beside_tools
from archive.parse.elements import text_length, text_of
from archive.parse.meta import clean_text

MAX_DEPTH = 120

_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "button",
        "select",
        "input",
        "textarea",
        "nav",
        "aside",
        "footer",
        "figure",
        "figcaption",
        "picture",
        "video",
        "audio",
        "object",
        "embed",
        "canvas",
        "map",
        "dialog",
        "label",
        "header",
        "meta",
        "link",
        "head",
        "title",
        "option",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tbody",
        "thead",
        "tr",
        "dl",
        "dd",
        "dt",
        "address",
        "center",
        "hr",
        "body",
        "html",
        "form",
        "details",
        "summary",
    ]
)
_SUBHEADS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_ANCHOR_FURNITURE = re.compile(
    r"author|byline|credit|caption|more|hidden|skip|share|tag|topic|comment|date|time|print",
    re.IGNORECASE,
)
_TWIN_MIN_CHARS = 100
_BUILDER_WORD = re.compile(r"widget", re.IGNORECASE)
_MEDIA_WORD = re.compile(r"image|img|picture|media|figure|photo|video", re.IGNORECASE)


@dataclass
class _Buffer:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    tag: str = "p"


@dataclass
class _Walk:
    out: list[Block]
    buf: _Buffer
    root: Tag
    root_chars: int
    data_tables: int = 0
    # furniture-looking class names, and whether the container has prose in a block so classed
    prose_kinds: dict[tuple[str, ...], bool] = field(default_factory=dict)
    # where the blocks read from a <noscript> copy of the story start and end in out
    copies: list[tuple[int, int]] = field(default_factory=list)

    @property
    def big_chars(self) -> int:
        """Text size from which a furniture-looking subtree is taken for an article wrapper."""
        return max(400, int(self.root_chars * 0.4))


def walk_blocks(root: Tag) -> list[Block]:
    """Return the paragraphs inside an element, in order, skipping furniture subtrees."""
    walk = _Walk([], _Buffer(), root, text_length(root))
    _walk(root, walk, 0)
    _flush(walk.out, walk.buf)
    return _join_drop_caps(_drop_copied(walk))


def _drop_copied(walk: _Walk) -> list[Block]:
    # beside a <noscript> copy of the story, a rendered paragraph it holds (a teaser, the
    # first paragraph) is the same text twice: the copy is the whole story, so it stays
    if not walk.copies:
        return walk.out
    inside = {i for start, end in walk.copies for i in range(start, end)}
    copied = " ".join(walk.out[i].text for i in sorted(inside)).casefold()
    return [
        block
        for i, block in enumerate(walk.out)
        if i in inside or len(block.text) < 2 or _teaser_key(block.text) not in copied
    ]


def _teaser_key(text: str) -> str:
    # a teaser may cut its paragraph short with an ellipsis
    return text.rstrip(".\u2026 ").casefold()


def _join_drop_caps(blocks: list[Block]) -> list[Block]:
    # a drop cap set in its own element ("T" + "he council met...") is the paragraph's first letter
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if last is not None and _is_drop_cap(last.text) and block.text[:1].islower():
            block = Block(last.text + block.text, block.tag, block.link_chars)
            out.pop()
        out.append(block)
    return out


def _is_drop_cap(text: str) -> bool:
    return len(text) == 1 and text.isupper()


def _skipped(child: Tag, walk: _Walk) -> bool:
    if child.name in _SKIP_TAGS:
        # a figure that holds a table is a table with a caption, not a picture
        if child.name == "figure":
            return child.find("table") is None and not is_slide(child)
        if child.name == "noscript":
            return text_length(child) < 0.6 * walk.root_chars
        if child.name == "figcaption":
            parent = child.parent
            return parent is None or parent.name != "figure" or not is_slide(parent)
        if child.name == "aside":
            # a share-tools aside left open around the story's first paragraph
            return not lede_beside_tools(child)
        return True
    if child.name == "h1" and not _h1_subhead(child, walk):
        return True
    if not is_boilerplate(child):
        return False
    if _in_sentence_link(child, walk) or is_gated(child):
        # a link inside running text is part of the sentence: entity links, note popups
        return False
    if TOOLS.search(element_names(child)) and lede_beside_tools(child):
        return False  # share buttons and the story's first paragraph in one wrapper
    text_chars = text_length(child)
    if text_chars >= walk.big_chars:
        # a furniture-looking class on a wrapper of article prose is a false alarm, but a
        # photo gallery beside a story of its own is an embed, however long its captions
        rest = walk.root_chars - text_chars
        return rest > 0.25 * text_chars and is_gallery(child)
    if text_chars >= 300 and is_prose(child, text_chars):
        return False
    # a page builder classes every block alike ("builder-widget"): one that holds prose
    # elsewhere in the story makes its short twin (a closing paragraph) no furniture either
    short = text_chars < _TWIN_MIN_CHARS
    return short or is_hidden(child) or not _has_prose_twin(child, walk)


def _has_prose_twin(tag: Tag, walk: _Walk) -> bool:
    """Tell whether the container holds prose in an element classed with the same
    furniture-looking names as tag."""
    classes = tag.attrs.get("class")
    names = [c for c in classes if BOILERPLATE.search(c)] if isinstance(classes, list) else []
    # only a page builder's "widget" names every block, prose or not; a picture's widget holds
    # a caption, however long its twin's
    if not names or any(
        BOILERPLATE.search(_BUILDER_WORD.sub("", name)) or _MEDIA_WORD.search(name)
        for name in names
    ):
        return False
    kind = (str(tag.name), *names)
    if kind not in walk.prose_kinds:
        walk.prose_kinds[kind] = any(
            twin is not tag
            and set(names) <= set(twin.attrs.get("class") or ())
            and is_prose(twin, text_length(twin))
            for twin in walk.root.find_all(tag.name, class_=names[0])
        )
    return walk.prose_kinds[kind]


def _h1_subhead(h1: Tag, walk: _Walk) -> bool:
    # the headline opens the story; a short h1 after its prose is a subhead (Medium and kin)
    return any(len(b.text) >= 100 for b in walk.out) and len(text_of(h1).strip()) < 120


def _in_sentence_link(child: Tag, walk: _Walk) -> bool:
    return (
        child.name == "a"
        and bool(walk.buf.parts)
        and not _ANCHOR_FURNITURE.search(element_names(child))
        and not is_hidden(child)
    )


def _walk(el: Tag, walk: _Walk, depth: int) -> None:
    out, buf = walk.out, walk.buf
    for child in el.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                buf.parts.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            _on_break(out, buf)
        elif _skipped(child, walk):
            continue
        elif depth > MAX_DEPTH:
            buf.parts.append(text_of(child, " "))
        elif name in ("td", "th") and child.find("br") is not None:
            # a layout cell of lines (a hand-made page's menu column, its story column) is a
            # block of its own, not a piece of one line with its neighbours
            _walk_block(child, walk, depth)
        elif name in ("td", "th"):
            # a table row reads as one line: cells alone ("5", "Pos.") mean nothing
            buf.parts.append(" ")
            _walk(child, walk, depth + 1)
            buf.parts.append(" ")
        elif name in _BLOCK_TAGS:
            _walk_block(child, walk, depth)
        elif name == "noscript":
            _walk_copy(child, walk, depth)
        elif name == "a" and not _self_link(child, buf) and not _in_data_row(walk):
            _walk_link(child, walk, depth)
        else:
            _walk(child, walk, depth + 1)


def _walk_link(link: Tag, walk: _Walk, depth: int) -> None:
    # a link's characters count toward its paragraph's link density
    before = sum(len(p) for p in walk.buf.parts)
    _walk(link, walk, depth + 1)
    walk.buf.link_chars += sum(len(p) for p in walk.buf.parts) - before


def _walk_copy(noscript: Tag, walk: _Walk, depth: int) -> None:
    # a <noscript> copy of the story is read as its own blocks, and marked as the copy
    _flush(walk.out, walk.buf)
    start = len(walk.out)
    _walk(noscript, walk, depth + 1)
    _flush(walk.out, walk.buf)
    walk.copies.append((start, len(walk.out)))


def _walk_block(block: Tag, walk: _Walk, depth: int) -> None:
    buf = walk.buf
    _flush(walk.out, buf)
    outer, buf.tag = buf.tag, str(block.name)
    data = block.name == "table" and _has_header_row(block)
    walk.data_tables += data
    _walk(block, walk, depth + 1)
    walk.data_tables -= data
    _flush(walk.out, buf)
    buf.tag = outer  # loose text after a heading or a list is no heading or list item


def _has_header_row(table: Tag) -> bool:
    # a row of column heads marks a data table; a navigation box heads its rows, not columns
    row = table.find("tr")
    if row is None:
        return False
    cells = [c.name for c in row.children if isinstance(c, Tag)]
    return cells.count("th") >= 2 and "td" not in cells


def _in_data_row(walk: _Walk) -> bool:
    # the rows of a table with header cells are data, whether or not their cells link
    return walk.data_tables > 0 and walk.buf.tag == "tr"


def _self_link(link: Tag, buf: _Buffer) -> bool:
    # a subhead that links to itself (table-of-contents and permalink anchors) is no link list
    href = link.attrs.get("href")
    return buf.tag in _SUBHEADS and isinstance(href, str) and href.startswith("#")


def _on_break(out: list[Block], buf: _Buffer) -> None:
    # a line break ends a line: hand-made pages put headline, date, byline and each
    # paragraph on lines of their own
    _flush(out, buf)


def _flush(out: list[Block], buf: _Buffer) -> None:
    if buf.parts:
        text = clean_text("".join(buf.parts))
        if text:
            out.append(Block(text, buf.tag, min(buf.link_chars, len(text))))
    buf.parts = []
    buf.link_chars = 0
