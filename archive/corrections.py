"""Corrections by hand: which fields may be fixed, the FIELD=VALUE syntax, and applying them.

A correction is kept apart from the Document derived from the page (the store has its own table
for them) and applied whenever the Document is read, so re-deriving from the WARC files
(`dateline reparse`) or rebuilding the index never loses it. A list field takes a whole new
list (`cities=A;B`) or single values added and removed (`persons+=A`, `persons-=B`): those keep
their meaning when a reparse changes the rest of the list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from archive.document import Document
from archive.errors import BadCorrection

TEXT, OPTIONAL, TIME, DAY, LIST = "text", "text or none", "time", "day", "list"
# The fields a correction may set, and their kind. Not the URLs and outlet (they identify the
# story), not the body (the text is the record), not the capture time (a fact of the archive).
FIXABLE = {
    "title": TEXT,
    "summary": TEXT,
    "authors": LIST,
    "published": TIME,
    "updated": TIME,
    "day": DAY,
    "dateline": OPTIONAL,
    "section": OPTIONAL,
    "wire": OPTIONAL,
    "cities": LIST,
    "persons": LIST,
    "tags": LIST,
}
SET, ADD, REMOVE = "=", "+=", "-="
LIST_SEPARATOR = ";"  # not a comma: a city is "Hartford, CT"
PROVENANCE = "correction"
_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}")

Value = str | tuple[str, ...] | None


@dataclass(frozen=True)
class Fix:
    """One FIELD=VALUE as asked for, its value not yet checked."""

    field: str
    op: str  # SET, ADD or REMOVE
    text: str

    def __str__(self) -> str:
        return f"{self.field}{self.op}{self.text}"


@dataclass(frozen=True)
class Signed:
    """Why a change was made to the archive's records, by whom and when (ISO 8601, UTC)."""

    reason: str
    user: str
    date: str


@dataclass(frozen=True)
class Correction:
    """A checked correction of one field of one Document, signed."""

    doc_id: str
    field: str
    op: str
    value: Value  # a tuple for a list field set whole; one value added or removed otherwise
    signed: Signed

    def shown(self) -> str:
        """The correction as FIELD=VALUE."""
        return f"{self.field}{self.op}{show_value(self.value)}"


@dataclass(frozen=True)
class Change:
    """What a command did to one field: its value before and after (corrections applied)."""

    field: str
    before: Value
    after: Value


def parse_fix(text: str) -> Fix:
    """Read FIELD=VALUE, FIELD+=VALUE or FIELD-=VALUE (the value is checked later).

    Raises:
        BadCorrection: no `=`, a field that cannot be fixed, or += / -= on a field not a list.
    """
    name, equals, value = text.partition("=")
    if not equals:
        raise BadCorrection(f"{text!r} is not FIELD=VALUE")
    op = SET
    if name.endswith(("+", "-")):
        name, op = name[:-1], name[-1] + "="
    name = name.strip()
    kind = FIXABLE.get(name)
    if kind is None:
        raise BadCorrection(f"{name!r} cannot be fixed; fixable fields: {', '.join(FIXABLE)}")
    if op != SET and kind != LIST:
        raise BadCorrection(f"{name} is not a list: give {name}=VALUE")
    return Fix(name, op, value)


def corrections_for(
    doc: Document,
    existing: Sequence[Correction],
    fixes: Sequence[Fix],
    signed: Signed,
) -> tuple[list[Correction], list[Change]]:
    """Check fixes against the derived `doc` and its corrections; return them and the changes.

    Raises:
        BadCorrection: a value is not one its field takes, or a value to remove is not there.
    """
    made: list[Correction] = []
    for fix in fixes:
        for value in _values(fix):
            correction = Correction(doc.id, fix.field, fix.op, value, signed)
            if fix.op == REMOVE:
                _check_present(apply_corrections(doc, [*existing, *made]), fix.field, str(value))
            made.append(correction)
    return made, changes(doc, existing, [*existing, *made], {c.field for c in made})


def changes(
    doc: Document, old: Sequence[Correction], new: Sequence[Correction], named: Iterable[str] = ()
) -> list[Change]:
    """The fields whose value differs between two sets of corrections, and those `named`."""
    before, after = apply_corrections(doc, old), apply_corrections(doc, new)
    named = set(named)
    return [
        Change(f, field_value(before, f), field_value(after, f))
        for f in FIXABLE
        if f in named or field_value(before, f) != field_value(after, f)
    ]


