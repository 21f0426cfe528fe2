"""Documents in, answers out: the Whoosh schema, index builds and the one search function.

The only package that imports whoosh. Other packages import only the names exported here.
"""

from indexer.config import IndexConfig
from indexer.errors import BadQuery, IndexBusy, IndexerError, IndexMissing
from indexer.query import FacetValue, Hit, SearchQuery, SearchResult

__all__ = [
    "BadQuery",
    "FacetValue",
    "Hit",
    "IndexBusy",
    "IndexConfig",
    "IndexMissing",
    "IndexerError",
    "SearchQuery",
    "SearchResult",
]
# Each module below adds its own exports on its own lines (keeps parallel work apart).
from indexer.build import index_exists, rebuild_index, update_index
from indexer.search import SearchIndex

__all__ += ["SearchIndex", "index_exists", "rebuild_index", "update_index"]
from indexer.query import MAX_PER_PAGE  # noqa: E402

__all__ += ["MAX_PER_PAGE"]
