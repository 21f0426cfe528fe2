"""A fake outlet on 127.0.0.1 -> `dateline crawl` -> `reindex` -> the Flask app's answers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.fixtures import dateline, truth, write_config
from tests.outlet.server import load_sample_outlet, serve_outlet
from web.app import create_app
from web.config import load_config

SLUG = "hartford-courier"
OUTLET = "Hartford County Courier"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("crawl")
    with serve_outlet(load_sample_outlet(SLUG, base_url="{base}")) as server:
        config = write_config(
            folder,
            "[crawl]\ndelay_seconds = 0\n[[outlets]]\n"
            f'name = "{OUTLET}"\nhome = "Hartford, CT"\n'
            f'feeds = ["{server.url}/feed.xml"]\nsitemaps = ["{server.url}/sitemap.xml"]\n',
        )
        dateline(config, "crawl")
        dateline(config, "reindex")
        yield server, create_app(load_config(config)).test_client(), config


def _search(client: FlaskClient, query: str) -> dict[str, Any]:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data


def _facet(data: dict[str, Any], name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in data["facets"][name]}


def test_every_article_is_captured_once_and_searchable(crawled: Any) -> None:
    server, client, _ = crawled
    pages = truth(SLUG)
    data = _search(client, "per_page=100")
    assert data["total"] == len(pages)
    assert sorted(h["title"] for h in data["hits"]) == sorted(p["truth"]["title"] for p in pages)
    for page in pages:
        path = page["url"].split(".example", 1)[1]
        assert server.hits(path) == 1, path


def test_outlet_and_date_facets_match_what_the_pages_hold(crawled: Any) -> None:
    _, client, _ = crawled
    pages = truth(SLUG)
    data = _search(client, "")
    assert _facet(data, "outlet") == {OUTLET: len(pages)}
    years = Counter(p["truth"]["day"][:4] for p in pages)
    assert _facet(data, "date") == dict(years)


def test_person_and_city_facets_match_the_pages(crawled: Any) -> None:
    _, client, _ = crawled
    pages = truth(SLUG)
    data = _search(client, "")
    persons = _facet(data, "person")
    mayor = sum("Maria Delgado" in p["truth"]["persons"] for p in pages)
    assert persons["Maria Delgado"] == mayor
    hartford = sum("Hartford, CT" in p["truth"]["cities"] for p in pages)
    assert _facet(data, "city")["Hartford, CT"] == hartford


def test_a_story_is_found_by_its_mayor_its_city_and_its_month(crawled: Any) -> None:
    _, client, _ = crawled
    story = next(p["truth"] for p in truth(SLUG) if "Night Out" in p["truth"]["title"])
    month = story["day"][:7]
    for query in (
        "q=Maria+Delgado",
        "person=Maria+Delgado",
        "city=Hartford,+CT&q=night+out",
        f"from={month}-01&to={month}-28",
    ):
        titles = [h["title"] for h in _search(client, query)["hits"]]
        assert story["title"] in titles, query


def test_snippets_highlight_the_matched_words(crawled: Any) -> None:
    _, client, _ = crawled
    hit = _search(client, "q=Bushnell+Park")["hits"][0]
    assert "<mark>Bushnell</mark>" in hit["snippet"]


def test_a_second_crawl_stores_nothing_new(crawled: Any) -> None:
    server, client, config = crawled
    before = _search(client, "")["total"], client.get("/api/stats").get_json()["versions"]
    dateline(config, "crawl")
    after = _search(client, "")["total"], client.get("/api/stats").get_json()["versions"]
    assert after == before
    for page in truth(SLUG):
        path = page["url"].split(".example", 1)[1]
        assert server.hits(path) <= 2, f"{path} fetched {server.hits(path)} times in two crawls"


def test_stats_report_the_last_crawl_and_its_urls(crawled: Any) -> None:
    _, client, _ = crawled
    crawl = client.get("/api/stats").get_json()["crawl"]
    assert crawl["last_crawl"]["finished"] >= crawl["last_crawl"]["started"]
    assert crawl["urls"]["fetched"] >= len(truth(SLUG))
    assert crawl["failures"] == {}
