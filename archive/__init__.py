"""Pages in, Documents out: capture, WARC, parse, entities and the document store.

Other packages import only the names exported here.
"""

from archive.config import ArchiveConfig, CrawlConfig, OutletConfig
from archive.document import Document, document_id
from archive.errors import (
    ArchiveError,
    BadDocument,
    FetchError,
    NotAnArticle,
    StoreError,
    WarcError,
)
from archive.store import Store
from archive.warc import Capture, WarcWriter, iter_captures

__all__ = [
    "ArchiveConfig",
    "ArchiveError",
    "BadDocument",
    "Capture",
    "CrawlConfig",
    "Document",
    "FetchError",
    "NotAnArticle",
    "OutletConfig",
    "Store",
    "StoreError",
    "WarcError",
    "WarcWriter",
    "document_id",
    "iter_captures",
]
# Each module below adds its own exports on its own lines (keeps parallel work apart).
from archive.parse import parse_page  # noqa: E402

__all__ += ["parse_page"]
from archive.entities import (  # noqa: E402
    Entities,
    city_key,
    extract_entities,
    home_timezone,
    load_entity_data,
    parse_dateline,
    person_key,
    resolve_place,
)

__all__ += [
    "Entities",
    "city_key",
    "extract_entities",
    "home_timezone",
    "load_entity_data",
    "parse_dateline",
    "person_key",
    "resolve_place",
]
from archive.crawl import CrawlProgress, CrawlSummary, crawl  # noqa: E402
from archive.discover import discover_outlet, outlet_block  # noqa: E402

__all__ += ["CrawlProgress", "CrawlSummary", "crawl", "discover_outlet", "outlet_block"]
from archive.pipeline import (  # noqa: E402
    IngestSummary,
    derive_document,
    document_from_capture,
    import_jsonl,
    import_warc,
    outlet_for,
    reparse,
    warc_files,
)

__all__ += [
    "IngestSummary",
    "derive_document",
    "document_from_capture",
    "import_jsonl",
    "import_warc",
    "outlet_for",
    "reparse",
    "warc_files",
]
