"""The HTML pages (search, facet listings, articles) and the Atom feed of a search."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, make_response, render_template, request

from indexer import BadQuery, SearchQuery
from web.exports import atom_feed, feed_query
from web.responses import conditional
from web.state import current_archive

bp = Blueprint("pages", __name__)


@bp.get("/")
def search() -> Any:
    """The search page: the same search as /api/search, rendered as HTML."""
    args = request.args.to_dict(flat=False)
    try:
        result = current_archive().search(args)
    except BadQuery as exc:
        return render_template("search.html", result=None, error=exc, args=args), 400
    return render_template("search.html", result=result, error=None, args=args)


@bp.get("/facets/<field>")
def facet(field: str) -> Any:
    """Every value of one facet for the current search, a page at a time."""
    listing = current_archive().facet_listing(field, request.args.to_dict(flat=False))
    return render_template(
        "facets.html",
        field=listing.field,
        values=listing.values,
        total=listing.total,
        offset=listing.offset,
        limit=listing.limit,
    )


@bp.get("/article/<doc_id>")
def article(doc_id: str) -> Response:
    """One archived article with links to its people, places and related articles."""
    archive = current_archive()
    doc = archive.article(doc_id)
    related = archive.related(doc)
    response = make_response(render_template("article.html", doc=doc, related=related))
    return conditional(response, doc)


@bp.get("/feed")
def feed() -> Response:
    """An Atom feed of the search's newest articles, to follow it in a feed reader."""
    archive = current_archive()
    query = feed_query(SearchQuery.from_args(request.args.to_dict(flat=False)))
    result = archive.index().search(query)
    body = atom_feed(result, *_feed_urls(archive.config.web.base_url))
    return Response(body, mimetype="application/atom+xml")


def _feed_urls(base_url: str | None) -> tuple[str, str]:
    """The feed's base URL and its own URL: from [web] base_url if set, else from the request."""
    if base_url is None:
        return request.host_url.rstrip("/"), request.url
    return base_url, f"{base_url}/{request.url.removeprefix(request.root_url)}"
