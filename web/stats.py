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
    """Articles and index entries, withdrawn stories (counted in articles, not indexed),
    versions, counts per outlet, WARC files."""
    files = warc_files(config.archive.warc_dir)
    indexed = SearchIndex(config.index, store).doc_count() if index_exists(config.index) else None
    return {
        "articles": store.count(articles_only=True),
        "indexed": indexed,  # beside articles: see index_drift
        "hidden": len(store.takedowns().ids),
        "versions": store.version_count(),
        "outlets": dict(sorted(store.outlet_counts().items())),
        "warc_files": len(files),
        "warc_bytes": sum(p.stat().st_size for p in files),
        "archive_dir": str(config.archive.dir),
        "crawl": crawl_report(config.archive.frontier_path),
        "refused": refused_stats(store),
    }


def index_drift(indexed: int | None, store: Store) -> str | None:
    """A line saying the index holds more or fewer entries than articles to index, if it does."""
    if indexed is None:
        return None
    articles = len(store.article_ids())  # withdrawn stories are not indexed
    if indexed == articles:
        return None
    return (
        f"the index holds {indexed} entries for {articles} articles; "
        'run "dateline reindex --incremental" to bring it in line'
    )


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
