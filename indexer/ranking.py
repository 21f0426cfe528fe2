"""Relevance: BM25F with the schema's title boost and a gentle preference for recent articles."""

from __future__ import annotations

from whoosh import scoring
from whoosh.matching import Matcher
from whoosh.searching import Searcher

from indexer.schema import DAY

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


class RecencyBM25F(scoring.BM25F):  # type: ignore[misc]
    """BM25F whose scores shrink gently with an article's age relative to the newest one."""

    def __init__(self, newest_day: int) -> None:
        """Rank relative to the newest day (yyyymmdd) in the index."""
        super().__init__()
        self.newest_day = newest_day
        self._factors: dict[int, float] = {}

    def scorer(
        self, searcher: Searcher, fieldname: str, text: bytes, qf: float = 1
    ) -> scoring.BaseScorer:
        """Return BM25F's scorer for one term in one segment, scaled by recency."""
        inner = super().scorer(searcher, fieldname, text, qf=qf)
        days = searcher.reader().column_reader(DAY)
        return _RecencyScorer(inner, days, self)

    def factor(self, day: int) -> float:
        """Return the (memoized) recency factor of a day."""
        found = self._factors.get(day)
        if found is None:
            found = self._factors[day] = recency_factor(day, self.newest_day)
        return found


class _RecencyScorer(scoring.BaseScorer):  # type: ignore[misc]
    # Factors are <= 1, so the inner scorer's quality bounds stay valid upper bounds.
    def __init__(self, inner: scoring.BaseScorer, days: object, owner: RecencyBM25F) -> None:
        self._inner = inner
        self._days = days
        self._owner = owner

    def supports_block_quality(self) -> bool:
        return bool(self._inner.supports_block_quality())

    def score(self, matcher: Matcher) -> float:
        day = self._days[matcher.id()]  # type: ignore[index]
        return float(self._inner.score(matcher)) * self._owner.factor(day)

    def max_quality(self) -> float:
        return float(self._inner.max_quality())

    def block_quality(self, matcher: Matcher) -> float:
        return float(self._inner.block_quality(matcher))
