"""Errors raised by the archive package; each carries the data a caller needs."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the archive package raises on purpose."""


class BadDocument(ArchiveError):
    """A document (from JSON Lines or the store) does not have the Document shape."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class NotAnArticle(ArchiveError):
    """A page is not an article (an index page, not HTML, empty...)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not an article: {reason}")


class FetchError(ArchiveError):
    """A URL could not be fetched."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class WarcError(ArchiveError):
    """A WARC file could not be read or written."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(ArchiveError):
    """The document store could not be opened or is damaged."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class CrawlRunning(ArchiveError):
    """Another crawl holds this archive's frontier; `pid` is its process id, if it said."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = f" (pid {pid})" if pid is not None else ""
        super().__init__(f"another crawl is running on this archive{who}; wait for it to end")


class SparkError(ArchiveError):
    """A Spark job could not start or did not finish (pyspark or Java missing, a failed job)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class LockHeld(ArchiveError):
    """A live process holds a lock; `pid` is its owner's, when the lock file names one."""

    def __init__(self, path: str, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        who = f"pid {pid}" if pid is not None else "another process"
        super().__init__(f"{path} is held by {who}")


class BadCorrection(ArchiveError):
    """A correction, takedown or undo cannot be made as asked; nothing was changed.

    `path` and `line` say where it was asked for, when it came from a file.
    """

    def __init__(self, message: str, line: int | None = None, path: str | None = None) -> None:
        self.message = message
        self.line = line
        self.path = path
        where = f"{path}: " if path is not None else ""
        where += f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class AlreadyCorrected(BadCorrection):
    """Every correction asked for is already stored, as asked: there is nothing to do."""


class UnknownArticle(ArchiveError):
    """No stored Document has this URL, canonical URL or id."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"no article {ref!r} in the archive; give its URL, canonical URL or id "
            '(as "dateline search --json" prints them)'
        )
