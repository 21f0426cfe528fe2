"""Takedowns: `dateline hide` withdraws a story from every surface and keeps the archival copy.

Through the real CLI and app: search (page, API, CLI), facet counts, the Atom feed, CSV, both
exports, the captured view and its assets, versions, the diff, "more from" lists, and 410 Gone
with the reason on the article's page and JSON. `dateline unhide` brings it back as it was.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from archive import Document, Store, document_id, iter_captures
from tests.fixtures import (
    DOCS,
    GAZETTE,
    HOSTILE_URL,
    STORY_URL,
    STORY_VERSIONS,
    THEME_CSS,
    dateline,
    gazette_archive,
    response,
    run_dateline,
    story_page,
    write_warc,
)
from web.app import create_app
from web.config import load_config

STORY = document_id(STORY_URL)
BUDGET = DOCS[1]  # shares Hartford, CT and Rosa Delgado with DOCS[0]: in its "more from" lists
NEIGHBOUR = DOCS[0]
WHY = "A court order of 2 June 2025"
PHOTO = f"{GAZETTE}/wp-content/uploads/ferry.png"  # the fare story's own photo


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return gazette_archive(tmp_path)


def _client(config: Path) -> FlaskClient:
    return create_app(load_config(config)).test_client()


def _ids(data: dict[str, Any]) -> set[str]:
    return {h["id"] for h in data["hits"]}


def _facets(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {n: {v["value"]: v["count"] for v in vs} for n, vs in data["facets"].items()}


def _surfaces(config: Path) -> dict[str, Any]:
    """What every public surface says about the archive, by surface."""
    client = _client(config)
    everything = client.get("/api/search?per_page=100").get_json()
    exported = config.parent / "all.warc.gz"
    dateline(config, "export", "--warc", str(exported))
    dateline(config, "export", "--jsonl", str(config.parent / "all.jsonl"))
    lines = (config.parent / "all.jsonl").read_text(encoding="utf-8").splitlines()
    neighbour = client.get(f"/article/{NEIGHBOUR.id}").get_data(as_text=True)
    return {
        "search": _ids(everything),
        "total": everything["total"],
        "facets": _facets(everything),
        "ferry": _ids(client.get("/api/search?q=ferry+fares").get_json()),
        "page": client.get("/?q=ferry").get_data(as_text=True),
        "cli": _ids(json.loads(run_dateline(config, "search", "--per-page", "100", "--json").out)),
        "person": client.get("/api/facets/person").get_json()["values"],
        "feed": client.get("/feed").get_data(as_text=True),
        "csv": client.get("/api/search.csv").get_data(as_text=True),
        "warc": {c.url for c in iter_captures(exported)},
        "jsonl": {json.loads(line)["id"] for line in lines},
        "more from": neighbour,
    }


def _archived(config: Path) -> tuple[dict[str, str], list[Document], Document | None]:
    """The WARC files' digests, the story's stored versions and its derived Document."""
    archive = load_config(config).archive
    files = sorted(archive.warc_dir.iterdir())
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    with Store(archive.store_path) as store:
        return digests, store.versions(STORY), store.derived(STORY)


def test_a_hidden_story_is_gone_from_every_surface_and_the_archive_keeps_it(config: Path) -> None:
    before, archived = _surfaces(config), _archived(config)
    assert {STORY, BUDGET.id} <= before["search"] and STORY in before["ferry"]
    assert f"/article/{BUDGET.id}" in before["more from"]
    ran = run_dateline(config, "hide", STORY_URL, "--reason", WHY)
    title = "Ferry fares rise for drivers, hold for cyclists"
    assert ran.code == 0 and ran.out == f"hidden: {title} ({STORY}): {WHY}\n"
    dateline(config, "hide", BUDGET.id, "--reason", WHY)
    after = _surfaces(config)
    gone = {STORY, BUDGET.id}
    assert after["search"] == before["search"] - gone and after["total"] == before["total"] - 2
    assert after["ferry"] == before["ferry"] - gone and after["cli"] == before["cli"] - gone
    assert f"/article/{STORY}" in before["page"] and f"/article/{STORY}" not in after["page"]
    # Facet counts: the fare story was the only one naming Victor Okonkwo, one of two in
    # Glastonbury; the budget story one of two naming Rosa Delgado.
    glastonbury = before["facets"]["city"]["Glastonbury, CT"]
    assert after["facets"]["city"]["Glastonbury, CT"] == glastonbury - 1
    assert "Victor Okonkwo" in before["facets"]["person"]
    assert "Victor Okonkwo" not in after["facets"]["person"]
    assert after["facets"]["person"]["Rosa Delgado"] == 1
    assert "Victor Okonkwo" not in {v["value"] for v in after["person"]}
    for surface in ("feed", "csv"):
        assert STORY in before[surface] and STORY not in after[surface], surface
        assert BUDGET.id not in after[surface], surface
    assert STORY_URL in before["warc"] and STORY_URL not in after["warc"]
    assert after["jsonl"] == before["jsonl"] - gone
    assert f"/article/{BUDGET.id}" not in after["more from"]
    assert _archived(config) == archived  # the WARC files and the Document are untouched


@pytest.fixture(scope="module")
def hidden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive with the fare story hidden; its views answered 200 before the hide."""
    config = gazette_archive(tmp_path_factory.mktemp("hidden"))
    client = _client(config)
    assert client.get(f"/article/{STORY}/captured/asset?url={PHOTO}").status_code == 200
    assert client.get(f"/article/{STORY}/captured/asset?url={THEME_CSS}").status_code == 200
    dateline(config, "hide", STORY, "--reason", WHY)
    return config


