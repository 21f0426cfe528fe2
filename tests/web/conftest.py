"""A small real archive (SQLite store + Whoosh index) and the Flask app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive import Document, Store
from indexer import rebuild_index
from web.app import create_app
from web.config import AppConfig, config_for_dir


def _doc(n: int, title: str, body: str, day: str, **extra: object) -> Document:
    url = f"https://courier.example/news/{n}"
    fields: dict[str, object] = {
        "url": url,
        "canonical_url": url,
        "outlet": "Hartford County Courier",
        "title": title,
        "body": body,
        "published": f"{day}T10:00:00-05:00",
        "day": day,
        "captured": f"{day}T20:00:00+00:00",
        "authors": ["Ellen Marsh"],
    }
    fields.update(extra)
    return Document(**fields)  # type: ignore[arg-type]


DOCS = [
    _doc(
        1,
        "Police open their doors for a community night",
        "HARTFORD — Hundreds came to the police community night on Main Street.\n\n"
        "Mayor Rosa Delgado thanked the officers. Chief Tom Hennessey grilled hot dogs.",
        "2023-08-01",
        cities=["Hartford, CT", "Wethersfield, CT"],
        persons=["Rosa Delgado", "Tom Hennessey"],
        roles={"Rosa Delgado": "Mayor", "Tom Hennessey": "Police Chief"},
        dateline="Hartford, CT",
    ),
    _doc(
        2,
        "Council adopts school budget",
        "The council adopted the school budget after a long night of debate.\n\n"
        "Mayor Rosa Delgado said the budget keeps class sizes small.",
        "2023-05-10",
        cities=["Hartford, CT"],
        persons=["Rosa Delgado"],
    ),
    _doc(
        3,
        "Library reopens after flood repairs",
        "The Wethersfield library reopened Monday after months of flood repairs.",
        "2021-02-03",
        cities=["Wethersfield, CT"],
        persons=["Ann Kowalski"],
        outlet="Wethersfield Ledger",
    ),
    _doc(
        4,
        "<script>alert(1)</script> headline from a hostile page",
        "Body with <b>markup</b> & <script>alert('x')</script> that must stay text.",
        "2020-07-04",
        url="javascript:alert(1)",
        canonical_url="javascript:alert(1)",
        cities=["Rocky Hill, CT"],
    ),
]


@pytest.fixture(scope="module")
def archive_config(tmp_path_factory: pytest.TempPathFactory) -> AppConfig:
    """A config whose store holds DOCS and whose index is built."""
    config = config_for_dir(tmp_path_factory.mktemp("archive"), index={"procs": 1})
    with Store(config.archive.store_path) as store:
        store.put_many(DOCS)
        rebuild_index(config.index, store)
    return config


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
