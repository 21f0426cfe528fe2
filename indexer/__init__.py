"""Documents in, answers out: the Whoosh schema, index builds and the one search function.

The only package that imports whoosh. Other packages import only the names exported here.
"""

from indexer.build import index_exists, rebuild_index, update_index
from indexer.config import IndexConfig
from indexer.errors import BadQuery, IndexBusy, IndexerError, IndexMissing, SearchTimeout
from indexer.query import FACETS, MAX_PER_PAGE, FacetValue, Hit, SearchQuery, SearchResult
from indexer.schema import apply_entity_rules
from indexer.search import SearchIndex

__all__ = [
    "FACETS",
    "MAX_PER_PAGE",
    "BadQuery",
    "FacetValue",
    "Hit",
    "IndexBusy",
    "IndexConfig",
    "IndexMissing",
    "IndexerError",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "SearchTimeout",
    "apply_entity_rules",
    "index_exists",
    "rebuild_index",
    "update_index",
]
