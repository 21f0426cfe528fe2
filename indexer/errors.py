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
    """Another process is writing the index."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"another process is writing the index in {path}; try again when it ends")
