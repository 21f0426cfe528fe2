"""Load on `dateline serve` from a second process: /api/search with facets on the bench corpus.

Bounded in requests and seconds, loopback only. Reports requests per second, latency
percentiles, errors, and the server's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.corpus import Corpus, query_words
from bench.search import fill_store, markdown
from indexer import IndexConfig, index_exists, rebuild_index


def prepare(work: Path, size: int, procs: int) -> Path:
    """An archive folder for `size` corpus articles (store and index shared with bench.search)."""
    folder = work / f"load-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    store_path, index_dir = work / f"store-{size}.sqlite", work / f"index-{size}"
    with fill_store(store_path, Corpus(), size) as store:
        config = IndexConfig(dir=index_dir, procs=procs)
        if not index_exists(config):
            rebuild_index(config, store)
    for name, target in (("store.sqlite", store_path), ("index", index_dir)):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(target.resolve())
    config_path = folder / "config.toml"
    config_path.write_text('[archive]\ndir = "."\n[web]\nthreads = 8\n', encoding="utf-8")
    return config_path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, deadline_seconds: float = 120) -> None:
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _get(url: str) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            ok = response.status == 200 and bool(json.load(response)["facets"]["city"] is not None)
    except (urllib.error.URLError, OSError, ValueError, KeyError):
        ok = False
    return time.perf_counter() - started, ok


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_load(
    base: str, queries: list[str], requests: int, clients: int, max_seconds: float
) -> dict[str, str]:
    """Fire at most `requests` searches (or stop after `max_seconds`) from `clients` threads."""
    urls = [f"{base}/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries]
    deadline = time.monotonic() + max_seconds
    results: list[tuple[float, bool]] = []

    def worker(offset: int) -> None:
        for n in range(offset, requests, clients):
            if time.monotonic() > deadline:
                return
            results.append(_get(urls[n % len(urls)]))

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    elapsed = time.perf_counter() - started
    times = sorted(t for t, _ in results)
    return {
        "requests": str(len(results)),
        "clients": str(clients),
        "req/s": f"{len(results) / elapsed:.1f}",
        "median ms": f"{statistics.median(times) * 1000:.1f}",
        "p95 ms": f"{times[int(0.95 * (len(times) - 1))] * 1000:.1f}",
        "errors": str(sum(not ok for _, ok in results)),
    }


def bench_size(work: Path, size: int, args: argparse.Namespace) -> dict[str, str]:
    """Serve one corpus size and load it; return the table row."""
    config = prepare(work, size, args.procs)
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "web.cli",
        "--config",
        str(config),
        "serve",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/api/search?q=warmup")
        queries = query_words(Corpus(), 200)
        for text in queries[:10]:
            _get(f"{base}/api/search?" + urllib.parse.urlencode({"q": text}))
        row = {
            "docs": f"{size:,}",
            **run_load(base, queries, args.requests, args.clients, args.seconds),
        }
        row["server peak MB"] = f"{peak_memory_mb(server.pid):.0f}"
        return row
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Parse the command line, load each size, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sizes", default="100000", help="comma-separated corpus sizes")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dateline-bench"))
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=120)
    args, _ = parser.parse_known_args()
    print("/api/search?q=<1-3 words> with all four facets and snippets, from a second process\n")
    rows = [bench_size(args.work, int(size), args) for size in args.sizes.split(",")]
    print(markdown(rows))


if __name__ == "__main__":
    main()
