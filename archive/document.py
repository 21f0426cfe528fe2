"""The Document: the one contract between archive, indexer and web."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from archive.errors import BadDocument

_LIST_FIELDS = ("authors", "tags", "cities", "persons")
_DICT_FIELDS = ("roles", "provenance")
_OPTIONAL_TEXT = (
    "published",
    "updated",
    "day",
    "dateline",
    "language",
    "section",
    "wire",
    "captured",
)


def document_id(canonical_url: str) -> str:
    """Return the stable id of the document at this canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One archived article (or non-article page), normalized from its HTML.

    `published`/`updated` are ISO 8601 with the page's UTC offset; `day` is the
    outlet's local calendar day of publication (YYYY-MM-DD), which the date facet uses.
    """

    url: str
    canonical_url: str
    outlet: str
    title: str
    body: str
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    day: str | None = None
    dateline: str | None = None
    summary: str = ""
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    wire: str | None = None
    is_article: bool = True
    captured: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The stable id, derived from the canonical URL (never stored apart from it)."""
        return document_id(self.canonical_url or self.url)

    def to_dict(self) -> dict[str, Any]:
        """Return the public JSON shape of this document (with its id first)."""
        return {"id": self.id, **asdict(self)}

    def to_json(self) -> str:
        """Return this document as one line of JSON."""
        return json.dumps({"id": self.id, **self._values()}, ensure_ascii=False, sort_keys=True)

    def _values(self) -> dict[str, Any]:
        # asdict() deep-copies every list and dict: half the cost of storing a document, for
        # JSON that only reads them.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def content_key(self) -> str:
        """Return a hash of what the page says, ignoring when it was captured."""
        data = self._values()
        data.pop("captured", None)
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha1(raw).hexdigest()

    @classmethod
    def from_dict(cls, data: object) -> Document:
        """Build a Document from its JSON shape; `id`, `canonical_url`, `captured` may be absent.

        `corrections` (as /api/articles/<id> answers) is ignored.

        Raises:
            BadDocument: a required field is missing or a field has the wrong type.
        """
        values = _own_fields(data, {f.name for f in fields(cls)})
        for name in ("url", "title"):
            if not isinstance(values.get(name), str) or not values[name].strip():
                raise BadDocument(f"field {name!r} must be a non-empty string")
        values.setdefault("canonical_url", values["url"])
        values.setdefault("outlet", "")
        values.setdefault("body", "")
        _check_types(values)
        for name in ("published", "updated", "captured"):
            _check_timestamp(name, values.get(name))
        if values.get("published") and not values.get("day"):
            values["day"] = str(values["published"])[:10]
        return cls(**values)


def _own_fields(data: object, names: set[str]) -> dict[str, Any]:
    """The fields of a document's JSON object that are ours to keep.

    Raises:
        BadDocument: not an object, or it has a field no Document has.
    """
    if not isinstance(data, dict):
        raise BadDocument("a document must be a JSON object")
    unknown = sorted(set(data) - names - {"id", "corrections"})
    if unknown:
        raise BadDocument(f"unknown field {unknown[0]!r}")
    values = dict(data)
    # The id is derived from the canonical URL; another archive's id is not ours.
    values.pop("id", None)
    # /api/articles/<id> lists the corrections it applied: they are in the fields already.
    values.pop("corrections", None)
    return values


def _check_types(values: dict[str, Any]) -> None:
    """Raise BadDocument for the first field whose value has the wrong type."""
    for name in ("canonical_url", "outlet", "body", "summary"):
        if name in values and not isinstance(values[name], str):
            raise BadDocument(f"field {name!r} must be a string")
    for name in _OPTIONAL_TEXT:
        if values.get(name) is not None and not isinstance(values[name], str):
            raise BadDocument(f"field {name!r} must be a string or null")
    for name in _LIST_FIELDS:
        value = values.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadDocument(f"field {name!r} must be a list of strings")
    for name in _DICT_FIELDS:
        value = values.get(name, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise BadDocument(f"field {name!r} must be an object of strings")
    if not isinstance(values.get("is_article", True), bool):
        raise BadDocument("field 'is_article' must be true or false")


def _check_timestamp(name: str, value: object) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise BadDocument(f"field {name!r} is not an ISO 8601 time: {value!r}") from exc
