"""What each `dateline` subcommand does, given parsed arguments and the config."""

from __future__ import annotations

import argparse
import json
import os
import pwd
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from archive import (
    ArchiveError,
    Document,
    IngestSummary,
    NotAnArticle,
    Signed,
    Store,
    derive_document,
    derive_on_spark,
    export_jsonl,
    export_warc,
    import_corrections,
    import_jsonl,
    import_warc,
    is_jsonl,
    jsonl_parts,
    keep_as_article,
    reparse,
    show_value,
    unkeep,
)
from indexer import (
    MAX_PER_PAGE,
    IndexBusy,
    SearchIndex,
    SearchQuery,
    index_exists,
    rebuild_index,
    update_index,
)
from web.config import AppConfig
from web.crawling import crawl_command, interval_text
from web.errors import UsageError, WebError
from web.progress import ProgressBar
from web.render import audit_json, document_json, result_json, snippet_text
from web.server import exposure_warning, listen, serve
from web.stats import archive_stats, entity_stats, index_drift
from web.systemd import service_unit

Command = Callable[[argparse.Namespace, AppConfig], int]
CORRECTIONS_SUFFIX = ".corrections.jsonl"


def run(args: argparse.Namespace, config: AppConfig) -> int:
    """Dispatch to the subcommand."""
    handlers: dict[str, Command] = {
        "crawl": crawl_command,
        "import": import_command,
        "parse": parse_command,
        "reparse": reparse_command,
        "keep": keep_command,
        "derive": derive_command,
        "reindex": reindex_command,
        "search": search_command,
        "export": export_command,
        "systemd": systemd_command,
        "fix": fix_command,
        "hide": hide_command,
        "unhide": unhide_command,
        "audit": audit_command,
        "serve": serve_command,
        "stats": stats_command,
    }
    return handlers[args.command](args, config)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _say_all(lines: list[str]) -> None:
    for line in lines:
        _say(line)


def _update_index(config: AppConfig, store: Store) -> int:
    """update_index, saying what it cleared or repaired on the way."""
    notes: list[str] = []
    try:
        return update_index(config.index, store, notes=notes)
    finally:
        _say_all(notes)


def print_json(data: object) -> None:
    """Print JSON the way every command does (the one JSON printer)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def import_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Import WARC/ARC files (kept unchanged in the archive), JSON Lines of Documents, or
    corrections (*.corrections.jsonl, applied as `dateline fix` would)."""
    with Store(config.archive.store_path) as store:
        if args.if_empty and store.count(articles_only=True):
            _say(
                f"the store already holds {store.count(articles_only=True)} articles; not importing"
            )
            return 0
        for path in args.files:
            if path.is_dir():
                summary = _import_parts(path, store)
                _say(f"{path}: {summary.line()}")
                continue
            if not path.is_file():
                raise ArchiveError(f"{path}: no such file")
            if path.stat().st_size == 0:
                raise ArchiveError(f"{path}: the file is empty")
            if path.name.endswith(CORRECTIONS_SUFFIX):
                done = import_corrections(path, store, _user(), _now())
                _say(f"{path}: {done.line()}")
                continue
            bar = ProgressBar(f"importing {path.name}", percent=True)
            if is_jsonl(path):
                summary = import_jsonl(path, store)
            else:
                summary = import_warc(path, config.archive, store, progress=bar)
            bar.finish()
            for note in summary.notes:
                _say(f"  note: {note}")
            _say(f"{path}: {summary.line()}")
    return 0


def _import_parts(folder: Path, store: Store) -> IngestSummary:
    """Every JSON Lines part of a folder (what `dateline derive` writes), in name order."""
    parts = jsonl_parts(folder)
    summary = IngestSummary()
    bar = ProgressBar(f"importing {folder.name}")
    for done, part in enumerate(parts, 1):
        summary.merge(import_jsonl(part, store))
        bar(done, len(parts))
    bar.finish()
    return summary


def derive_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Derive Documents from WARC files on Spark; `dateline import OUT_DIR` stores them.

    Pages kept as articles (`dateline keep`) in this archive are articles there too.
    """
    kept: frozenset[str] = frozenset()
    if config.archive.store_path.exists():  # derive needs no archive, and makes none
        with Store(config.archive.store_path) as store:
            kept = store.kept_articles()
    outlets = config.archive.outlets
    summary = derive_on_spark(
        args.spark,
        args.warc_glob,
        args.out_dir,
        outlets,
        kept,
        max_body_bytes=config.archive.crawl.max_page_bytes,
    )
    for note in summary.notes:
        _say(f"  note: {note}")
    _say(f"derive: {summary.line()}")
    if "://" not in args.out_dir:
        _say(f'store them with "dateline import {args.out_dir}"')
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
    print_json(document_json(doc))
    return 0


def reparse_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Re-derive every Document from the WARCs, then bring the index up to date."""
    with Store(config.archive.store_path) as store:
        bar = ProgressBar("reparsing WARC files", percent=True)
        summary = reparse(config.archive, store, workers=args.workers, progress=bar)
        bar.finish()
        for note in summary.notes:
            _say(f"  note: {note}")
        _say(f"reparse: {summary.line()}")
        if index_exists(config.index):
            _say(f"index updated with {_update_index(config, store)} documents")
    return 0


