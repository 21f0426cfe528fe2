"""`dateline derive`: the mistakes a user makes before any job starts are one line on stderr.

The job itself runs in tests/archive/test_derive_spark.py; importing its output in
tests/test_import_parts.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import SAMPLE_WARC, Ran, run_dateline, write_config


def test_derive_needs_a_spark_master(tmp_path: Path) -> None:
    ran = run_dateline(write_config(tmp_path), "derive", str(SAMPLE_WARC), "out")
    assert ran.code == 2
    assert "--spark" in ran.error_line()


@pytest.mark.parametrize(
    ("master", "glob", "existing_out", "said"),
    [
        ("local[2]", "{sample}", True, "already exists; name a new folder"),
        ("local[2]", "{tmp}/nothing/*.warc.gz", False, "no file matches"),
        ("mesos://host:5050", "{sample}", False, "is not a Spark master"),
    ],
    ids=["output exists", "no file matches", "unknown master"],
)
def test_derive_mistakes_are_one_line_before_any_job_starts(
    tmp_path: Path,
    master: str,
    glob: str,
    existing_out: bool,
    said: str,
) -> None:
    config = write_config(tmp_path)
    out = tmp_path / "out"
    if existing_out:
        out.mkdir()
    warcs = glob.format(sample=SAMPLE_WARC, tmp=tmp_path)
    ran = run_dateline(config, "derive", "--spark", master, warcs, str(out))
    assert ran.code == 1
    assert said in ran.error_line()


def _dateline_subprocess(script: str, env: dict[str, str]) -> Ran:
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def test_without_java_derive_says_what_to_install(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    config = write_config(tmp_path)
    out = str(tmp_path / "out")
    argv = ["--config", str(config), "derive", "--spark", "local[2]", str(SAMPLE_WARC), out]
    script = f"import sys; from web.cli import main; sys.exit(main({argv!r}))"
    # An empty PATH and no JAVA_HOME: no java to be found.
    done = _dateline_subprocess(script, {"PATH": str(tmp_path)})
    assert done.code == 1
    assert "default-jre-headless" in done.error_line()


def test_without_pyspark_derive_says_how_to_install_it(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    out = str(tmp_path / "out")
    argv = ["--config", str(config), "derive", "--spark", "local[2]", str(SAMPLE_WARC), out]
    # None in sys.modules makes `import pyspark` fail, as when the extra is not installed.
    script = (
        "import sys; sys.modules['pyspark'] = None; from web.cli import main; "
        f"sys.exit(main({argv!r}))"
    )
    done = _dateline_subprocess(script, {"PATH": str(tmp_path)})
    assert done.code == 1
    assert "pip install '.[spark]'" in done.error_line()


def test_nothing_but_a_derive_job_imports_pyspark() -> None:
    script = (
        "import sys, archive, indexer, web.cli, web.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')))"
    )
    done = _dateline_subprocess(script, {})
    assert done.code == 0, done.err
    assert done.out.strip() == "[]"
