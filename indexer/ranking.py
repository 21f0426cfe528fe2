"""Relevance: BM25F over title and body, times a title boost and a gentle preference for recency.

One pass over the matches both ranks the top documents and records the whole (filtered) result
set for totals and facets, instead of a second pass through docs_for_query.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.collectors import UnlimitedCollector
from whoosh.searching import Searcher

from indexer.arrays import Docnums, Floats, Mask
from indexer.fastscore import Lengths, TermCache, score_query
from indexer.limits import CHECK_EVERY, Deadline
from indexer.schema import TITLE_BOOST

# A year-old article keeps 98% of its score, a twenty-year-old one about 71%.
_DECAY_PER_YEAR = 0.02


def recency_factor(day: int, newest_day: int) -> float:
    """Return the score multiplier (at most 1) of an article published on day (yyyymmdd)."""
    if day <= 0 or newest_day <= 0:
        return 1.0
    years = max(0.0, _in_years(newest_day) - _in_years(day))
    return 1.0 / (1.0 + _DECAY_PER_YEAR * years)


def _in_years(day: int) -> float:
    return day // 10000 + (day // 100 % 100 - 1) / 12 + (day % 100 - 1) / 372


def recency_factors(days: Docnums) -> Floats:
    """Return each document's recency factor, relative to the newest day among them."""
    newest = int(days.max(initial=0))
    unique, where = np.unique(days, return_inverse=True)
    factors = np.array([recency_factor(int(day), newest) for day in unique], dtype=np.float64)
    return factors[where]


class _RankingCollector(UnlimitedCollector):  # type: ignore[misc]
    # Scores every allowed document and remembers each one (ranking happens afterwards, over
    # arrays), so totals and facet counts see the whole result. No matcher replacement either.
    # Whoosh's TimeLimitCollector stops by SIGALRM, which only the main thread receives: a
    # server's searches run in worker threads, so the deadline is checked here instead.
    def __init__(self, allow: Mask | None, deadline: Deadline | None) -> None:
        super().__init__()
        self.replace = 0
        self.allow = allow
        self.deadline = deadline
        self.seen = 0
        self.docs: list[int] = []
        self.scores: list[float] = []

    def collect(self, sub_docnum: int) -> float:
        self.seen += 1
        if self.deadline is not None and not self.seen % CHECK_EVERY:
            self.deadline.check()
        docnum = self.offset + sub_docnum
        if self.allow is not None and not self.allow[docnum]:
            return 0.0
        score = float(self.matcher.score())
        self.docs.append(docnum)
        self.scores.append(score)
        return score


def top(docs: Docnums, scores: Floats, limit: int) -> list[tuple[int, float]]:
    """Return the best `limit` (docnum, score), by score then docnum."""
    if limit <= 0:
        return []
    if limit < len(docs):
        # Keep every document that ties with the last one in, so the docnum tie-break holds.
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= cut
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:limit]
    return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))


def rank(
    searcher: Searcher,
    parsed: wq.Query,
    limit: int,
    factors: Floats | None,
    allow: Mask | None,
    boosted: Docnums,
    lengths: Lengths,
    cache: TermCache | None = None,
    deadline: Deadline | None = None,
) -> tuple[Docnums, list[tuple[int, float]]]:
    """Return every matching allowed document (ascending) and the best `limit` (docnum, score).

    factors: each document's recency factor (None: no recency); boosted: documents whose
    title matches (ascending), whose score is multiplied by TITLE_BOOST; lengths: field lengths
    by docnum; cache: the generation's decoded terms; deadline: the search's time budget.

    Raises:
        SearchTimeout: the deadline passed.
    """
    found = score_query(searcher, parsed, lengths, cache, deadline)
    if found is None:
        collector = _RankingCollector(allow, deadline)
        searcher.search_with_collector(parsed, collector)
        docs = np.asarray(collector.docs, dtype=np.int32)
        order = np.argsort(docs, kind="stable")
        docs, scores = docs[order], np.asarray(collector.scores, dtype=np.float64)[order]
    else:
        docs, scores = found.docs, found.scores
        if allow is not None:
            keep = allow[docs]
            docs, scores = docs[keep], scores[keep]
    if factors is not None:
        scores = scores * factors[docs]
    if len(boosted):
        scores = np.where(np.isin(docs, boosted, assume_unique=True), scores * TITLE_BOOST, scores)
    return docs, top(docs, scores, limit)
