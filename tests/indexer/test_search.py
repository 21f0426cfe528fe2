"""Search behaviour over a small real index: syntax, filters, sorts, snippets, suggestions."""

from __future__ import annotations

import gc
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from archive import Signed, Store, parse_fix
from indexer import (
    BadQuery,
    IndexConfig,
    SearchIndex,
    SearchQuery,
    rebuild_index,
    update_index,
)
from tests.fixtures import ARTICLES, article, reopen_now


def titles(index: SearchIndex, text: str, **kwargs: object) -> set[str]:
    result = index.search(SearchQuery(text=text, per_page=100, **kwargs))  # type: ignore[arg-type]
    return {hit.title for hit in result.hits}


def test_words_are_anded_and_stemmed(index: SearchIndex) -> None:
    assert titles(index, "budget schools") == {
        "City council approves budget",
        "Schools budget debate continues",
    }
    assert titles(index, "elections") == {"Election results in New Haven"}


def test_or_and_not(index: SearchIndex) -> None:
    assert titles(index, "storm OR café") == {"Storm knocks out power", "Café opens on Main Street"}
    assert titles(index, "budget NOT council") == {"Schools budget debate continues"}


def test_accents_fold_both_ways(index: SearchIndex) -> None:
    assert titles(index, "cafe") == {"Café opens on Main Street"}
    assert titles(index, "crêpe") == {"Café opens on Main Street"}
    assert titles(index, "person:nunez") == {"Café opens on Main Street"}


def test_field_queries(index: SearchIndex) -> None:
    assert titles(index, "title:budget") == {
        "City council approves budget",
        "Schools budget debate continues",
    }
    assert titles(index, "author:zarella") == {"Election results in New Haven"}
    assert titles(index, "person:ROE") == {
        "Schools budget debate continues",
        "Mayor proposes new park",
    }
    assert titles(index, 'city:"west hartford"') == {"Schools budget debate continues"}
    assert titles(index, "outlet:beacon") == {"Election results in New Haven"}
    assert titles(index, "body:crews") == {"Storm knocks out power"}


def test_phrase_must_match_in_order(index: SearchIndex) -> None:
    assert titles(index, '"record turnout"') == {"Election results in New Haven"}
    assert titles(index, '"turnout record"') == set()


def test_prefix_wildcard(index: SearchIndex) -> None:
    assert titles(index, "elec*") == {"Election results in New Haven"}


def test_date_range_in_query_text(index: SearchIndex) -> None:
    assert titles(index, "published:[2019 to 2021]") == {
        "Café opens on Main Street",
        "Storm knocks out power",
    }
    assert titles(index, "date:2023") == {"Election results in New Haven"}
    assert titles(index, "budget published:[2024-02-01 to]") == {"City council approves budget"}


@pytest.mark.parametrize(
    "text", ['"open phrase', "budget (council", "budget)", "published:[2019 to"]
)
def test_unparsable_text_is_bad_query(index: SearchIndex, text: str) -> None:
    with pytest.raises(BadQuery) as raised:
        index.search(SearchQuery(text=text))
    assert raised.value.param == "q"


def test_unknown_field_is_bad_query(index: SearchIndex) -> None:
    with pytest.raises(BadQuery, match="unknown field 'color'"):
        index.search(SearchQuery(text="color:red"))


def test_bad_date_in_range_is_bad_query(index: SearchIndex) -> None:
    with pytest.raises(BadQuery):
        index.search(SearchQuery(text="published:[soon to later]"))


def test_colon_inside_a_phrase_is_not_a_field(index: SearchIndex) -> None:
    assert index.search(SearchQuery(text='"note: nothing"')).total == 0


def test_empty_text_lists_every_article_newest_first(index: SearchIndex) -> None:
    result = index.search(SearchQuery(sort="newest"))
    assert result.total == 6
    assert [hit.day for hit in result.hits] == sorted(
        (h.day or "" for h in result.hits), reverse=True
    )


