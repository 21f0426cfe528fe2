"""Crawl speed: a 2,000-article fake outlet on loopback, zero delay.

Run: .venv/bin/python -m bench.crawl [--articles N]
Serves the outlet from tests/outlet/server.py in this process (feed, gzipped news sitemap,
robots.txt), crawls it into a temporary folder (real WARC, real SQLite frontier), then runs
again to time a crawl with nothing new; then crawls four outlets on four hosts whose pages each
take 20 ms to answer (a distant server), against the time one request at a time would need at
least. Prints a markdown table.

--sitemap-bomb runs only the hostile case instead: a sitemap index that lists itself and three
gzipped sitemaps of 890,000 URLs each, crawled with max_pages 5; it prints the seconds, the
peak memory (max RSS before and after the crawl: the growth is the crawl's) and the URLs left
queued.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import ArchiveConfig, Capture, CrawlConfig, OutletConfig, crawl
from tests.outlet.server import Fault, OutletServer, Page, serve_outlet

_PARAGRAPH = (
    "<p>The town council met on Tuesday evening to discuss the budget, the new library wing "
    "and the repairs to the Elm Street bridge, which residents say are long overdue.</p>"
)


def _pages(count: int) -> dict[str, Page]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    pages = {}
    for n in range(count):
        body = (
            f"<!doctype html><html><head><title>Story {n}</title></head><body><article>"
            f"<h1>Story {n}</h1>{_PARAGRAPH * 20}</article></body></html>"
        ).encode()
        pages[f"/news/story-{n}.html"] = Page(
            body, published=start + timedelta(hours=n), title=f"Story {n}", is_article=True
        )
    return pages


def _run(servers: list[OutletServer], folder: Path, traced: bool) -> tuple[float, int, int, int]:
    outlets = tuple(
        OutletConfig(name=f"bench-{i}", feeds=(f"{s.url}/feed.xml",)) for i, s in enumerate(servers)
    )
    polite = CrawlConfig(delay_seconds=0.0, max_pages=100_000)
    config = ArchiveConfig(dir=folder, outlets=outlets, crawl=polite)
    captured = 0

    def on_capture(capture: Capture, outlet: OutletConfig | None) -> bool:
        nonlocal captured
        captured += 1
        return True

    if traced:
        tracemalloc.start()
    began = time.perf_counter()
    summary = crawl(config, on_capture=on_capture)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    fetched = sum(p.fetched + p.not_modified for p in summary.per_outlet.values())
    return seconds, fetched, captured, peak


_HOSTS = 4
_LATENCY_SECONDS = 0.02


def _hosts_row(folder: Path, per_host: int) -> tuple[str, int, int, float, str]:
    """Four outlets on four loopback hosts whose article pages answer after a latency."""
    pages = _pages(per_host)
    slow = {path: Fault.slow(_LATENCY_SECONDS) for path in pages}
    servers = [serve_outlet(pages, faults=slow).start() for _ in range(_HOSTS)]
    try:
        seconds, fetched, captured, _ = _run(servers, folder, False)
    finally:
        for server in servers:
            server.stop()
    serial = len(pages) * _HOSTS * _LATENCY_SECONDS
    name = f"{_HOSTS} hosts, {_LATENCY_SECONDS * 1000:.0f} ms per page"
    return (name, fetched, captured, seconds, f"one request at a time: >= {serial:.2f} s")


def _gzipped_urlset(base: str, prefix: str, count: int) -> bytes:
    """A gzipped sitemap of `count` URLs, built a piece at a time (the bench stays small)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{ns}">'
    parts = [
        packer.compress(head.format(ns="http://www.sitemaps.org/schemas/sitemap/0.9").encode())
    ]
    for start in range(0, count, 10_000):
        entries = range(start, min(start + 10_000, count))
        xml = "".join(f"<url><loc>{base}{prefix}{n}.html</loc></url>" for n in entries)
        parts.append(packer.compress(xml.encode()))
    parts.append(packer.compress(b"</urlset>\n"))
    parts.append(packer.flush())
    return b"".join(parts)


