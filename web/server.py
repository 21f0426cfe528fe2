"""`dateline serve`: waitress, in one process or in several that accept from one socket.

A search is mostly Python, so one process uses one core however many threads it runs.
`[web] workers` processes, each with `[web] threads` threads and its own store connections
and index, share the listening socket, and the kernel hands each connection to one of them.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from types import FrameType

from web.config import AppConfig
from web.errors import ServeError, WorkerEnded

Say = Callable[[str], None]


class _Stop(Exception):
    """SIGTERM reached the parent: stop every worker."""


def listen(host: str, port: int) -> socket.socket:
    """Bind and listen on host:port.

    Raises:
        ServeError: the address cannot be resolved or bound (in use, not ours).
    """
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        return socket.create_server(address, family=family, backlog=1024)
    except OSError as exc:
        raise ServeError(host, port, _reason(exc)) from exc


def _reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror) or not exc.errno:
        return exc.strerror or str(exc)
    return os.strerror(exc.errno)  # create_server appends the address, which we name already


def exposure_warning(sock: socket.socket) -> str | None:
    """Return a warning when the socket accepts connections from other machines."""
    host, port = sock.getsockname()[:2]
    if ipaddress.ip_address(host.split("%")[0]).is_loopback:
        return None
    return (
        f"warning: listening on {host}:{port}, so other machines can read the archive;"
        " use --host 127.0.0.1 to keep it to this one"
    )


def serve(config: AppConfig, sock: socket.socket, say: Say) -> None:
    """Serve the app on a listening socket until Ctrl+C or SIGTERM.

    Raises:
        WorkerEnded: a worker process ended on its own.
    """
    workers = config.web.workers if hasattr(os, "fork") else 1
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        if workers == 1:
            _serve_here(config, sock)
        else:
            _serve_forked(config, sock, workers)
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    say("stopped")


def _serve_here(config: AppConfig, sock: socket.socket) -> None:
    # Flask and waitress load only for the command that serves.
    import waitress

    from web.app import create_app

    server = waitress.create_server(
        create_app(config), sockets=[sock], threads=config.web.threads, ident="dateline"
    )
    try:
        server.run()
    finally:
        server.close()


def _serve_forked(config: AppConfig, sock: socket.socket, workers: int) -> None:
    from web.app import create_app

    create_app(config)  # a bad store fails here, once, before any worker starts
    lifeline, keep = os.pipe()  # workers exit when the parent's end closes, even on kill -9
    children = [_fork_worker(config, sock, lifeline, keep) for _ in range(workers)]
    os.close(lifeline)
    try:
        pid, status = os.wait()
        children.remove(pid)
        raise WorkerEnded(pid, _ending(status))
    finally:
        _stop(children)
        os.close(keep)


def _fork_worker(config: AppConfig, sock: socket.socket, lifeline: int, keep: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.close(keep)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent stops the workers
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        threading.Thread(target=_exit_with_parent, args=(lifeline,), daemon=True).start()
        _serve_here(config, sock)
        code = 0
    except KeyboardInterrupt:
        code = 0
    except BaseException as exc:  # a worker must never return into the parent's code
        print(f"dateline: server process {os.getpid()}: {exc}", file=sys.stderr)
    finally:
        os._exit(code)


def _exit_with_parent(lifeline: int) -> None:
    os.read(lifeline, 1)  # returns (empty) once no process holds the other end
    os._exit(0)


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _stop(children: list[int]) -> None:
    for pid in children:
        os.kill(pid, signal.SIGTERM)
    for pid in children:
        os.waitpid(pid, 0)


def _ending(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
