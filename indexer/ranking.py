"""Relevance: BM25F over title and body, times a title boost and a gentle preference for recency.

One pass over the matches both ranks the top documents and records the whole (filtered) result
set for totals and facets, instead of a second pass through docs_for_query.
"""

from __future__ import annotations

import heapq
from collections.abc import Set
from operator import itemgetter

from whoosh import query as wq
from whoosh.collectors import TopCollector
from whoosh.searching import Searcher

from indexer.fastscore import Lengths, TermCache, score_query
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


def recency_factors(days: list[int]) -> list[float]:
    """Return each document's recency factor, relative to the newest day among them."""
    newest = max(days, default=0)
    cache: dict[int, float] = {}
    for day in set(days):
        cache[day] = recency_factor(day, newest)
    return [cache[day] for day in days]


class _RankingCollector(TopCollector):  # type: ignore[misc]
    # Scores only allowed documents and remembers every one of them. Whoosh's pruning (block
    # quality skips, matcher replacement) would drop documents that cannot reach the top page,
    # and with them the true total and facet counts: both are off.
    def __init__(
        self, limit: int, factors: list[float] | None, allow: Set[int] | None, boosted: Set[int]
    ) -> None:
        super().__init__(limit=limit, usequality=False)
        self.replace = 0
        self.factors = factors
        self.allow = allow
        self.boosted = boosted
        self.matched: set[int] = set()

    def collect(self, sub_docnum: int) -> float:
        docnum = self.offset + sub_docnum
        if self.allow is not None and docnum not in self.allow:
            return 0.0
        self.matched.add(docnum)
        score = self.matcher.score()
        if self.factors is not None:
            score *= self.factors[docnum]
        if docnum in self.boosted:
            score *= TITLE_BOOST
        return float(self._collect(docnum, score))


def _rank_scores(
    scores: dict[int, float],
    limit: int,
    factors: list[float] | None,
    allow: Set[int] | None,
    boosted: Set[int],
) -> tuple[set[int], list[tuple[int, float]]]:
    if allow is not None:
        scores = {d: s for d, s in scores.items() if d in allow}
    if factors is not None:
        scores = {d: s * factors[d] for d, s in scores.items()}
    for docnum in boosted & scores.keys():
        scores[docnum] *= TITLE_BOOST
    best = heapq.nlargest(limit, scores.items(), key=itemgetter(1))
    return set(scores), best


def rank(
    searcher: Searcher,
    parsed: wq.Query,
    limit: int,
    factors: list[float] | None,
    allow: Set[int] | None,
    boosted: Set[int],
    lengths: Lengths,
    cache: TermCache | None = None,
) -> tuple[set[int], list[tuple[int, float]]]:
    """Return every matching allowed document and the best `limit` as (docnum, score).

    factors: each document's recency factor (None: no recency); boosted: documents whose
    title matches, whose score is multiplied by TITLE_BOOST; lengths: field lengths by docnum;
    cache: the generation's decoded terms.
    """
    scores = score_query(searcher, parsed, lengths, cache)
    if scores is not None:
        return _rank_scores(scores, limit, factors, allow, boosted)
    collector = _RankingCollector(max(1, limit), factors, allow, boosted)
    searcher.search_with_collector(parsed, collector)
    best = sorted(collector.items, reverse=True)
    return collector.matched, [(-negated, float(score)) for score, negated in best]
