"""Errors raised by the indexer package."""

from __future__ import annotations


class IndexerError(Exception):
    """Base of every error the indexer raises on purpose."""


class BadQuery(IndexerError):
    """A search parameter (or the query text) cannot be understood."""

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        self.message = message
        super().__init__(f"{param}: {message}")


class IndexMissing(IndexerError):
    """There is no index yet where one was expected."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f'no index in {path}; run "dateline reindex" first')


class IndexBusy(IndexerError):
    """Another process is writing the index; `pid` is that process's, when it said."""

    def __init__(self, path: str, pid: int | None = None) -> None:
        self.path = path
        self.pid = pid
        who = f" (pid {pid})" if pid is not None else ""
        super().__init__(
            f"another process is writing the index in {path}{who}; try again when it ends"
        )


class IndexIncomplete(IndexerError):
    """A rebuild wrote fewer documents than it was given; the live index was left as it was."""

    def __init__(self, path: str, written: int, expected: int) -> None:
        self.path = path
        self.written = written
        self.expected = expected
        super().__init__(
            f"the rebuild in {path} wrote {written} of {expected} documents and was discarded;"
            " the live index is unchanged"
        )


class SearchTimeout(IndexerError):
    """A search ran past its time budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"the search took longer than {seconds:g} s and was stopped;"
            " try fewer wildcards or more specific words"
        )
