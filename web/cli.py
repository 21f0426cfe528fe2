"""The `dateline` command: crawl, import, parse, reparse, reindex, search, export, serve, stats."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from archive import ArchiveError, NotAnArticle
from indexer import BadQuery, IndexerError
from web import commands
from web.commands import print_json
from web.config import DEFAULT_CONFIG, ConfigError, load_config
from web.errors import WebError

__all__ = ["build_parser", "main", "print_json"]  # print_json: scripts import it from here


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"dateline: {message} (see 'dateline --help')\n")


class _SearchParam(argparse.Action):
    """Collects a search option into args.params under its /api/search parameter name.

    A repeatable option (a filter) adds a value; any other keeps its last, as argparse does.
    """

    def __init__(
        self, option_strings: list[str], dest: str, param: str, repeat: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("metavar", dest.upper() if option_strings else dest)
        # No default of its own: args.params starts as the parser's {} and only grows.
        super().__init__(option_strings, "params", default=argparse.SUPPRESS, **kwargs)
        self.param = param
        self.repeat = repeat

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        params = dict(namespace.params)
        before = params.get(self.param, []) if self.repeat else []
        params[self.param] = [*before, str(values)]
        namespace.params = params


def _search_filters() -> _Parser:
    """The query and filters `search` and `export` share (as /api/search's parameters)."""
    filters = _Parser(add_help=False)
    filters.set_defaults(params={})
    filters.add_argument(
        "query", nargs="?", action=_SearchParam, param="q", help="words (none: every article)"
    )
    for name in ("city", "person", "outlet"):
        filters.add_argument(
            f"--{name}",
            action=_SearchParam,
            param=name,
            repeat=True,
            help=f"only this {name} (repeatable: any of them)",
        )
    for name, when in (("from", "on or after"), ("to", "on or before")):
        filters.add_argument(
            f"--{name}",
            action=_SearchParam,
            param=name,
            metavar="YYYY-MM-DD",
            help=f"published {when} this day",
        )
    return filters


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number within bounds, else a usage error naming them."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise argparse.ArgumentTypeError(f"must be a whole number {bounds}, not {text!r}")
        return value

    return parse


def _existing_file(text: str) -> Path:
    """An argparse type: a path to a file that exists, else a usage error."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="dateline", description="A self-hosted archive of local news.")
    parser.add_argument(
        "--config", type=Path, help="config file (default: $DATELINE_CONFIG or ./config.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    filters = _search_filters()

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
    crawl.add_argument(
        "--max-pages", type=_whole_number(1), help="fetch at most this many pages in this run"
    )

    imp = sub.add_parser("import", help="import WARC/ARC files or Documents as JSON Lines")
    imp.add_argument("files", nargs="+", type=_existing_file)
    imp.add_argument("--if-empty", action="store_true", help="do nothing if the store has articles")

    parse = sub.add_parser(
        "parse", help="print the Document of one HTML page as JSON (stores nothing)"
    )
    parse.add_argument("page", type=_existing_file)
    parse.add_argument("--url", help="the page's URL (default: file:// of the page)")
    parse.add_argument("--outlet", help="name of a configured outlet")

    reparse = sub.add_parser("reparse", help="re-derive every Document from the archived WARCs")
    reparse.add_argument(
        "--workers", type=_whole_number(0), default=0, help="processes (default: all cores)"
    )

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    reindex.add_argument(
        "--incremental", action="store_true", help="only add what is new or changed"
    )

    search = sub.add_parser(
        "search", parents=[filters], help="search the archive (no query: the newest)"
    )
    search.add_argument(
        "--sort", action=_SearchParam, param="sort", help="relevance, newest or oldest"
    )
    search.add_argument("--page", action=_SearchParam, param="page", help="page number (from 1)")
    search.add_argument(
        "--per-page", action=_SearchParam, param="per_page", help="hits per page (at most 100)"
    )
    search.add_argument("--json", action="store_true", help="print the same JSON as /api/search")

    export = sub.add_parser(
        "export", parents=[filters], help="write a search's archived responses to a new WARC"
    )
    export.add_argument("--warc", type=Path, required=True, metavar="OUT.warc.gz")

    serve = sub.add_parser("serve", help="serve the search web app (waitress)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=_whole_number(0, 65535))

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
    except BadQuery as exc:  # a search option's value: a usage error, named as typed
        option = "query" if exc.param == "q" else "--" + exc.param.replace("_", "-")
        return _fail(f"{option}: {exc.message}", 2)
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


if __name__ == "__main__":
    sys.exit(main())
