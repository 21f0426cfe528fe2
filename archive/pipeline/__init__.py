"""From raw captures to stored Documents: import WARCs and JSON Lines, re-derive from WARCs.

derive: one capture -> one Document (or its refusal); ingest: WARC import and crawled pages;
jsonl: JSON Lines and corrections files; reparse: everything again from the WARCs, in
parallel; keep: an archivist's keep_as_article and unkeep.
"""

from archive.pipeline.derive import (
    HTML_TYPES,
    IngestSummary,
    Progress,
    article_of,
    capture_record,
    derive_document,
    document_from_capture,
)
from archive.pipeline.ingest import import_warc, ingest_captures, keep_warc, store_capture
from archive.pipeline.jsonl import CorrectionsImport, import_corrections, import_jsonl
from archive.pipeline.keep import keep_as_article, unkeep
from archive.pipeline.reparse import reparse

__all__ = [
    "HTML_TYPES",
    "CorrectionsImport",
    "IngestSummary",
    "Progress",
    "article_of",
    "capture_record",
    "derive_document",
    "document_from_capture",
    "import_corrections",
    "import_jsonl",
    "import_warc",
    "ingest_captures",
    "keep_as_article",
    "keep_warc",
    "reparse",
    "store_capture",
    "unkeep",
]
