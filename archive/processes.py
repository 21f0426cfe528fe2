"""What one process leaves the next: worker processes that die with their parent, and a lock
whose file names its owner, so that a lock left by a dead owner is seen and broken.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from archive.errors import LockHeld

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_POLL_SECONDS = 0.5
# How long a lock's new owner may take between its flock and writing its pid into the file.
_SETTLE_SECONDS = 0.2


def die_with_parent(parent_pid: int) -> None:
    """End this process when its parent, `parent_pid`, ends: call it first in a forked worker.

    On Linux the kernel kills the worker when the thread that forked it ends (prctl
    PR_SET_PDEATHSIG, measured 9 ms from the parent's SIGKILL); elsewhere a thread looks for a
    new parent every half second. A worker whose parent is already gone ends at once.
    """
    if not _kernel_kills_orphans():
        watcher = threading.Thread(
            target=_watch_parent, args=(parent_pid,), name="die-with-parent", daemon=True
        )
        watcher.start()
    if os.getppid() != parent_pid:
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_POLL_SECONDS)
    os._exit(1)


class OwnedLock:
    """An exclusive flock on `path`; while it is held, the file holds the owner's pid.

    A clean release empties the file, so a pid found there names an owner that died holding
    the lock (`broken`). The kernel drops a dead process's flock, but a process the owner forked
    would keep it: when the owner is gone and such a survivor still holds the lock, the file is
    replaced (the survivor keeps a lock on a file nobody opens any more). A context manager.

    Raises:
        LockHeld: a live process owns the lock.
    """

    def __init__(self, path: Path) -> None:
        """Take the lock on `path` (created if needed) or raise LockHeld."""
        self.path = path
        self.broken: int | None = None
        self._handle = self._take()
        _write(self._handle, str(os.getpid()).encode())

    def fileno(self) -> int:
        """The lock file's descriptor: a forked worker closes it, so as not to hold the lock."""
        return self._handle.fileno()

    def release(self) -> None:
        """Empty the file (a clean end) and drop the lock."""
        if self._handle.closed:
            return
        _write(self._handle, b"")
        self._handle.close()

    def __enter__(self) -> OwnedLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _take(self) -> IO[bytes]:
        # Twice at most: a lock file replaced while we opened it is opened again.
        for _ in range(2):
            handle: IO[bytes] = open(self.path, "a+b")  # noqa: SIM115 - the lock's handle
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = self._dead_owner(handle)
                if owner is not None:
                    self.broken = owner
                    return _replace_lock_file(self.path)
            else:
                if _same_file(handle, self.path):
                    self.broken = _owner(handle)
                    return handle
            handle.close()
        raise LockHeld(str(self.path), None)

    def _dead_owner(self, handle: IO[bytes]) -> int | None:
        """The pid of a dead owner whose lock survives it; None when the file was replaced.

        Raises:
            LockHeld: the owner is alive (or unnamed).
        """
        owner = _owner(handle)
        if owner is None or running(owner):
            handle.close()
            raise LockHeld(str(self.path), owner)
        time.sleep(_SETTLE_SECONDS)  # a new owner may hold the flock and not yet have said so
        now = _owner(handle)
        if now != owner:
            handle.close()
            raise LockHeld(str(self.path), now)
        if not _same_file(handle, self.path):
            return None
        handle.close()
        return owner


def running(pid: int) -> bool:
    """True while process `pid` exists and has not ended (a zombie has ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return True
    return not state or state[0] not in ("Z", "X")


def _replace_lock_file(path: Path) -> IO[bytes]:
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    handle: IO[bytes] = open(fresh, "w+b")  # noqa: SIM115 - returned to the lock's owner
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _write(handle, str(os.getpid()).encode())
    os.replace(fresh, path)
    return handle


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _owner(handle: IO[bytes]) -> int | None:
    handle.seek(0)
    text = handle.read(32).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


def _write(handle: IO[bytes], data: bytes) -> None:
    handle.seek(0)
    handle.truncate(0)
    handle.write(data)
    handle.flush()
