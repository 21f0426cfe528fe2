"""The crawl lock: one crawl at a time holds a frontier, and the next learns of a dead owner."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from archive.errors import CrawlRunning


class CrawlLock:
    """An flock on `path`, which holds the owner's pid while it runs.

    The kernel drops the flock of a dead process; the pid it leaves in the file tells the next
    crawl whose lock it broke (`broken`).
    """

    def __init__(self, path: Path) -> None:
        self._handle: IO[bytes] = open(path, "a+b")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            owner = self._owner()
            self._handle.close()
            raise CrawlRunning(owner) from exc
        self.broken = self._owner()
        self._write(str(os.getpid()).encode())

    def close(self) -> None:
        """Clear the pid (a clean end) and release the lock."""
        if self._handle.closed:
            return
        self._write(b"")
        self._handle.close()

    def _owner(self) -> int | None:
        self._handle.seek(0)
        text = self._handle.read(32).decode("ascii", errors="replace").strip()
        return int(text) if text.isdigit() else None

    def _write(self, data: bytes) -> None:
        self._handle.truncate(0)
        self._handle.write(data)
        self._handle.flush()
