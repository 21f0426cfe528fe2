"""Times as the frontier keeps them: the fetch order's rank, UTC stamps, and ages."""

from __future__ import annotations

from datetime import UTC, datetime

_NEVER = 10**10  # seconds: after any publication date a rank needs to tell apart


def rank(priority: int, published: str | None) -> int:
    """Order of fetching: by priority, then newest first, undated last."""
    return priority * 2 * _NEVER + _NEVER - _epoch_seconds(published)


def utc_stamp(value: str | None) -> str | None:
    """An ISO date or time as UTC seconds, comparable as text with runs.started."""
    try:
        when = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _epoch_seconds(published: str | None) -> int:
    try:
        when = datetime.fromisoformat((published or "").strip())
    except ValueError:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(int(when.timestamp()), 0), _NEVER - 1)


def age_hours(stamp: str) -> float:
    """Hours since an ISO stamp; infinite when it is not one."""
    try:
        started = datetime.fromisoformat(stamp)
    except ValueError:
        return float("inf")
    return (datetime.now(UTC) - started).total_seconds() / 3600


def now() -> str:
    """The time now, in UTC to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
