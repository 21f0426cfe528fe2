"""URL and display helpers for the templates: every page state lives in the URL."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, request

from indexer import FacetValue

_FILTERS = ("city", "person", "outlet")


@dataclass(frozen=True)
class Bar:
    """One bar of the date histogram (server-rendered SVG)."""

    label: str
    count: int
    x: float
    width: float
    height: float
    url: str


def current_args() -> dict[str, list[str]]:
    """The request's parameters as lists (a copy)."""
    return {k: list(v) for k, v in request.args.to_dict(flat=False).items()}


def search_url(args: dict[str, list[str]]) -> str:
    """The search page's URL for these parameters."""
    pairs = [(k, v) for k, values in args.items() for v in values if v != ""]
    return "/?" + urlencode(pairs) if pairs else "/"


def toggle_url(name: str, value: str, to_search: bool = False) -> str:
    """The URL with a facet value added, or removed if it is active; back to page 1."""
    args = current_args()
    args.pop("page", None)
    if to_search:  # from a facet listing: drop the listing's own parameters
        args.pop("offset", None)
        args.pop("limit", None)
    if name == "date":
        return _date_toggle(args, value)
    values = args.setdefault(name, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return search_url(args)


def is_active(name: str, value: str) -> bool:
    """Whether this facet value is a filter of the current search."""
    if name == "date":
        start, end = _date_span(value)
        return request.args.get("from") == start and request.args.get("to") == end
    return value in request.args.getlist(name)


def active_filters() -> list[tuple[str, str, str]]:
    """(kind, label, URL without it) for each active filter, for removable chips."""
    chips = []
    for name in _FILTERS:
        for value in request.args.getlist(name):
            chips.append((name, value, toggle_url(name, value)))
    for name in ("from", "to"):
        if request.args.get(name):
            args = current_args()
            args.pop(name)
            args.pop("page", None)
            chips.append((name, request.args[name], search_url(args)))
    return chips


def page_url(page: int) -> str:
    """The URL of another page of the same search."""
    args = current_args()
    args["page"] = [str(page)]
    return search_url(args)


def twin_url(path: str) -> str:
    """The same search at another endpoint (/api/search, /api/search.csv, /feed)."""
    args = current_args()
    if path != "/api/search":  # exports cover every page
        args.pop("page", None)
        args.pop("per_page", None)
    return search_url(args).replace("/", path, 1)


def more_url(field: str) -> str:
    """The listing of every value of one facet for the current search."""
    args = current_args()
    args.pop("page", None)
    return search_url(args).replace("/", f"/facets/{field}", 1)


def back_url() -> str:
    """From a facet listing back to the search it came from."""
    args = current_args()
    args.pop("offset", None)
    args.pop("limit", None)
    return search_url(args)


def offset_url(offset: int) -> str:
    """Another page of a facet listing."""
    args = current_args()
    args["offset"] = [str(offset)]
    return request.path + search_url(args)[1:]


def filter_url(name: str, value: str) -> str:
    """A fresh search filtered by one value (for chips on hits and articles)."""
    return search_url({name: [value]})


def histogram(values: list[FacetValue], width: float = 300, height: float = 80) -> list[Bar]:
    """Bars for the date facet in time order, heights scaled to the largest count."""
    ordered = sorted(values, key=lambda v: v.value)
    if not ordered:
        return []
    top = max(v.count for v in ordered) or 1
    step = width / len(ordered)
    return [
        Bar(
            label=v.label or v.value,
            count=v.count,
            x=round(i * step + 1, 1),
            width=round(max(step - 2, 1), 1),
            height=round(max(height * v.count / top, 2), 1),
            url=toggle_url("date", v.value),
        )
        for i, v in enumerate(ordered)
    ]


def show_day(value: str | None) -> str:
    """'2023-08-01' -> 'Aug 1, 2023' ('' for none)."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{calendar.month_abbr[day.month]} {day.day}, {day.year}"


def show_time(value: str | None) -> str:
    """'2023-08-03T01:15:00+00:00' -> 'Aug 3, 2023, 01:15 UTC' (the stamp as given if odd)."""
    if not value:
        return ""
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return value
    # Capture times are UTC; a naive one (from another tool) is taken as UTC too.
    stamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return f"{show_day(stamp.date().isoformat())}, {stamp:%H:%M} UTC"


def show_field(value: str | list[str] | None) -> str:
    """A field's value as a reader sees it: a list joined by "; ", "none" for nothing."""
    if isinstance(value, list):
        return "; ".join(value) if value else "none"
    return "none" if value is None else value


def safe_link(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (javascript:, data:) never becomes a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def register_template_helpers(app: Flask) -> None:
    """Make the helpers available in every template."""
    helpers: dict[str, Any] = {
        "toggle_url": toggle_url,
        "is_active": is_active,
        "active_filters": active_filters,
        "page_url": page_url,
        "filter_url": filter_url,
        "more_url": more_url,
        "twin_url": twin_url,
        "back_url": back_url,
        "offset_url": offset_url,
        "histogram": histogram,
        "show_day": show_day,
        "show_time": show_time,
        "show_field": show_field,
        "safe_link": safe_link,
    }
    app.jinja_env.globals.update(helpers)


def _date_span(value: str) -> tuple[str, str]:
    year = int(value[:4])
    if len(value) >= 7:
        month = int(value[5:7])
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _date_toggle(args: dict[str, list[str]], value: str) -> str:
    start, end = _date_span(value)
    if args.get("from") == [start] and args.get("to") == [end]:
        args.pop("from")
        args.pop("to")
        if len(value) >= 7:
            args["from"], args["to"] = [f"{value[:4]}-01-01"], [f"{value[:4]}-12-31"]
    else:
        args["from"], args["to"] = [start], [end]
    return search_url(args)
