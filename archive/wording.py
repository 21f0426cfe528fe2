"""How counts read in the lines the commands print: "1 document", "2 documents"."""

from __future__ import annotations

from collections import Counter

# The skip reasons that name a thing ("damaged record", "duplicate payload", "empty page") take
# a plural; the others describe one ("not an article", "HTTP status 404") and read as they are.
_COUNTABLE = frozenset(("record", "payload", "page"))


def plural(count: int, noun: str) -> str:
    """Return the count and its noun, plural unless the count is one: '2 documents'.

    A note in brackets stays after the noun: '2 revisit records (no payload)'.
    """
    head, bracket, note = noun.partition(" (")
    return f"{count} {head if count == 1 else head + 's'}{bracket}{note}"


def count_reasons(skipped: Counter[str], most: int = 5) -> str:
    """Return the most common skip reasons with their counts: '2 damaged records; 1 empty page'."""
    return "; ".join(_count_reason(n, reason) for reason, n in skipped.most_common(most))


def _count_reason(count: int, reason: str) -> str:
    noun = reason.partition(" (")[0].rsplit(" ", 1)[-1]
    return plural(count, reason) if noun in _COUNTABLE else f"{count} {reason}"
