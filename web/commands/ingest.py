"""Pages into the archive: `dateline import`, `parse`, `reparse`, `keep` and `derive`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from archive import (
    ArchiveError,
    IngestSummary,
    NotAnArticle,
    Store,
    derive_document,
    derive_on_spark,
    import_corrections,
    import_jsonl,
    import_warc,
    is_jsonl,
    jsonl_parts,
    keep_as_article,
    plural,
    reparse,
    unkeep,
)
from indexer import index_exists
from web.commands.records import now, signed_by_user, user
from web.config import AppConfig
from web.output import print_json, say, update_index_saying
from web.progress import ProgressBar
from web.render import document_json

CORRECTIONS_SUFFIX = ".corrections.jsonl"


def import_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Import WARC/ARC files (kept unchanged in the archive), JSON Lines of Documents, or
    corrections (*.corrections.jsonl, applied as `dateline fix` would)."""
    with Store(config.archive.store_path) as store:
        if args.if_empty and (held := store.count(articles_only=True)):
            say(f"the store already holds {plural(held, 'article')}; not importing")
            return 0
        for path in args.files:
            if path.is_dir():
                summary = _import_parts(path, store)
                say(f"{path}: {summary.line()}")
                continue
            if not path.is_file():
                raise ArchiveError(f"{path}: no such file")
            if path.stat().st_size == 0:
                raise ArchiveError(f"{path}: the file is empty")
            if path.name.endswith(CORRECTIONS_SUFFIX):
                done = import_corrections(path, store, user(), now())
                say(f"{path}: {done.line()}")
                continue
            bar = ProgressBar(f"importing {path.name}", percent=True)
            if is_jsonl(path):
                summary = import_jsonl(path, store)
            else:
                summary = import_warc(path, config.archive, store, progress=bar)
            bar.finish()
            for note in summary.notes:
                say(f"  note: {note}")
            say(f"{path}: {summary.line()}")
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
        say(f"  note: {note}")
    say(f"derive: {summary.line()}")
    if "://" not in args.out_dir:
        say(f'store them with "dateline import {args.out_dir}"')
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
            say(f"  note: {note}")
        say(f"reparse: {summary.line()}")
        if index_exists(config.index):
            say(f"index updated with {plural(update_index_saying(config, store), 'document')}")
    return 0


def keep_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Store refused pages as articles from their archived captures (also on every reparse),
    or with --undo leave them to the parser again."""
    signed = signed_by_user((args.reason or "").strip())
    with Store(config.archive.store_path) as store:
        for url in args.urls:
            if args.undo:
                doc = unkeep(url, config.archive, store, signed)
                what = "an article" if doc.is_article else "refused"
                say(f"no longer kept: {url} ({what}, as the parser reads it)")
            else:
                doc = keep_as_article(url, config.archive, store, signed)
                say(f"kept as an article: {url} ({doc.title})")
        if index_exists(config.index):
            say(f"index updated with {plural(update_index_saying(config, store), 'document')}")
    return 0
