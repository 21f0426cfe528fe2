"""Running and watching the archive: `dateline serve`, `systemd` and `stats`."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from web.commands.records import existing_store
from web.config import AppConfig
from web.crawling import interval_text
from web.errors import UsageError, WebError
from web.output import print_json, say
from web.server import exposure_warning, listen, serve
from web.stats import archive_stats, entity_stats, index_drift
from web.systemd import service_unit


def systemd_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Print the systemd unit that runs `serve`, or `crawl --every`, on this config file."""
    if args.every is not None and args.service != "crawl":
        raise UsageError(f"--every is for the crawl service; {args.service} takes no interval")
    if config.path is None:
        raise WebError("a systemd unit names its config file; pass --config PATH")
    every = interval_text(args.every if args.every is not None else 30 * 60)
    print(service_unit(args.service, config.path, every), end="")
    return 0


def serve_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Serve the web app with waitress (a production WSGI server), in [web] workers processes."""
    host = args.host or config.web.host
    port = args.port if args.port is not None else config.web.port
    sock = listen(host, port)
    try:
        warning = exposure_warning(sock)
        if warning:
            say(f"dateline: {warning}")
        bound_host, bound_port = sock.getsockname()[:2]
        say(
            f"Dateline is serving the archive at http://{bound_host}:{bound_port}/"
            "  (Ctrl+C to stop)"
        )
        serve(config, sock, say)
    finally:
        sock.close()
    return 0


def stats_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Report what the archive holds: per outlet counts, WARC files, index size."""
    with existing_store(config) as store:
        data = archive_stats(config, store)
        drift = index_drift(data["indexed"], store)
        if args.entities:
            data["entities"] = entity_stats(config, store)
    if args.json:
        print_json(data)
    else:
        _print_stats(data)
    if drift is not None:
        say(drift)
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
