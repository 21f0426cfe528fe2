"""Deriving Documents: `dateline derive --spark local[2]` beside `dateline reparse --workers 2`.

Run: .venv/bin/python -m bench.derive [--copies 4] [--files 8] [--bench-dir DIR]

Writes the public benchmark pages (every set, each page --copies times under its own URL and
capture time) into WARC files in a temporary folder, never into the repo. Then, on the same
files, runs the real commands as subprocesses: `reparse --workers 2` into an empty store, and
`derive --spark local[2]` into a new folder, then `import` of that folder into an empty store.
Once with the pages spread over --files WARCs, once with all of them in one WARC (reparse works
file by file; the derive job spreads one file's captures over the cores).

pages/s = HTML responses in the WARCs / wall seconds of the command, start-up included (for
Spark: the JVM and the Python workers). CPU s is the CPU time of the command's whole process
tree (the JVM and Spark's Python workers too, read from /proc), so pages/CPU s is what the work
costs whatever else runs. The machine's 2 cores are shared with other work: compare the two
commands within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import Capture, WarcWriter
from bench.extraction import SETS, default_bench_dir

HEADERS = [("Content-Type", "text/html")]
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _pages(bench_dir: Path, copies: int) -> Iterator[Capture]:
    """Every benchmark page, `copies` times, as captures with their own URL and time."""
    for copy in range(copies):
        for name in SETS:
            for line in (bench_dir / name / "truth.jsonl").read_text("utf-8").splitlines():
                truth = json.loads(line)
                path = bench_dir / name / "html" / f"{truth['id']}.html.gz"
                if not path.exists():
                    continue
                url = truth.get("url") or ""
                if not url.startswith("http"):  # a few sets name pages, not URLs
                    url = f"https://bench.example/{name}/{truth['id']}"
                yield Capture(
                    url=f"{url}{'&' if '?' in url else '?'}copy={copy}" if copy else url,
                    status=200,
                    headers=HEADERS,
                    body=gzip.decompress(path.read_bytes()),
                    captured=CAPTURED + timedelta(days=copy),
                )


def write_warcs(folder: Path, captures: list[Capture], files: int) -> None:
    """The captures dealt round-robin into `files` gzipped WARCs."""
    writers = [WarcWriter(folder, f"bench{n:02d}") for n in range(files)]
    for n, capture in enumerate(captures):
        writers[n % files].write(capture)
    for writer in writers:
        writer.close()


def _dateline(config: Path, *argv: str) -> tuple[float, float, str]:
    """Run one command; its wall seconds, the CPU seconds of its process tree, its stderr."""
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "web.cli", "--config", str(config), *argv],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as proc:
        # Spark's JVM and its Python workers are never reaped by the command (getrusage misses
        # them): their CPU is read from /proc while the command runs.
        cpu: dict[int, float] = {}
        stderr = _drain(proc, cpu)
    seconds = time.monotonic() - started
    if proc.returncode:
        raise SystemExit(f"dateline {' '.join(argv)} failed:\n{stderr}")
    return seconds, sum(cpu.values()), stderr


def _drain(proc: subprocess.Popen[str], cpu: dict[int, float]) -> str:
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr or []))
    reader.start()
    while proc.poll() is None:
        _sample_tree(proc.pid, cpu)
        time.sleep(0.25)
    reader.join()
    return "".join(lines)


def _sample_tree(root: int, cpu: dict[int, float]) -> None:
    """Add the CPU seconds so far of every process under `root` (by pid) to `cpu`."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS)
    tree = {root} | set(cpu)
    grew = True
    while grew:
        found = {pid for pid, (parent, _) in stats.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    for pid in tree & set(stats):
        cpu[pid] = max(cpu.get(pid, 0.0), stats[pid][1])


_TICKS = os.sysconf("SC_CLK_TCK")


def _archive(folder: Path, warcs: Path | None = None) -> Path:
    """A config for an archive in `folder`, its WARC folder holding `warcs`' files."""
    (folder / "data").mkdir(parents=True)
    if warcs is not None:
        (folder / "data" / "warc").symlink_to(warcs, target_is_directory=True)
    config = folder / "config.toml"
    config.write_text('[archive]\ndir = "data"\n', encoding="utf-8")
    return config


def compare(work: Path, warcs: Path, pages: int) -> list[str]:
    """Time reparse and derive (then import) on the WARCs in `warcs`; markdown rows."""
    reparsed = _archive(work / "reparse", warcs)
    reparse = _dateline(reparsed, "reparse", "--workers", "2")
    derived = _archive(work / "derive")
    out = work / "derive" / "out"
    derive = _dateline(derived, "derive", "--spark", "local[2]", f"{warcs}/*.warc.gz", str(out))
    imported = _dateline(derived, "import", str(out))
    both = (derive[0] + imported[0], derive[1] + imported[1], imported[2])
    runs = [
        ("reparse --workers 2", reparse, _count(reparse[2], r"reparse: ([^;]*)")),
        ("derive --spark local[2]", derive, _count(derive[2], r"derive: (\d+) documents")),
        ("derive, then import", both, _count(imported[2], r"out: ([^;]*)")),
    ]
    files = len(list(warcs.iterdir()))
    rows = []
    for name, (seconds, cpu_seconds, _), documents in runs:
        ratio = reparse[0] / seconds
        rows.append(
            f"| {files} | {name} | {seconds:.1f} | {pages / seconds:.1f} | {ratio:.2f}x "
            f"| {cpu_seconds:.0f} | {pages / cpu_seconds:.1f} | {documents} |"
        )
    return rows


def _count(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    return found.group(1).strip() if found else "?"


def main() -> None:
    """Write the WARCs, time both commands on them, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--bench-dir", type=Path, default=default_bench_dir())
    args = parser.parse_args()
    captures = list(_pages(args.bench_dir, args.copies))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-derive-") as tmp:
        work = Path(tmp)
        for files in (args.files, 1):
            warcs = work / f"warcs-{files}"
            write_warcs(warcs, captures, files)
            rows += compare(work / f"run-{files}", warcs, len(captures))
        warc_mb = sum(p.stat().st_size for p in (work / f"warcs-{args.files}").iterdir()) / 2**20
    load = os.getloadavg()[2]
    print(
        f"{len(captures)} HTML pages ({args.copies} copies of the benchmark pages), "
        f"{warc_mb:.0f} MB of gzipped WARC; {os.cpu_count()} cores, load average over the last "
        f"15 minutes {load:.1f}\n"
    )
    print("| WARCs | command | seconds | pages/s | vs reparse | CPU s | pages/CPU s | documents |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
