"""Pages in, Documents out: capture, WARC, parse, entities and the document store.

Other packages import only the names exported here.
"""

from archive.capture import (
    CrawlProgress,
    CrawlSummary,
    crawl,
    crawl_every,
    crawl_report,
    discover_outlet,
    outlet_block,
)
from archive.config import SETTING, ArchiveConfig, CrawlConfig, OutletConfig, Setting, setting
from archive.corrections import (
    FIXABLE,
    Change,
    Correction,
    Fix,
    Signed,
    parse_fix,
    show_value,
)
from archive.document import Document, document_id
from archive.editorial import AuditEntry, Takedown, Takedowns
from archive.entities import (
    Entities,
    city_key,
    extract_entities,
    home_timezone,
    load_entity_data,
    parse_dateline,
    person_key,
    resolve_place,
)
from archive.errors import (
    ArchiveError,
    BadCorrection,
    BadDocument,
    FetchError,
    LockHeld,
    NotAnArticle,
    SparkError,
    StoreError,
    UnknownArticle,
    WarcError,
)
from archive.export import ExportSummary, export_jsonl, export_warc
from archive.parse import decode_html, parse_page
from archive.pipeline import (
    CorrectionsImport,
    IngestSummary,
    derive_document,
    document_from_capture,
    import_corrections,
    import_jsonl,
    import_warc,
    ingest_captures,
    keep_as_article,
    reparse,
    store_capture,
    unkeep,
)
from archive.processes import OwnedLock, die_with_parent
from archive.spark import DeriveSummary, derive_on_spark, is_jsonl, jsonl_parts
from archive.store import CaptureRecord, Refusal, Store
from archive.urls import outlet_for
from archive.warc import Capture, WarcWriter, iter_captures, read_capture, warc_files
from archive.wording import plural

__all__ = [
    "FIXABLE",
    "SETTING",
    "ArchiveConfig",
    "ArchiveError",
    "AuditEntry",
    "BadCorrection",
    "BadDocument",
    "Capture",
    "CaptureRecord",
    "Change",
    "Correction",
    "CorrectionsImport",
    "CrawlConfig",
    "CrawlProgress",
    "CrawlSummary",
    "DeriveSummary",
    "Document",
    "Entities",
    "ExportSummary",
    "FetchError",
    "Fix",
    "IngestSummary",
    "LockHeld",
    "NotAnArticle",
    "OutletConfig",
    "OwnedLock",
    "Refusal",
    "Setting",
    "Signed",
    "SparkError",
    "Store",
    "StoreError",
    "Takedown",
    "Takedowns",
    "UnknownArticle",
    "WarcError",
    "WarcWriter",
    "city_key",
    "crawl",
    "crawl_every",
    "crawl_report",
    "decode_html",
    "derive_document",
    "derive_on_spark",
    "die_with_parent",
    "discover_outlet",
    "document_from_capture",
    "document_id",
    "export_jsonl",
    "export_warc",
    "extract_entities",
    "home_timezone",
    "import_corrections",
    "import_jsonl",
    "import_warc",
    "ingest_captures",
    "is_jsonl",
    "iter_captures",
    "jsonl_parts",
    "keep_as_article",
    "load_entity_data",
    "outlet_block",
    "outlet_for",
    "parse_dateline",
    "parse_fix",
    "parse_page",
    "person_key",
    "plural",
    "read_capture",
    "reparse",
    "resolve_place",
    "setting",
    "show_value",
    "store_capture",
    "unkeep",
    "warc_files",
]
