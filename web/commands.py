"""What each `dateline` subcommand does, given parsed arguments and the config."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from archive import (
    ArchiveError,
    Capture,
    Document,
    NotAnArticle,
    OutletConfig,
    Store,
    crawl,
    derive_document,
    discover_outlet,
    document_from_capture,
    export_warc,
    import_jsonl,
    import_warc,
    outlet_block,
    reparse,
)
from indexer import (
    MAX_PER_PAGE,
    BadQuery,
    SearchIndex,
    SearchQuery,
    index_exists,
    rebuild_index,
    update_index,
)
from web.config import AppConfig
from web.errors import ServeError
from web.progress import ProgressBar
from web.render import document_json, result_json, snippet_text
from web.stats import archive_stats, entity_stats

Command = Callable[[argparse.Namespace, AppConfig], int]


def run(args: argparse.Namespace, config: AppConfig) -> int:
    """Dispatch to the subcommand."""
    handlers: dict[str, Command] = {
        "crawl": crawl_command,
        "import": import_command,
        "parse": parse_command,
        "reparse": reparse_command,
        "reindex": reindex_command,
        "search": search_command,
        "export": export_command,
        "serve": serve_command,
        "stats": stats_command,
    }
    return handlers[args.command](args, config)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _say_all(lines: list[str]) -> None:
    for line in lines:
        _say(line)


def crawl_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Capture new articles of the configured outlets (or single URLs) into WARC and the store."""
    if args.discover:
        print(outlet_block(discover_outlet(args.discover, config.archive.crawl)))
        return 0
    archive = config.archive
    if args.max_pages is not None:
        if args.max_pages < 1:
            raise BadQuery("--max-pages", "must be at least 1")
        archive = replace(archive, crawl=replace(archive.crawl, max_pages=args.max_pages))
    # --url alone archives those pages; it does not also crawl every outlet.
    outlets = [] if args.url and not args.outlet else _chosen_outlets(archive.outlets, args.outlet)
    if not outlets and not args.url:
        raise ArchiveError("no [[outlets]] in the config and no --url given; nothing to crawl")
    with Store(archive.store_path) as store:

        def on_capture(capture: Capture, outlet: OutletConfig | None) -> bool:
            try:
                doc = document_from_capture(capture, archive.outlets)
            except NotAnArticle:
                return False
            return doc.is_article and store.put(doc) == "new"

        line = ProgressBar("crawling")
        summary = crawl(
            archive,
            outlets=outlets,
            urls=args.url,
            on_capture=on_capture,
            progress=lambda p: line.status(
                f"{p.outlet}: {p.discovered} found, {p.fetched} fetched, "
                f"{p.failed} failed, {p.new_articles} new"
            ),
        )
        line.finish()
        if summary.broken_lock is not None:
            _say(f"broke the lock of crawl pid {summary.broken_lock}, which is no longer running")
        for name, progress in summary.per_outlet.items():
            _say(f"done {name}: {progress.fetched} fetched, {progress.new_articles} new articles")
        for reason, count in sorted(summary.failures.items()):
            _say(f"  failed: {count} {reason}")
        notes: list[str] = []
        added = (
            update_index(config.index, store, notes=notes) if store.count(articles_only=True) else 0
        )
        _say_all(notes)
        _say(f"index updated with {added} documents")
    return 0


def _chosen_outlets(outlets: tuple[OutletConfig, ...], names: list[str]) -> list[OutletConfig]:
    if not names:
        return list(outlets)
    known = {o.name: o for o in outlets}
    for name in names:
        if name not in known:
            raise ArchiveError(f"no outlet named {name!r} in the config; see [[outlets]]")
    return [known[name] for name in names]


def import_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Import WARC/ARC files (kept unchanged in the archive) or JSON Lines of Documents."""
    with Store(config.archive.store_path) as store:
        if args.if_empty and store.count(articles_only=True):
            _say(
                f"the store already holds {store.count(articles_only=True)} articles; not importing"
            )
            return 0
        for path in args.files:
            if not path.is_file():
                raise ArchiveError(f"{path}: no such file")
            if path.stat().st_size == 0:
                raise ArchiveError(f"{path}: the file is empty")
            bar = ProgressBar(f"importing {path.name}", percent=True)
            if path.name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
                summary = import_jsonl(path, store)
            else:
                summary = import_warc(path, config.archive, store, progress=bar)
            bar.finish()
            for note in summary.notes:
                _say(f"  note: {note}")
            _say(f"{path}: {summary.line()}")
    return 0


def parse_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Print the Document of one page as JSON; exit 1 with the reason if it is not an article."""
    try:
        body = args.page.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"{args.page}: {exc.strerror or exc}") from exc
    outlet = None
    if args.outlet:
        outlet = config.archive.outlet_named(args.outlet)
        if outlet is None:
            raise ArchiveError(f"no outlet named {args.outlet!r} in the config")
    url = args.url or args.page.resolve().as_uri()
    doc = derive_document(body, url, captured=datetime.now(UTC), outlet=outlet)
    if not doc.is_article:
        raise NotAnArticle(doc.provenance.get("is_article", "the page has no article text"))
    print(json.dumps(document_json(doc), ensure_ascii=False, indent=2))
    return 0


