"""Snippets: HTML-escaped fragments of an article's body with <mark> around matched words."""

from __future__ import annotations

import html

from whoosh.analysis import Token
from whoosh.highlight import ContextFragmenter, Formatter, Fragment, get_text, highlight

from indexer.schema import text_analyzer

SNIPPET_CHARS = 240
_FRAGMENTS = 2


class _MarkFormatter(Formatter):  # type: ignore[misc]
    # Text between and inside marks is escaped before the marks are added.
    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{html.escape(get_text(text, token, replace), quote=False)}</mark>"

    def format_fragment(self, fragment: Fragment, replace: bool = False) -> str:
        return str(super().format_fragment(fragment, replace=replace))


class Snippets:
    """Makes the snippets of one search's hits, given the analyzed terms the query matched."""

    def __init__(self, terms: frozenset[str]) -> None:
        """Highlight these analyzed (stemmed, folded) terms."""
        self._terms = terms
        self._analyzer = text_analyzer()
        self._fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        self._formatter = _MarkFormatter()

    def make(self, body: str) -> str:
        """Return the snippet of one body: matched fragments, else the body's start (escaped)."""
        if self._terms:
            marked = highlight(
                body,
                self._terms,
                self._analyzer,
                self._fragmenter,
                self._formatter,
                top=_FRAGMENTS,
            )
            if marked:
                return str(marked)
        return html.escape(_start(body), quote=False)


def _start(body: str) -> str:
    text = " ".join(body.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
