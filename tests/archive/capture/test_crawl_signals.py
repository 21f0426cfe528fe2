"""`dateline crawl` stopped by SIGINT or SIGTERM mid-fetch: it ends now, and the next resumes."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from archive import Store, iter_captures, warc_files
from tests.fixtures import ROOT, tide_tables
from tests.outlet.server import Fault, OutletServer, serve_outlet

ARTICLES = 6
_DRIPPING = "/news/tide-table-2.html"  # the fourth newest: asked after three are captured


def _config(tmp_path: Path, server: OutletServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[archive]\ndir = "data"\n[index]\nprocs = 1\n'
        "[crawl]\ndelay_seconds = 0.01\ntimeout_seconds = 600\n"
        f'[[outlets]]\nname = "Tidewater Times"\nfeeds = ["{server.url}/feed.xml"]\n',
        encoding="utf-8",
    )
    return path


def _crawl(config: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "web.cli", "--config", str(config), "crawl"]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)


class _Signaller:
    """Sends a signal to the crawler once it is receiving the dripping page."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.pid = 0

    def __call__(self, path: str) -> None:
        if path == _DRIPPING and self.pid:
            os.kill(self.pid, self.signum)
            self.pid = 0


def _ended(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        # A generous bound: the dripping page alone would hold the crawl for minutes.
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, err.decode()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_crawl_mid_fetch_and_the_next_crawl_resumes_it(
    tmp_path: Path, signum: int
) -> None:
    signaller = _Signaller(signum)
    faults = {_DRIPPING: Fault.drip(0.2)}
    with serve_outlet(tide_tables(ARTICLES), faults=faults, on_request=signaller) as server:
        config = _config(tmp_path, server)
        first = _crawl(config)
        signaller.pid = first.pid
        code, err = _ended(first)
        assert code == 130, err
        assert (
            err.strip().splitlines()[-1] == "dateline: interrupted; what was stored so far is kept"
        )
        del server.faults[_DRIPPING]
        code, err = _ended(_crawl(config))
        assert code == 0, err
        asked = Counter(server.paths())
    assert "broke the lock" not in err
    # Resumed: robots.txt and the feed are not read again; only the cut-off page is asked twice.
    assert asked["/robots.txt"] == asked["/feed.xml"] == 1
    assert asked.pop(_DRIPPING) == 2
    news = {p for p in asked if p.startswith("/news/")}
    assert news == set(tide_tables(ARTICLES)) - {_DRIPPING}
    assert set(asked.values()) == {1}
    notes: list[str] = []
    files = warc_files(tmp_path / "data" / "warc")
    captured = [c.url.removeprefix(server.url) for f in files for c in iter_captures(f, notes)]
    assert notes == []  # the stopped crawl closed its WARC file whole
    assert sorted(p for p in captured if p.startswith("/news/")) == sorted(tide_tables(ARTICLES))


def _wait_for_pending_delivery(frontier: Path, process: subprocess.Popen[bytes]) -> str:
    """Wait until the crawl has written a page to WARC and is handing it to the store."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(sqlite3.Error), closing(sqlite3.connect(frontier)) as db:
            row = db.execute(
                "SELECT url FROM urls WHERE kind = 'article' AND state = 'fetched' "
                "AND delivered = 0"
            ).fetchone()
            if row:
                return str(row[0])
        time.sleep(0.02)
    raise AssertionError("the crawl never reached a page's delivery")


def test_a_second_signal_while_a_page_is_stored_waits_until_it_is_stored_whole(
    tmp_path: Path,
) -> None:
    with serve_outlet(tide_tables(ARTICLES)) as server:
        config = _config(tmp_path, server)
        store_path = tmp_path / "data" / "store.sqlite"
        Store(store_path).close()
        # Another writer holds the store: the crawl's first page waits inside its delivery.
        with closing(sqlite3.connect(store_path, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            process = _crawl(config)
            url = _wait_for_pending_delivery(tmp_path / "data" / "frontier.sqlite", process)
            time.sleep(0.3)  # into the store's busy wait
            # Two different signals: two of one kind may arrive as one.
            os.kill(process.pid, signal.SIGINT)
            os.kill(process.pid, signal.SIGTERM)
            time.sleep(0.3)
            holder.execute("ROLLBACK")
            code, err = _ended(process)
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "dateline: interrupted; what was stored so far is kept"
    with Store(store_path) as store:
        record = store.latest_capture(url)
        judged = {r.url for r in store.refusals()} | {d.url for d in store.iter_documents()}
    assert record is not None and url in judged  # stored whole: where it lives, what it is
    with closing(sqlite3.connect(tmp_path / "data" / "frontier.sqlite")) as db:
        (delivered,) = db.execute("SELECT delivered FROM urls WHERE url = ?", (url,)).fetchone()
    assert delivered == 1
    notes: list[str] = []
    files = warc_files(tmp_path / "data" / "warc")
    assert [c for f in files for c in iter_captures(f, notes)] and notes == []
