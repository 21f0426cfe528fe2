"""A search's bounds: a pattern that stands for too many words is refused by name, and a search
past its time budget stops."""

from __future__ import annotations

import dataclasses

import pytest

from archive import Store
from indexer import (
    BadQuery,
    IndexConfig,
    SearchIndex,
    SearchQuery,
    SearchTimeout,
    rebuild_index,
)


class _Jumps:
    """A clock that is a minute later each time it is read: every budget is spent at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 60
        return self.now


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*e*", "*e*"),
        ("s*", "s*"),
        ("council title:*o*", "title:*o*"),
        ("*", "*"),
        ("body:[a TO z]", "[a TO z]"),
        ("mayor NOT *e*", "*e*"),
    ],
)
def test_a_pattern_matching_more_words_than_the_limit_is_refused_by_name(
    config: IndexConfig, store: Store, text: str, shown: str
) -> None:
    rebuild_index(config, store)
    index = SearchIndex(dataclasses.replace(config, max_expansions=2), store)
    with pytest.raises(BadQuery) as refused:
        index.search(SearchQuery(text=text))
    assert refused.value.param == "q"
    assert refused.value.message == (
        f"{shown!r} matches more than 2 words; make it longer or more specific"
    )
    with pytest.raises(BadQuery):
        index.facet_values(SearchQuery(text=text), "city", 0, 10)


def test_a_pattern_within_the_limit_searches_as_before(config: IndexConfig, store: Store) -> None:
    rebuild_index(config, store)
    limited = SearchIndex(dataclasses.replace(config, max_expansions=2), store)
    unlimited = SearchIndex(dataclasses.replace(config, max_expansions=1_000_000), store)
    for text in ("budg*", "published:>2020", "title:*ayo*"):
        found = limited.search(SearchQuery(text=text))
        assert found.total > 0
        assert found == unlimited.search(SearchQuery(text=text))


@pytest.mark.parametrize("text", ["budget", "budg*", "*udge*", '"school budget"', ""])
def test_a_search_past_its_time_budget_stops_with_search_timeout(
    config: IndexConfig, store: Store, text: str
) -> None:
    rebuild_index(config, store)
    index = SearchIndex(config, store, clock=_Jumps())
    if not text:  # every article, newest first: nothing to match, nothing to stop
        assert index.search(SearchQuery(text=text)).total == 6
        return
    with pytest.raises(SearchTimeout) as stopped:
        index.search(SearchQuery(text=text))
    assert str(stopped.value) == (
        "the search took longer than 2 s and was stopped;"
        " try fewer wildcards or more specific words"
    )
    with pytest.raises(SearchTimeout):
        index.facet_values(SearchQuery(text=text), "city", 0, 10)
