"""Bytes to text for the parser: content-type checks, then w3lib's decoding with our detection."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode, read_bom, to_unicode

from archive.errors import NotAnArticle

MAX_PARSE_BYTES = 3 * 1024 * 1024

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
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype|html|head|body|meta|title|div|p)\b", re.I | re.S
)
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
    if read_bom(head)[0] is None and _looks_binary(head):
        raise NotAnArticle("binary content")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Return the page's text and the encoding it was read in.

    w3lib's html_to_unicode takes the browsers' order (BOM, HTTP charset, <meta> or XML
    declaration) and their label mapping (latin-1 and ascii read as windows-1252, gb2312 as
    gb18030); undeclared pages are detected. Two declarations the bytes contradict are not
    trusted: UTF-16 named in an ASCII-compatible stream means UTF-8 (WHATWG), and a page that
    says UTF-8 but is not is detected as if it had said nothing.
    """
    body = body[:MAX_PARSE_BYTES]
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    if read_bom(body)[0] is not None:
        return text, encoding
    if encoding.startswith(("utf-16", "utf-32")):
        encoding, text = "utf-8", to_unicode(body, "utf-8")
    if encoding == "utf-8" and "\ufffd" in text and not _is_utf8(body):
        encoding = _detect(body)
        text = to_unicode(body, encoding)
    return text, encoding


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str:
    """The encoding of an undeclared page: UTF-8 unless its bytes say otherwise."""
    bad = body.decode("utf-8", errors="replace").count("\ufffd")
    if bad == 0 or (bad < 20 and _has_multibyte(body)):
        return "utf-8"
    best = from_bytes(body[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in _WESTERN or encoding.startswith("utf"):
        encoding = "cp1252"
    return encoding


def _has_multibyte(body: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", body) is not None
