"""`dateline serve` under hostile load: a pathological search holds up no other search, the
worker processes end with the server, and listening beyond this machine is said out loud."""

from __future__ import annotations

import contextlib
import json
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from archive import Document, Store
from indexer import rebuild_index
from tests.fixtures import article, free_port, wait_for, write_config
from web.config import load_config

# Each pattern ORs thousands of the archive's 6,000 words: seconds of Whoosh matching, all before
# the first hit; only "harbor" is highlighted, so nothing of it is left once the matching ends.
PATHOLOGICAL = "harbor NOT (*a* *e* *i* *o* *u*)"
PLAIN = "harbor"
# Safety nets against a hung suite, not speed targets.
_HANG_SECONDS = 60


def _wide_articles(count: int) -> Iterator[Document]:
    """Articles over about 6,000 made-up words; every tenth has PLAIN in its title."""
    rng = random.Random(16)
    syllables = [
        "ba",
        "ce",
        "di",
        "fo",
        "gu",
        "ka",
        "le",
        "mi",
        "no",
        "pu",
        "ra",
        "se",
        "ti",
        "vo",
        "zu",
    ]
    words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(12_000)]
    for n in range(count):
        title = " ".join(rng.choices(words, k=4) + ([PLAIN] if n % 10 == 0 else []))
        yield article(1000 + n, title, " ".join(rng.choices(words, k=300)))


def _archive(folder: Path, extra: str) -> Path:
    config_path = write_config(folder, extra)
    config = load_config(config_path)
    with Store(config.archive.store_path) as store:
        store.put_many(_wide_articles(150))
        rebuild_index(config.index, store)
    return config_path


@pytest.fixture(scope="module")
def wide_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One server process with four threads, and no budget or limit that would cut PATHOLOGICAL
    short: what is tested is that the threads do not wait for each other."""
    extra = "search_seconds = 600\nmax_expansions = 1000000\n[web]\nworkers = 1\nthreads = 4\n"
    return _archive(tmp_path_factory.mktemp("wide"), extra)


class _Serving:
    """`dateline serve` as a subprocess; stop() ends it and returns its exit code and stderr."""

    def __init__(self, config: Path, *argv: str) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "web.cli", "--config", str(config), "serve"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port), *argv], stderr=subprocess.PIPE, text=True
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(f"{self.base}/api/stats")

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        _, stderr = self.process.communicate(timeout=_HANG_SECONDS)
        return self.process.returncode, stderr


@contextlib.contextmanager
def _serving(config: Path, *argv: str) -> Iterator[_Serving]:
    server = _Serving(config, *argv)
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


def _search(base: str, text: str) -> tuple[int, Any]:
    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": text})
    try:
        with urllib.request.urlopen(url, timeout=_HANG_SECONDS) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()]


def _ended(pid: int) -> bool:
    """Whether a process ends (a zombie has: only its parent has not looked yet)."""
    deadline = time.monotonic() + _HANG_SECONDS
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_a_pathological_search_does_not_hold_up_a_plain_one(wide_archive: Path) -> None:
    with ThreadPoolExecutor(1) as pool, _serving(wide_archive) as server:
        slow = pool.submit(_search, server.base, PATHOLOGICAL)
        time.sleep(1)  # lets the slow search start; what is asserted holds however long it takes
        status, plain = _search(server.base, PLAIN)
        assert (status, plain["total"]) == (200, 15)
        assert not slow.done()
        code, stderr = server.stop()
    assert code == 0
    assert "warning" not in stderr


def test_serving_on_every_interface_warns_that_other_machines_can_read_the_archive(
    wide_archive: Path,
) -> None:
    with _serving(wide_archive, "--host", "0.0.0.0") as server:
        code, stderr = server.stop()
    assert code == 0
    assert stderr.splitlines()[0] == (
        f"dateline: warning: listening on 0.0.0.0:{server.port}, so other machines can read"
        " the archive; use --host 127.0.0.1 to keep it to this one"
    )


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_the_worker_processes_end_with_the_server(wide_archive: Path, signum: int) -> None:
    two = wide_archive.with_name("two.toml")
    two.write_text(wide_archive.read_text().replace("workers = 1", "workers = 2"))
    with _serving(two) as server:
        workers = _children(server.process.pid)
        assert len(workers) == 2
        assert _search(server.base, PLAIN)[0] == 200
        server.stop(signum)
        assert all(_ended(pid) for pid in workers)
