"""Errors raised by the web package (config and serving); the CLI prints them as one line."""

from __future__ import annotations


class WebError(Exception):
    """Base of every error the web package raises on purpose."""


class UsageError(WebError):
    """A command was given a combination of arguments it cannot take (exit 2)."""


class ServeError(WebError):
    """The web server cannot listen where it was asked to."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        self.host = host
        self.port = port
        self.reason = reason
        super().__init__(
            f"cannot serve on {host}:{port}: {reason}; pick another with --port or [web] port"
        )


class WorkerEnded(WebError):
    """A process of `dateline serve` ended on its own, so the server stopped."""

    def __init__(self, pid: int, how: str) -> None:
        self.pid = pid
        self.how = how
        super().__init__(f"server process {pid} ended ({how}); the server stopped")
