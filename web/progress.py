"""A small progress bar on stderr for long CLI steps (a plain line when not a terminal).

Kept rather than click.progressbar (click comes with Flask), which does less of what the CLI
needs: off a terminal it prints its label once and nothing more, where this writes a plain line
every 2 s, so an import or crawl run by cron or systemd shows its progress in the log; it counts
increments, where our pipelines report (done, total) and sometimes no total at all (a running
count here); and it has no free-text line like status(), which the crawl's per-outlet counts use.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Draws `label [#####.....] done/total` in place; `total` 0 means unknown."""

    def __init__(
        self, label: str, stream: TextIO | None = None, width: int = 30, percent: bool = False
    ) -> None:
        self.label = label
        self.percent = percent
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if total:
            filled = int(self.width * min(done, total) / total)
            bar = "#" * filled + "." * (self.width - filled)
            count = f"{100 * done // total}%" if self.percent else f"{done}/{total}"
            self.status(f"{self.label} [{bar}] {count}", final=done == total)
        else:
            self.status(f"{self.label}: {done}")

    def status(self, text: str, final: bool = False) -> None:
        """Show a line of status in place (every 2 s at most when not a terminal)."""
        now = time.monotonic()
        interval_seconds = 0.1 if self.tty else 2.0
        if now - self._last < interval_seconds and not final:
            return
        self._last = now
        self._shown = True
        self.stream.write(f"\r{text}\033[K" if self.tty else text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self._shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
