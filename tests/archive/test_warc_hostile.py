"""Hostile WARC files: a gzip bomb costs no more than the crawler's page limit, damage costs
only the damaged records, a file that is no WARC is one line, a killed import keeps its work."""

from __future__ import annotations

import contextlib
import gzip
import re
import signal
import sqlite3
import subprocess
import sys
import tarfile
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


def _damaged_warc(folder: Path, pages: int, damaged: set[int]) -> tuple[Path, list[int]]:
    """A crawler-made WARC whose listed pages have a gzip member broken in the middle."""
    offsets = []
    with WarcWriter(folder, info={"software": "test"}) as writer:
        for n in range(pages):
            offsets.append(writer.write(_page(n)))
    data = bytearray(writer.path.read_bytes())
    for n in damaged:
        data[offsets[n] + 60 : offsets[n] + 100] = bytes(40)
    writer.path.write_bytes(bytes(data))
    return writer.path, offsets


def test_import_reads_on_past_a_damaged_gzip_member_and_says_where_and_how_much(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path)
    warc, offsets = _damaged_warc(tmp_path / "in", 6, {2})
    imported = dateline_run(config, "import", str(warc))
    assert imported.returncode == 0, imported.stderr
    assert "5 new, 0 changed, 0 unchanged; skipped 1 (1 damaged record)" in imported.stderr
    (note,) = [line for line in imported.stderr.splitlines() if "note:" in line]
    skipped = offsets[3] - offsets[2]
    assert note.endswith(
        f"damaged record at offset {offsets[2]}: skipped {skipped} bytes to the next record, "
        f"at offset {offsets[3]}"
    )


def test_two_damaged_stretches_are_each_counted_and_the_rest_imported(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    warc, offsets = _damaged_warc(tmp_path / "in", 8, {1, 5})
    imported = dateline_run(config, "import", str(warc))
    assert "6 new, 0 changed, 0 unchanged; skipped 2 (2 damaged records)" in imported.stderr
    notes = [line for line in imported.stderr.splitlines() if "note:" in line]
    assert [f"at offset {offsets[n]}:" in note for n, note in zip((1, 5), notes, strict=True)] == [
        True,
        True,
    ]


def test_a_record_that_lost_its_length_in_an_uncompressed_warc_costs_only_that_record(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path)
    warc, _ = _damaged_warc(tmp_path / "in", 6, set())
    plain = bytearray(gzip.decompress(warc.read_bytes()))
    third = [m.start() for m in re.finditer(rb"WARC-Type: response", plain)][2]
    length = plain.index(b"\r\nContent-Length: ", third)
    plain[length + 2 : length + 20] = bytes(18)
    damaged = tmp_path / "plain.warc"
    damaged.write_bytes(bytes(plain))
    imported = dateline_run(config, "import", str(damaged))
    assert imported.returncode == 0, imported.stderr
    assert "5 new, 0 changed, 0 unchanged; skipped 1 (1 damaged record)" in imported.stderr


def test_a_warc_gzipped_as_one_stream_is_refused_in_one_line_saying_what_to_do(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path)
    warc, _ = _damaged_warc(tmp_path / "in", 3, set())
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(gzip.decompress(warc.read_bytes())))
    refused = dateline_run(config, "import", str(whole))
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"dateline: {whole}: the whole file is one gzip stream, where each record should be "
        'gzipped on its own; run "warcio recompress" on it and import the result'
    ]


def test_a_gzipped_file_that_is_no_warc_is_refused_in_one_readable_line(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    tarball = tmp_path / "site.warc.gz"
    with tarfile.open(
        tarball, "w:gz", format=tarfile.GNU_FORMAT
    ) as tar:  # a tar header's first line: a name, then NULs
        tar.add(Path(__file__), arcname="news/ferry schedule.html")
    refused = dateline_run(config, "import", str(tarball))
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"dateline: {tarball}: not a WARC or ARC file "
        "(unzipped, it starts with b'news/ferry schedule.html')"
    ]


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
