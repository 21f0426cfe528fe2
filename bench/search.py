"""Search benchmark: index build speed and size, query latency with facets and snippets, vs FTS5.

    .venv/bin/python -m bench.search --sizes 10000,100000

For each size: builds a store of the synthetic corpus (cached in --work), times a full
rebuild, then runs the same 200 queries of 1-3 words through SearchIndex.search (all four facets,
highlighted snippets, top 20) and through SQLite FTS5 (bm25 order, snippet(), GROUP BY facets),
then again with a city + date-range filter. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archive import Document, Store
from bench.corpus import Corpus, query_words
from indexer import IndexConfig, SearchIndex, SearchQuery, index_exists, rebuild_index

QUERIES = 200
TOP = 20


@dataclass(frozen=True)
class Latency:
    """Median and 95th percentile of a list of timings, in milliseconds."""

    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        """Summarize timings given in seconds."""
        ms = sorted(s * 1000 for s in seconds)
        return cls(statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.95))])


@dataclass(frozen=True)
class Filter:
    """The filtered variant of every query: one city and a five-year window."""

    city: str
    first: date
    last: date


def timed(run: Callable[[str], object], queries: Iterable[str]) -> list[float]:
    """Return how long each query took."""
    out = []
    for text in queries:
        started = time.perf_counter()
        run(text)
        out.append(time.perf_counter() - started)
    return out


def fill_store(path: Path, corpus: Corpus, size: int) -> Store:
    """Return a store holding the first `size` corpus articles (reused when already filled)."""
    store = Store(path)
    if store.count() != size:
        store.put_many(corpus.documents(size), batch=1000)
    return store


def folder_mb(folder: Path) -> float:
    """Return the size of the files under a folder in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


class Fts5Peer:
    """SQLite FTS5 answering the same searches: bm25 order, snippet(), GROUP BY facet counts."""

    def __init__(self, path: Path, docs: Iterable[Document]) -> None:
        """Build (or reuse) the FTS5 database at path."""
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            self.db = sqlite3.connect(partial)
            self._build(docs)
            self.db.close()
            partial.rename(path)
        self.db = sqlite3.connect(path)

    def _build(self, docs: Iterable[Document]) -> None:
        db = self.db
        db.executescript(
            """
            CREATE VIRTUAL TABLE fts USING fts5(title, body,
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE meta (rowid INTEGER PRIMARY KEY, outlet TEXT, day TEXT, year TEXT);
            CREATE TABLE city (docid INTEGER, value TEXT);
            CREATE TABLE person (docid INTEGER, value TEXT);
            """
        )
        self.add(docs)
        db.executescript(
            """
            CREATE INDEX city_value ON city (value, docid);
            CREATE INDEX city_doc ON city (docid);
            CREATE INDEX person_doc ON person (docid);
            CREATE INDEX meta_day ON meta (day);
            """
        )
        db.commit()

    def add(self, docs: Iterable[Document]) -> None:
        """Insert documents after the last one (in the caller's transaction)."""
        db = self.db
        last = db.execute("SELECT max(rowid) FROM meta").fetchone()[0] or 0
        for rowid, doc in enumerate(docs, start=last + 1):
            db.execute(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                (rowid, doc.title, doc.body),
            )
            db.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?)",
                (rowid, doc.outlet, doc.day, (doc.day or "")[:4]),
            )
            db.executemany("INSERT INTO city VALUES (?, ?)", [(rowid, c) for c in doc.cities])
            db.executemany("INSERT INTO person VALUES (?, ?)", [(rowid, p) for p in doc.persons])

    def search(self, text: str, where: Filter | None = None) -> tuple[int, list[object]]:
        """Return the total, the top hits with snippets and the four facets' top counts."""
        db = self.db
        match = " AND ".join(f'"{w}"' for w in text.split())
        db.execute("DROP TABLE IF EXISTS temp.m")
        db.execute(
            "CREATE TEMP TABLE m AS SELECT rowid AS id, rank AS r FROM fts WHERE fts MATCH ?",
            (match,),
        )
        if where is not None:
            db.execute(
                "DELETE FROM m WHERE id NOT IN (SELECT rowid FROM meta WHERE day BETWEEN ? AND ?) "
                "OR id NOT IN (SELECT docid FROM city WHERE value = ?)",
                (where.first.isoformat(), where.last.isoformat(), where.city),
            )
        total = db.execute("SELECT count(*) FROM m").fetchone()[0]
        top = [row[0] for row in db.execute("SELECT id FROM m ORDER BY r LIMIT ?", (TOP,))]
        marks = ",".join("?" * len(top))
        rows = db.execute(
            "SELECT rowid, title, snippet(fts, 1, '<mark>', '</mark>', '…', 24) FROM fts "
            f"WHERE fts MATCH ? AND rowid IN ({marks})",
            (match, *top),
        ).fetchall()
        order = {rowid: n for n, rowid in enumerate(top)}
        hits = sorted(rows, key=lambda row: order[row[0]])
        facets: list[object] = []
        for sql in (
            "SELECT value, count(*) n FROM city JOIN m ON city.docid = m.id GROUP BY value",
            "SELECT value, count(*) n FROM person JOIN m ON person.docid = m.id GROUP BY value",
            "SELECT outlet, count(*) n FROM meta JOIN m ON meta.rowid = m.id GROUP BY outlet",
            "SELECT year, count(*) n FROM meta JOIN m ON meta.rowid = m.id GROUP BY year",
        ):
            facets.append(db.execute(f"{sql} ORDER BY n DESC, 1 LIMIT 20").fetchall())
        return total, [hits, facets]


