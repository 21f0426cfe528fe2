"""Bytes to text for the parser: content-type checks, BOM, declared charsets, detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from archive.errors import NotAnArticle

MAX_PARSE_BYTES = 3 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"GIF8", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"RIFF", "application/octet-stream"),
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype|html|head|body|meta|title|div|p)\b", re.I | re.S
)
# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp850", "mac_roman"}


def check_content(body: bytes, content_type: str | None) -> None:
    """Refuse bodies that cannot be an HTML page.

    Raises:
        NotAnArticle: empty body, a non-HTML content type or binary bytes.
    """
    if not body.strip():
        raise NotAnArticle("empty page")
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if (
        mime
        and mime not in _HTML_TYPES
        and not (mime == "text/plain" and _HTML_START.match(body[:2048]))
    ):
        raise NotAnArticle(f"not HTML: {mime}")
    for magic, kind in _MAGIC:
        if body.startswith(magic):
            raise NotAnArticle(f"not HTML: {kind}" if not mime else "binary content")
    head = body[:4096]
    if _bom_encoding(head) is None and _looks_binary(head):
        raise NotAnArticle("binary content")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def _bom_encoding(head: bytes) -> str | None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _normalize_label(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.I)
    return _normalize_label(match.group(1)) if match else None


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Return the page's text and where its encoding came from (WHATWG order)."""
    body = body[:MAX_PARSE_BYTES]
    bom = _bom_encoding(body[:4])
    if bom:
        return body.decode(bom, errors="replace").lstrip("\ufeff"), "bom"
    declared = _charset_of(content_type)
    source = "header"
    if declared is None:
        match = _META_CHARSET.search(body[:4096])
        declared = _normalize_label(match.group(1).decode("ascii")) if match else None
        source = "meta"
    if declared in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        declared = "utf-8"  # a meta tag in an ASCII-compatible stream cannot mean UTF-16
    if declared is not None:
        try:
            return body.decode(declared), source
        except UnicodeDecodeError:
            if declared != "utf-8":
                return body.decode(declared, errors="replace"), source
    return _detect(body)


def _detect(body: bytes) -> tuple[str, str]:
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0 or (bad < 20 and _has_multibyte(body)):
        return text, "utf-8"
    best = from_bytes(body[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in _WESTERN or encoding.startswith("utf"):
        encoding = "cp1252"
    return body.decode(encoding, errors="replace"), "detected"


def _has_multibyte(body: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", body) is not None
