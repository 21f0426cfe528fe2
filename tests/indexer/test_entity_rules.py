"""Config aliases and stop list: applied at reindex time, everywhere a facet value shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from archive import Store
from indexer import IndexConfig, SearchIndex, SearchQuery, apply_entity_rules, rebuild_index
from tests.fixtures import article

DOCS = [
    article(
        1,
        "Mayor Rosie opens the park",
        "Mayor Rosie cut the ribbon.",
        persons=("Mayor Rosie",),
        cities=("Greater Hartford, CT", "Hartford, CT"),
    ),
    article(
        2,
        "Delgado visits",
        "Rosa Delgado toured the plant.",
        persons=("Rosa Delgado",),
        cities=("Hartford, CT",),
    ),
]
RULES = {"aliases": (("Mayor Rosie", "Rosa Delgado"),), "stop": ("Greater Hartford, CT",)}


@contextmanager
def _index(tmp_path: Path, **rules: object) -> Iterator[SearchIndex]:
    config = IndexConfig(dir=tmp_path / "index", procs=1, **rules)  # type: ignore[arg-type]
    with Store(tmp_path / "store.sqlite") as store:  # closed: Python 3.13 warns of an open one
        store.put_many(DOCS)
        rebuild_index(config, store)
        yield SearchIndex(config, store)


def _facet(index: SearchIndex, name: str) -> dict[str, int]:
    return {v.value: v.count for v in index.search(SearchQuery()).facets[name]}


def test_without_rules_names_stay_as_extracted(tmp_path: Path) -> None:
    with _index(tmp_path) as index:
        assert _facet(index, "person") == {"Mayor Rosie": 1, "Rosa Delgado": 1}
        assert "Greater Hartford, CT" in _facet(index, "city")


def test_an_alias_merges_facet_values_and_filters_by_the_shown_name(tmp_path: Path) -> None:
    with _index(tmp_path, **RULES) as index:
        assert _facet(index, "person") == {"Rosa Delgado": 2}
        result = index.search(SearchQuery(persons=("Rosa Delgado",)))
        assert result.total == 2
        assert all(hit.persons == ["Rosa Delgado"] for hit in result.hits)


def test_a_stop_listed_name_leaves_facets_and_hits(tmp_path: Path) -> None:
    with _index(tmp_path, **RULES) as index:
        assert _facet(index, "city") == {"Hartford, CT": 2}
        assert index.search(SearchQuery(cities=("Greater Hartford, CT",))).total == 0
        assert all("Greater Hartford, CT" not in h.cities for h in index.search(SearchQuery()).hits)


def test_rules_keep_order_merge_duplicates_and_move_roles() -> None:
    doc = replace(
        DOCS[0], persons=["Mayor Rosie", "Ann Lee", "Rosa Delgado"], roles={"Mayor Rosie": "Mayor"}
    )
    ruled = apply_entity_rules(doc, IndexConfig(**RULES))  # type: ignore[arg-type]
    assert ruled.persons == ["Rosa Delgado", "Ann Lee"]
    assert ruled.roles == {"Rosa Delgado": "Mayor"}
    assert ruled.cities == ["Hartford, CT"]
    assert apply_entity_rules(doc, IndexConfig()) is doc
