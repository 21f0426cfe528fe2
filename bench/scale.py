"""The whole life of a large archive on this machine, beside SQLite FTS5 on the same Documents.

    .venv/bin/python -m bench.scale --size 1000000 --work /tmp/scale [--reuse]

Steps, each a real `dateline` command where there is one: write the corpus as JSON Lines,
`dateline import` it (time, peak memory of the process), `dateline reindex` (time, docs/s, the
writer processes' peak memory), index size; then 200 queries of 1-3 words through SearchIndex,
top 20 with snippets and all four facets, plain and with a city + 5-year filter, and the same
through FTS5 (built from the store; its build time and size too); where a search's time goes
(cProfile over the 200 queries); `dateline serve` under bench.load's clients, its memory after;
and 1,000 new articles imported and indexed with `reindex --incremental` while that server runs,
timed until the server returns them (FTS5: until its insert commits).

Results go to WORK/results-SIZE.json as each step ends; with --reuse a finished step is not run
again (its recorded figures are printed), so a run cut short goes on where it stopped.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from archive import Document, Store
from bench.corpus import Corpus, query_words
from bench.load import peak_memory_mb, run_load, serving
from bench.search import QUERIES, Filter, Fts5Peer, Latency, folder_mb, markdown, timed
from indexer import IndexConfig, SearchIndex, SearchQuery

NEW_ARTICLES = 1000
MARK = "scalemark"  # a word only the new articles have, to see when they are searchable
_CHUNK = 2000  # articles a corpus worker writes at once
# Where a search's time goes: functions of the search path, by the phase they stand for.
PHASES = {
    "score + rank": ("_execute",),
    "facets": ("_facets",),
    "stored ids": ("stored_fields",),
    "store reads": ("get_many",),
    "snippets": ("make",),
    "parse + checks": ("_parse", "_highlight_terms", "_title_matches"),
}


class Results:
    """The figures of every finished step, kept in a JSON file as each step ends."""

    def __init__(self, path: Path, reuse: bool) -> None:
        """Load the figures recorded before when reusing."""
        self.path = path
        self.steps: dict[str, dict[str, Any]] = (
            json.loads(path.read_text(encoding="utf-8")) if reuse and path.exists() else {}
        )

    def run(self, name: str, step: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run a step unless it finished before; record and print its figures."""
        if name not in self.steps:
            print(f"[{time.strftime('%H:%M:%S')}] {name} ...", flush=True)
            self.steps[name] = step()
            self.path.write_text(json.dumps(self.steps, indent=1), encoding="utf-8")
        print(f"{name}: {json.dumps(self.steps[name])}", flush=True)
        return self.steps[name]


class TreeMemory:
    """Samples the resident memory of a process and its descendants while it runs."""

    def __init__(self, pid: int, every_seconds: float = 0.25) -> None:
        """Start sampling pid's process tree."""
        self.pid = pid
        self.peak_total_mb = 0.0
        self.peak_one_mb = 0.0
        self._every = every_seconds
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(self._every):
            sizes = [_rss_mb(pid) for pid in _tree(self.pid)]
            self.peak_total_mb = max(self.peak_total_mb, sum(sizes))
            self.peak_one_mb = max([self.peak_one_mb, *sizes])

    def stop(self) -> None:
        """Stop sampling."""
        self._done.set()
        self._thread.join()


def _tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        kids = [int(k) for k in children.read_text().split()]
    except OSError:
        return []
    return [pid] + [p for kid in kids for p in _tree(kid)]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass  # the process ended between listing and reading
    return 0.0


def dateline(config: Path, *args: str) -> dict[str, Any]:
    """Run one `dateline` command; return its wall time and its process tree's peak memory."""
    command = [sys.executable, "-m", "web.cli", "--config", str(config), *args]
    started = time.perf_counter()
    cpu_before = _children_cpu()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    memory = TreeMemory(proc.pid)
    proc.wait()
    memory.stop()
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed with exit code {proc.returncode}")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        # On a shared machine the wall time depends on the others; CPU time much less.
        "CPU s (all processes)": round(_children_cpu() - cpu_before, 1),
        "peak MB (all processes)": round(memory.peak_total_mb),
        "peak MB (largest process)": round(memory.peak_one_mb),
    }


def _children_cpu() -> float:
    # User and system time of every finished descendant waited for (the writer processes too).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _corpus_part(start_count: tuple[int, int]) -> str:
    start, count = start_count
    return "".join(doc.to_json() + "\n" for doc in _worker_corpus().documents(count, start))


_CORPORA: list[Corpus] = []


def _worker_corpus() -> Corpus:
    if not _CORPORA:
        _CORPORA.append(Corpus())
    return _CORPORA[0]


