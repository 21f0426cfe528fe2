"""A total deadline per request, and a way to cut every request under way at once.

requests' timeout bounds each socket read, not the request: a server that sends a byte a
second is never cut off. A timer shuts the request's socket at its deadline instead, whatever
the request is doing (connecting, reading headers or the body); `abort` shuts them all.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

STOPPED = "crawl stopped"
TIMEOUT = "timeout"
# Which Call a thread's request belongs to: the connection classes find it here.
_current = threading.local()


class Call:
    """One request under way: its connection, and why it was cut off, if it was."""

    def __init__(self) -> None:
        self.cut_reason: str | None = None
        self._conn: HTTPConnection | None = None
        self._lock = threading.Lock()

    def attach(self, conn: HTTPConnection) -> None:
        """Note the connection this request uses (cut at once if the call already was)."""
        with self._lock:
            self._conn = conn
            if self.cut_reason is not None:
                _shut(conn)

    def cut(self, reason: str) -> None:
        """Shut the request's socket: the thread reading it gets an error or an early end."""
        with self._lock:
            if self.cut_reason is not None:
                return
            self.cut_reason = reason
            if self._conn is not None:
                _shut(self._conn)


class Deadlines:
    """Gives each request a deadline; cuts every request under way when the crawl stops."""

    def __init__(self) -> None:
        self._calls: set[Call] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def mount(self, session: requests.Session) -> None:
        """Make the session's connections known to the calls that use them."""
        adapter = _WatchedAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)

    @contextmanager
    def within(self, seconds: float) -> Iterator[Call]:
        """Run one request in this block: after `seconds` its socket is shut."""
        call = Call()
        with self._lock:
            if self._stopped:
                call.cut_reason = STOPPED
            self._calls.add(call)
        timer = threading.Timer(seconds, call.cut, args=(TIMEOUT,))
        timer.daemon = True
        timer.start()
        _current.call = call
        try:
            yield call
        finally:
            _current.call = None
            timer.cancel()
            with self._lock:
                self._calls.discard(call)

    def abort(self) -> None:
        """Cut every request under way and every later one (the crawl is stopping)."""
        with self._lock:
            self._stopped = True
            calls = list(self._calls)
        for call in calls:
            call.cut(STOPPED)


def _shut(conn: HTTPConnection) -> None:
    sock = conn.sock
    if sock is None:
        return  # still connecting: the connect timeout bounds that, and attach() cuts after
    try:
        # A duplicate of the descriptor: shutting it ends the connection (TLS too) without
        # touching the socket object the reading thread is using.
        with socket.fromfd(sock.fileno(), sock.family, sock.type) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        return  # already closed: nothing left to cut


def _attach(conn: HTTPConnection) -> None:
    call = getattr(_current, "call", None)
    if call is not None:
        call.attach(conn)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _attach(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    """HTTPS with the same watch: the MRO puts HTTPSConnection's connect() under ours."""


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools keep their own classes
            manager.pool_classes_by_scheme = _POOLS
        return manager
