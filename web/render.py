"""SearchResult and Document -> JSON: the public API shape (add keys, never rename them)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from archive import AuditEntry, Correction, Document
from indexer import FacetValue, Hit, SearchResult

_MARK = re.compile(r"</?mark>")
# How the article page names each field a correction may fix (archive's FIXABLE).
FIELD_LABELS = {
    "title": "Headline",
    "summary": "Summary",
    "authors": "Byline",
    "published": "Published",
    "updated": "Updated",
    "day": "Publication day",
    "dateline": "Dateline",
    "section": "Section",
    "wire": "Wire service",
    "cities": "Places",
    "persons": "People",
    "tags": "Tags",
}


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


def document_json(doc: Document, corrections: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The whole Document, as /api/articles/<id> answers it, with the archive's corrections
    (as corrections_json gives them) that it carries."""
    return {**doc.to_dict(), "corrections": list(corrections)}


def corrections_json(corrections: Sequence[Correction], derived: Document) -> list[dict[str, Any]]:
    """Each correction: its field, how it changes it (=, += or -=), the value, why and when.

    `derived` is the Document as derived from its page, before any correction: its value of
    the field is `derived`.
    """
    return [
        {
            "field": c.field,
            "op": c.op,
            "value": list(c.value) if isinstance(c.value, tuple) else c.value,
            "reason": c.signed.reason,
            "date": c.signed.date,
            "derived": getattr(derived, c.field),
        }
        for c in corrections
    ]


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    """One entry of `dateline audit --json`."""
    return {
        "number": entry.number,
        "date": entry.date,
        "user": entry.user,
        "action": entry.action,
        "id": entry.doc_id,
        "url": entry.url,
        "field": entry.field,
        "change": entry.change,
        "before": list(entry.before) if isinstance(entry.before, tuple) else entry.before,
        "after": list(entry.after) if isinstance(entry.after, tuple) else entry.after,
        "reason": entry.reason,
    }


def snippet_text(snippet: str) -> str:
    """A snippet for a terminal: marks become *stars*, entities are unescaped."""
    return html.unescape(_MARK.sub("*", snippet))
