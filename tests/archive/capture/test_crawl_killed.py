"""`dateline crawl` killed with SIGKILL mid-way, then run again: the archive ends complete."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from archive import iter_captures, warc_files
from tests.fixtures import ROOT, tide_tables
from tests.outlet.server import OutletServer, serve_outlet

ARTICLES = 12
KILL_AT = 6  # the crawler dies as it asks for the sixth article


def _config(tmp_path: Path, server: OutletServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[archive]\ndir = "data"\n[index]\nprocs = 1\n[crawl]\ndelay_seconds = 0.01\n'
        f'[[outlets]]\nname = "Tidewater Times"\nfeeds = ["{server.url}/feed.xml"]\n',
        encoding="utf-8",
    )
    return path


def _crawl(config: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "web.cli", "--config", str(config), "crawl"]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)


def _tear(warc: Path) -> None:
    """Leave what a kill in the middle of a write leaves: half a gzip member at the end."""
    record = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 2000)
    with open(warc, "ab") as fh:
        fh.write(record[: len(record) // 2])


class _Killer:
    """Kills the crawler with SIGKILL when it asks for the KILL_AT-th article (once)."""

    def __init__(self) -> None:
        self.pid = 0
        self.articles = 0
        self.killed_at: str | None = None

    def __call__(self, path: str) -> None:
        if not path.startswith("/news/") or self.killed_at is not None:
            return
        self.articles += 1
        if self.articles == KILL_AT:
            self.killed_at = path
            os.kill(self.pid, signal.SIGKILL)


def test_a_crawl_killed_with_sigkill_resumes_to_the_same_archive_fetching_nothing_twice(
    tmp_path: Path,
) -> None:
    killer = _Killer()
    with serve_outlet(tide_tables(ARTICLES), on_request=killer) as server:
        config = _config(tmp_path, server)
        first = _crawl(config)
        killer.pid = first.pid
        assert first.wait(timeout=60) == -signal.SIGKILL
        (killed,) = warc_files(tmp_path / "data" / "warc")
        _tear(killed)
        assert _crawl(config).wait(timeout=60) == 0
        asked = Counter(p for p in server.paths() if p.startswith("/news/"))
    # The request the crawler died in got no answer: asking for it again is not a refetch.
    assert killer.killed_at is not None
    asked[killer.killed_at] -= 1
    assert set(asked.values()) == {1} and len(asked) == ARTICLES
    notes: list[str] = []
    files = warc_files(tmp_path / "data" / "warc")
    captured = [c.url for f in files for c in iter_captures(f, notes)]
    articles = sorted(u.removeprefix(server.url) for u in captured if "/news/" in u)
    assert articles == sorted(tide_tables(ARTICLES))
    assert len(files) == 2
    assert len(notes) == 1 and str(killed) in notes[0]  # reported, and the rest still read