def bench_size(corpus: Corpus, size: int, work: Path, procs: int, reuse: bool) -> dict[str, str]:
    """Run every measurement at one corpus size; return the table row."""
    work.mkdir(parents=True, exist_ok=True)
    store = fill_store(work / f"store-{size}.sqlite", corpus, size)
    config = IndexConfig(dir=work / f"index-{size}", procs=procs)
    started = time.perf_counter()
    if reuse and index_exists(config):
        indexed, build_s = 0, 0.0
    else:
        indexed = rebuild_index(config, store)
        build_s = time.perf_counter() - started
    live = config.dir / (config.dir / "CURRENT").read_text(encoding="utf-8").strip()
    started = time.perf_counter()
    index = SearchIndex(config, store)
    open_s = time.perf_counter() - started
    peer = Fts5Peer(work / f"fts5-{size}.sqlite", store.iter_documents(articles_only=True))
    queries = query_words(corpus, QUERIES)
    where = Filter(corpus.home_towns[0], date(2012, 1, 1), date(2016, 12, 31))
    for text in queries[:10]:  # warm caches for both engines
        index.search(SearchQuery(text=text))
        peer.search(text)
    ours = timed(lambda t: index.search(SearchQuery(text=t)), queries)
    ours_f = timed(
        lambda t: index.search(
            SearchQuery(text=t, cities=(where.city,), date_from=where.first, date_to=where.last)
        ),
        queries,
    )
    fts = timed(peer.search, queries)
    fts_f = timed(lambda t: peer.search(t, where), queries)
    # Largest RSS of any process the run has waited for: the rebuild's writer processes.
    writer = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return _row(size, indexed, build_s, writer, folder_mb(live), open_s, ours, ours_f, fts, fts_f)


def _row(
    size: int,
    indexed: int,
    build_s: float,
    writer_mb: float,
    size_mb: float,
    open_s: float,
    ours: list[float],
    ours_f: list[float],
    fts: list[float],
    fts_f: list[float],
) -> dict[str, str]:
    a, af, b, bf = (Latency.of(x) for x in (ours, ours_f, fts, fts_f))
    return {
        "docs": f"{size:,}",
        "build s": f"{build_s:.0f}" if indexed else "reused",
        "docs/s": f"{indexed / build_s:.0f}" if indexed else "-",
        "writer peak MB": f"{writer_mb:.0f}" if indexed else "-",
        "index MB": f"{size_mb:.0f}",
        "open s": f"{open_s:.2f}",
        "ours med/p95 ms": f"{a.median_ms:.1f} / {a.p95_ms:.1f}",
        "FTS5 med/p95 ms": f"{b.median_ms:.1f} / {b.p95_ms:.1f}",
        "ours filtered med/p95": f"{af.median_ms:.1f} / {af.p95_ms:.1f}",
        "filter adds p95 ms": f"{af.p95_ms - a.p95_ms:+.1f}",
        "FTS5 filtered med/p95": f"{bf.median_ms:.1f} / {bf.p95_ms:.1f}",
    }


def markdown(rows: list[dict[str, str]]) -> str:
    """Return rows as a markdown table."""
    heads = list(rows[0])
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(row[h] for h in heads) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    """Parse the command line, run every size, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dateline-bench"))
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="search an index built before")
    args, _ = parser.parse_known_args()
    corpus = Corpus()
    print(
        f"{QUERIES} queries of 1-3 words, top {TOP} with snippets and 4 facets; "
        "filter = 1 city + 5-year window\n",
        flush=True,
    )
    rows: list[dict[str, str]] = []
    for size in args.sizes.split(","):
        rows.append(bench_size(corpus, int(size), args.work, args.procs, args.reuse))
        print(markdown(rows[-1:]), flush=True)
    print("\n" + markdown(rows))


if __name__ == "__main__":
    main()