def supersedes(new: Correction, old: Correction) -> bool:
    """Whether `new` makes `old` pointless: a whole new value, or the same value added/removed."""
    if new.field != old.field:
        return False
    if new.op == SET:
        return True
    return old.op != SET and _key(str(old.value)) == _key(str(new.value))


def apply_corrections(doc: Document, corrections: Iterable[Correction]) -> Document:
    """The Document with these corrections applied in order; each corrected field's provenance
    says "correction". A corrected `published` sets `day` too, unless `day` is corrected.
    """
    values: dict[str, Value] = {}
    for correction in corrections:
        current = values.get(correction.field, field_value(doc, correction.field))
        values[correction.field] = _applied(current, correction)
    if not values:
        return doc
    if "published" in values and "day" not in values:
        published = values["published"]
        values["day"] = str(published)[:10] if published else None
    updates: dict[str, object] = {
        name: list(value) if isinstance(value, tuple) else value for name, value in values.items()
    }
    persons = values.get("persons")
    if isinstance(persons, tuple):
        updates["roles"] = {n: r for n, r in doc.roles.items() if n in persons}
    provenance = {**doc.provenance, **dict.fromkeys(values, PROVENANCE)}
    return replace(doc, **updates, provenance=provenance)  # type: ignore[arg-type]


def field_value(doc: Document, field: str) -> Value:
    """A fixable field of a Document (a list field as a tuple)."""
    value: list[str] | str | None = getattr(doc, field)
    return tuple(value) if isinstance(value, list) else value


def show_value(value: Value) -> str:
    """A field's value for a terminal or a page: lists joined by "; ", "(none)" for nothing."""
    if isinstance(value, tuple):
        return f"{LIST_SEPARATOR} ".join(value) if value else "(none)"
    return "(none)" if value is None else value


def _applied(current: Value, correction: Correction) -> Value:
    if correction.op == SET:
        return correction.value
    values = current if isinstance(current, tuple) else ()
    added = str(correction.value)
    kept = tuple(v for v in values if _key(v) != _key(added))
    if correction.op == ADD:
        return values if len(kept) < len(values) else (*values, added)
    return kept


def _values(fix: Fix) -> list[Value]:
    """The checked value(s) of a fix: one per value added or removed from a list."""
    kind = FIXABLE[fix.field]
    if kind == LIST:
        items = _list_items(fix)
        return [items] if fix.op == SET else list(items)
    text = _clean(fix.field, fix.text)
    if kind == TEXT:
        if fix.field == "title" and not text:
            raise BadCorrection("a title cannot be empty")
        return [text]
    if not text:
        return [None]
    if kind == TIME:
        return [_time(fix.field, text)]
    if kind == DAY:
        return [_day(text)]
    return [text]


def _list_items(fix: Fix) -> tuple[str, ...]:
    items = [_clean(fix.field, part) for part in fix.text.split(LIST_SEPARATOR)]
    unique = {_key(item): item for item in reversed(items) if item}
    found = tuple(reversed(unique.values()))
    if not found and fix.op != SET:
        raise BadCorrection(f"{fix.field}{fix.op} needs a value (several: A{LIST_SEPARATOR}B)")
    return found


def _clean(field: str, text: str) -> str:
    if any(unicodedata.category(c) == "Cc" for c in text.replace("\t", " ")):
        raise BadCorrection(f"the value of {field} holds a control character")
    return " ".join(text.split())


def _time(field: str, text: str) -> str:
    example = "2023-08-01 or 2023-08-01T09:30:00-04:00"
    if not _DATE_START.match(text):
        raise BadCorrection(f"{field} must be a date or a time with its UTC offset ({example})")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadCorrection(f"{field}: {text!r} is not a date or time ({example})") from exc
    if len(text) > 10 and moment.tzinfo is None:
        raise BadCorrection(f"{field}: give the time's UTC offset ({example})")
    return text


def _day(text: str) -> str:
    try:
        if len(text) != 10:
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError as exc:
        raise BadCorrection(f"day must be YYYY-MM-DD, not {text!r}") from exc
    return text


def _check_present(doc: Document, field: str, value: str) -> None:
    values = field_value(doc, field)
    if not isinstance(values, tuple) or _key(value) not in {_key(v) for v in values}:
        raise BadCorrection(
            f"{value!r} is not among the {field} of this article ({show_value(values)})"
        )


def _key(value: str) -> str:
    return " ".join(value.casefold().split())
