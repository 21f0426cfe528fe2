"""Every captured version of an article: what changed from one to the next, and the notices."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import abort

from archive import Document
from indexer import BadQuery

# The fields a reader compares between versions; a change elsewhere only (tags, summary) is "other".
CHANGE_FIELDS = ("title", "published", "updated", "authors", "body")
CHANGE_LABELS = {
    "title": "headline",
    "published": "published date",
    "updated": "updated date",
    "authors": "byline",
    "body": "text",
    "other": "other fields",
}

# Notices a newsroom prints in the story itself when it corrects or updates it.
_NOTICE = re.compile(
    r"^\W*(?P<label>corrections?|clarifications?|editor['\u2019]s note|updated?)\s*:"
    r"|\bthis (?:story|article|report) (?:has been|was) (?P<verb>updated|corrected)\b",
    re.IGNORECASE,
)
_PARAGRAPH = "\n\n"  # a token no word can be: words never hold whitespace


@dataclass(frozen=True)
class Notice:
    """A correction or update notice printed in a story's text."""

    kind: str  # "correction", "editor's note" or "update"
    text: str

    @property
    def label(self) -> str:
        """What the flag beside the notice says."""
        return "Editor's note" if self.kind == "editor's note" else f"{self.kind.title()} notice"


@dataclass(frozen=True)
class Version:
    """One captured version of an article, numbered from 1 (the oldest capture)."""

    number: int
    doc: Document
    changed: tuple[str, ...]  # fields that differ from the version before (none for the first)
    notices: tuple[Notice, ...]  # every notice in this version's text
    new_notices: tuple[Notice, ...]  # the notices the version before did not have


@dataclass(frozen=True)
class DiffParagraph:
    """One paragraph of a word diff: runs of ("same" | "ins" | "del", words)."""

    runs: tuple[tuple[str, str], ...]
    notice: Notice | None


def notice_of(paragraph: str) -> Notice | None:
    """The notice this paragraph is, if it is one ("Correction: ...", "Editor's note: ...")."""
    match = _NOTICE.search(paragraph)
    if match is None:
        return None
    word = (match.group("label") or match.group("verb") or "").lower()
    if word.startswith(("correct", "clarif")):
        kind = "correction"
    elif "note" in word:
        kind = "editor's note"
    else:
        kind = "update"
    return Notice(kind, paragraph.strip())


def notices_in(body: str) -> list[Notice]:
    """Every correction or update notice among a body's paragraphs, in order."""
    return [n for p in body.split(_PARAGRAPH) if (n := notice_of(p)) is not None]


def list_versions(docs: Sequence[Document]) -> list[Version]:
    """Number versions (oldest capture first) and say what changed in each."""
    versions: list[Version] = []
    before: Document | None = None
    for number, doc in enumerate(docs, 1):
        notices = tuple(notices_in(doc.body))
        had = set(notices_in(before.body)) if before else set()
        versions.append(
            Version(
                number=number,
                doc=doc,
                changed=changed_fields(before, doc) if before else (),
                notices=notices,
                new_notices=tuple(n for n in notices if n not in had),
            )
        )
        before = doc
    return versions


def changed_fields(old: Document, new: Document) -> tuple[str, ...]:
    """The compared fields that differ; ("other",) when only another field does."""
    changed = tuple(f for f in CHANGE_FIELDS if getattr(old, f) != getattr(new, f))
    if not changed and old.content_key() != new.content_key():
        return ("other",)
    return changed


def version_json(version: Version) -> dict[str, Any]:
    """One entry of /api/articles/<id>/versions."""
    return {
        "version": version.number,
        "captured": version.doc.captured,
        "title": version.doc.title,
        "changed": list(version.changed),
        "published": version.doc.published,
        "updated": version.doc.updated,
        "notices": [{"kind": n.kind, "text": n.text} for n in version.notices],
    }


def paragraphs(body: str) -> list[tuple[str, Notice | None]]:
    """A body's paragraphs, each with the notice it is (or None), for the article page."""
    return [(p, notice_of(p)) for p in body.split(_PARAGRAPH)]


def word_diff(old: str, new: str) -> list[DiffParagraph]:
    """A word-by-word diff of two texts whose paragraphs are separated by a blank line."""
    before, after = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[DiffParagraph] = []
    runs: list[tuple[str, list[str]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace"):
            _add(out, runs, "same" if tag == "equal" else "del", before[i1:i2])
        if tag in ("insert", "replace"):
            _add(out, runs, "ins", after[j1:j2])
    _close(out, runs)
    return out


def _words(text: str) -> list[str]:
    tokens: list[str] = []
    for paragraph in text.split(_PARAGRAPH):
        if tokens:
            tokens.append(_PARAGRAPH)
        tokens.extend(paragraph.split())
    return tokens


def _add(
    out: list[DiffParagraph], runs: list[tuple[str, list[str]]], kind: str, tokens: list[str]
) -> None:
    for token in tokens:
        if token == _PARAGRAPH:
            _close(out, runs)
        elif runs and runs[-1][0] == kind:
            runs[-1][1].append(token)
        else:
            runs.append((kind, [token]))


def _close(out: list[DiffParagraph], runs: list[tuple[str, list[str]]]) -> None:
    if not runs:
        return
    joined = tuple((kind, " ".join(words)) for kind, words in runs)
    shown = " ".join(text for kind, text in joined if kind != "del")
    out.append(DiffParagraph(joined, notice_of(shown)))
    runs.clear()


def pick_version(versions: Sequence[Version], values: list[str], name: str, default: int) -> int:
    """The version number a parameter asks for (`default` when absent).

    Raises:
        BadQuery: not one whole number.
        NotFound: no version has that number.
    """
    if not values:
        return default
    if len(values) > 1 or not values[0].isdigit():
        raise BadQuery(name, f"must be a version number from 1 to {len(versions)}")
    number = int(values[0])
    if not 1 <= number <= len(versions):
        abort(404, f"no version {number}; this article has {len(versions)}")
    return number
