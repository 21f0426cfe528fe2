"""Page metadata for the parser: meta tags, JSON-LD, canonical URL, outlet, language, tags."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from archive.parse.elements import PageIndex

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|LiveBlogPosting|NewsArticle|Posting)$")
_WS = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and strip."""
    return _WS.sub(" ", text.replace("\xa0", " ").replace("\u200b", "")).strip()


@dataclass
class PageMeta:
    """Everything the head (and JSON-LD) of a page says about it."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    ld_article: dict[str, Any] = field(default_factory=dict)
    ld_all: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str = ""
    lang: str | None = None
    canonical: str | None = None

    def first(self, *names: str) -> str | None:
        """Return the first non-empty value among these meta names/properties."""
        for name in names:
            for value in self.metas.get(name, ()):
                if value:
                    return value
        return None

    def all(self, *names: str) -> list[str]:
        """Return every non-empty value of these meta names, in order."""
        return [v for name in names for v in self.metas.get(name, ()) if v]

    def ld_types(self) -> set[str]:
        """Return every JSON-LD @type on the page."""
        return {t for obj in self.ld_all for t in _as_list(obj.get("@type")) if isinstance(t, str)}


def read_meta(index: PageIndex) -> PageMeta:
    """Collect the meta tags, JSON-LD objects, title, language and canonical link of a page."""
    meta = PageMeta()
    for tag in index.metas:
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str):
            meta.metas.setdefault(key.strip().lower(), []).append(clean_text(content))
    for script in index.ld_scripts:
        meta.ld_all.extend(_ld_objects(script))
    meta.ld_article = _pick_article(meta.ld_all)
    meta.title_tag = clean_text(index.title)
    meta.lang = index.lang
    for link in index.links:
        rel = link.get("rel")
        if not rel or not link.get("href"):
            continue
        rels = rel if isinstance(rel, list) else [str(rel)]
        if "canonical" in (r.lower() for r in rels) and meta.canonical is None:
            meta.canonical = str(link["href"]).strip()
    return meta


def _ld_objects(raw: str) -> list[dict[str, Any]]:
    raw = raw.strip().removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
    try:
        data = json.loads(raw, strict=False)
    except (json.JSONDecodeError, RecursionError):
        return []
    found: list[dict[str, Any]] = []
    stack: list[Any] = [data]
    while stack and len(found) < 200:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return found


def _pick_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    best: dict[str, Any] = {}
    for obj in objects:
        types = [t for t in _as_list(obj.get("@type")) if isinstance(t, str)]
        if any(_ARTICLE_TYPES.search(t) for t in types):
            if obj.get("articleBody") or not best:
                best = obj
            if best.get("articleBody"):
                break
    return best


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ld_text(value: object) -> str | None:
    """Return a JSON-LD value as text (a string, a {name}, the first of a list)."""
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return clean_text(item)
        if isinstance(item, dict):
            name = item.get("name") or item.get("@value")
            if isinstance(name, str) and name.strip():
                return clean_text(name)
    return None


def ld_strings(value: object) -> list[str]:
    """Return a JSON-LD value as a list of strings (names of objects included)."""
    out: list[str] = []
    for item in _as_list(value):
        text = ld_text(item)
        if text:
            out.append(text)
    return out


def site_of(url: str) -> str:
    """Return the host of a URL without a leading www."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")


def _registered(host: str) -> str:
    parts = host.split(".")
    keep = 3 if len(parts) >= 3 and len(parts[-1]) == 2 and len(parts[-2]) <= 3 else 2
    return ".".join(parts[-keep:])


def declared_canonical(meta: PageMeta, url: str) -> tuple[str, str]:
    """Return the URL the page names as its own (same site, absolute, no fragment) and its source.

    <link rel=canonical>, else og:url, else the fetched URL, spelled as the page spells it: it is
    the Document's key. archive.urls.canonical_url is the crawler's spelling of a link.
    """
    for candidate, source in ((meta.canonical, "link"), (meta.first("og:url"), "og:url")):
        if not candidate or candidate.startswith(("javascript:", "data:")):
            continue
        try:
            absolute = urljoin(url, candidate)
            parts = urlsplit(absolute)
            same_site = _registered(site_of(absolute)) == _registered(site_of(url))
        except ValueError:  # a malformed link on the page ("http://[::1"): not a canonical URL
            continue
        if parts.scheme not in ("http", "https") or not parts.hostname or not same_site:
            continue
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, "")), source
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, "url"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")), "url"


def outlet_name(meta: PageMeta, url: str) -> tuple[str, str]:
    """Return the outlet's name (og:site_name, JSON-LD publisher, else host) and its source."""
    site = meta.first("og:site_name", "application-name")
    if site:
        return site, "og:site_name"
    publisher = ld_text(meta.ld_article.get("publisher"))
    if publisher:
        return publisher, "json-ld"
    return site_of(url), "url"


_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "on", "with", "he", "said"},
    "es": {"el", "la", "de", "que", "y", "en", "los", "las", "por", "con", "una", "para", "del"},
    "fr": {"le", "la", "les", "de", "et", "des", "est", "une", "pour", "dans", "qui", "du", "pas"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auf", "ein", "dem"},
}


def language(meta: PageMeta, body: str) -> tuple[str | None, str]:
    """Return the ISO 639-1 language (declared, else a stopword vote on the body) and its source."""
    declared = (
        (meta.lang, "html"),
        (meta.first("content-language"), "meta"),
        (meta.first("og:locale"), "og:locale"),
        (ld_text(meta.ld_article.get("inLanguage")), "json-ld"),
    )
    for value, source in declared:
        code = (value or "").strip().lower()[:2]
        if re.fullmatch(r"[a-z]{2}", code):
            return code, source
    words = re.findall(r"[a-zà-ÿ]+", body[:5000].lower())
    if len(words) < 10:
        return None, "none"
    votes = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(votes, key=lambda k: votes[k])
    return (best, "stopwords") if votes[best] >= len(words) * 0.05 else (None, "none")


def section(meta: PageMeta) -> tuple[str | None, str]:
    """Return the article's section (article:section, JSON-LD articleSection) and its source."""
    value = meta.first("article:section", "section", "parsely-section")
    if value:
        return value, "meta"
    ld = ld_text(meta.ld_article.get("articleSection"))
    return (ld, "json-ld") if ld else (None, "none")


def tags(meta: PageMeta) -> tuple[list[str], str]:
    """Return the article's tags (article:tag, keywords meta, JSON-LD keywords) and source."""
    values = meta.all("article:tag")
    source = "meta"
    if not values:
        values = [k for v in meta.all("keywords", "news_keywords") for k in v.split(",")]
    if not values:
        source = "json-ld"
        raw = meta.ld_article.get("keywords")
        values = raw.split(",") if isinstance(raw, str) else ld_strings(raw)
    seen: dict[str, str] = {}
    for value in values:
        text = clean_text(value)
        if text and text.lower() not in seen and len(text) < 80:
            seen[text.lower()] = text
    return list(seen.values()), (source if seen else "none")
