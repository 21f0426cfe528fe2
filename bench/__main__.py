"""`make bench`: run every benchmark, print its tables, and keep them in bench/out/."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SUITES = {
    "extraction": ["-m", "bench.extraction"],
    "entities": ["-m", "bench.entities"],
    "search": ["-m", "bench.search", "--sizes", "10000,100000"],
    "load": ["-m", "bench.load", "--sizes", "100000"],
    "crawl": ["-m", "bench.crawl"],
    "derive": ["-m", "bench.derive"],
}


def main() -> int:
    """Run the chosen suites one after another (they would disturb each other's timings)."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("suites", nargs="*", help=f"any of {', '.join(SUITES)} (default: all)")
    args, extra = parser.parse_known_args()
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
    OUT.mkdir(exist_ok=True)
    failed = []
    for name in args.suites or list(SUITES):
        print(f"\n## {name}\n", flush=True)
        started = time.monotonic()
        with open(OUT / f"{name}.md", "w", encoding="utf-8") as report:
            proc = subprocess.run(
                [sys.executable, *SUITES[name], *extra], stdout=subprocess.PIPE, text=True
            )
            report.write(proc.stdout)
        print(proc.stdout, flush=True)
        print(f"({name}: {time.monotonic() - started:.0f} s, exit {proc.returncode})", flush=True)
        if proc.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