@pytest.mark.parametrize(
    "path",
    [
        f"/article/{STORY}",
        f"/api/articles/{STORY}",
        f"/api/articles/{STORY}/versions",
        f"/article/{STORY}/diff?from=1&to=3",
        f"/article/{STORY}/captured",
        f"/article/{STORY}/captured?version=1",
        f"/article/{STORY}/captured/frame",
        f"/article/{STORY}/captured/style?n=0",
        f"/article/{STORY}/captured/asset?url={PHOTO}",
        f"/article/{STORY}/captured/asset?url={THEME_CSS}",
    ],
)
def test_every_view_of_a_hidden_story_answers_410_with_the_reason(hidden: Path, path: str) -> None:
    client = _client(hidden)
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 410
    assert WHY in page.get_data(as_text=True)
    data = client.get(path, headers={"Accept": "application/json"}).get_json()
    assert data == {"error": data["error"], "status": 410}
    assert data["error"].startswith("this story was withdrawn from the archive on 20")
    assert data["error"].endswith(f": {WHY}")


def test_another_storys_captured_view_does_not_serve_a_hidden_storys_images(hidden: Path) -> None:
    hostile = f"/article/{document_id(HOSTILE_URL)}/captured/asset?url="
    client = _client(hidden)
    assert client.get(hostile + PHOTO).status_code == 404  # captured, but not this page's
    assert client.get(hostile + PHOTO.replace(".png", ".jpg")).status_code == 200


def test_unhide_brings_the_story_back_exactly_as_it_was(config: Path) -> None:
    dateline(config, "fix", STORY, "section=Transportation", "--reason", "The outlet's section")
    client = _client(config)
    article = client.get(f"/api/articles/{STORY}").get_json()
    page = client.get(f"/article/{STORY}").get_data(as_text=True)
    ferry = client.get("/api/search?q=ferry").get_json()
    dateline(config, "hide", STORY, "--reason", WHY)
    assert client.get(f"/api/articles/{STORY}").status_code == 410
    ran = run_dateline(config, "unhide", STORY_URL, "--reason", "The order was lifted")
    assert ran.out == f"back: Ferry fares rise for drivers, hold for cyclists ({STORY})\n"
    client = _client(config)
    assert client.get(f"/api/articles/{STORY}").get_json() == article
    assert client.get(f"/article/{STORY}").get_data(as_text=True) == page
    again = client.get("/api/search?q=ferry").get_json()
    assert [h["id"] for h in again["hits"]] == [h["id"] for h in ferry["hits"]]
    assert again["facets"] == ferry["facets"] and again["total"] == ferry["total"]


def test_a_hidden_story_stays_hidden_across_reparse_and_both_kinds_of_reindex(
    config: Path,
) -> None:
    dateline(config, "hide", STORY_URL, "--reason", WHY)
    for argv in (["reparse"], ["reindex"], ["reindex", "--incremental"]):
        dateline(config, *argv)
        client = _client(config)
        assert client.get(f"/article/{STORY}").status_code == 410, argv
        assert STORY not in _ids(client.get("/api/search?q=ferry").get_json()), argv
    stats = _client(config).get("/api/stats").get_json()
    assert stats["hidden"] == 1 and stats["indexed"] == stats["articles"] - 1


def test_hiding_twice_is_one_line_and_keeps_the_first_reason(config: Path) -> None:
    dateline(config, "hide", STORY_URL, "--reason", WHY)
    ran = run_dateline(config, "hide", STORY, "--reason", "Another reason")
    assert ran.code == 1 and "already hidden since" in ran.error_line()
    assert WHY in _client(config).get(f"/api/articles/{STORY}").get_json()["error"]
    assert run_dateline(config, "hide", STORY, "--reason", "").code == 2


def test_a_copy_of_a_hidden_story_under_another_canonical_url_is_hidden_too(
    config: Path, tmp_path: Path
) -> None:
    """A takedown follows the story: another crawler's capture of its URL that names a new
    canonical URL, then a capture at that new URL itself, stay withdrawn."""
    dateline(config, "hide", STORY, "--reason", WHY)
    moved = f"{GAZETTE}/news/2025/05/ferry-fares/"
    when, title, updated, paragraphs = STORY_VERSIONS[-1]
    page = story_page(title, updated, paragraphs).replace(STORY_URL.encode(), moved.encode())
    later = story_page(title, updated, [*paragraphs, "The new fares start on Sunday."])
    captures = [
        response(STORY_URL, page, when + timedelta(days=2)),
        response(
            moved, later.replace(STORY_URL.encode(), moved.encode()), when + timedelta(days=3)
        ),
    ]
    for number, capture in enumerate(captures):
        dateline(config, "import", str(write_warc(tmp_path / f"other-{number}", [capture])))
        dateline(config, "reindex", "--incremental")
        client = _client(config)
        assert client.get(f"/api/articles/{document_id(moved)}").status_code == 410, number
        ids = _ids(client.get("/api/search?q=ferry+fares").get_json())
        assert not ids & {STORY, document_id(moved)}, number
    with Store(load_config(config).archive.store_path) as store:
        copy = store.derived(document_id(moved))
    assert copy is not None and copy.url == moved  # the capture at the new URL is current
    dateline(config, "unhide", moved)
    ids = _ids(_client(config).get("/api/search?q=ferry+fares").get_json())
    assert {STORY, document_id(moved)} <= ids