def write_corpus(path: Path, size: int, procs: int) -> dict[str, Any]:
    """Write articles 0 .. size-1 as JSON Lines, made by `procs` processes."""
    if path.exists():  # written by an earlier run (the corpus is deterministic)
        return {"seconds": "reused", "GB": round(path.stat().st_size / 1e9, 2)}
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    chunks = [(s, min(_CHUNK, size - s)) for s in range(0, size, _CHUNK)]
    with Pool(procs) as pool, open(partial, "w", encoding="utf-8") as out:
        for text in pool.imap(_corpus_part, chunks):
            out.write(text)
    partial.rename(path)
    return {
        "seconds": round(time.perf_counter() - started),
        "GB": round(path.stat().st_size / 1e9, 2),
    }


def archive_config(folder: Path, procs: int) -> Path:
    """An archive folder's config file: store and index inside it, 2 server processes."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(
        f'[archive]\ndir = "."\n[index]\nprocs = {procs}\n[web]\nthreads = 8\nworkers = 2\n',
        encoding="utf-8",
    )
    return path


def import_step(config: Path, corpus: Path, size: int) -> dict[str, Any]:
    """`dateline import` the corpus; add the store's size on disk."""
    figures = dateline(config, "import", str(corpus))
    store = config.parent / "store.sqlite"
    figures["docs/s"] = round(size / figures["seconds"])
    figures["store GB"] = round(store.stat().st_size / 1e9, 2)
    figures["store KB an article"] = round(store.stat().st_size / size / 1e3, 2)
    return figures


def reindex_step(config: Path, size: int) -> dict[str, Any]:
    """`dateline reindex` in full; add docs/s and the live generation's size."""
    figures = dateline(config, "reindex")
    figures["docs/s"] = round(size / figures["seconds"])
    figures["index GB"] = round(folder_mb(_live(config.parent / "index")) / 1e3, 2)
    return figures


