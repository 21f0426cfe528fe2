"""A small real archive (SQLite store + Whoosh index) and the Flask app over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive import Document, Store
from indexer import rebuild_index
from tests.fixtures import DOCS, captured_archive
from web.app import create_app
from web.config import AppConfig, config_for_dir, load_config


@pytest.fixture(scope="module")
def build_archive(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[list[Document]], AppConfig]:
    """Make a config whose store holds the given documents and whose index is built."""

    def build(docs: list[Document]) -> AppConfig:
        config = config_for_dir(tmp_path_factory.mktemp("archive"), index={"procs": 1})
        with Store(config.archive.store_path) as store:
            store.put_many(docs)
            rebuild_index(config.index, store)
        return config

    return build


@pytest.fixture(scope="module")
def archive_config(build_archive: Callable[[list[Document]], AppConfig]) -> AppConfig:
    """A config whose store holds DOCS and whose index is built."""
    return build_archive(DOCS)


@pytest.fixture(scope="module")
def app(archive_config: AppConfig) -> Flask:
    return create_app(archive_config)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


@pytest.fixture
def empty_config(tmp_path: Path) -> AppConfig:
    return config_for_dir(tmp_path / "empty")


@pytest.fixture(scope="module")
def captured_config(tmp_path_factory: pytest.TempPathFactory) -> AppConfig:
    """An archive of the fare story (three captures), the hostile page and their assets."""
    return load_config(captured_archive(tmp_path_factory.mktemp("captured")))


@pytest.fixture
def captured_client(captured_config: AppConfig) -> Iterator[FlaskClient]:
    with create_app(captured_config).test_client() as client:
        yield client
