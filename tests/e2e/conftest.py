"""Helpers shared by the end-to-end tests: the sample's truth, configs on disk, the CLI."""

from __future__ import annotations

import json
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


@pytest.fixture
def run_dateline() -> Any:
    return dateline
