"""Did-you-mean: the query text with unknown words corrected by words the search may show."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh import query as wq
from whoosh.spelling import Corrector

from indexer.arrays import Mask
from indexer.errors import SearchTimeout
from indexer.generation import Run
from indexer.limits import Deadline
from indexer.matching import allowed_mask
from indexer.query import SearchQuery
from indexer.schema import SPELLING_FIELD, TEXT_FIELDS


def suggest(run: Run, parsed: wq.Query | None, query: SearchQuery) -> str | None:
    """Return the query text with unknown words corrected by words this search may show.

    The lexicon keeps the words of deleted documents (a corrected title, a withdrawn story)
    until a merge, and a story withdrawn while the index was busy is still in it: a word is
    suggested only when a story the query's filters and the takedowns allow has it.
    """
    if parsed is None:
        return None
    text = query.text
    allow = allowed_mask(run, query)
    corrector = _VisibleCorrector(
        run.searcher.corrector(SPELLING_FIELD),
        _visible_words(run, run.gen.tables.live_mask if allow is None else allow),
        run.deadline,
    )
    correctors = dict.fromkeys(TEXT_FIELDS, corrector)
    tokens = list(parsed.all_tokens())
    # Whoosh writes a correction back at the word's place in the text; the parts of a word the
    # analyzer split ("counxil-budgt", "%FF%FE") have no place, so they stay as typed.
    unplaced = {(t.fieldname, t.text) for t in tokens if t.startchar is None}
    reader = run.searcher.reader()
    unknown = [(t.fieldname, t.text) for t in tokens if (t.fieldname, t.text) not in reader]
    terms = [term for term in unknown if term not in unplaced]
    try:
        corrected = run.searcher.correct_query(
            parsed, text, correctors=correctors, terms=terms, prefix=1
        )
    except SearchTimeout:
        return None  # no suggestion: the (empty) result itself is complete
    suggestion = str(corrected.string)
    return suggestion if suggestion and suggestion != text else None


def _visible_words(run: Run, allowed: Mask) -> Callable[[str], bool]:
    """Return a test of whether a spelling word is in the title of an allowed document."""
    reader = run.searcher.reader()
    # The spelling words carry no documents of their own: look up the word's indexed form.
    field = reader.schema[SPELLING_FIELD]

    def visible(word: str) -> bool:
        for term in field.process_text(word, mode="query"):
            if (SPELLING_FIELD, term) in reader:
                postings = reader.postings(SPELLING_FIELD, term).all_ids()
                if any(allowed[docnum] for docnum in postings):  # stops at the first one
                    return True
        return False

    return visible


class _VisibleCorrector(Corrector):  # type: ignore[misc]
    """A corrector that suggests only allowed documents' words, and looks at the deadline
    before each word it corrects."""

    def __init__(
        self, inner: Corrector, visible: Callable[[str], bool], deadline: Deadline
    ) -> None:
        self._inner = inner
        self._visible = visible
        self._deadline = deadline

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[int, str]]:
        self._deadline.check()
        for score, word in self._inner._suggestions(text, maxdist, prefix):
            if self._visible(word):
                yield score, word
