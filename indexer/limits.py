"""Bounds on one search: a time budget, and how many words one pattern may stand for."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from whoosh import query as wq

from indexer.errors import BadQuery, SearchTimeout
from indexer.schema import DEFAULT_FIELD

_T = TypeVar("_T")
# Items (documents, words) between two looks at the clock: a few microseconds of work each.
CHECK_EVERY = 256


class Deadline:
    """When a search must end; check() raises SearchTimeout once the budget is spent."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        """Start the budget of `seconds` now."""
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def check(self) -> None:
        """Return if time is left.

        Raises:
            SearchTimeout: the budget is spent.
        """
        if self._clock() > self._end:
            raise SearchTimeout(self.seconds)

    def every(self, items: Iterable[_T], step: int = CHECK_EVERY) -> Iterator[_T]:
        """Yield the items, checking the budget before the first and then every `step`.

        Raises:
            SearchTimeout: the budget is spent.
        """
        for count, item in enumerate(items):
            if not count % step:
                self.check()
            yield item


def check_expansions(parsed: wq.Query, reader: Any, limit: int, deadline: Deadline) -> None:
    """Refuse a query whose wildcard, prefix or range stands for more than `limit` words.

    Whoosh ORs every word a pattern matches: `*a*` is thousands of posting lists, read for
    every document. Counting stops at limit + 1, so a refusal costs little.

    Raises:
        BadQuery: a pattern matches too many words; the message names it ("q").
        SearchTimeout: the budget ran out while counting.
    """
    for leaf in parsed.leaves():
        words = _words_of(leaf, reader)
        if words is None:
            continue
        count = sum(1 for _ in itertools.islice(deadline.every(words), limit + 1))
        if count > limit:
            raise BadQuery(
                "q",
                f"{_shown(leaf)!r} matches more than {limit:,} words;"
                " make it longer or more specific",
            )


def _words_of(leaf: wq.Query, reader: Any) -> Iterator[object] | None:
    if isinstance(leaf, wq.MultiTerm):
        return leaf.expanded_terms(reader)  # type: ignore[no-any-return]
    if isinstance(leaf, wq.Every) and leaf.fieldname is not None:
        # "field:*" reads the postings of every word of the field.
        return reader.lexicon(leaf.fieldname)  # type: ignore[no-any-return]
    return None


def _shown(leaf: wq.Query) -> str:
    """The pattern as the user wrote it (Whoosh keeps no source text for a leaf)."""
    if isinstance(leaf, wq.Every):
        pattern = "*"
    elif isinstance(leaf, wq.Prefix):
        pattern = f"{leaf.text}*"
    elif isinstance(leaf, wq.TermRange):
        pattern = f"[{leaf.start} TO {leaf.end}]"
    else:
        pattern = str(getattr(leaf, "text", leaf))
    field = getattr(leaf, "fieldname", None)
    return pattern if field in (None, DEFAULT_FIELD) else f"{field}:{pattern}"
