"""Authors and wire services: JSON-LD, meta tags and byline markup, cleaned into person names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bs4 import Tag

from archive.parse_index import PageIndex
from archive.parse_meta import PageMeta, clean_text

_WIRES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "ap staff": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
}
_WIRE_IN = re.compile(
    r"\b(?:the )?(associated press|reuters|agence france[- ]presse|upi)\b|\(ap\)|^ap$", re.I
)
_PREFIX = re.compile(
    r"^(?:(?:story|article|written|posted|reported|words|text|opinion|analysis|column)\s+)?"
    r"(?:by|from)\b[:\s]*|^author\b[:\s]*",
    re.IGNORECASE,
)
_JOB = re.compile(
    r"\b(?:(?:senior|staff|contributing|special|managing|chief|executive|associate|assistant"
    r"|news|sports|political|politics|investigative|courts?|education|business|local|metro"
    r"|state|capitol|city|health|features?|digital|multimedia|breaking news|editorial|data"
    r"|freelance|guest|community|opinion|weekend|general assignment|the)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|producer|photographer"
    r"|photojournalist|intern|journalist|staff|anchor|meteorologist|bureau chief|fellow)s?\b.*$",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|@\w+|\b(?:updated|published|posted)\b.*$|\bemail\b.*$"
    r"|\bfollow\b.*$|\bcontact\b.*$|\b\d.*$|\bsays:.*$"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d.*$"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|comments?|sidebar|teasers?|cards?|promo\w*|more)(?:$|[\s_-])",
    re.IGNORECASE,
)
# "Lenharo, Mariana": scholarly meta puts the surname first
_SURNAME_FIRST = re.compile(r"^([A-Z][\w'\u2019-]+), ([A-Z][\w'\u2019-]+(?: [A-Z]\.)?)$")
_PUNCT = " .:-\u2014\u2013'\"()[]\u2022"
_NOT_BYLINE_TAGS = frozenset(("button", "input", "form", "select", "script", "img", "meta"))
_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bwith\b|\u00b7|/)\s*", re.IGNORECASE)
_NOT_NAMES = re.compile(
    r"^(?:staff|admin|administrator|editor|editors|news ?desk|web ?desk|the editors|guest"
    r"|contributor|no author|anonymous|unknown|reporter|wire|wire services?|staff reports?|agencies"
    r"|press release|team|news|sponsored|partner|local|jr\.?|sr\.?|ii|iii|phd|md"
    r"|sign (?:in|up)|log ?in|log ?out|register|my account)$",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"^(?:photo|photos|photography|images?|video|graphics?|special to|courtesy|contributed"
    r"|submitted|for the|updated|published)\b",
    re.IGNORECASE,
)


@dataclass
class Byline:
    """Who wrote the article: person names, a wire service, and where they came from."""

    authors: list[str] = field(default_factory=list)
    wire: str | None = None
    source: str = "none"


def find_byline(index: PageIndex, meta: PageMeta, outlet: str, lines: Iterable[str]) -> Byline:
    """Return the article's authors and wire, trying JSON-LD, meta, markup, then "By" lines."""
    found = Byline()
    candidates: tuple[tuple[str, Callable[[], list[str]]], ...] = (
        (
            "json-ld",
            lambda: _ld_names(
                _resolve(meta, meta.ld_article.get("author") or meta.ld_article.get("creator"))
            ),
        ),
        ("meta", lambda: _meta_names(meta)),
        ("byline", lambda: _markup_names(index.bylines)),
        ("visible-text", lambda: [line for line in lines if _PREFIX.match(line)][:1]),
    )
    for source, produce in candidates:
        # one-word names ("Kay") only where the page labels them as its author
        names, wire = clean_names(produce(), outlet, single=source != "visible-text")
        found.wire = found.wire or wire
        if names:
            found.authors, found.source = names, source
            break
    return found


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
                if "Organization" not in kind or _WIRE_IN.search(name):
                    names.append(name)
    return names


def _meta_names(meta: PageMeta) -> list[str]:
    values = meta.all("author", "article:author", "parsely-author", "sailthru.author", "byl")
    values += meta.all("dc.creator", "dcterms.creator", "twitter:creator:name")
    return [v for v in values if not v.startswith(("http", "@", "/"))][:6]


def _markup_names(elements: list[Tag]) -> list[str]:
    for index, element in enumerate(elements):
        if element.name in _NOT_BYLINE_TAGS or _in_furniture(element):
            continue
        text = _element_name(element)
        if not text or not clean_names([text], "")[0]:
            continue
        texts = [text]
        for other in elements[index + 1 :]:
            if other.parent is element.parent and other.name == element.name:
                texts.append(_element_name(other))
        return texts
    return []


def _in_furniture(element: Tag) -> bool:
    for parent in [element, *element.parents]:
        if parent.name in ("aside", "footer", "nav"):
            return True
        if parent.name in ("main", "body"):
            return False  # layout wrappers above the main landmark ("content-sidebar-wrap")
        if parent.name == "article":
            continue
        classes = parent.get("class")
        names = " ".join(classes) if isinstance(classes, list) else ""
        if _FURNITURE.search(names):
            return True
    return False


def _element_name(element: Tag) -> str:
    inner = element.find(True, attrs={"itemprop": "name"})
    if isinstance(inner, Tag):
        return clean_text(inner.get_text(" "))
    content = element.get("content")
    if isinstance(content, str) and content.strip():
        return clean_text(content)
    return clean_text(element.get_text(" "))[:200]


def clean_names(
    raw: Iterable[str], outlet: str, *, single: bool = False
) -> tuple[list[str], str | None]:
    """Return the person names in byline strings (no "By", titles, emails, outlets) and a wire."""
    names: list[str] = []
    wire: str | None = None
    outlet_key = _key(outlet)
    for text in raw:
        text = clean_text(text)
        if len(text) > 300:
            continue
        wire_match = _WIRE_IN.search(text)
        if wire_match:
            wire = wire or _WIRES.get(wire_match.group(0).strip("()").lower(), "AP")
        text = _WIRE_IN.sub(" ", _NOISE.sub("", _PREFIX.sub("", text)))
        if outlet and len(outlet) > 3:
            text = re.sub(re.escape(outlet), " ", text, flags=re.IGNORECASE)
        text = _SURNAME_FIRST.sub(r"\2 \1", text.strip())
        parts = _SPLIT.split(text)
        # a lone word is a name only when it is the whole labelled value, not a split leftover
        min_words = 1 if single and len(parts) == 1 else 2
        for part in parts:
            name = _clean_part(part, outlet_key, min_words)
            if name and name not in names:
                names.append(name)
    return names, wire


def _clean_part(part: str, outlet_key: str, min_words: int) -> str | None:
    part = _PREFIX.sub("", part.strip(_PUNCT))
    if _PHOTO.match(part):
        return None
    part = _JOB.sub("", part)
    part = re.sub(r"\s+(?:for|of|at)\s+(?:the\s+)?[A-Z].*$", "", part)
    part = part.strip(_PUNCT)
    if not part or _NOT_NAMES.match(part) or part.lower() in _WIRES:
        return None
    key = _key(part)
    # the outlet's name is no author, but a person's own blog ("Jane Roe's Notes") names one
    own = outlet_key.startswith(f"{key}s")
    if outlet_key and (key == outlet_key or key in outlet_key or outlet_key in key) and not own:
        return None
    words = part.split()
    if not min_words <= len(words) <= 5 or re.search(r"\d", part) or not part[0].isupper():
        return None
    if part.isupper():
        part = part.title()
    return part


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().removeprefix("the "))
