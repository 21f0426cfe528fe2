"""The Flask app: the HTML pages and the JSON API as two blueprints over one archive."""

from __future__ import annotations

import weakref
from typing import Any

from flask import Flask, Response, jsonify, render_template, request

from web import api, pages
from web.config import AppConfig
from web.links import register_template_helpers
from web.responses import error_status
from web.state import ServedArchive

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(config: AppConfig) -> Flask:
    """Build the web app for one archive (read-only: nothing here crawls, imports or deletes)."""
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    archive = ServedArchive(config)
    app.extensions["dateline"] = archive
    # The store lives as long as the app; close it when the app goes (Python 3.13 warns of an
    # open connection left to the garbage collector).
    weakref.finalize(app, archive.store.close)
    register_template_helpers(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_error_handler(Exception, _error)
    app.after_request(_harden)
    return app


def _error(exc: Exception) -> Any:
    """Outside the API (which answers JSON itself): a page for browsers, JSON for the rest."""
    status, message = error_status(exc)
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "text/html":
        return render_template("error.html", status=status, message=message), status
    return jsonify({"error": message, "status": status}), status


def _harden(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
