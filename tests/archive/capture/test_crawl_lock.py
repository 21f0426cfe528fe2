"""One crawl per archive: a second crawl names the running one; a dead one's lock is broken."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures import ROOT
from tests.outlet.server import Fault, OutletServer, Page, serve_outlet
from web.cli import main

_HTML = b"<html><head><title>Tide table</title></head><body><p>High water.</p></body></html>"
_HELD = "/news/tide-table.html"


def _config(tmp_path: Path, server: OutletServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[archive]\ndir = "data"\n[index]\nprocs = 1\n[crawl]\ndelay_seconds = 0\n'
        f'[[outlets]]\nname = "Tidewater Times"\nfeeds = ["{server.url}/feed.xml"]\n',
        encoding="utf-8",
    )
    return path


def _outlet(release: threading.Event, asked: threading.Event) -> OutletServer:
    page = Page(_HTML, published=datetime(2026, 11, 1, 6, tzinfo=UTC), is_article=True)
    return serve_outlet(
        {_HELD: page},
        faults={_HELD: Fault.held(release)},
        on_request=lambda path: asked.set() if path == _HELD else None,
    )


def _start_crawl(config: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "web.cli", "--config", str(config), "crawl"]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)


def test_a_second_crawl_of_one_archive_names_the_running_one_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release, asked = threading.Event(), threading.Event()
    with _outlet(release, asked) as server:
        config = _config(tmp_path, server)
        first = _start_crawl(config)
        try:
            assert asked.wait(60), "the first crawl never reached the held page"
            code = main(["--config", str(config), "crawl"])
        finally:
            release.set()
            first_code = first.wait(timeout=60)
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"dateline: another crawl is running on this archive (pid {first.pid}); wait for it to end"
    ]
    assert first_code == 0
    assert server.hits(_HELD) == 1


def test_the_lock_of_a_killed_crawl_is_broken_with_a_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release, asked = threading.Event(), threading.Event()
    with _outlet(release, asked) as server:
        config = _config(tmp_path, server)
        first = _start_crawl(config)
        assert asked.wait(60), "the first crawl never reached the held page"
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=60) == -signal.SIGKILL
        release.set()
        code = main(["--config", str(config), "crawl"])
        err = capsys.readouterr().err
        again = main(["--config", str(config), "crawl"])
    assert code == 0
    assert f"broke the lock of crawl pid {first.pid}, which is no longer running" in err
    assert again == 0 and "broke the lock" not in capsys.readouterr().err
