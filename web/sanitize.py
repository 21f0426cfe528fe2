"""Archived HTML and CSS made safe to show: nothing runs, nothing is fetched from outside.

HTML goes through an allow-list (nh3, the Python binding of the Rust sanitizer ammonia, which
parses as browsers do): only the tags and attributes below survive, every link is rewritten to
the live URL and every image to the archive's copy (or dropped). Stylesheets are rebuilt from
CSS tokens (tinycss2): every url() points into the archive or becomes `none`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
import tinycss2
from lxml import etree

# (absolute URL, "image" | "style") -> the archive's URL for its capture, or None if none is kept.
LinkAsset = Callable[[str, str], str | None]

LEAVING = "Leaves the archive: opens the live page"

_TAGS = {
    *("a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote"),
    *("br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details"),
    *("dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2"),
    *("h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main"),
    *("mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section"),
    *("small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td"),
    *("tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr"),
}
# Gone with everything inside: code, embeds, widgets, and what only a page without scripts shows.
_GONE_WITH_CONTENT = {
    *("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object"),
    *("embed", "applet", "svg", "math", "select", "textarea", "button", "title", "audio"),
    *("video", "canvas"),
}
_CELL = {"colspan", "rowspan", "align", "valign", "width", "height", "bgcolor", "nowrap"}
_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "align", "border", "hspace", "vspace"},
    "table": {"width", "border", "cellpadding", "cellspacing", "align", "bgcolor", "summary"},
    "tr": {"align", "valign", "bgcolor"},
    "td": _CELL | {"headers"},
    "th": _CELL | {"headers", "scope"},
    "col": {"span", "width", "align"},
    "colgroup": {"span", "width", "align"},
    "font": {"color", "face", "size"},
    "ol": {"start", "type", "reversed"},
    "ul": {"type"},
    "li": {"value"},
    "time": {"datetime"},
    "hr": {"size", "width", "align", "noshade"},
    "details": {"open"},
    **{tag: {"align"} for tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6")},
}
# Set on every link, whatever the page said: it opens the live site, outside the archive.
_LINK_ATTRIBUTES = {"a": {"target": "_blank", "title": LEAVING}}


@dataclass(frozen=True)
class Sheet:
    """A stylesheet of the captured page, as the archive serves it."""

    href: str
    media: str


@dataclass(frozen=True)
class CleanPage:
    """A captured page made safe: its title, stylesheets and body (HTML with nothing active)."""

    title: str
    lang: str
    body_class: str
    sheets: tuple[Sheet, ...]
    body: str


def clean_page(
    text: str, page_url: str, link_asset: LinkAsset, style_url: Callable[[int], str]
) -> CleanPage:
    """Make a captured page safe to show; `style_url(n)` is where its n-th <style> is served."""
    root = _parse(text)
    base = _base_url(root, page_url)
    body = nh3.clean(
        text,
        tags=_TAGS,
        clean_content_tags=_GONE_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_rewriter(base, link_asset),
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values=_LINK_ATTRIBUTES,
        url_schemes={"http", "https"},
    )
    return CleanPage(
        title=_first_text(root, "//title"),
        lang=_first_attribute(root, "/html/@lang"),
        body_class=_first_attribute(root, "//body/@class"),
        sheets=tuple(_sheets(root, base, link_asset, style_url)),
        body=body,
    )


def _sheets(
    root: etree._Element | None, base: str, link_asset: LinkAsset, style_url: Callable[[int], str]
) -> Iterator[Sheet]:
    """The page's stylesheets in order: captured links, and each <style> block by number."""
    for index, element in enumerate(_style_elements(root)):
        media = element.get("media") or ""
        if element.tag == "style":
            yield Sheet(style_url(index), media)
            continue
        href = _absolute(base, element.get("href") or "")
        if href is not None and (served := link_asset(href, "style")) is not None:
            yield Sheet(served, media)


def inline_style(text: str, page_url: str, index: int, link_asset: LinkAsset) -> str | None:
    """The page's `index`-th <style> as a safe stylesheet, or None if it has no such block."""
    root = _parse(text)
    chosen = next((e for i, e in enumerate(_style_elements(root)) if i == index), None)
    if chosen is None or chosen.tag != "style":
        return None
    return clean_css(chosen.text_content(), _base_url(root, page_url), link_asset)


def clean_css(css: str | bytes, sheet_url: str, link_asset: LinkAsset, charset: str = "") -> str:
    """A stylesheet rebuilt from its tokens: url()s point into the archive or become `none`."""
    if isinstance(css, bytes):
        rules, _ = tinycss2.parse_stylesheet_bytes(css, protocol_encoding=charset or None)
    else:
        rules = tinycss2.parse_stylesheet(css)
    rewrite = _CssRewriter(sheet_url, link_asset)
    return "".join(rewrite.rule(rule) for rule in rules)


