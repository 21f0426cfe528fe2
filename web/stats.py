"""What the archive holds, for `dateline stats` and /api/stats."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from archive import Store, crawl_report, warc_files
from indexer import SearchIndex, SearchQuery, index_exists
from web.config import AppConfig
from web.render import facet_json


def archive_stats(config: AppConfig, store: Store) -> dict[str, Any]:
    """Counts per outlet, versions, withdrawn stories (counted in articles, not indexed), WARC
    files and the index's size."""
    files = warc_files(config.archive.warc_dir)
    indexed = SearchIndex(config.index, store).doc_count() if index_exists(config.index) else None
    return {
        "articles": store.count(articles_only=True),
        "hidden": len(store.takedowns().ids),
        "versions": store.version_count(),
        "outlets": dict(sorted(store.outlet_counts().items())),
        "warc_files": len(files),
        "warc_bytes": sum(p.stat().st_size for p in files),
        "indexed": indexed,
        "archive_dir": str(config.archive.dir),
        "crawl": crawl_report(config.archive.frontier_path),
        "refused": refused_stats(store),
    }


def refused_stats(store: Store) -> dict[str, Any]:
    """Pages refused as not articles, counted by kind and listed by URL, for review.

    `dateline keep URL` stores one as an article after all.
    """
    refusals = store.refusals()
    kinds = Counter(r.reason.split(":")[0] for r in refusals)
    return {
        "total": len(refusals),
        "by_reason": dict(kinds.most_common()),
        "pages": {r.url: r.reason for r in refusals},
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