def keep_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Store refused pages as articles from their archived captures (also on every reparse),
    or with --undo leave them to the parser again."""
    signed = _signed((args.reason or "").strip())
    with Store(config.archive.store_path) as store:
        for url in args.urls:
            if args.undo:
                doc = unkeep(url, config.archive, store, signed)
                what = "an article" if doc.is_article else "refused"
                _say(f"no longer kept: {url} ({what}, as the parser reads it)")
            else:
                doc = keep_as_article(url, config.archive, store, signed)
                _say(f"kept as an article: {url} ({doc.title})")
        if index_exists(config.index):
            _say(f"index updated with {_update_index(config, store)} documents")
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


def search_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Search from the terminal: the same query parsing and search as the web app."""
    query = SearchQuery.from_args(args.params)
    with Store(config.archive.store_path) as store:
        result = SearchIndex(config.index, store).search(query)
        versions = store.version_counts(hit.id for hit in result.hits)
    if args.json:
        print_json(result_json(result, versions))
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
    _say(f"{summary.written} {what} written to {summary.path}{missing}")
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


def systemd_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Print the systemd unit that runs `serve`, or `crawl --every`, on this config file."""
    if args.every is not None and args.service != "crawl":
        raise UsageError(f"--every is for the crawl service; {args.service} takes no interval")
    if config.path is None:
        raise WebError("a systemd unit names its config file; pass --config PATH")
    every = interval_text(args.every if args.every is not None else 30 * 60)
    print(service_unit(args.service, config.path, every), end="")
    return 0


def fix_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Correct fields of an article (or undo corrections); print each field before -> after."""
    if bool(args.changes) == bool(args.undo):
        raise UsageError("give FIELD=VALUE changes or --undo FIELD, not both")
    reason = (args.reason or "").strip()
    if args.changes and not reason:
        raise UsageError("say why with --reason")
    with _existing_store(config) as store:
        doc = store.lookup(args.article)
        if args.undo:
            changed = store.undo_corrections(doc, args.undo, _signed(reason))
        else:
            changed = store.correct(doc, args.changes, _signed(reason))
        print(f"{doc.title} ({doc.id})")
        for change in changed:
            print(f"  {change.field}: {show_value(change.before)} -> {show_value(change.after)}")
        _refresh_index(config, store)
    return 0


def hide_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Withdraw a story from search, feeds, exports and its pages; the archive keeps it."""
    reason = args.reason.strip()
    if not reason:
        raise UsageError("say why with --reason")
    with _existing_store(config) as store:
        doc = store.lookup(args.article)
        store.hide(doc, _signed(reason))
        print(f"hidden: {doc.title} ({doc.id}): {reason}")
        _refresh_index(config, store, busy=HIDDEN_WHILE_BUSY)
    return 0


def unhide_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Bring a withdrawn story back as it was."""
    with _existing_store(config) as store:
        doc = store.lookup(args.article)
        store.unhide(doc, _signed(args.reason.strip()))
        print(f"back: {doc.title} ({doc.id})")
        _refresh_index(config, store)
    return 0


def audit_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Print every correction, undo, hide and unhide: when, who, what and why."""
    with _existing_store(config) as store:
        entries = store.audit_log()
    if args.json:
        print_json([audit_json(e) for e in entries])
        return 0
    if not entries:
        print("the audit log is empty: nothing was corrected or hidden yet")
    for entry in entries:
        who = f"{entry.date} {entry.user} {entry.action}"
        print(f"#{entry.number} {who} {entry.url} ({entry.doc_id})")
        if entry.field is not None:
            what = f"  [{entry.change}]" if entry.change else ""
            before, after = show_value(entry.before), show_value(entry.after)
            print(f"    {entry.field}: {before} -> {after}{what}")
        print(f"    reason: {entry.reason or '(none given)'}")
    return 0


def _existing_store(config: AppConfig) -> Store:
    """The archive's store; an error rather than a new empty one where there is none."""
    if not config.archive.store_path.exists():
        raise ArchiveError(
            f"no archive in {config.archive.dir} yet; "
            'run "dateline import" or "dateline crawl" first'
        )
    return Store(config.archive.store_path)


CHANGED_WHILE_BUSY = (
    "another process is writing the index; search shows this change after its next "
    'update (or run "dateline reindex --incremental" when it ends)'
)
# Searches read the takedowns from the store at every search: a hide shows at once.
HIDDEN_WHILE_BUSY = (
    "another process is writing the index; searches leave it out from now on, and the index "
    "drops it on its next update"
)


def _signed(reason: str) -> Signed:
    return Signed(reason, _user(), _now())


def _user() -> str:
    """Who runs the command, for the audit log: the account, not $USER (anyone can set that)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid with no entry in the password database (a bare container)
        return str(uid)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _refresh_index(config: AppConfig, store: Store, busy: str = CHANGED_WHILE_BUSY) -> None:
    """Bring the index up to date with a correction, hide or unhide, where there is one.

    A running `dateline serve` sees the new index within seconds (it looks every second);
    `busy` is what to say when another process holds the index.
    """
    if not index_exists(config.index):
        _say('no index yet: "dateline reindex" builds it with this change')
        return
    try:
        added = _update_index(config, store)
    except IndexBusy:
        _say(busy)
        return
    _say(f"index updated with {added} documents")


def serve_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Serve the web app with waitress (a production WSGI server), in [web] workers processes."""
    host = args.host or config.web.host
    port = args.port if args.port is not None else config.web.port
    sock = listen(host, port)
    try:
        warning = exposure_warning(sock)
        if warning:
            _say(f"dateline: {warning}")
        bound_host, bound_port = sock.getsockname()[:2]
        _say(
            f"Dateline is serving the archive at http://{bound_host}:{bound_port}/"
            "  (Ctrl+C to stop)"
        )
        serve(config, sock, _say)
    finally:
        sock.close()
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
        drift = index_drift(data["indexed"], store)
        if args.entities:
            data["entities"] = entity_stats(config, store)
    if args.json:
        print_json(data)
    else:
        _print_stats(data)
    if drift is not None:
        _say(drift)
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
