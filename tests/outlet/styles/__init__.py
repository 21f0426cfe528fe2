"""Page styles for the sample outlets: each module renders a story dict into the bytes of a page.

A style module exposes `render_article(outlet, story) -> bytes` and
`render_non_article(outlet, page, stories) -> bytes`; the helpers here are shared by them.
"""

from __future__ import annotations

import html
import importlib
from datetime import datetime
from types import ModuleType
from typing import Any

Story = dict[str, Any]


def load(style: str) -> ModuleType:
    """Return the style module named in an outlet's "style" field."""
    return importlib.import_module(f"{__name__}.{style}")


def esc(text: str) -> str:
    """Escape text for HTML content and double-quoted attribute values."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def charset(story: Story) -> str:
    """Return the charset a story's page is served in (utf-8 unless the story says otherwise)."""
    return str(story.get("charset") or "utf-8")


def blocks(story: Story) -> list[tuple[str, bool]]:
    """Return the body as (text, is_subhead) pairs; a "## " paragraph is a subhead."""
    return [(p[3:], True) if p.startswith("## ") else (p, False) for p in story["paragraphs"]]


def dateline_prefix(story: Story) -> str:
    """Return the printed dateline that opens the first paragraph ("" when there is none)."""
    if not story.get("dateline"):
        return ""
    wire = f" ({story['wire']})" if story.get("wire") else ""
    return f"{story['dateline']}{wire} \u2014 "


def when(iso: str) -> datetime:
    """Parse an ISO 8601 time from a story file."""
    return datetime.fromisoformat(iso)


def long_date(iso: str) -> str:
    """Format a date the way a print weekly does: "Thursday, March 7, 2024"."""
    moment = when(iso)
    return f"{moment:%A}, {moment:%B} {moment.day}, {moment.year}"


def short_date(iso: str) -> str:
    """Format a date the way BLOX does: "Aug 1, 2023"."""
    moment = when(iso)
    return f"{moment:%b} {moment.day}, {moment.year}"


def clock(iso: str) -> str:
    """Format a time of day: "9:15 pm"."""
    moment = when(iso)
    return f"{moment.hour % 12 or 12}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def host(outlet: dict[str, Any]) -> str:
    """Return the host name of an outlet's base URL, without "www."."""
    return str(outlet["base_url"]).split("//", 1)[1].rstrip("/").removeprefix("www.")
