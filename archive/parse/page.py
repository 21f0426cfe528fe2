"""HTML to Document: the one place that maps a page's markup to the Document fields."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from archive.document import Document
from archive.errors import NotAnArticle
from archive.parse.body import clean_blocks, split_dateline, walk_blocks
from archive.parse.byline import bare_byline, byline_lines, find_byline
from archive.parse.container import find_container
from archive.parse.date_text import parse_when
from archive.parse.dates import DateContext, find_dates, zone_named
from archive.parse.decode import check_content, decode_html
from archive.parse.elements import (
    PageIndex,
    find_strings,
    index_page,
    make_soup,
    release_tree,
    strip_scripts,
    text_of,
)
from archive.parse.meta import (
    PageMeta,
    clean_text,
    declared_canonical,
    language,
    ld_text,
    outlet_name,
    read_meta,
    section,
    tags,
)
from archive.parse.page_kind import KEPT, classify_page
from archive.parse.title import find_title, site_keys
from archive.warc import header_value

_WORD = re.compile(r"\w+")
_FILED_UNDER = re.compile(r"^\s*(?:filed under|tags|topics|tagged)\s*:\s*", re.IGNORECASE)
_CRUMB_SEPARATOR = re.compile(r"\s*[\u00bb\u203a]\s*")
_CRUMB_ROOTS = {"home", "front page", "homepage", "news"}


def parse_page(
    body: bytes,
    url: str,
    *,
    headers: Sequence[tuple[str, str]] = (),
    captured: datetime | None = None,
    outlet: str | None = None,
    timezone: str | None = None,
    listed: str | None = None,
    as_article: bool = False,
) -> Document:
    """Turn one captured HTML page into a Document (is_article False for index/gallery pages).

    `listed` is the date the outlet's sitemap (news:publication_date or lastmod) or feed gave
    the page: an undated page's day when neither its updated stamp nor its URL holds one.
    `as_article` keeps a page the parser would refuse (an archivist's choice); provenance
    says so and keeps the parser's reason.

    Raises:
        NotAnArticle: empty body, non-HTML content, binary bytes, or markup too deep to parse.
    """
    content_type = header_value(headers, "content-type")
    check_content(body, content_type)
    text, _encoding = decode_html(body, content_type)
    if captured is not None and captured.tzinfo is None:
        captured = captured.replace(tzinfo=UTC)
    ctx = DateContext(zone_named(timezone), captured)
    if listed:
        ctx = replace(ctx, listed=parse_when(listed, ctx))
    text, scripts = strip_scripts(text)
    soup: BeautifulSoup | None = None
    try:
        soup = make_soup(text)
        index = index_page(soup, scripts)
        doc = _document(soup, index, url, ctx, outlet, header_value(headers, "content-language"))
    except RecursionError as exc:
        raise NotAnArticle("markup nested too deeply to parse") from exc
    finally:
        if soup is not None:
            release_tree(soup)  # frees the tree now instead of at the next cycle collection
    if as_article and not doc.is_article:
        refused = doc.provenance.get("is_article", "")
        provenance = doc.provenance | {"is_article": f"{KEPT} (parser: {refused})"}
        doc = replace(doc, is_article=True, provenance=provenance)
    return doc


def _document(
    soup: BeautifulSoup,
    index: PageIndex,
    url: str,
    ctx: DateContext,
    outlet: str | None,
    content_language: str | None,
) -> Document:
    meta = read_meta(index)
    ctx = replace(ctx, day_first=_day_first(meta))
    if content_language and "content-language" not in meta.metas:
        meta.metas["content-language"] = [content_language]
    prov: dict[str, str] = {}
    canonical, prov["canonical_url"] = declared_canonical(meta, url)
    if outlet:
        prov["outlet"] = "argument"
    else:
        outlet, prov["outlet"] = outlet_name(meta, url)
    sect, prov["section"] = section(meta)
    title, prov["title"] = find_title(soup, index, meta, site_keys(meta, outlet, url), sect)
    if sect is None:
        sect, prov["section"] = _breadcrumb_section(soup, title)
    dates = find_dates(index, meta, url, ctx)
    prov.update(dates.provenance)
    byline = find_byline(index, meta, outlet, byline_lines(soup))
    prov["authors"] = byline.source
    text = _text_fields(soup, index, meta, (url, canonical), title, prov)
    wire = byline.wire or text.pop("wire")  # the byline's wire wins over a "(AP)" dateline
    text.pop("wire", None)
    authors = byline.authors
    if not authors:
        authors, text["body"] = bare_byline(text["body"], outlet)
        prov["authors"] = "body-line" if authors else prov["authors"]
    return Document(
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        title=title or canonical,
        authors=authors,
        published=dates.published,
        updated=dates.updated,
        day=dates.day,
        section=sect,
        wire=wire,
        captured=ctx.captured.isoformat() if ctx.captured else None,
        provenance={k: v for k, v in prov.items() if v != "none"},
        **text,
    )


def _text_fields(
    soup: BeautifulSoup,
    index: PageIndex,
    meta: PageMeta,
    urls: tuple[str, ...],
    title: str,
    prov: dict[str, str],
) -> dict[str, Any]:
    """Return body, dateline, wire, summary, language, tags and is_article (fills prov)."""
    paragraphs, prov["body"] = _body(index, meta, title)
    dateline, ap, rest = split_dateline(paragraphs[0]) if paragraphs else (None, False, "")
    if dateline:
        paragraphs = [p for p in [rest, *paragraphs[1:]] if p]
        prov["dateline"] = "visible-text"
    body = "\n\n".join(paragraphs)
    tag_list, prov["tags"] = tags(meta)
    if not tag_list:
        tag_list, prov["tags"] = _filed_under(soup)
    fields: dict[str, Any] = {"body": body, "dateline": dateline, "tags": tag_list}
    fields["language"], prov["language"] = language(meta, body)
    fields["summary"], prov["summary"] = _summary(meta, paragraphs)
    kind = classify_page(index, meta, urls, body)
    fields["is_article"], prov["is_article"] = kind.is_article, kind.reason
    fields["wire"] = "AP" if ap else None
    return fields


def _filed_under(soup: BeautifulSoup) -> tuple[list[str], str]:
    found = find_strings(soup, _FILED_UNDER, 1)
    if not found:
        return [], "none"
    text = _FILED_UNDER.sub("", clean_text(str(found[0])))
    values = [clean_text(t) for t in text.split(",") if 0 < len(clean_text(t)) < 40]
    return values, "visible-text" if values else "none"


def _breadcrumb_section(soup: BeautifulSoup, title: str) -> tuple[str | None, str]:
    for string in find_strings(soup, _CRUMB_SEPARATOR, 3):
        parent = string.parent
        after = string.next_sibling
        if parent is None or not isinstance(after, Tag) or after.name != "a":
            continue
        parts = [clean_text(p) for p in _CRUMB_SEPARATOR.split(text_of(parent))]
        parts = [p for p in parts if p and p != title and p.lower() not in _CRUMB_ROOTS]
        if parts and len(parts[-1].split()) <= 4:
            return parts[-1], "breadcrumb"
    return None, "none"


def _day_first(meta: PageMeta) -> bool:
    """Tell whether numeric dates on this page ("05/01/2023", "05.01.2023") are day first: only
    on a page from outside the US."""
    code = _locale(meta)
    if not code:
        return False
    language_code, _, region = code.partition("-")
    return language_code != "en" or region not in ("", "us", "ph", "ca")


def _locale(meta: PageMeta) -> str:
    """The page's language and region, "en-gb": `<html lang>`, or og:locale where lang names
    no region ("en" with og:locale "en_GB")."""
    code = (meta.lang or "").replace("_", "-").lower()
    locale = (meta.first("og:locale") or "").replace("_", "-").lower()
    if locale and (not code or ("-" not in code and locale.partition("-")[0] == code)):
        return locale
    return code


def _body(index: PageIndex, meta: PageMeta, title: str) -> tuple[list[str], str]:
    blocks = []
    for container in find_container(index):
        blocks.extend(walk_blocks(container))
    sites = tuple(meta.all("og:site_name", "application-name"))
    paragraphs = clean_blocks(blocks, title, sites)
    ld_body = meta.ld_article.get("articleBody")
    if isinstance(ld_body, str) and _prefer_ld(ld_body, paragraphs):
        text = html.unescape(re.sub(r"<[^>]+>", " ", ld_body))
        parts = [clean_text(p) for p in re.split(r"\n\s*\n|\n|\r", text)]
        return [p for p in parts if p], "json-ld"
    return paragraphs, "markup" if paragraphs else "none"


def _prefer_ld(ld_body: str, paragraphs: list[str]) -> bool:
    if len(ld_body) < 300 or ld_body.rstrip().endswith(("...", "\u2026")):
        return False
    ld_words = set(_WORD.findall(ld_body.lower()))
    markup_words = set(_WORD.findall(" ".join(paragraphs).lower()))
    recall = len(ld_words & markup_words) / max(1, len(ld_words))
    return recall < 0.8 and len(ld_body) >= 0.5 * sum(len(p) for p in paragraphs)


def _summary(meta: PageMeta, paragraphs: list[str]) -> tuple[str, str]:
    description = meta.first("description", "og:description", "twitter:description")
    if description:
        return description, "meta"
    ld = ld_text(meta.ld_article.get("description"))
    if ld:
        return ld, "json-ld"
    return (paragraphs[0], "body") if paragraphs else ("", "none")
