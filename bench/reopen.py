"""What a new index generation costs a running server: reopen time, and searches meanwhile.

    .venv/bin/python -m bench.reopen --size 30000 --work /tmp/reopen

Uses (or builds) bench.scale's archive of SIZE articles in WORK. Then, twice (1,000 new
articles imported and indexed with `reindex --incremental` each time):
1. in this process, a SearchIndex opened before the change: the seconds of a full open, and of
   the reopen that picks up the change (run by hand, so nothing else competes with it);
2. `dateline serve`: seconds from the start of the import until the server returns the new
   articles, and meanwhile a client searching another word: its slowest answer and failures.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive import Store
from bench.corpus import Corpus
from bench.load import serving
from bench.scale import (
    MARK,
    NEW_ARTICLES,
    Results,
    archive_config,
    dateline,
    import_step,
    new_articles,
    reindex_step,
    write_corpus,
)
from indexer import IndexConfig, SearchIndex, SearchQuery

PROBE = "council"


class _Held:
    """A SearchIndex's start(job): keeps the reopen to run (and time) by hand."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []

    def __call__(self, job: Callable[[], None]) -> None:
        self.jobs.append(job)


def _add_articles(config: Path, corpus: Corpus, work: Path) -> dict[str, Any]:
    with Store(config.parent / "store.sqlite") as store:
        first = store.count(articles_only=True)
    path = work / f"new-{first}.jsonl"
    path.write_text("".join(d.to_json() + "\n" for d in new_articles(corpus, first)), "utf-8")
    return {
        "import s": dateline(config, "import", str(path))["seconds"],
        "reindex --incremental s": dateline(config, "reindex", "--incremental")["seconds"],
    }


def in_process(config: Path, corpus: Corpus, work: Path) -> dict[str, Any]:
    """A full open, then the reopen after 1,000 new articles, timed alone."""
    now = [0.0]
    held = _Held()
    with Store(config.parent / "store.sqlite") as store:
        started = time.perf_counter()
        index = SearchIndex(
            IndexConfig(dir=config.parent / "index", search_seconds=60),
            store,
            clock=lambda: now[0],
            start=held,
        )
        figures: dict[str, Any] = {"full open s": round(time.perf_counter() - started, 2)}
        try:
            figures.update(_add_articles(config, corpus, work))
            now[0] = 10.0
            index.search(SearchQuery(text=MARK))
            started = time.perf_counter()
            for job in held.jobs:
                job()
            figures["reopen s"] = round(time.perf_counter() - started, 2)
            figures["found after"] = index.search(SearchQuery(text=MARK)).total
        finally:
            index.close()
    return figures


def through_serve(config: Path, corpus: Corpus, work: Path) -> dict[str, Any]:
    """1,000 new articles while `dateline serve` runs: time until returned, probes meanwhile."""
    with serving(config, deadline_seconds=600) as (base, _):
        url = f"{base}/api/search?" + urllib.parse.urlencode({"q": MARK})
        probe = _Probe(f"{base}/api/search?" + urllib.parse.urlencode({"q": PROBE}))
        wanted = _total(url) + NEW_ARTICLES
        started = time.perf_counter()
        figures = _add_articles(config, corpus, work)
        while _total(url) < wanted:
            time.sleep(0.1)
        figures["returned by the server after s"] = round(time.perf_counter() - started, 1)
        figures.update(probe.stop())
    return figures


class _Probe:
    """A client searching one word over and over: its slowest answer and failed answers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.slowest = 0.0
        self.failed = 0
        self.answered = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            started = time.perf_counter()
            if _total(self.url) < 0:
                self.failed += 1
            else:
                self.answered += 1
            self.slowest = max(self.slowest, time.perf_counter() - started)

    def stop(self) -> dict[str, Any]:
        """Stop searching; return the figures."""
        self._done.set()
        self._thread.join()
        return {
            f"'{PROBE}' searches meanwhile": self.answered,
            "slowest s": round(self.slowest, 2),
            "failed (5xx or no answer in 2 min)": self.failed,
        }


def _total(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return int(json.load(response)["total"])
    except urllib.error.HTTPError as exc:
        if exc.code < 500:
            raise
        return -1
    except TimeoutError:
        return -1


def main() -> None:
    """Build or reuse the archive, then measure both ways."""
    parser = argparse.ArgumentParser(prog="python -m bench.reopen")
    parser.add_argument("--size", type=int, default=30_000, help="articles in the archive")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dateline-reopen"))
    args = parser.parse_args()
    work, size = args.work, args.size
    work.mkdir(parents=True, exist_ok=True)
    results = Results(work / f"results-{size}.json", reuse=True)
    corpus_path = work / f"corpus-{size}.jsonl"
    config = archive_config(work / f"archive-{size}", 2)
    corpus = Corpus()
    results.run("corpus", lambda: write_corpus(corpus_path, size, 2))
    results.run("import", lambda: import_step(config, corpus_path, size))
    results.run("reindex", lambda: reindex_step(config, size))
    print(json.dumps({"in process": in_process(config, corpus, work)}), flush=True)
    print(json.dumps({"through serve": through_serve(config, corpus, work)}), flush=True)


if __name__ == "__main__":
    main()
