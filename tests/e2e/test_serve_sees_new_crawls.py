"""A running `dateline serve` shows what a running `dateline crawl --every` captures, within a
minute and without a restart: both real subprocesses, the sample outlet on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.fixtures import ROOT, free_port, truth, wait_for, write_config
from tests.outlet.server import load_sample_outlet, serve_outlet

SLUG = "hartford-courier"
OUTLET = "Hartford County Courier"
_PATIENCE_SECONDS = 60  # what the issue promises: new articles show within a minute


def _search(base: str, **params: str) -> dict[str, Any]:
    query = urllib.parse.urlencode(params | {"per_page": "100"})
    with urllib.request.urlopen(f"{base}/api/search?{query}", timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _start(config: str, *argv: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "web.cli", "--config", config, *argv]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, err


def test_a_running_serve_shows_an_article_a_running_crawl_captured_within_a_minute(
    tmp_path: Path,
) -> None:
    pages = load_sample_outlet(SLUG, base_url="{base}")
    story = truth(SLUG)[0]
    late = story["url"].split(".example", 1)[1]
    with serve_outlet(pages) as server:
        items = server.feeds["/feed.xml"]
        assert isinstance(items, list)
        held_back = next(i for i in items if i.path == late)
        items.remove(held_back)  # listed only once serve is running
        config = write_config(
            tmp_path,
            f'[crawl]\ndelay_seconds = 0\n[[outlets]]\nname = "{OUTLET}"\nhome = "Hartford, CT"\n'
            f'feeds = ["{server.url}/feed.xml"]\n',
        )
        crawler = _start(str(config), "crawl", "--every", "1s")
        port = free_port()
        web = None
        try:
            assert crawler.stdout is not None
            assert crawler.stdout.readline().startswith(f"round 1: {len(truth(SLUG)) - 1} new, ")
            web = _start(str(config), "serve", "--port", str(port))
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/api/stats")
            before = _search(base)["total"]
            items.insert(0, held_back)
            deadline = time.monotonic() + _PATIENCE_SECONDS
            while (found := _search(base, q=f'"{story["truth"]["title"]}"'))["total"] == 0:
                assert time.monotonic() < deadline, "the new article never showed"
                time.sleep(0.5)
            after = _search(base)["total"]
        finally:
            crawl_end = _stop(crawler)
            serve_end = _stop(web) if web is not None else (0, "")
    assert crawl_end[0] == 0, crawl_end[1]
    assert serve_end[0] == 0, serve_end[1]
    assert [hit["title"] for hit in found["hits"]] == [story["truth"]["title"]]
    assert before == len(truth(SLUG)) - 1
    assert after == before + 1
