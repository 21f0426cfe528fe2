"""Helpers shared by the end-to-end tests: the sample's truth, configs on disk, the CLI."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "outlet" / "pages"
SAMPLE_WARC = ROOT / "tests" / "outlet" / "sample.warc.gz"


def truth(slug: str) -> list[dict[str, Any]]:
    """The truth of every article page of one sample outlet."""
    pages = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((PAGES / slug).glob("*.json"))
    ]
    return [p for p in pages if p.get("is_article")]


def write_config(folder: Path, extra: str = "") -> Path:
    """A config file for an archive inside `folder` (one indexing process: small data)."""
    path = folder / "config.toml"
    path.write_text(f'[archive]\ndir = "data"\n[index]\nprocs = 1\n{extra}', encoding="utf-8")
    return path


def dateline(config: Path, *argv: str) -> None:
    """Run a `dateline` command in-process and fail the test on a non-zero exit."""
    code = main(["--config", str(config), *argv])
    assert code == 0, f"dateline {' '.join(argv)} exited {code}"


@pytest.fixture(scope="session")
def sample_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive holding the bundled sample, imported and indexed as `make run` does."""
    config = write_config(tmp_path_factory.mktemp("sample"))
    dateline(config, "import", "--if-empty", str(SAMPLE_WARC))
    dateline(config, "reindex", "--incremental")
    return config


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, deadline_seconds: float = 30) -> None:
    """Wait until a server answers at `url`."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def served(sample_config: Path) -> Iterator[str]:
    """`dateline serve` as a subprocess over the sample archive; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "web.cli", "--config", str(sample_config), "serve"]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/stats")
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=10)
