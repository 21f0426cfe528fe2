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
    LockHeld,
    NotAnArticle,
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
from archive.processes import OwnedLock, die_with_parent
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
    "Document",
    "Entities",
    "ExportSummary",
    "FetchError",
    "IngestSummary",
    "LockHeld",
    "NotAnArticle",
    "OutletConfig",
    "OwnedLock",
    "Store",
    "StoreError",
    "WarcError",
    "WarcWriter",
    "city_key",
    "crawl",
    "crawl_report",
    "derive_document",
    "die_with_parent",
    "discover_outlet",
    "document_from_capture",
    "document_id",
    "export_warc",
    "extract_entities",
    "home_timezone",
    "import_jsonl",
    "import_warc",
    "iter_captures",
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
