"""Pages in, Documents out: capture, WARC, parse, entities and the document store.

Other packages import only the names exported here.
"""

from archive.capture import (
    CrawlProgress,
    CrawlSummary,
    crawl,
    crawl_report,
    discover_outlet,
    outlet_block,
)
from archive.config import ArchiveConfig, CrawlConfig, OutletConfig
from archive.document import Document, document_id
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
    BadDocument,
    FetchError,
    NotAnArticle,
    SparkError,
    StoreError,
    WarcError,
)
from archive.export import ExportSummary, export_warc
from archive.parse import parse_page
from archive.pipeline import (
    IngestSummary,
    derive_document,
    document_from_capture,
    import_jsonl,
    import_warc,
    reparse,
)
from archive.spark import DeriveSummary, derive_on_spark, is_jsonl, jsonl_parts
from archive.store import Store
from archive.urls import outlet_for
from archive.warc import Capture, WarcWriter, iter_captures, warc_files

__all__ = [
    "ArchiveConfig",
    "ArchiveError",
    "BadDocument",
    "Capture",
    "CrawlConfig",
    "CrawlProgress",
    "CrawlSummary",
    "DeriveSummary",
    "Document",
    "Entities",
    "ExportSummary",
    "FetchError",
    "IngestSummary",
    "NotAnArticle",
    "OutletConfig",
    "SparkError",
    "Store",
    "StoreError",
    "WarcError",
    "WarcWriter",
    "city_key",
    "crawl",
    "crawl_report",
    "derive_document",
    "derive_on_spark",
    "discover_outlet",
    "document_from_capture",
    "document_id",
    "export_warc",
    "extract_entities",
    "home_timezone",
    "import_jsonl",
    "import_warc",
    "is_jsonl",
    "iter_captures",
    "jsonl_parts",
    "load_entity_data",
    "outlet_block",
    "outlet_for",
    "parse_dateline",
    "parse_page",
    "person_key",
    "reparse",
    "resolve_place",
    "warc_files",
]
