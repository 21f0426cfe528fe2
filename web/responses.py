"""What pages and API share in answering: an error's status and message, conditional replies."""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import datetime

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException

from archive import Document
from indexer import BadQuery, IndexerError


def error_status(exc: Exception) -> tuple[int, str]:
    """The HTTP status and one-line message that answer an error; the unexpected get logged."""
    if isinstance(exc, BadQuery):
        return 400, f"bad parameter {exc.param!r}: {exc.message}"
    if isinstance(exc, IndexerError):  # IndexMissing says to run "dateline reindex"
        return 503, str(exc)
    if isinstance(exc, HTTPException):
        return exc.code or 500, exc.description or exc.name
    current_app.logger.exception("unexpected error on %s", request.path)
    return 500, "internal error; the server log has the details"


def conditional(response: Response, doc: Document, variant: str = "") -> Response:
    """The response with the article's ETag and Last-Modified; a 304 when the client is fresh.

    `variant` is whatever else the page shows that can change while the article does not.
    """
    response.set_etag(doc.content_key() + variant)
    stamp = doc.captured or doc.updated or doc.published
    if stamp:
        with contextlib.suppress(ValueError):  # a malformed stamp only loses the header
            response.last_modified = datetime.fromisoformat(stamp)
    response.make_conditional(request)  # turns the response into a 304 in place when fresh
    return response


def fingerprint(*parts: object) -> str:
    """A short digest of what else a page shows, for conditional()'s `variant`."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