def _live(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def _index(config: Path) -> tuple[Store, SearchIndex, dict[str, Any]]:
    store = Store(config.parent / "store.sqlite")
    started = time.perf_counter()
    index = SearchIndex(IndexConfig(dir=config.parent / "index", search_seconds=60), store)
    return store, index, {"open s": round(time.perf_counter() - started, 1)}


def _queries(corpus: Corpus) -> tuple[list[str], Filter]:
    where = Filter(corpus.home_towns[0], date(2012, 1, 1), date(2016, 12, 31))
    return query_words(corpus, QUERIES), where


def search_step(config: Path, corpus: Corpus) -> dict[str, Any]:
    """200 queries, plain and filtered, top 20 with snippets and four facets."""
    store, index, figures = _index(config)
    queries, where = _queries(corpus)
    for text in queries[:10]:  # warm the term cache as a running server would have it
        index.search(SearchQuery(text=text))
    plain = Latency.of(timed(lambda t: index.search(SearchQuery(text=t)), queries))
    filtered = Latency.of(
        timed(
            lambda t: index.search(
                SearchQuery(text=t, cities=(where.city,), date_from=where.first, date_to=where.last)
            ),
            queries,
        )
    )
    figures.update(_latency("plain", plain) | _latency("filtered", filtered))
    figures["bench process MB"] = round(_rss_mb(os.getpid()))
    index.close()
    store.close()
    return figures


def _latency(name: str, latency: Latency) -> dict[str, float]:
    return {
        f"{name} median ms": round(latency.median_ms, 1),
        f"{name} p95 ms": round(latency.p95_ms, 1),
    }


def phases_step(config: Path, corpus: Corpus) -> dict[str, Any]:
    """Where the 200 plain searches spend their time: cumulative seconds by phase."""
    store, index, _ = _index(config)
    queries, _ = _queries(corpus)
    for text in queries[:10]:
        index.search(SearchQuery(text=text))
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for text in queries:
        index.search(SearchQuery(text=text))
    profile.disable()
    total = time.perf_counter() - started
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    by_name: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if "/indexer/" in filename or "/archive/" in filename or "whoosh" in filename:
            by_name[name] = max(by_name.get(name, 0.0), cumulative)
    figures: dict[str, Any] = {"profiled total s": round(total, 2)}
    for phase, names in PHASES.items():
        seconds = sum(by_name.get(n, 0.0) for n in names)
        figures[phase] = f"{seconds / total:.0%}"
    index.close()
    store.close()
    return figures


def fts5_step(config: Path, corpus: Corpus, work: Path, size: int) -> dict[str, Any]:
    """Build FTS5 from the same store and run the same 200 queries, plain and filtered."""
    path = work / f"fts5-{size}.sqlite"
    started = time.perf_counter()
    with Store(config.parent / "store.sqlite") as store:
        peer = Fts5Peer(path, store.iter_documents(articles_only=True))
    figures: dict[str, Any] = {"build s": round(time.perf_counter() - started)}
    figures["size GB"] = round(path.stat().st_size / 1e9, 2)
    queries, where = _queries(corpus)
    for text in queries[:10]:
        peer.search(text)
    figures.update(_latency("plain", Latency.of(timed(peer.search, queries))))
    figures.update(
        _latency("filtered", Latency.of(timed(lambda t: peer.search(t, where), queries)))
    )
    peer.db.close()
    return figures


def load_step(config: Path, corpus: Corpus, requests: int) -> dict[str, Any]:
    """bench.load's clients on `dateline serve`; the server's memory after."""
    queries, _ = _queries(corpus)
    figures: dict[str, Any] = {}
    with serving(config, deadline_seconds=600) as (base, pid):
        figures["server MB after start"] = round(sum(_rss_mb(p) for p in _tree(pid)))
        for clients in (1, 4):
            row = run_load(base, queries, requests, clients, max_seconds=600)
            figures[f"{clients} clients req/s"] = float(row["req/s"])
            figures[f"{clients} clients median/p95 ms"] = f"{row['median ms']} / {row['p95 ms']}"
            figures[f"{clients} clients errors"] = int(row["errors"])
        figures["server MB after load"] = round(sum(_rss_mb(p) for p in _tree(pid)))
        figures["server peak MB"] = round(peak_memory_mb(pid))
    return figures


def new_articles(corpus: Corpus, size: int) -> list[Document]:
    """The 1,000 articles after the first `size`, each with MARK in its title."""
    return [replace(d, title=f"{d.title} {MARK}") for d in corpus.documents(NEW_ARTICLES, size)]


def incremental_step(config: Path, corpus: Corpus, work: Path, size: int) -> dict[str, Any]:
    """Import and index 1,000 new articles while the server runs; time until it returns them."""
    with Store(config.parent / "store.sqlite") as store:
        first = store.count(articles_only=True)  # past `size` when a run was cut short here
    path = work / f"new-{first}.jsonl"
    path.write_text("".join(d.to_json() + "\n" for d in new_articles(corpus, first)), "utf-8")
    with serving(config, deadline_seconds=600) as (base, _):
        url = f"{base}/api/search?" + urllib.parse.urlencode({"q": MARK})
        wanted = _total(url) + NEW_ARTICLES
        started = time.perf_counter()
        imported = dateline(config, "import", str(path))
        indexed = dateline(config, "reindex", "--incremental")
        unavailable = 0  # 503s or no answer in 2 min while the server reopens the index
        while (total := _total(url)) < wanted:
            unavailable += total < 0
            time.sleep(0.1)
        seen = time.perf_counter() - started
    return {
        "import s": imported["seconds"],
        "reindex --incremental s": indexed["seconds"],
        "returned by the server after s": round(seen, 1),
        "503s meanwhile": unavailable,
    }


def _total(url: str) -> int:
    """The search's total, or -1 when the server answers 503 or not within 2 minutes."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return int(json.load(response)["total"])
    except urllib.error.HTTPError as exc:
        if exc.code != 503:
            raise
        return -1
    except TimeoutError:
        return -1


def fts5_incremental_step(corpus: Corpus, work: Path, size: int) -> dict[str, Any]:
    """The same 1,000 articles inserted into the FTS5 peer, committed (then searchable)."""
    db = sqlite3.connect(work / f"fts5-{size}.sqlite")
    peer = Fts5Peer.__new__(Fts5Peer)
    peer.db = db
    started = time.perf_counter()
    with db:
        peer.add(new_articles(corpus, size))
    seconds = time.perf_counter() - started
    found = db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (MARK,)).fetchone()[0]
    db.close()
    return {"insert + commit s": round(seconds, 1), "found": found}


def main() -> None:
    """Parse the command line and run (or resume) every step."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--size", type=int, default=100_000, help="articles in the archive")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dateline-scale"))
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400, help="per load test")
    parser.add_argument("--reuse", action="store_true", help="keep what an earlier run finished")
    args = parser.parse_args()
    work, size = args.work, args.size
    work.mkdir(parents=True, exist_ok=True)
    results = Results(work / f"results-{size}.json", args.reuse)
    corpus_path = work / f"corpus-{size}.jsonl"
    config = archive_config(work / f"archive-{size}", args.procs)
    corpus = Corpus()
    results.run("corpus", lambda: write_corpus(corpus_path, size, args.procs))
    results.run("import", lambda: import_step(config, corpus_path, size))
    results.run("reindex", lambda: reindex_step(config, size))
    results.run("search", lambda: search_step(config, corpus))
    results.run("phases", lambda: phases_step(config, corpus))
    results.run("fts5", lambda: fts5_step(config, corpus, work, size))
    results.run("load", lambda: load_step(config, corpus, args.requests))
    results.run("incremental", lambda: incremental_step(config, corpus, work, size))
    results.run("fts5 incremental", lambda: fts5_incremental_step(corpus, work, size))
    print(
        "\n"
        + markdown([{"step": k, **{"figures": json.dumps(v)}} for k, v in results.steps.items()])
    )


if __name__ == "__main__":
    main()
