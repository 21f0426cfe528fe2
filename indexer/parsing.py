"""Query text -> Whoosh query, strictly: Whoosh's parser forgives what a user should hear about."""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import AndGroup, FieldAliasPlugin, GtLtPlugin, QueryParser

from indexer.errors import BadQuery
from indexer.schema import DEFAULT_FIELD, FIELD_ALIASES, QUERY_FIELDS

_FIELD_NAME = re.compile(r"(?<![\w\\])([A-Za-z_]\w*):(?!//)")  # "http://..." is no field
_PHRASE = re.compile(r'"[^"]*"')
_KNOWN = frozenset(QUERY_FIELDS) | {a for aliases in FIELD_ALIASES.values() for a in aliases}


class TextParser:
    """Parses query text with AND between words; words without a field search title and body."""

    def __init__(self, schema: Schema) -> None:
        """Build the parser for this schema (field aliases included)."""
        self._parser = QueryParser(DEFAULT_FIELD, schema, group=AndGroup)
        self._parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self._parser.add_plugin(GtLtPlugin())  # published:>2020

    def parse(self, text: str) -> wq.Query | None:
        """Return the query for this text, or None for empty text (every article).

        Raises:
            BadQuery: the text cannot be parsed or names an unknown field.
        """
        if not text.strip():
            return None
        check_syntax(text)
        try:
            parsed = self._parser.parse(text)
        except Exception as exc:  # Whoosh raises bare Exception for, e.g., a bad date.
            raise BadQuery("q", f"cannot understand the query: {exc}") from exc
        return parsed


def check_syntax(text: str) -> None:
    """Reject what Whoosh would silently reinterpret: stray quotes, brackets, unknown fields.

    Raises:
        BadQuery: the text has an unclosed quote or bracket, or an unknown field name.
    """
    if text.count('"') % 2:
        raise BadQuery("q", 'a quotation mark (") is not closed')
    outside = _PHRASE.sub(" ", text)
    _check_pairs(outside, "(", ")")
    _check_pairs(outside, "[{", "]}")  # a range may end with either: [a TO b}
    for match in _FIELD_NAME.finditer(outside):
        name = match.group(1)
        if name not in _KNOWN:
            known = ", ".join(QUERY_FIELDS)
            raise BadQuery("q", f"unknown field {name!r}; fields are {known}")


def _check_pairs(text: str, opening: str, closing: str) -> None:
    depth = 0
    for char in text:
        if char in opening:
            depth += 1
        elif char in closing:
            depth -= 1
            if depth < 0:
                raise BadQuery("q", f"{char!r} has no matching opening bracket")
    if depth:
        raise BadQuery("q", f"a bracket {opening[0]!r} is not closed")
