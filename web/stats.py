"""What the archive holds, for `dateline stats` and /api/stats."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from archive import Store, crawl_report, warc_files
from indexer import SearchIndex, SearchQuery, index_exists
from web.config import AppConfig
from web.render import facet_json


def archive_stats(config: AppConfig, store: Store) -> dict[str, Any]:
    """Articles and index entries, versions, counts per outlet, WARC files."""
    files = warc_files(config.archive.warc_dir)
    indexed = SearchIndex(config.index, store).doc_count() if index_exists(config.index) else None
    return {
        "articles": store.count(articles_only=True),
        "indexed": indexed,  # beside articles: the two differ when the index has drifted
        "versions": store.version_count(),
        "outlets": dict(sorted(store.outlet_counts().items())),
        "warc_files": len(files),
        "warc_bytes": sum(p.stat().st_size for p in files),
        "archive_dir": str(config.archive.dir),
        "crawl": crawl_report(config.archive.frontier_path),
    }


def entity_stats(config: AppConfig, store: Store, limit: int = 25) -> dict[str, Any]:
    """The most frequent persons and cities across the archive, with counts."""
    if not index_exists(config.index):
        return {}
    query = replace(SearchQuery(), facet_limit=limit, per_page=1)
    result = SearchIndex(config.index, store).search(query)
    return {
        name: [facet_json(v) for v in result.facets.get(name, [])] for name in ("person", "city")
    }
