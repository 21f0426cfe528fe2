"""`dateline reparse` killed mid-way leaves no worker processes behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures import (
    SAMPLE_WARC,
    dateline_process,
    dateline_run,
    outlived,
    wait_for_children,
    write_config,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")


def test_a_killed_reparse_leaves_no_workers(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    assert dateline_run(config, "import", str(SAMPLE_WARC)).returncode == 0
    (kept,) = (tmp_path / "data" / "warc").iterdir()
    for n in range(8):  # work enough that the workers are busy when the kill comes
        shutil.copyfile(kept, kept.with_name(f"copy-{n}-{kept.name}"))
    killed = dateline_process(config, "reparse", "--workers", "2")
    workers = wait_for_children(killed, 2)
    killed.kill()
    killed.wait()
    assert outlived(workers) == []
