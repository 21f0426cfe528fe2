"""An archivist overrules the parser: a refused page kept as an article, or let go again."""

from __future__ import annotations

import contextlib
from pathlib import Path

from archive.config import ArchiveConfig
from archive.corrections import Signed
from archive.document import Document
from archive.errors import ArchiveError, BadCorrection, WarcError
from archive.pipeline.derive import document_from_capture, refusal_of
from archive.store import Store
from archive.warc import Capture, iter_captures, read_capture, warc_files


def keep_as_article(url: str, config: ArchiveConfig, store: Store, signed: Signed) -> Document:
    """Store the archived capture of a refused page as an article, now and on every reparse.

    Raises:
        ArchiveError: no capture of this URL in the archive's WARC files.
        NotAnArticle: the capture is not an HTML page (an error status, a PDF, binary bytes).
        BadCorrection: the URL is kept as an article already.
    """
    capture = _capture_of(url, store, config.warc_dir)
    doc = document_from_capture(capture, config.outlets, kept={url})
    store.keep_as_article(url, doc, signed)
    return doc


def unkeep(url: str, config: ArchiveConfig, store: Store, signed: Signed) -> Document:
    """Undo `keep_as_article`: the page is stored as the parser reads it, refused again if so.

    Raises:
        BadCorrection: the URL is not kept as an article.
        ArchiveError: no capture of this URL in the archive's WARC files.
    """
    if url not in store.kept_articles():
        raise BadCorrection(f"{url} is not kept as an article")
    capture = _capture_of(url, store, config.warc_dir)
    doc = document_from_capture(capture, config.outlets)
    reason = None if doc.is_article else doc.provenance.get("is_article") or "not an article"
    store.unkeep(url, doc, refusal_of(capture, reason) if reason else None, signed)
    return doc


def _capture_of(url: str, store: Store, warc_dir: Path) -> Capture:
    """Return the refused capture of a URL where its refusal says, else its latest anywhere."""
    refused = next(iter(store.refusals(url)), None)
    if refused is not None and refused.warc and refused.offset >= 0:
        with contextlib.suppress(WarcError):  # a pruned file: search them all
            return read_capture(warc_dir / refused.warc, refused.offset)
    found: Capture | None = None
    for path in warc_files(warc_dir):
        for capture in iter_captures(path):
            if capture.url == url and (found is None or capture.captured >= found.captured):
                found = capture
    if found is None:
        raise ArchiveError(f"no capture of {url} in {warc_dir}; archive it first")
    return found
