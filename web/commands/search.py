"""The index and what reads it: `dateline reindex`, `search` and `export`."""

from __future__ import annotations

import argparse
from dataclasses import replace

from archive import Document, Store, export_jsonl, export_warc, plural
from indexer import (
    MAX_PER_PAGE,
    SearchIndex,
    SearchQuery,
    index_exists,
    rebuild_index,
    update_index,
)
from web.config import AppConfig
from web.output import print_json, say, say_all
from web.progress import ProgressBar
from web.render import result_json, snippet_text


def reindex_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Rebuild the index aside and swap it in (or add only what changed)."""
    notes: list[str] = []
    with Store(config.archive.store_path) as store:
        incremental = args.incremental and index_exists(config.index)
        bar = ProgressBar("indexing" + (" new documents" if incremental else ""))
        try:
            if incremental:
                count = update_index(config.index, store, progress=bar, notes=notes)
            else:
                count = rebuild_index(config.index, store, progress=bar, notes=notes)
        finally:
            bar.finish()
            say_all(notes)
        if incremental and count == 0:
            say(f"the index in {config.index.dir} is up to date")
        else:
            say(f"indexed {plural(count, 'document')} into {config.index.dir}")
    return 0


def search_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Search from the terminal: the same query parsing and search as the web app."""
    query = SearchQuery.from_args(args.params)
    with Store(config.archive.store_path) as store:
        result = SearchIndex(config.index, store).search(query)
        versions = store.version_counts(hit.id for hit in result.hits)
    if args.json:
        print_json(result_json(result, versions))
        return 0
    print(f"{plural(result.total, 'article')} (page {query.page} of {result.pages})")
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    start = (query.page - 1) * query.per_page
    for number, hit in enumerate(result.hits, start + 1):
        print(f"\n{number}. {hit.title}")
        byline = ", ".join(hit.authors)
        print(f"   {hit.outlet} · {hit.day or 'undated'}" + (f" · {byline}" if byline else ""))
        print(f"   {hit.url}")
        print(f"   {snippet_text(hit.snippet)}")
    return 0


def export_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Write the archived HTTP responses of a search's results into a new WARC file."""
    params = args.params | {"sort": ["oldest"], "per_page": [str(MAX_PER_PAGE)]}
    query = SearchQuery.from_args(params)  # a bad option stops us before anything is opened
    with Store(config.archive.store_path) as store:
        docs = _every_result(SearchIndex(config.index, store), store, query)
        if args.jsonl:
            summary = export_jsonl(args.jsonl, docs, store)
        else:
            summary = export_warc(args.warc, docs, config.archive.warc_dir, store)
    missing = f"; {len(summary.missing)} not found in any WARC" if summary.missing else ""
    if summary.withheld:
        missing += f"; {summary.withheld} withdrawn stories left out"
    what = "articles" if args.jsonl else "responses"
    say(f"{summary.written} {what} written to {summary.path}{missing}")
    return 0


def _every_result(index: SearchIndex, store: Store, query: SearchQuery) -> list[Document]:
    """Every page of the search's hits, as the stored Documents."""
    docs: list[Document] = []
    page, pages = 1, 1
    while page <= pages:
        result = index.search(replace(query, page=page))
        found = store.get_many(hit.id for hit in result.hits)
        docs += [found[hit.id] for hit in result.hits if hit.id in found]
        page, pages = page + 1, result.pages
    return docs
