"""Hostile WARC files: a gzip bomb costs no more than the crawler's page limit; a killed import
keeps its work."""

from __future__ import annotations

import contextlib
import gzip
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import Capture, WarcWriter
from tests.fixtures import ROOT, dateline_run, write_config

LIMIT_BYTES = 1024 * 1024
_STORY = (
    "<html><head><title>Ferry schedule changes {n}</title></head><body><article>"
    "<h1>Ferry schedule changes {n}</h1><p>{text}</p></article></body></html>"
)


def _page(n: int) -> Capture:
    text = "The harbor ferry will run every hour from Monday, the port authority said. " * 8
    return Capture(
        url=f"https://www.harborgazette.example/news/ferry-{n}.html",
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=_STORY.format(n=n, text=text).encode(),
        captured=datetime(2026, 5, 1, 12, tzinfo=UTC) + timedelta(minutes=n),
    )


def _bomb() -> Capture:
    """A response whose gzip Content-Encoding inflates to 64 times the page limit."""
    inflated = gzip.compress(b"\0" * (64 * LIMIT_BYTES), compresslevel=9)
    return Capture(
        url="https://www.harborgazette.example/news/bomb.html",
        status=200,
        headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        body=inflated,
        captured=datetime(2026, 5, 1, 12, 30, tzinfo=UTC),
    )


def _warc(folder: Path, captures: list[Capture]) -> Path:
    with WarcWriter(folder) as writer:
        for capture in captures:
            writer.write(capture)
    return writer.path


def test_a_gzip_bomb_in_a_warc_is_skipped_as_too_large_on_import_and_reparse(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path, f"[crawl]\nmax_page_bytes = {LIMIT_BYTES}\n")
    warc = _warc(tmp_path / "in", [_page(1), _bomb(), _page(2)])
    assert warc.stat().st_size < 200_000
    imported = dateline_run(config, "import", str(warc))
    assert imported.returncode == 0, imported.stderr
    assert "2 new, 0 changed, 0 unchanged; skipped 1 (1 too large)" in imported.stderr
    reparsed = dateline_run(config, "reparse")
    assert reparsed.returncode == 0, reparsed.stderr
    assert "0 new, 0 changed, 2 unchanged; skipped 1 (1 too large)" in reparsed.stderr


def test_a_record_the_crawler_cut_at_the_page_limit_is_too_large_on_import(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path)
    with WarcWriter(tmp_path / "in") as writer:
        writer.write(_page(1))
        writer.write(_page(2), truncated="length")
    imported = dateline_run(config, "import", str(writer.path))
    assert imported.returncode == 0, imported.stderr
    assert "1 new, 0 changed, 0 unchanged; skipped 1 (1 too large)" in imported.stderr


def test_an_import_killed_halfway_keeps_what_it_had_read(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    pages = 1500  # three batches of 500 by half way
    with WarcWriter(tmp_path / "in") as writer:
        for n in range(pages):
            writer.write(_page(n))
    store = tmp_path / "data" / "store.sqlite"
    command = [sys.executable, "-m", "web.cli", "--config", str(config), "import", str(writer.path)]
    with subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True) as killed:
        assert killed.stderr is not None
        for line in killed.stderr:  # a progress line every 2 s when not on a terminal
            if (done := re.search(r"\] (\d+)%$", line.strip())) and int(done[1]) >= 50:
                killed.kill()
                break
        killed.wait()
    assert killed.returncode == -signal.SIGKILL, "the import ended before half way"
    assert _articles(store) >= 500
    again = dateline_run(config, "import", str(writer.path))
    assert again.returncode == 0, again.stderr
    assert _articles(store) == pages


def _articles(store: Path) -> int:
    if not store.exists():
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:  # no table yet
            return 0
