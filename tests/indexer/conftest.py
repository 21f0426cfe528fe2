"""Shared fixtures: a small store of articles and an index built from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Document, Store
from indexer import IndexConfig, SearchIndex, rebuild_index


def article(
    n: int,
    title: str,
    body: str,
    day: str = "2024-03-05",
    outlet: str = "Hartford Sentinel",
    cities: tuple[str, ...] = (),
    persons: tuple[str, ...] = (),
    authors: tuple[str, ...] = ("Jane Writer",),
) -> Document:
    """Return one article with a stable URL built from n."""
    url = f"https://news.example/{n}"
    return Document(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        body=body,
        authors=list(authors),
        published=f"{day}T09:00:00-05:00",
        day=day,
        cities=list(cities),
        persons=list(persons),
    )


ARTICLES = [
    article(
        1,
        "City council approves budget",
        "The Hartford city council voted to approve the school budget after a long debate.",
        day="2024-03-05",
        cities=("Hartford, CT",),
        persons=("Luke Brannick",),
    ),
    article(
        2,
        "Election results in New Haven",
        "Voters in New Haven elected a new mayor. The election drew record turnout.",
        day="2023-11-08",
        outlet="New Haven Beacon",
        cities=("New Haven, CT",),
        persons=("Justin Ellery", "Luke Brannick"),
        authors=("Mark Zarella",),
    ),
    article(
        3,
        "Schools budget debate continues",
        "Parents spoke at the board of education meeting about the budget for schools.",
        day="2024-01-15",
        cities=("Hartford, CT", "West Hartford, CT"),
        persons=("Jane Roe",),
    ),
    article(
        4,
        "Café opens on Main Street",
        "A new café opened downtown, serving crêpes. <script>alert('x')</script> was typed.",
        day="2019-06-01",
        outlet="Springfield Republican",
        cities=("Springfield, MA",),
        persons=("José Núñez",),
    ),
    article(
        5,
        "Storm knocks out power",
        "A storm knocked out power across Springfield. Crews restored power by night.",
        day="2021-02-10",
        outlet="Springfield Republican",
        cities=("Springfield, MA", "Chicopee, MA"),
        persons=(),
    ),
    article(
        6,
        "Mayor proposes new park",
        "The mayor proposed a new park near the river in Hartford to the council.",
        day="2024-03-20",
        cities=("Hartford, CT",),
        persons=("Luke Brannick", "Jane Roe"),
    ),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding ARTICLES."""
    with Store(tmp_path / "store.sqlite") as opened:
        opened.put_many(ARTICLES)
        yield opened


@pytest.fixture
def config(tmp_path: Path) -> IndexConfig:
    """An index config in tmp_path with one process (no forking under pytest)."""
    return IndexConfig(dir=tmp_path / "index", recency_boost=True, procs=1)


@pytest.fixture
def index(config: IndexConfig, store: Store) -> Iterator[SearchIndex]:
    """A SearchIndex over ARTICLES."""
    rebuild_index(config, store)
    opened = SearchIndex(config, store)
    yield opened
    opened.close()
