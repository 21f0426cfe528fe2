"""The parser on the bundled sample archive (tests/outlet/pages): every page's key fields."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from archive import NotAnArticle
from archive.parse.page import parse_page
from tests.fixtures import PAGES as SAMPLE

PAGES = sorted(SAMPLE.glob("*/*.json")) if SAMPLE.is_dir() else []
ZONE = "America/New_York"


def token_f1(truth: str, got: str) -> float:
    """Return the multiset token-overlap F1 of two texts (1.0 when both are empty)."""
    expected = Counter(re.findall(r"\w+", truth.lower()))
    found = Counter(re.findall(r"\w+", got.lower()))
    if not expected and not found:
        return 1.0
    common = sum((expected & found).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found.values()), common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def _check(path: Path) -> list[str]:
    page: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    truth = page.get("truth") or {}
    headers = [("Content-Type", page["content_type"])] if page.get("content_type") else []
    try:
        doc = parse_page(
            path.with_suffix(".html").read_bytes(), page["url"], headers=headers, timezone=ZONE
        )
    except NotAnArticle as exc:
        return [] if not page["is_article"] else [f"refused: {exc.reason}"]
    problems = [] if doc.is_article == page["is_article"] else [f"is_article {doc.is_article}"]
    if not page["is_article"]:
        return problems
    for key in ("title", "authors", "day"):
        if key in truth and getattr(doc, key) != truth[key]:
            problems.append(f"{key}: {getattr(doc, key)!r} != {truth[key]!r}")
    if not _same_moment(doc.published, truth.get("published")):
        problems.append(f"published: {doc.published!r} != {truth.get('published')!r}")
    f1 = token_f1(truth.get("body", ""), doc.body)
    if f1 < 0.95:
        problems.append(f"body F1 {f1:.3f}")
    return problems


def _same_moment(got: str | None, expected: str | None) -> bool:
    # the parser keeps the page's own offset (a UTC "Z" stays UTC); the truth may write the
    # same moment in the outlet's offset
    if got is None or expected is None:
        return got == expected
    return datetime.fromisoformat(got) == datetime.fromisoformat(expected)


@pytest.mark.skipif(not PAGES, reason="no sample archive in tests/outlet/pages")
@pytest.mark.parametrize("path", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_sample_page_parses_to_its_truth(path: Path) -> None:
    assert _check(path) == []
