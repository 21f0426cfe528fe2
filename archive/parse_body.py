"""The article's own text: pick the main container, walk it into paragraphs, drop boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import Tag
from bs4.element import NavigableString

from archive.parse_meta import clean_text

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
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_SUBHEADS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BOILER_WORDS = (
    r"share|sharing|social|newsletter|related\w*|recommend\w*|comments?|cookie|consent|promo\w*"
    r"|advert\w*|ad|ads|adunit|adslot|dfp|sponsor\w*|subscri\w*|signup|paywall|sidebar|breadcrumbs?"
    r"|byline|author|authors|caption|credit|footer|nav|navigation|menu|toolbar|popup|modal"
    r"|outbrain|taboola|readmore|more|trending|popular|print|tags|topics|widget|banner|masthead"
    r"|disclaimer|disclosures?|bio|timestamp|dateline|meta|gallery|slideshow|photo|embed|teaser"
    r"|pagination|pager|hidden|sr|skip|copyright|contact|app|alert|rail|onscroll|recirc\w*"
    r"|gnt_ar_by|gnt_ar_dt|gnt_em|gnt_sb|gnt_ss|overlay|video|enhancement|follow|feedback|dialog"
)
BOILERPLATE = re.compile(rf"(?:^|[\s_\-])(?:{_BOILER_WORDS})(?:$|[\s_\-])", re.IGNORECASE)
POSITIVE = re.compile(
    r"(article|story|entry|post|news|blog|main)[-_]{0,2}(body|content|text|copy)|articlebody"
    r"|richtext|body-?copy|asset-content|gnt_ar_b\b|field-name-body|caas-body|zn-body",
    re.IGNORECASE,
)
_ANCHOR_FURNITURE = re.compile(
    r"author|byline|credit|caption|more|hidden|skip|share|tag|topic|comment|date|time|print",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_GALLERY = re.compile(r"(?:^|[\s_-])(?:gallery|slideshow|carousel)(?:$|[\s_-])", re.IGNORECASE)
_BOILER_TEXT = re.compile(
    r"^(advertisement|advertising|story continues below|continue reading|related( stories"
    r"| articles| coverage| content| links)?\b|read (more|next|also)\b|more from|recommended\b"
    r"|sign up\b|subscribe\b|click here\b|share (this|on)\b|follow us\b|download (our|the)\b"
    r"|contact us\b|copyright\b|©|\(c\) \d{4}|all rights reserved|photo( by|:)|photos?:"
    r"|credit:|image:|file photo|\(?(ap|getty|reuters) photo|have a news tip|get the latest"
    r"|support local journalism|this (story|article) (is|was) (available|published)"
    r"|we want to hear|to report a typo|like us on|join the conversation|comments?\b"
    r"|filed under\b|posted in\b|tags?:|topics?:|for the latest (?:stories|news|updates)\b"
    r"|never miss\b|missing out on\b|follow .{1,40} on (?:twitter|facebook|instagram)\b"
    r"|to (?:view|read) the full (?:story|article)\b|read the latest from\b|\(credit:"
    r"|\d{1,2} min(?:ute)?s? read$)"
    r"|(?:sign up|subscribe|register) here[.!]?$",
    re.IGNORECASE,
)
# house notices that run long: copyright and reprint terms, follow-us and signup blurbs
_LONG_NOTICE = re.compile(
    r"^(?:©|\(c\) \d{4}|copyright\b|follow .{1,40} on (?:twitter|facebook|instagram)\b"
    r"|missing out on\b)",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(published|updated|posted|last updated|first published|modified)\b", re.IGNORECASE
)
_ONLY_DATE = re.compile(
    r"^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\W*$"
    r"|^\W*\d{1,2}/\d{1,2}/\d{2,4}\W*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\((?:[\w .'-]{0,30}\s)?(?:photo|photograph|file photo|image)s?(?: by|:| courtesy)[^)]*\)\s*$"
    r"|^(?:[\w .'-]{0,30}\s)?(?:photo|photograph)s? (?:by|courtesy of) [A-Z][\w .'-]+$",
    re.IGNORECASE,
)
_BYLINE_LINE = re.compile(r"^(by|written by|posted by|from)\s+\S", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019\- ]{1,40}[A-Z.](?:,\s*(?:[A-Z][A-Za-z.]*\.?(?: [A-Z][a-z.]+)?)"
    r")?)\s*(?P<wire>\([A-Z][A-Za-z0-9&. ]{1,15}\))?\s*(?:[\u2014\u2013]|--?|_)\s*"
    r"(?=\S)"
)


@dataclass
class Block:
    """One paragraph of text, with how much of it was link text."""

    text: str
    tag: str
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        """Share of this block's characters that were inside links."""
        return self.link_chars / max(1, len(self.text))


@dataclass
class _Buffer:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    tag: str = "p"


def _names(tag: Tag) -> str:
    attrs = tag.attrs
    classes = attrs.get("class")
    names = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    return f"{names} {attrs.get('id') or ''} {attrs.get('role') or ''}"


def is_boilerplate(tag: Tag) -> bool:
    """Tell whether an element's class/id/role marks it as page furniture, not article text."""
    names = _names(tag)
    if is_hidden(tag):
        return True
    if not names.strip():
        return False
    return bool(BOILERPLATE.search(names)) and not POSITIVE.search(names)


