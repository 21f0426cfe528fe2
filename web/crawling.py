"""`dateline crawl`: capture the outlets once, or round after round (`--every`) as a service."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import replace

from archive import (
    ArchiveConfig,
    ArchiveError,
    Capture,
    CrawlSummary,
    OutletConfig,
    Store,
    crawl,
    crawl_every,
    discover_outlet,
    ingest_captures,
    outlet_block,
    plural,
)
from indexer import BadQuery, IndexBusy
from web.config import AppConfig
from web.output import say, update_index_saying
from web.progress import ProgressBar


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
        stored = _Stored(store, archive.outlets)
        if args.every is not None:
            _crawl_every(args.every, archive, outlets, args.url, stored, config)
            return 0
        line = ProgressBar("crawling")
        crawl(
            archive,
            outlets=outlets,
            urls=args.url,
            on_capture=stored,
            on_done=lambda summary: _report(summary, line, config, store),
            progress=lambda p: line.status(
                f"{p.outlet}: {p.discovered} found, {p.fetched} fetched, "
                f"{p.failed} failed, {p.new_articles} new"
            ),
        )
    return 0


class _Stored:
    """The crawl's on_capture: store each capture, counting new and changed articles."""

    def __init__(self, store: Store, outlets: tuple[OutletConfig, ...]) -> None:
        self.store = store
        self.outlets = outlets
        self.outcomes: Counter[str] = Counter()

    def __call__(self, capture: Capture, outlet: OutletConfig | None) -> bool:
        outcomes = ingest_captures([capture], self.store, self.outlets).outcomes
        self.outcomes.update(outcomes)
        return outcomes["new"] > 0


def _report(summary: CrawlSummary, line: ProgressBar, config: AppConfig, store: Store) -> None:
    """Say what one crawl did and update the index (still under the crawl's lock)."""
    line.finish()
    _say_broken_lock(summary)
    for name, progress in summary.per_outlet.items():
        new = plural(progress.new_articles, "new article")
        say(f"done {name}: {progress.fetched} fetched, {new}")
    for reason, count in sorted(summary.failures.items()):
        say(f"  failed: {count} {reason}")
    say(f"index updated with {plural(_update_index(config, store), 'document')}")


def _crawl_every(
    every_seconds: float,
    archive: ArchiveConfig,
    outlets: list[OutletConfig],
    urls: list[str],
    stored: _Stored,
    config: AppConfig,
) -> None:
    """Crawl round after round until SIGTERM or Ctrl+C, one line on stdout per round."""
    # Progress only in place on a terminal: a service's log gets the round lines alone.
    line = ProgressBar("crawling") if sys.stderr.isatty() else None
    rounds = 0

    def on_round(summary: CrawlSummary) -> None:
        nonlocal rounds
        rounds += 1
        if line is not None:
            line.finish()
        _say_broken_lock(summary)
        started = time.monotonic()
        try:
            _update_index(config, stored.store)
            index_note = ""
        except IndexBusy:
            index_note = "; the index is being written by another command, updated next round"
        seconds = summary.seconds + time.monotonic() - started
        print(round_line(rounds, stored.outcomes, summary, seconds) + index_note, flush=True)
        stored.outcomes.clear()

    crawl_every(
        archive,
        every_seconds,
        outlets=outlets,
        urls=urls,
        on_capture=stored,
        on_round=on_round,
        progress=None if line is None else lambda p: line.status(f"{p.outlet}: {p.fetched}"),
    )
    say("stopped")


def round_line(number: int, outcomes: Counter[str], summary: CrawlSummary, seconds: float) -> str:
    """'round 3: 2 new, 1 changed, 1 failed (1 http 404) in 1.4 s' for one round of --every."""
    failed = sum(p.failed for p in summary.per_outlet.values())
    text = f"round {number}: {outcomes['new']} new, {outcomes['changed']} changed, {failed} failed"
    if summary.failures:
        reasons = Counter(summary.failures).most_common(3)
        text += " (" + ", ".join(f"{n} {reason}" for reason, n in reasons) + ")"
    text += f" in {seconds:.1f} s"
    if summary.stopped == "interrupted":
        text += "; stopped, the next crawl resumes this round"
    elif summary.stopped == "max_pages":
        text += "; max_pages reached, the next round goes on"
    return text


def interval_text(seconds: float) -> str:
    """An interval in the unit `--every` was most likely given in: 30m, 6h, 90s."""
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def _update_index(config: AppConfig, store: Store) -> int:
    """Update the index with what the crawl stored (nothing while the archive has no article)."""
    return update_index_saying(config, store) if store.count(articles_only=True) else 0


def _say_broken_lock(summary: CrawlSummary) -> None:
    if summary.broken_lock is not None:
        say(f"broke the lock of crawl pid {summary.broken_lock}, which is no longer running")


def _chosen_outlets(outlets: tuple[OutletConfig, ...], names: list[str]) -> list[OutletConfig]:
    if not names:
        return list(outlets)
    known = {o.name: o for o in outlets}
    for name in names:
        if name not in known:
            raise ArchiveError(f"no outlet named {name!r} in the config; see [[outlets]]")
    return [known[name] for name in names]