def reparse_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Re-derive every Document from the WARCs, then bring the index up to date."""
    with Store(config.archive.store_path) as store:
        bar = ProgressBar("reparsing WARC files")
        summary = reparse(config.archive, store, workers=args.workers, progress=bar)
        bar.finish()
        for note in summary.notes:
            _say(f"  note: {note}")
        _say(f"reparse: {summary.line()}")
        if index_exists(config.index):
            notes: list[str] = []
            added = update_index(config.index, store, notes=notes)
            _say_all(notes)
            _say(f"index updated with {added} documents")
    return 0


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
            _say_all(notes)
        if incremental and count == 0:
            _say(f"the index in {config.index.dir} is up to date")
        else:
            _say(f"indexed {count} documents into {config.index.dir}")
    return 0


def _search_params(args: argparse.Namespace) -> dict[str, list[str]]:
    """The search's options as request parameters, for SearchQuery.from_args.

    `export` has no sort/page/per_page options (it takes every hit), hence getattr.
    """
    params = {
        "q": [args.query] if args.query else [],
        "city": args.city,
        "person": args.person,
        "outlet": args.outlet,
        "from": [args.date_from] if args.date_from else [],
        "to": [args.date_to] if args.date_to else [],
        "sort": [args.sort] if getattr(args, "sort", None) else [],
        "page": [args.page] if getattr(args, "page", None) else [],
        "per_page": [args.per_page] if getattr(args, "per_page", None) else [],
    }
    return {k: v for k, v in params.items() if v}


def search_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Search from the terminal: the same query parsing and search as the web app."""
    query = SearchQuery.from_args(_search_params(args))
    with Store(config.archive.store_path) as store:
        result = SearchIndex(config.index, store).search(query)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
        return 0
    print(f"{result.total} articles (page {query.page} of {result.pages})")
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
    params = _search_params(args) | {"sort": ["oldest"], "per_page": [str(MAX_PER_PAGE)]}
    with Store(config.archive.store_path) as store:
        docs = _every_result(SearchIndex(config.index, store), store, params)
    summary = export_warc(args.warc, docs, config.archive.warc_dir)
    missing = f"; {len(summary.missing)} not found in any WARC" if summary.missing else ""
    _say(f"{summary.written} responses written to {summary.path}{missing}")
    return 0


def _every_result(index: SearchIndex, store: Store, params: dict[str, list[str]]) -> list[Document]:
    """Every page of the search's hits, as the stored Documents."""
    docs: list[Document] = []
    page, pages = 1, 1
    while page <= pages:
        paged = params | {"page": [str(page)]}
        result = index.search(SearchQuery.from_args(paged))
        found = store.get_many(hit.id for hit in result.hits)
        docs += [found[hit.id] for hit in result.hits if hit.id in found]
        page, pages = page + 1, result.pages
    return docs


def serve_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Serve the web app with waitress (a production WSGI server)."""
    # Flask and waitress load only for the command that serves.
    import waitress

    from web.app import create_app

    host = args.host or config.web.host
    port = args.port if args.port is not None else config.web.port
    app = create_app(config)
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=config.web.threads, ident="dateline"
        )
    except OSError as exc:
        raise ServeError(host, port, exc.strerror or str(exc)) from exc
    _say(f"Dateline is serving the archive at http://{host}:{port}/  (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        _say("stopped")
    finally:
        server.close()
    return 0


def stats_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Report what the archive holds: per outlet counts, WARC files, index size."""
    if not config.archive.store_path.exists():  # opening the store would create it
        raise ArchiveError(
            f"no archive in {config.archive.dir} yet; "
            'run "dateline import" or "dateline crawl" first'
        )
    with Store(config.archive.store_path) as store:
        data = archive_stats(config, store)
        if args.entities:
            data["entities"] = entity_stats(config, store)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_stats(data)
    if data["indexed"] is not None and data["indexed"] != data["articles"]:
        _say(
            f"the index holds {data['indexed']} entries for {data['articles']} articles; "
            'run "dateline reindex --incremental" to bring it in line'
        )
    return 0


def _print_stats(data: Mapping[str, object], indent: str = "") -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:" + ("" if value else " none"))
            _print_stats(value, indent + "  ")
        else:
            print(f"{indent}{key}: {_plain(value)}")


def _plain(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(
            f"{v['label']} ({v['count']})" if isinstance(v, dict) else str(v) for v in value
        )
    return str(value)
