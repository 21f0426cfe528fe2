"""The JSON API under /api: every answer, errors included, is JSON that any origin may read."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Rule

from indexer import SearchQuery
from web.exports import csv_lines
from web.openapi import openapi_spec
from web.render import document_json, facet_json, result_json
from web.responses import conditional, error_status, fingerprint
from web.state import current_archive
from web.stats import archive_stats
from web.versions import version_json

bp = Blueprint("api", __name__, url_prefix="/api")

# Every method of RFC 9110 and PATCH: the catch-all below answers each of them in JSON.
_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"]


@bp.get("/search")
def search() -> Any:
    """One page of hits with facets: the search page's JSON twin."""
    archive = current_archive()
    result = archive.search(request.args.to_dict(flat=False))
    return jsonify(result_json(result, archive.version_counts(result)))


@bp.get("/search.csv")
def search_csv() -> Response:
    """Every hit of the search as CSV, streamed page by page."""
    archive = current_archive()
    query = SearchQuery.from_args(request.args.to_dict(flat=False))
    index = archive.index()  # fail with 503 before streaming starts
    response = Response(stream_with_context(csv_lines(index.search, query)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="dateline-search.csv"'
    return response


@bp.get("/articles/<doc_id>")
def article(doc_id: str) -> Response:
    """The whole Document of one article, with the archive's corrections (410 if withdrawn)."""
    archive = current_archive()
    doc = archive.article(doc_id)
    corrections = archive.corrections(doc)
    return conditional(jsonify(document_json(doc, corrections)), doc, fingerprint(corrections))


@bp.get("/articles/<doc_id>/versions")
def versions(doc_id: str) -> Any:
    """Every captured version of an article, oldest first, with the fields each one changed."""
    return jsonify({"versions": [version_json(v) for v in current_archive().versions(doc_id)]})


@bp.get("/facets/<field>")
def facet(field: str) -> Any:
    """One facet's values for the search, paged by offset and limit."""
    listing = current_archive().facet_listing(field, request.args.to_dict(flat=False))
    return jsonify(
        {
            "field": listing.field,
            "total": listing.total,
            "offset": listing.offset,
            "limit": listing.limit,
            "values": [facet_json(v) for v in listing.values],
        }
    )


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI description of this API."""
    return jsonify(openapi_spec())


@bp.get("/stats")
def stats() -> Any:
    """What the archive holds."""
    archive = current_archive()
    return jsonify(archive_stats(archive.config, archive.store))


@bp.route(
    "/",
    defaults={"unknown": ""},
    methods=_METHODS,
    provide_automatic_options=False,
    strict_slashes=False,
)
@bp.route("/<path:unknown>", methods=_METHODS, provide_automatic_options=False)
def not_here(unknown: str) -> NoReturn:
    """No such API URL, or not with this method.

    A URL that matches no route fails before any blueprint is known, so its 404 or 405 would
    miss the API's error handler: the API claims every other URL under its prefix instead.
    """
    rule = _rule_for_get()
    if rule.endpoint != request.endpoint:
        raise MethodNotAllowed(sorted(rule.methods or ()))
    raise NotFound()


@bp.errorhandler(Exception)
def error(exc: Exception) -> Any:
    """Every error as {"error": message, "status": code}."""
    status, message = error_status(exc)
    return jsonify({"error": message, "status": status}), status


@bp.after_request
def allow_any_origin(response: Response) -> Response:
    """Any web page may read the API (it is read-only and public)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET"
    if response.allow and request.url_rule is not None:
        # Flask's answer to OPTIONS lists the catch-all's methods too: name the route's own.
        response.headers["Allow"] = ", ".join(sorted(request.url_rule.methods or ()))
    return response


def _rule_for_get() -> Rule:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    rule, _ = adapter.match(method="GET", return_rule=True)
    return rule
