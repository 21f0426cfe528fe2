"""The `dateline` command: crawl, import, parse, reparse, derive, reindex, search, serve..."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from archive import ArchiveError, NotAnArticle
from indexer import IndexerError
from web import commands
from web.config import DEFAULT_CONFIG, ConfigError, load_config
from web.errors import WebError


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"dateline: {message} (see 'dateline --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="dateline", description="A self-hosted archive of local news.")
    parser.add_argument(
        "--config", type=Path, help="config file (default: $DATELINE_CONFIG or ./config.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    crawl = sub.add_parser("crawl", help="capture the configured outlets' new articles")
    crawl.add_argument(
        "--outlet", action="append", default=[], help="only this outlet (repeatable)"
    )
    crawl.add_argument(
        "--url", action="append", default=[], help="archive this single page (repeatable)"
    )
    crawl.add_argument(
        "--discover",
        metavar="URL",
        help="find an outlet's feeds and sitemaps and print an [[outlets]] block",
    )
    crawl.add_argument("--max-pages", type=int, help="fetch at most this many pages in this run")

    imp = sub.add_parser(
        "import", help="import WARC/ARC files, or Documents as JSON Lines (files, folders of parts)"
    )
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--if-empty", action="store_true", help="do nothing if the store has articles")

    parse = sub.add_parser(
        "parse", help="print the Document of one HTML page as JSON (stores nothing)"
    )
    parse.add_argument("page", type=Path)
    parse.add_argument("--url", help="the page's URL (default: file:// of the page)")
    parse.add_argument("--outlet", help="name of a configured outlet")

    reparse = sub.add_parser("reparse", help="re-derive every Document from the archived WARCs")
    reparse.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")

    derive = sub.add_parser(
        "derive", help="derive Documents from WARC files on Spark, as JSON Lines parts to import"
    )
    derive.add_argument(
        "--spark",
        required=True,
        metavar="MASTER",
        help="the Spark master: local[2], spark://host:7077, yarn (needs the [spark] extra)",
    )
    derive.add_argument(
        "warc_glob", metavar="WARC_GLOB", help="WARC files: a path, glob or URL (hdfs://, s3a://)"
    )
    derive.add_argument("out_dir", metavar="OUT_DIR", help="a new folder (or URL) for the parts")

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    reindex.add_argument(
        "--incremental", action="store_true", help="only add what is new or changed"
    )

    search = sub.add_parser("search", help="search the archive (no query: the newest)")
    search.add_argument("query", nargs="?", default="")
    for name in ("city", "person", "outlet"):
        search.add_argument(
            f"--{name}", action="append", default=[], help=f"filter by {name} (repeatable)"
        )
    search.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    search.add_argument("--sort", help="relevance, newest or oldest")
    search.add_argument("--page", help="page number (from 1)")
    search.add_argument("--per-page", help="hits per page (at most 100)")
    search.add_argument("--json", action="store_true", help="print the same JSON as /api/search")

    export = sub.add_parser("export", help="write a search's archived responses to a new WARC")
    export.add_argument("--warc", type=Path, required=True, metavar="OUT.warc.gz")
    export.add_argument("query", nargs="?", default="")
    for name in ("city", "person", "outlet"):
        export.add_argument(
            f"--{name}", action="append", default=[], help=f"filter by {name} (repeatable)"
        )
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")

    serve = sub.add_parser("serve", help="serve the search web app (waitress)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)

    stats = sub.add_parser("stats", help="what the archive holds")
    stats.add_argument(
        "--entities", action="store_true", help="top persons and cities, to spot noise"
    )
    stats.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become one line on stderr and a non-zero exit."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    config_path = args.config or Path(os.environ.get("DATELINE_CONFIG") or DEFAULT_CONFIG)
    try:
        config = load_config(config_path)
        return commands.run(args, config)
    except NotAnArticle as exc:
        return _fail(str(exc))
    except (ConfigError, ArchiveError, IndexerError, WebError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted; what was stored so far is kept", 130)
    except BrokenPipeError:
        return 0


def _fail(message: str, code: int = 1) -> int:
    print(f"dateline: {message}", file=sys.stderr)
    return code


def print_json(data: object) -> None:
    """Print JSON the way every command does."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
