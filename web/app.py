"""The Flask app: the search page, article pages and the JSON API, from one search path."""

from __future__ import annotations

import contextlib
import threading
import weakref
from datetime import datetime
from typing import Any

from flask import Flask, Response, jsonify, render_template, request, stream_with_context
from werkzeug.exceptions import HTTPException

from archive import Document, Store
from indexer import (
    BadQuery,
    IndexerError,
    IndexMissing,
    SearchIndex,
    SearchQuery,
    SearchResult,
    apply_entity_rules,
    index_exists,
)
from web.config import AppConfig
from web.exports import atom_feed, csv_lines, feed_query
from web.links import register_template_helpers
from web.openapi import openapi_spec
from web.render import document_json, facet_json, result_json
from web.stats import archive_stats

FACET_FIELDS = ("city", "person", "outlet", "date")
MAX_FACET_PAGE = 500
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class ApiError(Exception):
    """An error answered as JSON {"error", "status"} (or an HTML page for browsers)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


class _Archive:
    """The app's read-only view of the store and the index, shared by request threads."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.store = Store(config.archive.store_path)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                if not index_exists(self.config.index):
                    raise IndexMissing(str(self.config.index.dir))
                self._index = SearchIndex(self.config.index, self.store)
            return self._index


def create_app(config: AppConfig) -> Flask:
    """Build the web app for one archive (read-only: nothing here crawls, imports or deletes)."""
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False  # type: ignore[attr-defined]
    archive = _Archive(config)
    # The store lives as long as the app; close it when the app goes (Python 3.13 warns of an
    # open connection left to the garbage collector).
    weakref.finalize(app, archive.store.close)
    app.extensions["dateline"] = archive
    register_template_helpers(app)
    _register_errors(app)
    _register_views(app, archive)
    app.after_request(_headers)
    return app


def run_search(archive: _Archive, args: dict[str, list[str]]) -> SearchResult:
    """The one search path behind the HTML page and its JSON twin.

    Raises:
        BadQuery: a parameter or the query text is wrong.
        IndexMissing: no index has been built yet.
    """
    query = SearchQuery.from_args(args)
    return archive.index().search(query)


