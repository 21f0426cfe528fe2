"""The OpenAPI 3.1 description of the JSON API (checked against real responses in tests)."""

from __future__ import annotations

from typing import Any

from indexer import FACETS, MAX_PER_PAGE

_STR = {"type": "string"}
_NULLABLE_STR = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": _STR}


def _param(
    name: str, description: str, schema: dict[str, Any], many: bool = False
) -> dict[str, Any]:
    if many:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema,
        "explode": True,
        "style": "form",
    }


SEARCH_PARAMS = [
    _param("q", 'Query text: words (AND), "phrases", OR, NOT, field:value, prefix*', _STR),
    _param("city", 'Filter by city, "City, ST" (repeatable: any of them)', _STR, many=True),
    _param("person", "Filter by person (repeatable: any of them)", _STR, many=True),
    _param("outlet", "Filter by outlet (repeatable: any of them)", _STR, many=True),
    _param(
        "from",
        "First publication day (outlet-local), YYYY-MM-DD",
        {"type": "string", "format": "date"},
    ),
    _param(
        "to",
        "Last publication day (outlet-local), YYYY-MM-DD",
        {"type": "string", "format": "date"},
    ),
    _param("sort", "Order of hits", {"enum": ["relevance", "newest", "oldest"]}),
    _param("page", "Page number", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _param("per_page", "Hits per page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
]

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "additionalProperties": False,
        "properties": {"error": _STR, "status": {"type": "integer"}},
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "count", "label"],
        "properties": {"value": _STR, "count": {"type": "integer", "minimum": 0}, "label": _STR},
    },
    "Hit": {
        "type": "object",
        "required": [
            "id",
            "url",
            "title",
            "outlet",
            "published",
            "authors",
            "cities",
            "persons",
            "snippet",
        ],
        "properties": {
            "id": _STR,
            "url": _STR,
            "title": _STR,
            "outlet": _STR,
            "published": _NULLABLE_STR,
            "day": _NULLABLE_STR,
            "authors": _STRINGS,
            "cities": _STRINGS,
            "persons": _STRINGS,
            "snippet": {"type": "string", "description": "Escaped HTML with <mark> around matches"},
            "score": {"type": "number"},
            "versions": {
                "type": "integer",
                "minimum": 1,
                "description": "How many versions were captured; the hit shows the newest",
            },
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["total", "page", "per_page", "hits", "facets"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "query": _STR,
            "sort": {"enum": ["relevance", "newest", "oldest"]},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {
                "type": "object",
                "required": list(FACETS),
                "additionalProperties": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/FacetValue"},
                },
            },
            "suggestion": _NULLABLE_STR,
        },
    },
    "Document": {
        "type": "object",
        "required": [
            "id",
            "url",
            "canonical_url",
            "outlet",
            "title",
            "body",
            "authors",
            "published",
            "updated",
            "dateline",
            "summary",
            "language",
            "section",
            "tags",
            "cities",
            "persons",
            "is_article",
            "captured",
            "corrections",
        ],
        "properties": {
            "id": _STR,
            "url": _STR,
            "canonical_url": _STR,
            "outlet": _STR,
            "title": _STR,
            "body": {
                "type": "string",
                "description": "Plain text; paragraphs separated by a blank line",
            },
            "authors": _STRINGS,
            "published": _NULLABLE_STR,
            "updated": _NULLABLE_STR,
            "day": _NULLABLE_STR,
            "dateline": _NULLABLE_STR,
            "summary": _STR,
            "language": _NULLABLE_STR,
            "section": _NULLABLE_STR,
            "tags": _STRINGS,
            "cities": _STRINGS,
            "persons": _STRINGS,
            "roles": {"type": "object", "additionalProperties": _STR},
            "wire": _NULLABLE_STR,
            "is_article": {"type": "boolean"},
            "captured": _NULLABLE_STR,
            "provenance": {
                "type": "object",
                "additionalProperties": _STR,
                "description": 'Where each field came from; "correction" for a corrected one',
            },
            "corrections": {
                "type": "array",
                "description": "The archive's corrections of the fields, in the order they apply",
                "items": {"$ref": "#/components/schemas/Correction"},
            },
        },
    },
    "Correction": {
        "type": "object",
        "required": ["field", "op", "value", "reason", "date", "derived"],
        "properties": {
            "field": _STR,
            "op": {
                "enum": ["=", "+=", "-="],
                "description": "= sets the field; += adds and -= removes one value of a list",
            },
            "value": {"type": ["string", "array", "null"], "items": _STR},
            "reason": _STR,
            "date": {"type": "string", "description": "When it was made, ISO 8601 UTC"},
            "derived": {
                "type": ["string", "array", "null"],
                "items": _STR,
                "description": "The field as derived from the page, before any correction",
            },
        },
    },
    "Version": {
        "type": "object",
        "required": ["version", "captured", "title", "changed"],
        "properties": {
            "version": {"type": "integer", "minimum": 1, "description": "1 is the oldest capture"},
            "captured": _NULLABLE_STR,
            "title": _STR,
            "changed": {
                "type": "array",
                "description": "Fields that differ from the version before ([] for the first)",
                "items": {"enum": ["title", "published", "updated", "authors", "body", "other"]},
            },
            "published": _NULLABLE_STR,
            "updated": _NULLABLE_STR,
            "notices": {
                "type": "array",
                "description": "Correction and update notices printed in this version's text",
                "items": {
                    "type": "object",
                    "required": ["kind", "text"],
                    "properties": {
                        "kind": {"enum": ["correction", "editor's note", "update"]},
                        "text": _STR,
                    },
                },
            },
        },
    },
    "Versions": {
        "type": "object",
        "required": ["versions"],
        "properties": {
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}}
        },
    },
    "FacetPage": {
        "type": "object",
        "required": ["field", "total", "offset", "limit", "values"],
        "properties": {
            "field": {"enum": list(FACETS)},
            "total": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
            "values": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
        },
    },
    "Stats": {
        "type": "object",
        "required": ["articles", "versions", "outlets", "warc_files", "indexed"],
        "properties": {
            "articles": {"type": "integer"},
            "hidden": {"type": "integer", "description": "Withdrawn stories (in articles)"},
            "versions": {"type": "integer"},
            "outlets": {"type": "object", "additionalProperties": {"type": "integer"}},
            "warc_files": {"type": "integer"},
            "warc_bytes": {"type": "integer"},
            "indexed": {"type": ["integer", "null"]},
            "archive_dir": _STR,
            "crawl": {
                "type": "object",
                "properties": {
                    "last_crawl": {"type": ["object", "null"]},
                    "urls": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "failures": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
            },
            "refused": {
                "type": "object",
                "description": "pages refused as not articles (dateline keep URL keeps one)",
                "properties": {
                    "total": {"type": "integer"},
                    "by_reason": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "pages": {"type": "object", "additionalProperties": _STR},
                },
            },
        },
    },
}


