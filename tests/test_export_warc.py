"""`dateline export`: a search's archived responses copied, byte for byte, into a new WARC."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from archive import iter_captures, warc_files
from tests.fixtures import SAMPLE_WARC as SAMPLE
from web.cli import main


@pytest.fixture
def config_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[archive]\ndir = "data"\n[index]\nprocs = 1\n', encoding="utf-8")
    assert main(["--config", str(path), "import", str(SAMPLE)]) == 0
    assert main(["--config", str(path), "reindex"]) == 0
    capsys.readouterr()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _search_urls(capsys: pytest.CaptureFixture[str], config: Path, *query: str) -> set[str]:
    code, out, _ = _run(capsys, "--config", str(config), "search", *query, "--json")
    assert code == 0
    return {hit["url"] for hit in json.loads(out)["hits"]}


def test_export_writes_each_result_response_unchanged(
    capsys: pytest.CaptureFixture[str], config_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "flooding.warc.gz"
    wanted = _search_urls(capsys, config_path, "flooding", "--per-page", "100")
    code, _, err = _run(
        capsys, "--config", str(config_path), "export", "--warc", str(out), "flooding"
    )
    exported = list(iter_captures(out))
    (kept,) = warc_files(tmp_path / "data" / "warc")
    originals = {c.url: c for c in iter_captures(kept)}
    assert code == 0 and f"{len(wanted)} responses written" in err
    assert wanted and {c.url for c in exported} == wanted
    raw, kept_raw = out.read_bytes(), kept.read_bytes()
    starts = [c.offset for c in exported] + [len(raw)]
    for start, end in itertools.pairwise(starts):
        assert raw[start:end] in kept_raw  # each record copied byte for byte
    for capture in exported:
        original = originals[capture.url]
        assert (capture.status, capture.headers, capture.body) == (
            original.status,
            original.headers,
            original.body,
        )


def test_export_filters_like_search(
    capsys: pytest.CaptureFixture[str], config_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "outlet.warc.gz"
    outlet = "NewsChannel 9"
    wanted = _search_urls(capsys, config_path, "--outlet", outlet, "--per-page", "100")
    argv = ["--config", str(config_path), "export", "--warc", str(out), "--outlet", outlet]
    assert _run(capsys, *argv)[0] == 0
    assert {c.url for c in iter_captures(out)} == wanted


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.warc.gz", "create it first"),
        (".", "is a folder"),
        ("results.zip", "name it *.warc.gz"),
    ],
)
def test_a_bad_output_path_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], config_path: Path, target: str, message: str
) -> None:
    out = config_path.parent / target
    code, _, err = _run(capsys, "--config", str(config_path), "export", "--warc", str(out))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("dateline: ") and message in lines[0]