def is_hidden(tag: Tag) -> bool:
    """Tell whether an element is hidden from readers (aria-hidden, hidden, display:none)."""
    attrs = tag.attrs
    if attrs.get("aria-hidden") == "true" or attrs.get("hidden") is not None:
        return True
    style = attrs.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


@dataclass
class _Walk:
    out: list[Block]
    buf: _Buffer
    root_chars: int

    @property
    def big_chars(self) -> int:
        """Text size from which a furniture-looking subtree is taken for an article wrapper."""
        return max(400, int(self.root_chars * 0.4))


def walk_blocks(root: Tag) -> list[Block]:
    """Return the paragraphs inside an element, in order, skipping furniture subtrees."""
    walk = _Walk([], _Buffer(), len(root.get_text()))
    _walk(root, walk, 0)
    _flush(walk.out, walk.buf)
    return _join_drop_caps(walk.out)


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
        return child.name != "figure" or child.find("table") is None
    if child.name == "h1" and not _h1_subhead(child, walk):
        return True
    if not is_boilerplate(child):
        return False
    if _in_sentence_link(child, walk):
        # a link inside running text is part of the sentence: entity links, note popups
        return False
    text_chars = len(child.get_text())
    if text_chars >= walk.big_chars:
        # a furniture-looking class on a wrapper of article prose is a false alarm, but a
        # photo gallery beside a story of its own is an embed, however long its captions
        rest = walk.root_chars - text_chars
        return rest > 0.25 * text_chars and _is_gallery(child)
    return text_chars < 300 or not _is_prose(child, text_chars)


def _h1_subhead(h1: Tag, walk: _Walk) -> bool:
    # the headline opens the story; a short h1 after its prose is a subhead (Medium and kin)
    return any(len(b.text) >= 100 for b in walk.out) and len(h1.get_text().strip()) < 120


def _in_sentence_link(child: Tag, walk: _Walk) -> bool:
    return (
        child.name == "a"
        and bool(walk.buf.parts)
        and not _ANCHOR_FURNITURE.search(_names(child))
        and not is_hidden(child)
    )


def _is_gallery(tag: Tag) -> bool:
    classes = tag.attrs.get("class")
    names = " ".join(classes) if isinstance(classes, list) else ""
    return bool(_GALLERY.search(f"{names} {tag.attrs.get('id') or ''}"))


def _is_prose(tag: Tag, text_chars: int) -> bool:
    link_chars = sum(len(a.get_text()) for a in tag.find_all("a"))
    if link_chars > 0.25 * text_chars:
        return False
    return any(len(p.get_text()) >= 120 for p in tag.find_all("p", limit=6))


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
            buf.parts.append(child.get_text(" "))
        elif name in ("td", "th"):
            # a table row reads as one line: cells alone ("5", "Pos.") mean nothing
            buf.parts.append(" ")
            _walk(child, walk, depth + 1)
            buf.parts.append(" ")
        elif name in _BLOCK_TAGS:
            _flush(out, buf)
            buf.tag = name
            _walk(child, walk, depth + 1)
            _flush(out, buf)
        elif name == "a" and not _self_link(child, buf):
            before = sum(len(p) for p in buf.parts)
            _walk(child, walk, depth + 1)
            buf.link_chars += sum(len(p) for p in buf.parts) - before
        else:
            _walk(child, walk, depth + 1)


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


def clean_blocks(blocks: list[Block], title: str) -> list[str]:
    """Drop furniture paragraphs (link lists, share prompts, bylines, repeats) and return texts."""
    seen: set[str] = set()
    out: list[str] = []
    norm_title = title.casefold()
    for index, block in enumerate(blocks):
        text = block.text
        key = text.casefold()
        # a long paragraph printed twice is a second rendering; tips and lines repeat on purpose
        repeated = key in seen and len(key) >= 200
        if repeated or (index < 8 and key == norm_title) or _is_furniture(block, index):
            continue
        if (
            index < 3
            and norm_title
            and key.startswith(norm_title)
            and len(key) < len(norm_title) + 60
        ):
            continue
        seen.add(key)
        out.append(text)
    return out


def _is_furniture(block: Block, index: int) -> bool:
    text = block.text
    if len(text) < 2 or (block.link_density > 0.5 and len(text) < 300 and not _linked_prose(block)):
        return True
    if len(text) < 160 and _BOILER_TEXT.search(text):
        return True
    if len(text) < 400 and _LONG_NOTICE.match(text):
        return True
    if len(text) < 100 and (_DATE_LINE.match(text) or _ONLY_DATE.match(text)):
        return True
    if len(text) < 300 and _CAPTION.search(text):
        return True
    return index < 10 and len(text) < 80 and bool(_BYLINE_LINE.match(text))


def _linked_prose(block: Block) -> bool:
    # a sentence whose clauses are links (sources, earlier stories) is still a sentence
    text = block.text
    return (
        block.tag in ("p", "li")
        and len(text) >= 80
        and len(text) - block.link_chars >= 25
        and _SENTENCE_END.search(text) is not None
    )


def split_dateline(first: str) -> tuple[str | None, bool, str]:
    """Split a paragraph's leading dateline: (place without dash/"(AP)", is AP, the rest)."""
    match = _DATELINE.match(first)
    if match is None:
        return None, False, first
    place = match.group("place").strip().rstrip(",")
    if len(place) < 3 or place.isdigit() or place.upper() in ("UPDATE", "EDITOR'S NOTE"):
        return None, False, first
    wire = match.group("wire") or ""
    return place, wire == "(AP)", first[match.end() :]
