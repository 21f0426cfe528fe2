"""The store shared by a server's threads: each thread reads on its own connection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from archive import Document, Store
from tests.fixtures import ARTICLES

# A safety net against hanging the suite, not a speed target.
_HANG_SECONDS = 30


def test_a_thread_reads_while_another_thread_is_inside_a_write(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.put(ARTICLES[0])
        writing, release = threading.Event(), threading.Event()

        def slow_documents() -> Iterator[Document]:
            yield ARTICLES[1]
            writing.set()
            release.wait(_HANG_SECONDS)  # the write transaction stays open until released

        with ThreadPoolExecutor(2) as pool:
            write = pool.submit(store.put_many, slow_documents())
            assert writing.wait(_HANG_SECONDS)
            read = pool.submit(store.get, ARTICLES[0].id)
            assert read.result(_HANG_SECONDS) == ARTICLES[0]
            assert not write.done()
            release.set()
            assert write.result(_HANG_SECONDS)["new"] == 1
        assert store.count() == 2