def _json(schema: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


_ERRORS = {
    "400": _json("Error", "A parameter is wrong; the message names it"),
    "503": _json("Error", "No index yet"),
}


def openapi_spec() -> dict[str, Any]:
    """The OpenAPI document served at /api/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dateline", "version": "1", "description": "A local news archive."},
        "paths": {**_search_paths(), **_article_paths(), **_facet_paths(), **_other_paths()},
        "components": {"schemas": SCHEMAS},
    }


def _search_paths() -> dict[str, Any]:
    """/api/search and its CSV twin."""
    return {
        "/api/search": {
            "get": {
                "summary": "Search articles: ranked hits, snippets and facet counts",
                "parameters": SEARCH_PARAMS,
                "responses": {"200": _json("SearchResult", "A page of hits"), **_ERRORS},
            }
        },
        "/api/search.csv": {
            "get": {
                "summary": "Every hit of a search as CSV, streamed",
                "parameters": SEARCH_PARAMS,
                "responses": {
                    "200": {"description": "CSV", "content": {"text/csv": {}}},
                    **_ERRORS,
                },
            }
        },
    }


def _article_paths() -> dict[str, Any]:
    """One article, and its versions."""
    return {
        "/api/articles/{id}": {
            "get": {
                "summary": "One archived article, whole",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                "responses": {
                    "200": _json("Document", "The article"),
                    "304": {"description": "Not modified (ETag / Last-Modified)"},
                    "404": _json("Error", "No such article"),
                    "410": _json("Error", "The story was withdrawn; the message says why"),
                },
            }
        },
        "/api/articles/{id}/versions": {
            "get": {
                "summary": "Every captured version of an article, oldest first",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                "responses": {
                    "200": _json("Versions", "The versions and what changed in each"),
                    "404": _json("Error", "No such article"),
                    "410": _json("Error", "The story was withdrawn; the message says why"),
                },
            }
        },
    }


def _facet_paths() -> dict[str, Any]:
    """Every value of one facet for a search."""
    return {
        "/api/facets/{field}": {
            "get": {
                "summary": "All values of one facet for a search, paginated",
                "parameters": [
                    {
                        "name": "field",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": list(FACETS)},
                    },
                    _param("offset", "First value", {"type": "integer", "minimum": 0}),
                    _param(
                        "limit",
                        "Values per page",
                        {"type": "integer", "minimum": 1, "maximum": 500},
                    ),
                    *SEARCH_PARAMS,
                ],
                "responses": {
                    "200": _json("FacetPage", "Facet values"),
                    **_ERRORS,
                    "404": _json("Error", "No such facet"),
                },
            }
        },
    }


def _other_paths() -> dict[str, Any]:
    """The archive's stats, and the Atom feed of a search."""
    return {
        "/api/stats": {
            "get": {
                "summary": "What the archive holds",
                "responses": {"200": _json("Stats", "Counts")},
            }
        },
        "/feed": {
            "get": {
                "summary": "An Atom feed of a search's newest articles",
                "parameters": SEARCH_PARAMS,
                "responses": {
                    "200": {"description": "Atom", "content": {"application/atom+xml": {}}},
                    **_ERRORS,
                },
            }
        },
    }
