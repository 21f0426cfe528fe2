"""The JSON API: the public shape, validation with one error shape, conditional requests."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.fixtures import DOCS
from web.app import create_app
from web.config import AppConfig

HIT_KEYS = {"id", "url", "title", "outlet", "published", "authors", "cities", "persons", "snippet"}


def test_search_answers_the_public_shape(client: FlaskClient) -> None:
    data = client.get("/api/search?q=budget").get_json()
    assert {"total", "page", "per_page", "hits", "facets"} <= set(data)
    assert data["total"] == 1
    assert set(data["hits"][0]) >= HIT_KEYS
    assert set(data["facets"]) == {"city", "person", "outlet", "date"}
    assert data["hits"][0]["title"] == "Council adopts school budget"
    assert "<mark>budget</mark>" in data["hits"][0]["snippet"]


def test_facet_counts_cover_the_whole_result_not_the_page(client: FlaskClient) -> None:
    data = client.get("/api/search?per_page=1").get_json()
    assert data["total"] == len(DOCS)
    assert len(data["hits"]) == 1
    cities = {v["value"]: v["count"] for v in data["facets"]["city"]}
    assert cities == {"Hartford, CT": 2, "Wethersfield, CT": 2, "Rocky Hill, CT": 1}


def test_filters_or_within_a_facet_and_across_facets(client: FlaskClient) -> None:
    both = client.get("/api/search?city=Hartford,+CT&city=Rocky+Hill,+CT").get_json()
    assert both["total"] == 3
    narrowed = client.get("/api/search?city=Hartford,+CT&person=Rosa+Delgado&from=2023-06-01")
    assert [h["title"] for h in narrowed.get_json()["hits"]] == [DOCS[0].title]


def test_without_a_query_the_newest_come_first(client: FlaskClient) -> None:
    days = [h["published"][:10] for h in client.get("/api/search").get_json()["hits"]]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("per_page=1000", "per_page"),
        ("from=2024-13-45", "from"),
        ("to=yesterday", "to"),
        ("sort=sideways", "sort"),
        ("colour=red", "colour"),
        ("q=colour:red", "q"),
        ("q=title:(budget", "q"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(client: FlaskClient, query: str, param: str) -> None:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"error", "status"}
    assert body["status"] == 400
    assert repr(param) in body["error"]


def test_an_article_answers_the_whole_document_and_its_corrections(client: FlaskClient) -> None:
    doc = DOCS[0]
    data = client.get(f"/api/articles/{doc.id}").get_json()
    assert data == {**doc.to_dict(), "corrections": []}


def test_an_unknown_article_and_route_answer_404_json(client: FlaskClient) -> None:
    for path in ("/api/articles/nope", "/api/nothing-here", "/article/nope"):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 404
        assert response.get_json()["status"] == 404


def test_articles_answer_304_to_a_matching_etag(client: FlaskClient) -> None:
    first = client.get(f"/api/articles/{DOCS[1].id}")
    assert first.headers["ETag"]
    again = client.get(
        f"/api/articles/{DOCS[1].id}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_facet_values_are_paginated(client: FlaskClient) -> None:
    first = client.get("/api/facets/city?limit=2").get_json()
    rest = client.get("/api/facets/city?limit=2&offset=2").get_json()
    assert first["total"] == 3
    assert len(first["values"]) == 2 and len(rest["values"]) == 1
    assert client.get("/api/facets/colour").status_code == 404
    assert client.get("/api/facets/city?limit=0").status_code == 400


def test_every_facet_a_search_counts_is_listed_and_described_alike(client: FlaskClient) -> None:
    counted = list(client.get("/api/search").get_json()["facets"])
    assert counted == ["city", "person", "outlet", "date"]
    for name in counted:
        assert client.get(f"/api/facets/{name}").get_json()["field"] == name
    spec = client.get("/api/openapi.json").get_json()
    assert spec["components"]["schemas"]["SearchResult"]["properties"]["facets"]["required"] == (
        counted
    )
    assert spec["components"]["schemas"]["FacetPage"]["properties"]["field"]["enum"] == counted


def test_stats_count_the_archive(client: FlaskClient) -> None:
    data = client.get("/api/stats").get_json()
    assert data["articles"] == len(DOCS)
    assert data["indexed"] == len(DOCS)


def test_api_allows_cross_origin_reads_and_every_response_is_hardened(client: FlaskClient) -> None:
    api = client.get("/api/search")
    assert api.headers["Access-Control-Allow-Origin"] == "*"
    for response in (api, client.get("/"), client.get("/api/articles/nope")):
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_without_an_index_search_answers_503_with_what_to_do(empty_config: AppConfig) -> None:
    response = create_app(empty_config).test_client().get("/api/search?q=x")
    assert response.status_code == 503
    assert "dateline reindex" in response.get_json()["error"]


@pytest.mark.parametrize("query", ["counxil-budgt", "libary-counxil", "counxil libary-mayr"])
def test_a_misspelt_hyphenated_query_without_hits_answers_200(
    client: FlaskClient, query: str
) -> None:
    response = client.get(f"/api/search?q={query}")
    assert response.status_code == 200
    assert response.get_json()["total"] == 0


def test_a_misspelt_word_beside_a_hyphenated_one_still_gets_a_suggestion(
    client: FlaskClient,
) -> None:
    data = client.get("/api/search?q=counxil+libary-mayr").get_json()
    assert data["suggestion"] == "council libary-mayr"


def test_the_api_answers_json_to_every_client_even_for_unknown_urls_and_methods(
    client: FlaskClient,
) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for method, path, status in (
        ("GET", "/api/nothing-here", 404),
        ("GET", "/api/", 404),
        ("POST", "/api/nothing-here", 404),
        ("POST", "/api/search", 405),
        ("DELETE", f"/api/articles/{DOCS[0].id}", 405),
    ):
        response = client.open(path, method=method, headers=browser)
        assert response.status_code == status, (method, path)
        assert response.get_json()["status"] == status
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    options = client.options("/api/search")
    assert options.status_code == 200
    assert options.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_pages_answer_errors_as_html_to_browsers_and_json_to_the_rest(
    client: FlaskClient,
) -> None:
    browser = client.get("/nothing-here", headers={"Accept": "text/html"})
    assert browser.status_code == 404 and browser.mimetype == "text/html"
    script = client.get("/nothing-here", headers={"Accept": "application/json"})
    assert script.get_json() == {"error": script.get_json()["error"], "status": 404}
    assert "Access-Control-Allow-Origin" not in script.headers