def sitemap_bomb(urls_per_sitemap: int) -> None:
    """Crawl a self-listing sitemap index of three huge sitemaps with max_pages 5."""
    children = [f"/sitemap-{n}.xml.gz" for n in range(3)]
    server = OutletServer({}, sitemaps={"/sitemap.xml": ["/sitemap.xml", *children]})
    for n, path in enumerate(children):
        body = _gzipped_urlset(server.url, f"/news/{n}/story-", urls_per_sitemap)
        server.pages[path] = Page(body, "application/gzip")
    with server, tempfile.TemporaryDirectory() as tmp:
        outlet = OutletConfig(name="bomb", sitemaps=(f"{server.url}/sitemap.xml",))
        config = ArchiveConfig(
            dir=Path(tmp), outlets=(outlet,), crawl=CrawlConfig(delay_seconds=0.0, max_pages=5)
        )
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        began = time.perf_counter()
        summary = crawl(config, on_capture=lambda capture, outlet: True)
        seconds = time.perf_counter() - began
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with sqlite3.connect(config.frontier_path) as db:
            (queued,) = db.execute("SELECT COUNT(*) FROM urls WHERE state = 'queued'").fetchone()
        db.close()
    sizes = ", ".join(f"{len(server.pages[p].body) / 2**20:.1f}" for p in children)
    print(f"Sitemap bomb: index lists itself + 3 gzipped sitemaps ({sizes} MB) of")
    print(f"{urls_per_sitemap} URLs each; max_pages 5\n")
    print(
        "| seconds | max RSS before | max RSS after | growth | URLs queued | fetched | failures |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|")
    fetched = sum(p.fetched for p in summary.per_outlet.values())
    failures = ", ".join(f"{k}: {v}" for k, v in sorted(summary.failures.items())) or "none"
    memory = f"{before_mb:.0f} MB | {peak_mb:.0f} MB | {peak_mb - before_mb:.0f} MB"
    print(f"| {seconds:.1f} | {memory} | {queued} | {fetched} | {failures} |")


def main() -> None:
    """Crawl the fake outlet and print pages/s and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sitemap-bomb", type=int, metavar="URLS", nargs="?", const=890_000)
    args = parser.parse_args()
    if args.sitemap_bomb:
        sitemap_bomb(args.sitemap_bomb)
        return
    rows: list[tuple[str, int, int, float, str]] = []
    with serve_outlet(_pages(args.articles)) as server, tempfile.TemporaryDirectory() as tmp:
        seconds, fetched, captured, _ = _run([server], Path(tmp) / "a", traced=False)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(("first crawl", fetched, captured, seconds, f"{rss_mb:.0f} MB max RSS"))
        seconds, fetched, captured, _ = _run([server], Path(tmp) / "a", traced=False)
        rows.append(("second crawl (nothing new)", fetched, captured, seconds, ""))
        with serve_outlet(_pages(args.articles)) as fresh:
            seconds, fetched, captured, peak = _run([fresh], Path(tmp) / "b", traced=True)
        memory = f"{peak / 2**20:.1f} MB traced peak"
        rows.append(("first crawl, tracemalloc on", fetched, captured, seconds, memory))
        rows.append(_hosts_row(Path(tmp) / "c", args.articles // 20))
        warc_mb = sum(f.stat().st_size for f in (Path(tmp) / "a" / "warc").iterdir()) / 2**20
    print(f"Fake outlet: {args.articles} articles on loopback, delay 0, WARC {warc_mb:.1f} MB\n")
    print("| run | requests | captured | seconds | pages/s | memory |")
    print("|---|---:|---:|---:|---:|---|")
    for name, fetched, captured, seconds, memory in rows:
        rate = fetched / seconds if seconds else 0.0
        print(f"| {name} | {fetched} | {captured} | {seconds:.2f} | {rate:.0f} | {memory} |")


if __name__ == "__main__":
    main()