class _CssRewriter:
    def __init__(self, sheet_url: str, link_asset: LinkAsset) -> None:
        self.sheet_url = sheet_url
        self.link_asset = link_asset

    def rule(self, rule: Any) -> str:
        kind = getattr(rule, "type", "")
        if kind == "qualified-rule":
            prelude = self.values(rule.prelude)
            return f"{prelude}{{{self.values(rule.content)}}}\n"
        if kind != "at-rule":
            return ""  # parse errors, stray tokens
        keyword = rule.lower_at_keyword
        if keyword == "import":
            return self.imported(rule)
        if keyword == "charset":
            return ""  # served as UTF-8
        if keyword == "namespace":  # a namespace URL names, it is never fetched
            return f"@namespace{tinycss2.serialize(rule.prelude)};\n"
        head = f"@{tinycss2.serialize_identifier(keyword)}{self.values(rule.prelude)}"
        content = rule.content
        return f"{head};\n" if content is None else f"{head}{{{self.values(content)}}}\n"

    def imported(self, rule: Any) -> str:
        prelude = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
        target = _url_value(prelude[0]) if prelude else None
        href = _absolute(self.sheet_url, target or "") if target else None
        served = self.link_asset(href, "style") if href else None
        if served is None:
            return ""
        rest = tinycss2.serialize(prelude[1:])
        return f'@import url("{served}") {rest};\n'

    def values(self, nodes: list[Any], strings_are_urls: bool = False) -> str:
        return "".join(self.value(node, strings_are_urls) for node in nodes)

    def value(self, node: Any, strings_are_urls: bool) -> str:
        kind = getattr(node, "type", "")
        if kind == "url" or (kind == "string" and strings_are_urls):
            return self.url(node.value)
        if kind == "function":
            name = node.lower_name
            if name == "url":
                return self.url(_url_value(node) or "")
            if name == "expression":
                return "none"
            inner = self.values(node.arguments, name.endswith("image-set"))
            return f"{tinycss2.serialize_identifier(node.name)}({inner})"
        if kind in _BLOCKS:
            opening, closing = _BLOCKS[kind]
            return f"{opening}{self.values(node.content, strings_are_urls)}{closing}"
        if kind == "error":
            return ""
        return str(node.serialize())

    def url(self, value: str) -> str:
        href = _absolute(self.sheet_url, value)
        served = self.link_asset(href, "image") if href else None
        return f'url("{served}")' if served else "none"


_BLOCKS = {"() block": ("(", ")"), "[] block": ("[", "]"), "{} block": ("{", "}")}


def _url_value(node: Any) -> str | None:
    kind = getattr(node, "type", "")
    if kind in ("url", "string"):
        return str(node.value)
    if kind == "function" and node.lower_name == "url":
        strings = [a for a in node.arguments if a.type == "string"]
        return str(strings[0].value) if strings else None
    return None


def _rewriter(base: str, link_asset: LinkAsset) -> Callable[[str, str, str], str | None]:
    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return _absolute(base, value, keep_fragment=True)
        if tag == "img" and attribute == "src":
            href = _absolute(base, value)
            return link_asset(href, "image") if href else None
        return value

    return rewrite


def _absolute(base: str, value: str, keep_fragment: bool = False) -> str | None:
    """`value` resolved against `base` if it is an http(s) URL; anything else is None."""
    try:
        url = urljoin(base, value.strip())
        parts = urlsplit(url)
    except ValueError:  # "http://[not-an-address]/": no URL a browser could fetch either
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url if keep_fragment else parts._replace(fragment="").geturl()


def _parse(text: str) -> etree._Element | None:
    # Bytes with an explicit encoding: lxml refuses a str that declares its own encoding.
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
    try:
        root: etree._Element = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def _base_url(root: etree._Element | None, page_url: str) -> str:
    """The URL relative links resolve against: the page's own, or its http(s) <base href>."""
    href = _first_attribute(root, "//base[@href]/@href")
    based = _absolute(page_url, href, keep_fragment=True) if href else None
    return based or page_url


def _style_elements(root: etree._Element | None) -> Iterator[etree._Element]:
    """Stylesheet links and <style> blocks in document order, as a reader with scripts got them."""
    if root is None:
        return
    for element in root.xpath(_STYLE_PATH):
        if element.tag == "style" and (element.get("type") or "text/css").lower() == "text/css":
            yield element
        elif element.tag == "link":
            rel = (element.get("rel") or "").lower().split()
            if "stylesheet" in rel and "alternate" not in rel and element.get("href"):
                yield element


_LIVE = "not(ancestor::noscript or ancestor::template or ancestor::svg or ancestor::math)"
_STYLE_PATH = f"//link[{_LIVE}] | //style[{_LIVE}]"


def _first_text(root: etree._Element | None, path: str) -> str:
    found = root.xpath(path) if root is not None else []
    return " ".join(found[0].text_content().split()) if found else ""


def _first_attribute(root: etree._Element | None, path: str) -> str:
    found = root.xpath(path) if root is not None else []
    return str(found[0]).strip() if found else ""
