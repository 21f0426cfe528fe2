"""The page as captured: a version's archived response, made safe, with its images and styles.

The page is shown inside a sandboxed iframe under the archive's own banner. The framed document
is the sanitized capture (web/sanitize.py) and carries a stricter policy than the rest of the
site: no script at all, no request anywhere but this server, no form, a sandbox even when opened
on its own. Three layers, each enough alone to keep a hostile page inert.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, render_template, url_for

from archive import Capture, CaptureRecord, WarcError, decode_html, read_capture
from indexer import BadQuery
from web.sanitize import LinkAsset, clean_css, clean_page, inline_style
from web.state import Args, ServedArchive
from web.versions import Version, pick_version

# Popups may open (a link to the live page, in a new tab, outside the sandbox); nothing else.
SANDBOX = "allow-popups allow-popups-to-escape-sandbox"
FRAME_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; "
    f"form-action 'none'; frame-ancestors 'self'; sandbox {SANDBOX}"
)
ASSET_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; sandbox"
_KINDS = {"image": ("image/",), "style": ("text/css",)}
# The assets each captured page uses, per served archive: (doc_id, version, warc, offset) -> URLs.
_PageKey = tuple[str, int, str, int]
_USED: weakref.WeakKeyDictionary[ServedArchive, dict[_PageKey, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)
_USED_KEPT = 256


@dataclass(frozen=True)
class Shown:
    """The version a captured view shows, among all of them, and where its response lives."""

    versions: list[Version]
    version: Version
    record: CaptureRecord


def shown_version(archive: ServedArchive, doc_id: str, args: Args) -> Shown:
    """The version `?version=N` asks for (the newest by default) and its archived response.

    Raises:
        NotFound: no such article or version, or no archived response of it is recorded.
        BadQuery: `version` is not a whole number.
    """
    versions = archive.versions(doc_id)
    number = pick_version(versions, args.get("version", []), "version", len(versions))
    version = versions[number - 1]
    record = archive.store.capture_at(version.doc.url, version.doc.captured or "")
    if record is None:
        abort(
            404,
            f"no archived response of version {number} is recorded: it was imported without "
            'its HTML, or before capture locations were kept (run "dateline reparse")',
        )
    return Shown(versions, version, record)


def frame(archive: ServedArchive, doc_id: str, args: Args) -> Response:
    """The sanitized captured page, for the banner page's iframe."""
    shown = shown_version(archive, doc_id, args)
    capture = _read(archive, shown.record)
    text, _ = decode_html(capture.body, capture.header("Content-Type"))
    number = shown.version.number
    page = clean_page(
        text,
        capture.url,
        _linker(archive, doc_id, shown.version),
        lambda n: url_for("pages.captured_style", doc_id=doc_id, version=number, n=n),
    )
    response = Response(render_template("captured_frame.html", page=page))
    return _locked_down(response, FRAME_POLICY, frame=True)


def style(archive: ServedArchive, doc_id: str, args: Args) -> Response:
    """One <style> block of the captured page, as a safe stylesheet of its own.

    Raises:
        NotFound: the page has no such block.
        BadQuery: `n` is not a whole number.
    """
    shown = shown_version(archive, doc_id, args)
    values = args.get("n", [])
    if len(values) != 1 or not values[0].isdigit():
        raise BadQuery("n", "must be the number of a <style> block of the page")
    capture = _read(archive, shown.record)
    text, _ = decode_html(capture.body, capture.header("Content-Type"))
    link = _linker(archive, doc_id, shown.version)
    css = inline_style(text, capture.url, int(values[0]), link)
    if css is None:
        abort(404, f"the captured page has no <style> block {values[0]}")
    return _locked_down(Response(css, mimetype="text/css"), ASSET_POLICY)


def asset(archive: ServedArchive, doc_id: str, args: Args) -> Response:
    """A captured image or stylesheet of the page, from the capture nearest the page's.

    Only what the shown page itself uses is served: a page cannot fetch another story's images
    through its own route (a withdrawn story's among them).

    Raises:
        NotFound: the page uses no image or stylesheet captured at that URL.
        BadQuery: `url` is missing.
    """
    shown = shown_version(archive, doc_id, args)
    url = (args.get("url") or [""])[0]
    if not url:
        raise BadQuery("url", "give the URL of an image or stylesheet of the page")
    if url not in used_assets(archive, doc_id, shown):
        abort(404, f"the page as captured uses no captured image or stylesheet at {url}")
    captured = shown.version.doc.captured or ""
    record = archive.store.nearest_capture(url, captured, ("image/", "text/css"))
    if record is None:
        abort(404, f"no image or stylesheet captured at {url}")
    capture = _read(archive, record)
    if record.content_type == "text/css":
        link = _linker(archive, doc_id, shown.version)
        charset = _charset(capture.header("Content-Type") or "")
        css = clean_css(capture.body, capture.url, link, charset)
        return _locked_down(Response(css, mimetype="text/css"), ASSET_POLICY)
    return _locked_down(Response(capture.body, mimetype=record.content_type), ASSET_POLICY)


def used_assets(archive: ServedArchive, doc_id: str, shown: Shown) -> frozenset[str]:
    """Every captured image and stylesheet the shown page uses: in its HTML, in its <style>
    blocks, and in the captured stylesheets it links or imports (found once per page)."""
    found = _USED.setdefault(archive, {})
    key = (doc_id, shown.version.number, shown.record.warc, shown.record.offset)
    if key not in found:
        if len(found) >= _USED_KEPT:
            found.clear()
        found[key] = _collect_assets(archive, doc_id, shown)
    return found[key]


def _collect_assets(archive: ServedArchive, doc_id: str, shown: Shown) -> frozenset[str]:
    link = _linker(archive, doc_id, shown.version)
    used: set[str] = set()
    sheets: list[str] = []

    def note(url: str, kind: str) -> str | None:
        served = link(url, kind)
        if served is not None and url not in used:
            used.add(url)
            if kind == "style":
                sheets.append(url)
        return served

    def block(n: int) -> str:
        blocks.append(n)
        return ""

    blocks: list[int] = []
    page = _read(archive, shown.record)
    text, _ = decode_html(page.body, page.header("Content-Type"))
    clean_page(text, page.url, note, block)
    for n in blocks:
        inline_style(text, page.url, n, note)
    captured = shown.version.doc.captured or ""
    while sheets:  # each stylesheet once: `used` keeps an @import loop from coming back
        record = archive.store.nearest_capture(sheets.pop(), captured, _KINDS["style"])
        if record is not None:
            sheet = _read(archive, record)
            charset = _charset(sheet.header("Content-Type") or "")
            clean_css(sheet.body, sheet.url, note, charset)
    return frozenset(used)


def _linker(archive: ServedArchive, doc_id: str, version: Version) -> LinkAsset:
    """Links to the archive's copy of an image or stylesheet, for captures it holds only."""
    captured = version.doc.captured or ""

    def link(url: str, kind: str) -> str | None:
        if archive.store.nearest_capture(url, captured, _KINDS[kind]) is None:
            return None
        return url_for("pages.captured_asset", doc_id=doc_id, version=version.number, url=url)

    return link


def _read(archive: ServedArchive, record: CaptureRecord) -> Capture:
    path = archive.config.archive.warc_dir / Path(record.warc).name
    try:
        return read_capture(path, record.offset)
    except WarcError as exc:
        abort(404, f"the archived response cannot be read: {exc}")


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""


def _locked_down(response: Response, policy: str, frame: bool = False) -> Response:
    response.headers["Content-Security-Policy"] = policy
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "SAMEORIGIN" if frame else "DENY"
    return response
