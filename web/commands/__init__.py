"""What each `dateline` subcommand does, given parsed arguments and the config.

One module a family: ingest (import, parse, reparse, keep, derive), search (reindex, search,
export), records (fix, hide, unhide, audit), service (serve, systemd, stats); crawl is in
web/crawling.py, and output holds what they all print with.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from web.commands.ingest import (
    derive_command,
    import_command,
    keep_command,
    parse_command,
    reparse_command,
)
from web.commands.records import audit_command, fix_command, hide_command, unhide_command
from web.commands.search import export_command, reindex_command, search_command
from web.commands.service import serve_command, stats_command, systemd_command
from web.config import AppConfig
from web.crawling import crawl_command
from web.output import print_json

Command = Callable[[argparse.Namespace, AppConfig], int]

__all__ = ["Command", "print_json", "run"]


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
