"""The `make run` path: the bundled sample imported, indexed, and served over real HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from archive import document_id
from tests.fixtures import PAGES, ROOT, SAMPLE_FIXES, SAMPLE_WARC, dateline, truth
from web.app import create_app
from web.config import load_config

TYPICAL = "troy-night-out-2023"


def _typical() -> dict[str, Any]:
    return next(
        p["truth"] for p in truth("news9-albany") if p["url"].endswith("knickerbocker-park/")
    )


def test_importing_the_sample_twice_with_if_empty_keeps_one_copy(sample_config: Path) -> None:
    dateline(sample_config, "import", "--if-empty", str(SAMPLE_WARC))
    stats = create_app(load_config(sample_config)).test_client().get("/api/stats").get_json()
    articles = sum(
        len(truth(slug))
        for slug in (
            "hartford-courier",
            "wethersfield-ledger",
            "pioneer-valley-post",
            "news9-albany",
        )
    )
    earlier = len(list(PAGES.glob("*/earlier/*.json")))  # earlier versions of changed stories
    assert stats["articles"] == articles
    assert stats["versions"] == articles + earlier
    assert stats["warc_files"] == 1


def test_the_typical_page_is_found_by_its_mayor_its_city_and_its_month(sample_config: Path) -> None:
    story = _typical()
    mayor = next(name for name, role in story["roles"].items() if role == "Mayor")
    client = create_app(load_config(sample_config)).test_client()
    month = story["day"][:7]
    for query in (
        f"q={mayor}",
        f"person={mayor}",
        "city=Troy,+NY",
        f"from={month}-01&to={month}-31&per_page=100",
    ):
        hits = client.get(f"/api/search?{query}").get_json()["hits"]
        assert story["title"] in [h["title"] for h in hits], query


def _get_json(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        return json.load(exc)


def test_dateline_serve_answers_over_real_http(served: str) -> None:
    data = _get_json(f"{served}/api/search?q=night+out&city=Troy,+NY")
    assert _typical()["title"] in [h["title"] for h in data["hits"]]
    assert {"city", "person", "outlet", "date"} == set(data["facets"])
    error = _get_json(f"{served}/api/search?from=2024-13-45")
    assert error == {"error": error["error"], "status": 400}
    with urllib.request.urlopen(f"{served}/", timeout=10) as response:
        assert response.headers["Server"] == "dateline"
        assert "Dateline" in response.read().decode()


def test_serve_on_a_port_in_use_is_a_one_line_error(sample_config: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "web.cli", "--config", str(sample_config), "serve"]
        done = subprocess.run(
            [*command, "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"dateline: cannot serve on 127.0.0.1:{port}: Address already in use; "
        "pick another with --port or [web] port"
    ]


@pytest.mark.parametrize("query", ["q=goverment-budjet", "q=counxil-budgt", "q=%ff%fe"])
def test_misspelt_hyphenated_and_invalid_utf8_queries_answer_200(served: str, query: str) -> None:
    for path in ("/api/search", "/"):
        with urllib.request.urlopen(f"{served}{path}?{query}", timeout=10) as response:
            assert response.status == 200


STORM = (
    "https://www.hartfordcountycourier.example/news/weather/"
    "storm-drops-more-than-a-foot-of-snow-east-of-the-river/"
    "article_b7a40e2c-ca5b-11ee-8d61-3c9f0e7a5b28.html"
)


def _get_text(url: str) -> tuple[int, str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.headers


def test_the_samples_storm_story_has_three_versions_a_diff_and_each_capture(served: str) -> None:
    story = document_id(STORM)
    versions = _get_json(f"{served}/api/articles/{story}/versions")["versions"]
    assert [v["version"] for v in versions] == [1, 2, 3]
    changed = [[], ["title", "updated", "body"], ["updated", "body"]]
    assert [v["changed"] for v in versions] == changed
    assert versions[-1]["notices"][0]["text"].startswith("Correction: An earlier version")
    hits = _get_json(f"{served}/api/search?q=snow+east+of+the+river")["hits"]
    assert hits[0]["versions"] == 3 and hits[0]["title"] == versions[-1]["title"]
    status, diff, _ = _get_text(f"{served}/article/{story}/diff?from=2&to=3")
    assert status == 200 and "with 13 and <del>16</del> <ins>14</ins> inches" in diff
    for number, version in enumerate(versions, 1):
        status, banner, _ = _get_text(f"{served}/article/{story}/captured?version={number}")
        assert status == 200 and f"Version {number} of 3" in banner
        frame_url = f"{served}/article/{story}/captured/frame?version={number}"
        status, frame, headers = _get_text(frame_url)
        assert status == 200 and "sandbox" in headers["Content-Security-Policy"]
        assert f"<title>{version['title']}" in frame and "<script" not in frame
    assert _get_text(f"{served}/article/{story}/captured?version=4")[0] == 404


def test_the_samples_storm_story_carries_the_correction_make_run_imports(served: str) -> None:
    story = document_id(STORM)
    data = _get_json(f"{served}/api/articles/{story}")
    fix = json.loads(SAMPLE_FIXES.read_text(encoding="utf-8"))
    assert data["cities"] == ["Glastonbury, CT", "Manchester, CT", "Hartford, CT", "Bolton, CT"]
    assert data["provenance"]["cities"] == "correction"
    (correction,) = data["corrections"]
    assert correction["reason"] == fix["reason"] and "Manchester, NH" not in data["cities"]
    status, page, _ = _get_text(f"{served}/article/{story}")
    assert status == 200 and "Corrected by the archive" in page and fix["reason"] in page
    hits = _get_json(f"{served}/api/search?city=Bolton,+CT")["hits"]
    assert story in [h["id"] for h in hits]


def test_make_run_imports_the_sample_and_its_corrections_once_as_sample_config_does() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"SAMPLE_FIXES := {SAMPLE_FIXES.relative_to(ROOT)}" in makefile
    assert "import --if-empty $(SAMPLE) $(SAMPLE_FIXES)" in makefile
