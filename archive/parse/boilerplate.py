"""Boilerplate rules: whether an element is page furniture (share tools, galleries, hidden
or furniture-classed blocks) or article prose, judged from the element alone."""

from __future__ import annotations

import re

from bs4 import Tag

from archive.parse.elements import class_names, text_length, text_of
from archive.parse.meta import clean_text

_BOILER_WORDS = (
    r"share|sharing|social|newsletter|related\w*|recommend\w*|comments?|cookie|consent|promo\w*"
    r"|advert\w*|ad|ads|adunit|adslot|dfp|sponsor\w*|subscri\w*|signup|paywall|sidebar|breadcrumbs?"
    r"|byline|author|authors|caption|credit|footer|nav|navigation|menu|toolbar|popup|modal"
    r"|outbrain|taboola|readmore|more|trending|popular|print|tags|topics|widget|banner|masthead"
    r"|disclaimer|disclosures?|bio|timestamp|dateline|meta|gallery|slideshow|photo|embed|teaser"
    r"|pagination|pager|hidden|sr|skip|copyright|contact|app|alert|rail|onscroll|recirc\w*"
    r"|gnt_ar_by|gnt_ar_dt|gnt_em|gnt_sb|gnt_ss|overlay|video|enhancement|follow|feedback|dialog"
    r"|buy-?box|tools"
)
BOILERPLATE = re.compile(rf"(?:^|[\s_\-])(?:{_BOILER_WORDS})(?:$|[\s_\-])", re.IGNORECASE)
POSITIVE = re.compile(
    r"(article|story|entry|post|news|blog|main)[-_]{0,2}(body|content|text|copy)|articlebody"
    r"|richtext|body-?copy|asset-content|gnt_ar_b\b|field-name-body|caas-body|zn-body",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# share buttons and their wrappers ("share-tools", "social-bar", "article-tools", "sharedaddy")
TOOLS = re.compile(r"(?:^|[\s_-])(?:share\w*|sharing|social|tools)(?:$|[\s_-])", re.IGNORECASE)
_LEDE_CHARS = 60
_LEDE_WRAPPER_CHARS = 3000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_GALLERY = re.compile(r"(?:^|[\s_-])(?:gallery|slideshow|carousel)(?:$|[\s_-])", re.IGNORECASE)
_SLIDE_HEADS = ("h2", "h3", "h4")


def element_names(tag: Tag) -> str:
    """Return an element's class names, id and role, the words furniture is marked by."""
    attrs = tag.attrs
    return f"{class_names(tag)} {attrs.get('id') or ''} {attrs.get('role') or ''}"


def is_boilerplate(tag: Tag) -> bool:
    """Tell whether an element's class/id/role marks it as page furniture, not article text."""
    names = element_names(tag)
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


def lede_beside_tools(tag: Tag) -> bool:
    """Tell whether an element holds share tools and, outside them, little but a paragraph of
    prose: the story's first paragraph set beside its share buttons."""
    text_chars = text_length(tag)
    if text_chars > _LEDE_WRAPPER_CHARS:
        return False
    if not TOOLS.search(element_names(tag)) and tag.find(_is_tools) is None:
        return False
    tools = [t for t in tag.find_all(_is_tools) if not any(map(_is_tools, _between(t, tag)))]
    outside = text_chars - sum(text_length(t) for t in tools)
    prose = 0
    for p in tag.find_all("p", limit=6):
        if any(parent.name == "aside" or _is_tools(parent) for parent in _between(p, tag)):
            continue
        text = clean_text(text_of(p))
        links = sum(text_length(a) for a in p.find_all("a"))
        if len(text) >= _LEDE_CHARS and _SENTENCE_END.search(text) and links < 0.5 * len(text):
            prose += text_length(p)
    return prose > 0 and prose >= 0.7 * outside


def _is_tools(tag: Tag) -> bool:
    return tag.name == "aside" or bool(TOOLS.search(element_names(tag)))


def _between(inner: Tag, outer: Tag) -> list[Tag]:
    found: list[Tag] = []
    for parent in inner.parents:
        if parent is outer:
            break
        found.append(parent)
    return found


def is_gated(tag: Tag) -> bool:
    """Tell whether a paragraph is the story's metered text behind a paywall."""
    # a paragraph marked "paywall" is the story's metered text, not the paywall's prompt
    if tag.name != "p":
        return False
    classes = tag.attrs.get("class")
    return isinstance(classes, list) and "paywall" in classes and text_length(tag) >= 80


def is_slide(figure: Tag) -> bool:
    """Tell whether a figure is a slide of a list article, its caption part of the story."""
    # a slide of a list article: a heading of its own and a caption of several paragraphs
    caption = figure.find("figcaption")
    return (
        caption is not None
        and figure.find(_SLIDE_HEADS) is not None
        and len(caption.find_all("p", limit=2)) >= 2
    )


def is_gallery(tag: Tag) -> bool:
    """Tell whether an element's class or id names a photo gallery or slideshow."""
    return bool(_GALLERY.search(f"{class_names(tag)} {tag.attrs.get('id') or ''}"))


def is_prose(tag: Tag, text_chars: int) -> bool:
    """Tell whether an element holds paragraphs of prose rather than a list of links."""
    link_chars = sum(text_length(a) for a in tag.find_all("a"))
    if link_chars > 0.25 * text_chars:
        return False
    return any(text_length(p) >= 120 for p in tag.find_all("p", limit=6))
