"""SearchResult and Document -> JSON: the public API shape (add keys, never rename them)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from archive import Document
from indexer import FacetValue, Hit, SearchResult

_MARK = re.compile(r"</?mark>")


def result_json(result: SearchResult, versions: Mapping[str, int]) -> dict[str, Any]:
    """The /api/search body for a result; `versions` counts each hit's captured versions."""
    query = result.query
    return {
        "total": result.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": result.pages,
        "query": query.text,
        "sort": query.sort,
        "hits": [hit_json(hit, versions.get(hit.id, 1)) for hit in result.hits],
        "facets": {name: [facet_json(v) for v in values] for name, values in result.facets.items()},
        "suggestion": result.suggestion,
    }


def hit_json(hit: Hit, versions: int) -> dict[str, Any]:
    """One hit as JSON; `snippet` is HTML with <mark> around matched words.

    The hit is the newest version; `versions` says how many were captured.
    """
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "outlet": hit.outlet,
        "published": hit.published,
        "day": hit.day,
        "authors": list(hit.authors),
        "cities": list(hit.cities),
        "persons": list(hit.persons),
        "snippet": hit.snippet,
        "score": round(hit.score, 4),
        "versions": versions,
    }


def facet_json(value: FacetValue) -> dict[str, Any]:
    """One facet value: `value` is what the filter parameter takes."""
    return {"value": value.value, "count": value.count, "label": value.label or value.value}


def document_json(doc: Document) -> dict[str, Any]:
    """The whole Document, as /api/articles/<id> answers it."""
    return doc.to_dict()


def snippet_text(snippet: str) -> str:
    """A snippet for a terminal: marks become *stars*, entities are unescaped."""
    return html.unescape(_MARK.sub("*", snippet))
