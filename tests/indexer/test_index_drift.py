"""Exactly one index entry per article, whatever runs beside a reindex; drift is seen and fixed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from whoosh import index

from archive import Document, Store
from indexer import IndexConfig, rebuild_index, update_index
from indexer.build import live_generation
from indexer.schema import document_fields
from indexer.writers import PackedSegmentWriter
from tests.fixtures import article, dateline_run, write_config

ARTICLES = 600


def _archive(tmp_path: Path) -> tuple[Path, IndexConfig]:
    with Store(tmp_path / "data" / "store.sqlite") as store:
        store.put_many(_article(n, "The harbor levy passed.") for n in range(ARTICLES))
    return write_config(tmp_path), IndexConfig(dir=tmp_path / "data" / "index", procs=1)


def _article(n: int, body: str) -> Document:
    return article(n, f"Harbor levy {n}", body)


def _changes(tmp_path: Path) -> Path:
    """JSON Lines that change every article, as a second import of a newer export would."""
    path = tmp_path / "changed.jsonl"
    lines = [
        json.dumps(article(n, f"Harbor levy {n}", "The harbor levy was repealed.").to_dict())
        for n in range(ARTICLES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _importing_at(done_at: int, config: Path, jsonl: Path) -> Callable[[int, int], None]:
    """A progress callback that runs `dateline import` once the build has reached done_at."""

    def progress(done: int, total: int) -> None:
        if done == done_at:
            assert dateline_run(config, "import", str(jsonl)).returncode == 0

    return progress


def _index_ids(config: IndexConfig) -> Counter[str]:
    folder = live_generation(config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    with ix.reader() as reader:
        ids = Counter(fields["id"] for fields in reader.all_stored_fields())
    ix.close()
    return ids


def _stats(config: Path) -> dict[str, object]:
    stats = dateline_run(config, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    data: dict[str, object] = json.loads(stats.stdout)
    return data


def test_a_full_reindex_during_an_import_that_changes_articles_indexes_each_once(
    tmp_path: Path,
) -> None:
    config, index_config = _archive(tmp_path)
    with Store(tmp_path / "data" / "store.sqlite") as store:
        progress = _importing_at(ARTICLES // 2, config, _changes(tmp_path))
        assert rebuild_index(index_config, store, progress=progress) == ARTICLES
    assert set(_index_ids(index_config).values()) == {1}
    assert _stats(config)["indexed"] == ARTICLES
    assert dateline_run(config, "reindex", "--incremental").returncode == 0
    assert _index_ids(index_config) == Counter({article(n, "", "").id: 1 for n in range(ARTICLES)})
    found = dateline_run(config, "search", "repealed")
    assert f"{ARTICLES} articles" in found.stdout


def test_an_incremental_reindex_during_an_import_indexes_each_article_once(
    tmp_path: Path,
) -> None:
    config, index_config = _archive(tmp_path)
    assert dateline_run(config, "reindex").returncode == 0
    with Store(tmp_path / "data" / "store.sqlite") as store:
        store.put_many(_article(n, "The harbor levy was delayed.") for n in range(ARTICLES))
        progress = _importing_at(ARTICLES // 2, config, _changes(tmp_path))
        update_index(index_config, store, progress=progress)
    assert set(_index_ids(index_config).values()) == {1}
    assert dateline_run(config, "reindex", "--incremental").returncode == 0
    assert len(_index_ids(index_config)) == ARTICLES
    assert f"{ARTICLES} articles" in dateline_run(config, "search", "repealed").stdout


def _drift(index_config: IndexConfig) -> None:
    """What earlier versions left: one article twice, one missing, one that is no article."""
    folder = live_generation(index_config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    writer = PackedSegmentWriter(ix)
    writer.add_document(**document_fields(article(1, "Harbor levy 1", "The harbor levy passed.")))
    writer.delete_by_term("id", article(2, "", "").id)
    writer.add_document(**document_fields(article(9999, "Gone", "An article since deleted.")))
    writer.commit()
    ix.close()


def test_stats_shows_index_drift_and_an_incremental_reindex_repairs_it(tmp_path: Path) -> None:
    articles = ARTICLES
    config, index_config = _archive(tmp_path)
    assert dateline_run(config, "reindex").returncode == 0
    _drift(index_config)
    stats = dateline_run(config, "stats")
    assert stats.stdout.startswith(f"articles: {articles}\nindexed: {articles + 1}\n")
    assert stats.stderr.strip().splitlines() == [
        f"the index holds {articles + 1} entries for {articles} articles; "
        'run "dateline reindex --incremental" to bring it in line'
    ]
    repair = dateline_run(config, "reindex", "--incremental")
    assert repair.returncode == 0, repair.stderr
    assert (
        "repaired the index (articles indexed more than once: 1, articles missing: 1, "
        "entries for no article: 1)" in repair.stderr
    )
    assert _index_ids(index_config) == Counter({article(n, "", "").id: 1 for n in range(articles)})
    assert _stats(config)["indexed"] == articles
    assert dateline_run(config, "stats").stderr == ""


def test_an_index_in_line_with_the_store_is_left_alone(tmp_path: Path) -> None:
    config, _ = _archive(tmp_path)
    assert dateline_run(config, "reindex").returncode == 0
    again = dateline_run(config, "reindex", "--incremental")
    assert "repaired" not in again.stderr
    assert "is up to date" in again.stderr


def test_a_withdrawn_article_is_no_drift_and_its_stray_entry_is_removed(tmp_path: Path) -> None:
    config, index_config = _archive(tmp_path)
    withdrawn = article(3, "", "")
    assert dateline_run(config, "hide", withdrawn.id, "--reason", "court order").returncode == 0
    assert dateline_run(config, "reindex").returncode == 0
    assert dateline_run(config, "stats").stderr == ""  # left out of the index, as it should be
    folder = live_generation(index_config.dir)
    assert folder is not None
    ix = index.open_dir(str(folder))
    writer = PackedSegmentWriter(ix)  # what an index built before the takedown would hold
    writer.add_document(**document_fields(article(3, "Harbor levy 3", "The harbor levy passed.")))
    writer.commit()
    ix.close()
    repair = dateline_run(config, "reindex", "--incremental")
    assert "entries for no article: 1)" in repair.stderr
    assert withdrawn.id not in _index_ids(index_config)
    assert len(_index_ids(index_config)) == ARTICLES - 1


def test_an_incremental_reindex_with_nothing_to_do_writes_no_files(tmp_path: Path) -> None:
    config, index_config = _archive(tmp_path)
    assert dateline_run(config, "reindex").returncode == 0
    folder = live_generation(index_config.dir)
    assert folder is not None
    before = sorted(p.name for p in folder.iterdir())
    for _ in range(3):  # as every round of "dateline crawl --every" that found nothing new
        assert dateline_run(config, "reindex", "--incremental").returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == before