def _register_views(app: Flask, archive: _Archive) -> None:
    @app.get("/")
    def search_page() -> Any:
        args = request.args.to_dict(flat=False)
        try:
            result = run_search(archive, args)
        except BadQuery as exc:
            return render_template("search.html", result=None, error=exc, args=args), 400
        return render_template("search.html", result=result, error=None, args=args)

    @app.get("/facets/<field>")
    def facet_page(field: str) -> Any:
        args, offset, limit = _facet_args(field)
        values, total = archive.index().facet_values(
            SearchQuery.from_args(args), field, offset, limit
        )
        return render_template(
            "facets.html", field=field, values=values, total=total, offset=offset, limit=limit
        )

    @app.get("/api/search")
    def api_search() -> Any:
        return jsonify(result_json(run_search(archive, request.args.to_dict(flat=False))))

    @app.get("/article/<doc_id>")
    def article_page(doc_id: str) -> Any:
        doc = _document(archive, doc_id)
        related = _related(archive, doc)
        response = app.make_response(render_template("article.html", doc=doc, related=related))
        return _conditional(response, doc)

    @app.get("/api/articles/<doc_id>")
    def api_article(doc_id: str) -> Any:
        doc = _document(archive, doc_id)
        return _conditional(jsonify(document_json(doc)), doc)

    @app.get("/api/facets/<field>")
    def api_facets(field: str) -> Any:
        if field not in FACET_FIELDS:
            raise ApiError(
                404, f"unknown facet {field!r}; expected one of {', '.join(FACET_FIELDS)}"
            )
        args = request.args.to_dict(flat=False)
        offset = _int_param(args.pop("offset", []), "offset", 0, 0, 1_000_000)
        limit = _int_param(args.pop("limit", []), "limit", 100, 1, MAX_FACET_PAGE)
        query = SearchQuery.from_args(args)
        values, total = archive.index().facet_values(query, field, offset, limit)
        return jsonify(
            {
                "field": field,
                "total": total,
                "offset": offset,
                "limit": limit,
                "values": [facet_json(v) for v in values],
            }
        )

    @app.get("/api/search.csv")
    def api_search_csv() -> Any:
        query = SearchQuery.from_args(request.args.to_dict(flat=False))
        archive.index()  # fail with 503 before streaming starts
        lines = csv_lines(archive.index().search, query)
        response = Response(stream_with_context(lines), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="dateline-search.csv"'
        return response

    @app.get("/feed")
    def feed() -> Any:
        query = feed_query(SearchQuery.from_args(request.args.to_dict(flat=False)))
        result = archive.index().search(query)
        base = request.host_url.rstrip("/")
        body = atom_feed(result, base, request.url)
        return Response(body, mimetype="application/atom+xml")

    @app.get("/api/openapi.json")
    def openapi() -> Any:
        return jsonify(openapi_spec())

    @app.get("/api/stats")
    def api_stats() -> Any:
        return jsonify(archive_stats(archive.config, archive.store))


def _document(archive: _Archive, doc_id: str) -> Document:
    doc = archive.store.get(doc_id)
    if doc is None or not doc.is_article:
        raise ApiError(404, f"no article with id {doc_id!r}")
    # Persons and cities as the index shows them (config aliases and stop list), so that
    # every name links to a search that finds it.
    return apply_entity_rules(doc, archive.config.index)


def _related(archive: _Archive, doc: Document) -> dict[str, SearchResult]:
    related: dict[str, SearchResult] = {}
    try:
        index = archive.index()
    except IndexMissing:
        return related
    for param, values in (("city", doc.cities[:1]), ("person", doc.persons[:1])):
        for value in values:
            result = index.search(SearchQuery.from_args({param: [value], "per_page": ["6"]}))
            hits = [h for h in result.hits if h.id != doc.id][:5]
            related[f"{param}:{value}"] = SearchResult(result.query, result.total - 1, hits)
    return related


def _conditional(response: Response, doc: Document) -> Response:
    response.set_etag(doc.content_key())
    stamp = doc.captured or doc.updated or doc.published
    if stamp:
        with contextlib.suppress(ValueError):  # a malformed stamp only loses the header
            response.last_modified = datetime.fromisoformat(stamp)
    response.make_conditional(request)  # turns the response into a 304 in place when fresh
    return response


def _facet_args(field: str) -> tuple[dict[str, list[str]], int, int]:
    """The search parameters, offset and limit of a facet listing."""
    if field not in FACET_FIELDS:
        raise ApiError(404, f"unknown facet {field!r}; expected one of {', '.join(FACET_FIELDS)}")
    args = request.args.to_dict(flat=False)
    offset = _int_param(args.pop("offset", []), "offset", 0, 0, 1_000_000)
    limit = _int_param(args.pop("limit", []), "limit", 100, 1, MAX_FACET_PAGE)
    return args, offset, limit


def _int_param(values: list[str], name: str, default: int, low: int, high: int) -> int:
    if not values:
        return default
    if len(values) > 1 or not values[0].isdigit():
        raise BadQuery(name, f"must be a whole number from {low} to {high}")
    value = int(values[0])
    if not low <= value <= high:
        raise BadQuery(name, f"must be a whole number from {low} to {high}, not {value}")
    return value


def _wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best != "text/html"


def _error(status: int, message: str) -> Any:
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(exc: ApiError) -> Any:
        return _error(exc.status, exc.message)

    @app.errorhandler(BadQuery)
    def bad_query(exc: BadQuery) -> Any:
        return _error(400, f"bad parameter {exc.param!r}: {exc.message}")

    @app.errorhandler(IndexMissing)
    def no_index(exc: IndexMissing) -> Any:
        return _error(503, str(exc))

    @app.errorhandler(IndexerError)
    def indexer_error(exc: IndexerError) -> Any:
        return _error(503, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return _error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        app.logger.exception("unexpected error on %s", request.path)
        return _error(500, "internal error; the server log has the details")


def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET"
    return response
