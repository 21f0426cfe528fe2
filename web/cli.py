"""The `dateline` command: crawl, import, parse, reparse, keep, derive, reindex, search, export,
fix, hide, unhide, audit, systemd, serve, stats."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from archive import FIXABLE, ArchiveError, BadCorrection, Fix, NotAnArticle, parse_fix
from indexer import BadQuery, IndexerError
from web import commands
from web.commands import print_json
from web.config import DEFAULT_CONFIG, ConfigError, load_config
from web.errors import UsageError, WebError

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


def _existing_path(text: str) -> Path:
    """An argparse type: a file or a folder that exists, else a usage error."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {text}")
    return path


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="dateline", description="A self-hosted archive of local news.")
    parser.add_argument(
        "--config", type=Path, help="config file (default: $DATELINE_CONFIG or ./config.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    # --help lists the subcommands in the order they are added.
    _add_crawl_command(sub)
    _add_import_commands(sub)
    _add_keep_command(sub)
    _add_derive_command(sub)
    _add_search_commands(sub)
    _add_record_commands(sub)
    _add_service_commands(sub)
    return parser


def _add_crawl_command(sub: argparse._SubParsersAction[_Parser]) -> None:
    """crawl: capture the outlets once, every INTERVAL, or one outlet's discovery."""
    crawl = sub.add_parser("crawl", help="capture the configured outlets' new articles")
    crawl.add_argument(
        "--outlet", action="append", default=[], help="only this outlet (repeatable)"
    )
    crawl.add_argument(
        "--url", action="append", default=[], help="archive this single page (repeatable)"
    )
    once = crawl.add_mutually_exclusive_group()
    once.add_argument(
        "--discover",
        metavar="URL",
        help="find an outlet's feeds and sitemaps and print an [[outlets]] block",
    )
    once.add_argument(
        "--every",
        type=interval_seconds,
        metavar="INTERVAL",
        help="crawl again every INTERVAL (90s, 30m, 6h) until stopped (SIGTERM, Ctrl+C)",
    )
    crawl.add_argument(
        "--max-pages", type=_whole_number(1), help="fetch at most this many pages in this run"
    )


def _add_import_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """import, parse and reparse: pages into Documents."""
    imp = sub.add_parser(
        "import", help="import WARC/ARC files, or Documents as JSON Lines (files, folders of parts)"
    )
    imp.add_argument("files", nargs="+", type=_existing_path)
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


def _add_keep_command(sub: argparse._SubParsersAction[_Parser]) -> None:
    """keep: refused pages stored as articles (or, with --undo, not)."""
    keep = sub.add_parser(
        "keep", help="store refused pages as articles, from the WARCs (also on every reparse)"
    )
    keep.add_argument("urls", nargs="+", metavar="URL", help="a refused URL (see dateline stats)")
    keep.add_argument(
        "--undo", action="store_true", help="stop keeping these pages: the parser decides again"
    )
    keep.add_argument("--reason", default="", help="why (for the audit log)")


def _add_derive_command(sub: argparse._SubParsersAction[_Parser]) -> None:
    """derive: Documents from WARC files on Spark."""
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


def _add_search_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """reindex, search and export: the index and what reads it."""
    filters = _search_filters()
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
        "export",
        parents=[filters],
        help="write a search's archived responses to a new WARC, or its Documents",
    )
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--warc", type=Path, metavar="OUT.warc.gz", help="archived responses")
    target.add_argument(
        "--jsonl", type=Path, metavar="OUT.jsonl[.gz]", help="Documents, corrected, as JSON Lines"
    )


def _add_service_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """systemd, serve and stats: running and watching the archive."""
    systemd = sub.add_parser("systemd", help="print a systemd service unit for serve or crawl")
    systemd.add_argument("service", choices=["serve", "crawl"])
    systemd.add_argument(
        "--every",
        type=interval_seconds,
        metavar="INTERVAL",
        help="how often the crawl service crawls (default 30m; crawl only)",
    )

    serve = sub.add_parser("serve", help="serve the search web app (waitress)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=_whole_number(0, 65535))

    stats = sub.add_parser("stats", help="what the archive holds")
    stats.add_argument(
        "--entities", action="store_true", help="top persons and cities, to spot noise"
    )
    stats.add_argument("--json", action="store_true")


_SECONDS_PER_UNIT = {"s": 1, "m": 60, "h": 3600}


def interval_seconds(text: str) -> float:
    """Read an interval such as 90s, 30m or 1.5h as seconds.

    Raises:
        argparse.ArgumentTypeError: not a positive number followed by s, m or h.
    """
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([smh])", text.strip())
    if found is None or float(found[1]) == 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an interval; give a number above 0 and a unit: 90s, 30m or 6h"
        )
    return float(found[1]) * _SECONDS_PER_UNIT[found[2]]


def _add_record_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """fix, hide, unhide and audit: the archivist's records, kept apart from the Documents."""
    article = "the article's URL, canonical URL or id"
    fix = sub.add_parser("fix", help="correct fields of an article by hand (see README)")
    fix.add_argument("article", metavar="URL", help=article)
    fix.add_argument(
        "changes",
        nargs="*",
        type=_fix,
        metavar="FIELD=VALUE",
        help=f"FIELD is one of {', '.join(FIXABLE)}; a list takes A;B, FIELD+=A or FIELD-=A",
    )
    fix.add_argument("--reason", help="why (required, except with --undo)")
    fix.add_argument(
        "--undo",
        action="append",
        default=[],
        type=_field,
        metavar="FIELD",
        help="remove every correction of this field (repeatable)",
    )
    hide = sub.add_parser("hide", help="withdraw a story from every view; the archive keeps it")
    hide.add_argument("article", metavar="URL", help=article)
    hide.add_argument("--reason", required=True, help="why (a 410 page shows it)")
    unhide = sub.add_parser("unhide", help="bring a withdrawn story back as it was")
    unhide.add_argument("article", metavar="URL", help=article)
    unhide.add_argument("--reason", default="", help="why (for the audit log)")
    audit = sub.add_parser("audit", help="every correction, hide and unhide: when, who, why")
    audit.add_argument("--json", action="store_true")


def _fix(text: str) -> Fix:
    try:
        return parse_fix(text)
    except BadCorrection as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def _field(name: str) -> str:
    if name not in FIXABLE:
        fields = ", ".join(FIXABLE)
        raise argparse.ArgumentTypeError(f"{name!r} cannot be fixed; fixable fields: {fields}")
    return name


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
    except UsageError as exc:
        return _fail(f"{exc} (see 'dateline {args.command} --help')", 2)
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