def test_sort_orders(index: SearchIndex) -> None:
    newest = index.search(SearchQuery(text="budget OR power", sort="newest"))
    oldest = index.search(SearchQuery(text="budget OR power", sort="oldest"))
    assert [h.day for h in newest.hits] == ["2024-03-05", "2024-01-15", "2021-02-10"]
    assert [h.day for h in oldest.hits] == ["2021-02-10", "2024-01-15", "2024-03-05"]


def test_relevance_prefers_title_matches(index: SearchIndex) -> None:
    result = index.search(SearchQuery(text="council"))
    assert result.hits[0].title == "City council approves budget"
    assert all(a.score >= b.score for a, b in zip(result.hits, result.hits[1:], strict=False))


def test_filters_or_within_a_facet_and_across_facets(index: SearchIndex) -> None:
    assert titles(index, "", cities=("hartford, ct", "Springfield MA")) == {
        "City council approves budget",
        "Schools budget debate continues",
        "Mayor proposes new park",
        "Café opens on Main Street",
        "Storm knocks out power",
    }
    assert titles(index, "", cities=("Hartford, CT",), persons=("jane roe",)) == {
        "Schools budget debate continues",
        "Mayor proposes new park",
    }
    assert titles(index, "budget", outlets=("Hartford Sentinel",), date_to=date(2024, 2, 1)) == {
        "Schools budget debate continues"
    }
    assert titles(index, "", cities=("Nowhere",)) == set()


def test_date_filter_uses_outlet_local_day(index: SearchIndex) -> None:
    found = titles(index, "", date_from=date(2024, 3, 5), date_to=date(2024, 3, 5))
    assert found == {"City council approves budget"}


def test_pages_split_the_whole_result_set(index: SearchIndex) -> None:
    first = index.search(SearchQuery(sort="oldest", per_page=4))
    second = index.search(SearchQuery(sort="oldest", per_page=4, page=2))
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_snippet_escapes_html_and_marks_matches(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery(text="crêpes")).hits
    assert "<mark>crêpes</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet


def test_snippet_without_text_is_the_escaped_body_start(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery(cities=("Springfield, MA",), persons=("José Núñez",))).hits
    assert hit.snippet.startswith("A new café opened downtown")
    assert "&lt;script&gt;" in hit.snippet and "<mark>" not in hit.snippet


def test_suggestion_when_nothing_found(index: SearchIndex) -> None:
    result = index.search(SearchQuery(text="electon"))
    assert result.total == 0
    assert result.suggestion == "election"
    assert index.search(SearchQuery(text="election")).suggestion is None


def test_hits_carry_store_fields(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery(text="turnout")).hits
    assert hit.url == "https://news.example/2"
    assert hit.outlet == "New Haven Beacon"
    assert hit.persons == ["Justin Ellery", "Luke Brannick"]
    assert hit.day == "2023-11-08"
    assert hit.published == "2023-11-08T09:00:00-05:00"


def test_doc_count(index: SearchIndex) -> None:
    assert index.doc_count() == 6


def test_excluded_words_are_not_highlighted(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery(text="budget NOT council")).hits
    assert "<mark>budget</mark>" in hit.snippet
    assert "<mark>board</mark>" not in hit.snippet
    (hit,) = index.search(SearchQuery(text="power NOT title:crews")).hits
    assert "<mark>power</mark>" in hit.snippet
    assert "Crews restored" in hit.snippet


def test_snippet_marks_every_form_of_a_stemmed_word(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery(text="knock")).hits
    assert "<mark>knocked</mark>" in hit.snippet


def test_total_counts_weak_matches_even_when_one_page_is_asked(
    tmp_path: Path, config: IndexConfig
) -> None:
    rng = random.Random(5)
    words = ["route", "budget", "council", "storm", "park", "vote", "school", "river"]
    docs = []
    for n in range(400):
        weights = [1, 8, 8, 8, 8, 8, 8, 8]
        body = " ".join(rng.choices(words, weights=weights, k=rng.randint(5, 80)))
        docs.append(article(1000 + n, " ".join(rng.choices(words, k=3)), body))
    expected = sum("route" in f"{d.title} {d.body}".split() for d in docs)
    with Store(tmp_path / "many.sqlite") as store:
        store.put_many(docs)
        rebuild_index(config, store)
        index = SearchIndex(config, store)
        for sort in ("relevance", "newest"):
            result = index.search(SearchQuery(text="route", per_page=1, sort=sort))
            assert result.total == expected
            assert sum(v.count for v in result.facets["outlet"]) == expected


