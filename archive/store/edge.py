"""The store's edge: no sqlite3.Error leaves a public method of the Store.

A locked, full or damaged file becomes one StoreError line at the CLI, saying what to do.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from archive.errors import StoreError


def store_failure(exc: sqlite3.Error) -> str:
    """What a failed SQLite call means for the person at the terminal, and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the document store is locked by another process (a crawl or import?); try again"
    if "full" in text:
        return f"the disk holding the document store is full ({text}); free some space"
    if isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    ):
        return f"the document store is damaged ({text}); restore it from a backup"
    return f"the document store failed ({text})"


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """The method with sqlite3.Error turned into StoreError (its generator's, too)."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generate(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise StoreError(str(self.path), store_failure(exc)) from exc

        return generate

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(str(self.path), store_failure(exc)) from exc

    return call


def translate_sqlite_errors(store: type) -> None:
    """Wrap every public method of `store` and of the store classes it is built on.

    Done class by class rather than method by method, so that a method added later is covered.
    """
    for cls in store.__mro__:
        if not cls.__module__.startswith("archive.store"):
            continue
        for name, method in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(method):
                setattr(cls, name, _translated(method))
