"""The HTML pages (search, facet listings, articles) and the Atom feed of a search."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, make_response, render_template, request

from indexer import BadQuery, SearchQuery
from web import captured as captured_view
from web.exports import atom_feed, feed_query
from web.render import FIELD_LABELS
from web.responses import conditional, fingerprint
from web.state import current_archive
from web.versions import CHANGE_LABELS, changed_fields, paragraphs, pick_version, word_diff

bp = Blueprint("pages", __name__)


@bp.get("/")
def search() -> Any:
    """The search page: the same search as /api/search, rendered as HTML."""
    args = request.args.to_dict(flat=False)
    archive = current_archive()
    try:
        result = archive.search(args)
    except BadQuery as exc:
        return render_template("search.html", result=None, error=exc, args=args), 400
    versions = archive.version_counts(result)
    return render_template("search.html", result=result, error=None, args=args, versions=versions)


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
    versions = archive.versions(doc_id)
    corrections = archive.corrections(doc)
    page = render_template(
        "article.html",
        doc=doc,
        paragraphs=paragraphs(doc.body),
        versions=versions,
        change_labels=CHANGE_LABELS,
        corrections=corrections,
        field_labels=FIELD_LABELS,
        related=archive.related(doc),
    )
    # A late import of an older capture adds a version without changing the article; a new
    # reason for a correction changes the page, not the article.
    stamps = [v.doc.captured or "" for v in versions]
    return conditional(make_response(page), doc, fingerprint(stamps, corrections))


@bp.get("/article/<doc_id>/captured")
def captured(doc_id: str) -> str:
    """The archived page as its reader saw it, made safe, under a banner saying what it is."""
    shown = captured_view.shown_version(current_archive(), doc_id, _args())
    return render_template(
        "captured.html", doc_id=doc_id, shown=shown, sandbox=captured_view.SANDBOX
    )


@bp.get("/article/<doc_id>/captured/frame")
def captured_frame(doc_id: str) -> Response:
    """The sanitized captured page itself (framed by /article/<id>/captured)."""
    return captured_view.frame(current_archive(), doc_id, _args())


@bp.get("/article/<doc_id>/captured/asset")
def captured_asset(doc_id: str) -> Response:
    """A captured image or stylesheet of the page, served from the WARC."""
    return captured_view.asset(current_archive(), doc_id, _args())


@bp.get("/article/<doc_id>/captured/style")
def captured_style(doc_id: str) -> Response:
    """One <style> block of the captured page, as a stylesheet (the policy forbids inline CSS)."""
    return captured_view.style(current_archive(), doc_id, _args())


@bp.get("/article/<doc_id>/diff")
def diff(doc_id: str) -> str:
    """What changed between two versions: a word diff of the title and the body."""
    versions = current_archive().versions(doc_id)
    args = _args()
    to = pick_version(versions, args.get("to", []), "to", len(versions))
    start = pick_version(versions, args.get("from", []), "from", max(to - 1, 1))
    if start > to:
        raise BadQuery("from", f"version {start} comes after version {to}; compare older to newer")
    old, new = versions[start - 1], versions[to - 1]
    return render_template(
        "diff.html",
        doc_id=doc_id,
        versions=versions,
        old=old,
        new=new,
        changed=changed_fields(old.doc, new.doc),
        change_labels=CHANGE_LABELS,
        title=word_diff(old.doc.title, new.doc.title),
        body=word_diff(old.doc.body, new.doc.body),
    )


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


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
