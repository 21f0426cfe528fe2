"""A hidden story stays hidden when a re-crawl brings it back, and leaves a running server."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from archive import Store, document_id
from tests.fixtures import STORY_URL, dateline, run_dateline, write_config
from tests.outlet.server import FeedItem, OutletServer, load_sample_outlet, serve_outlet
from web.app import create_app
from web.config import load_config

BUDGET = (
    "/news/local/government/council-passes-budget-after-late-night-debate/"
    "article_8b1d0f42-76c3-11e9-a1b0-3f5e8d2c9a07.html"
)
WHY = "An unpublishing request"
SERVE_DEADLINE_SECONDS = 60  # issue 15: a running server stops showing it within a minute


def _edit(server: OutletServer, old: bytes, new: bytes) -> None:
    """Change the budget story and say so in the news sitemap's lastmod."""
    server.pages[BUDGET] = replace(
        server.pages[BUDGET], body=server.pages[BUDGET].body.replace(old, new)
    )
    later = datetime.now(UTC) + timedelta(minutes=5)
    items = server.sitemaps["/sitemap-news.xml.gz"]
    server.sitemaps["/sitemap-news.xml.gz"] = [
        replace(i, updated=later) if isinstance(i, FeedItem) and i.path == BUDGET else i
        for i in items
    ]


def _gone(config: Path, doc_id: str) -> bool:
    """Whether the story answers 410 and no search finds it."""
    client = create_app(load_config(config)).test_client()
    found = client.get("/api/search?q=budget&per_page=100").get_json()["hits"]
    return client.get(f"/api/articles/{doc_id}").status_code == 410 and doc_id not in {
        h["id"] for h in found
    }


def test_a_hidden_story_stays_hidden_when_a_recrawl_brings_a_new_version(
    tmp_path: Path,
) -> None:
    pages = load_sample_outlet("hartford-courier", base_url="{base}")
    with serve_outlet(pages) as server:
        config = write_config(
            tmp_path,
            "[crawl]\ndelay_seconds = 0\n[[outlets]]\n"
            'name = "Hartford County Courier"\nhome = "Hartford, CT"\n'
            f'sitemaps = ["{server.url}/sitemap.xml"]\n',
        )
        dateline(config, "crawl")
        story = document_id(server.url + BUDGET)
        dateline(config, "hide", server.url + BUDGET, "--reason", WHY)
        assert _gone(config, story)
        _edit(server, b"nearly four hours", b"almost five hours")
        dateline(config, "crawl")
        assert server.hits(BUDGET) == 2
        with Store(load_config(config).archive.store_path) as store:
            assert len(store.versions(story)) == 2
        assert _gone(config, story)
        dateline(config, "reindex")
        assert _gone(config, story)


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_a_running_server_stops_showing_a_story_hidden_while_it_runs(
    fresh_captured_served: tuple[Path, str],
) -> None:
    config, base = fresh_captured_served
    story = document_id(STORY_URL)
    search = f"{base}/api/search?q=ferry+fares"
    assert story in {h["id"] for h in _get(search)[1]["hits"]}
    ran = run_dateline(config, "hide", STORY_URL, "--reason", WHY)
    assert ran.code == 0 and "index updated with 0 documents" in ran.err
    assert _get(f"{base}/api/articles/{story}") == (
        410,
        {"error": _get(f"{base}/api/articles/{story}")[1]["error"], "status": 410},
    )
    deadline = time.monotonic() + SERVE_DEADLINE_SECONDS
    while story in {h["id"] for h in _get(search)[1]["hits"]}:
        assert time.monotonic() < deadline, "the server still finds the hidden story"
        time.sleep(0.5)
    dateline(config, "unhide", story)
    deadline = time.monotonic() + SERVE_DEADLINE_SECONDS
    while story not in {h["id"] for h in _get(search)[1]["hits"]}:
        assert time.monotonic() < deadline, "the server does not find the story brought back"
        time.sleep(0.5)
    assert _get(f"{base}/api/articles/{story}")[0] == 200
