"""Fixtures for the end-to-end tests: the sample archive on disk and `dateline serve` over it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import (
    SAMPLE_FIXES,
    SAMPLE_WARC,
    captured_archive,
    dateline,
    free_port,
    wait_for,
    write_config,
)


@pytest.fixture(scope="session")
def sample_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive holding the bundled sample, imported and indexed as `make run` does."""
    config = write_config(tmp_path_factory.mktemp("sample"))
    dateline(config, "import", "--if-empty", str(SAMPLE_WARC), str(SAMPLE_FIXES))
    dateline(config, "reindex", "--incremental")
    return config


@pytest.fixture(scope="session")
def served(sample_config: Path) -> Iterator[str]:
    """`dateline serve` as a subprocess over the sample archive; yields its base URL."""
    yield from _serve(sample_config)


@pytest.fixture(scope="session")
def captured_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dateline serve` over the fare story's three captures and the hostile page."""
    yield from _serve(captured_archive(tmp_path_factory.mktemp("captured")))


@pytest.fixture
def fresh_captured_served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`dateline serve` over an archive of its own, for a test that changes it: (config, URL)."""
    config = captured_archive(tmp_path)
    for base in _serve(config):
        yield config, base


def _serve(config: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "web.cli", "--config", str(config), "serve"]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/stats")
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=10)