def test_open_ended_dates_and_pasted_urls(index: SearchIndex) -> None:
    assert len(titles(index, "published:>2020")) == 5
    assert titles(index, "date:<2020") == {"Café opens on Main Street"}
    assert index.search(SearchQuery(text="https://news.example/1")).total >= 0


def test_an_index_dropped_without_close_leaves_no_file_open(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    opened = SearchIndex(config, store)
    assert opened.search(SearchQuery(text="budget")).total == 2
    del opened
    gc.collect()  # an unclosed segment file would raise ResourceWarning (warnings are errors)


def test_close_after_a_new_generation_went_live_closes_once(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock = [0.0]
    opened = SearchIndex(config, store, clock=lambda: clock[0], start=reopen_now)
    rebuild_index(config, store)
    clock[0] = 10.0
    assert opened.doc_count() == len(ARTICLES)
    opened.close()
    opened.close()


def test_a_search_keeps_the_open_generation_when_the_index_folder_is_gone(
    config: IndexConfig, store: Store
) -> None:
    rebuild_index(config, store)
    clock = [0.0]
    opened = SearchIndex(config, store, clock=lambda: clock[0], start=reopen_now)
    try:
        shutil.rmtree(config.dir)  # `rm -rf data/index` under a running serve
        clock[0] = 10.0  # time to look for a newer generation, which fails
        assert opened.search(SearchQuery(text="budget")).total == 2
        rebuild_index(config, store)
        clock[0] = 20.0
        assert opened.search(SearchQuery(text="budget")).total == 2
    finally:
        opened.close()


SIGNED = Signed("a court order", "archivist", "2025-06-02T00:00:00+00:00")


def test_no_suggestion_leads_to_a_withdrawn_story_the_index_still_holds(
    config: IndexConfig, store: Store
) -> None:
    zeppelin = article(90, "Zeppelin lands at Brainard field", "An airship came down gently.")
    store.put(zeppelin)
    rebuild_index(config, store)
    opened = SearchIndex(config, store)
    try:
        assert opened.search(SearchQuery(text="zepelin")).suggestion == "zeppelin"
        store.hide(zeppelin, SIGNED)  # the index is not updated: its writer was busy
        assert opened.search(SearchQuery(text="zepelin")).suggestion is None
    finally:
        opened.close()


def test_no_suggestion_comes_from_a_title_word_corrected_away(
    config: IndexConfig, store: Store
) -> None:
    walk = article(91, "Pelican exhibit opens downtown", "A new exhibit opened on Main Street.")
    store.put(walk)
    rebuild_index(config, store)
    clock = [0.0]
    opened = SearchIndex(config, store, clock=lambda: clock[0], start=reopen_now)
    try:
        assert opened.search(SearchQuery(text="pelcan")).suggestion == "pelican"
        store.correct(walk, [parse_fix("title=Reptile exhibit opens downtown")], SIGNED)
        update_index(config, store)
        clock[0] = 10.0
        assert opened.search(SearchQuery(text="reptile")).total == 1
        assert opened.search(SearchQuery(text="pelcan")).suggestion is None
    finally:
        opened.close()


def test_two_fragments_are_parted_by_one_ellipsis(tmp_path: Path, config: IndexConfig) -> None:
    filler = " ".join(["The select board met again on Tuesday night."] * 12)
    body = f"Plows worked through the blizzard overnight. {filler} The blizzard closed schools."
    with Store(tmp_path / "far.sqlite") as store:
        store.put_many([article(7, "Snow day in Enfield", f"{body} {filler}")])
        rebuild_index(config, store)
        (hit,) = SearchIndex(config, store).search(SearchQuery(text="blizzard")).hits
    first, second = hit.snippet.split(" … ")
    assert "<mark>blizzard</mark>" in first and "<mark>blizzard</mark>" in second
    assert not first.endswith("…") and not second.startswith("…")
    assert second.endswith("…")  # the body goes on after the last fragment
