"""A search's bounds through the app and the CLI: a pattern that stands for too many words is a
400 naming it, a search past its time budget a 503 with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Store
from indexer import rebuild_index
from tests.fixtures import DOCS, write_config
from web.app import create_app
from web.cli import main
from web.config import AppConfig, config_for_dir, load_config


def _archive(folder: Path, **index: object) -> AppConfig:
    config = config_for_dir(folder, index={"procs": 1, **index})
    with Store(config.archive.store_path) as store:
        store.put_many(DOCS)
        rebuild_index(config.index, store)
    return config


def test_a_pattern_matching_too_many_words_answers_400_naming_it(tmp_path: Path) -> None:
    client = create_app(_archive(tmp_path, max_expansions=2)).test_client()
    response = client.get("/api/search?q=council+*e*")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad parameter 'q': '*e*' matches more than 2 words;"
        " make it longer or more specific",
        "status": 400,
    }
    assert client.get("/api/search?q=budg*").get_json()["total"] == 1


def test_a_search_past_its_time_budget_answers_503_with_a_message(tmp_path: Path) -> None:
    client = create_app(_archive(tmp_path, search_seconds=1e-9)).test_client()
    response = client.get("/api/search?q=*e*")
    assert response.status_code == 503
    assert response.get_json() == {
        "error": "the search took longer than 1e-09 s and was stopped;"
        " try fewer wildcards or more specific words",
        "status": 503,
    }
    page = client.get("/?q=*e*", headers={"Accept": "text/html"})
    assert page.status_code == 503
    assert "took longer than" in page.get_data(as_text=True)


def test_the_cli_refuses_a_pattern_matching_too_many_words_as_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "max_expansions = 2\n")
    loaded = load_config(config)
    with Store(loaded.archive.store_path) as store:
        store.put_many(DOCS)
        rebuild_index(loaded.index, store)
    assert main(["--config", str(config), "search", "*e*"]) == 2  # a bad query: usage
    assert capsys.readouterr().err == (
        "dateline: query: '*e*' matches more than 2 words; make it longer or more specific\n"
    )
