"""CSV export of every hit, the Atom feed of a saved search, and the OpenAPI description."""

from __future__ import annotations

import csv
import io
from typing import Any

import feedparser
import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from tests.fixtures import DOCS


def test_csv_export_streams_every_hit_of_every_page(client: FlaskClient) -> None:
    response = client.get("/api/search.csv?per_page=1")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(r["id"] for r in rows) == sorted(d.id for d in DOCS)
    mayor = next(r for r in rows if r["id"] == DOCS[0].id)
    assert mayor["persons"] == "Rosa Delgado; Tom Hennessey"
    assert mayor["day"] == "2023-08-01"


def test_csv_export_defuses_cells_that_look_like_formulas(client: FlaskClient) -> None:
    body = client.get("/api/search.csv?q=hostile").get_data(as_text=True)
    assert "\n=" not in body and ",=" not in body
    assert client.get("/api/search.csv?page=0").status_code == 400


def test_the_feed_of_a_saved_search_lists_its_newest_articles(client: FlaskClient) -> None:
    response = client.get("/feed?person=Rosa+Delgado")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert "Rosa Delgado" in feed.feed.title
    titles = [e.title for e in feed.entries]
    assert titles == [DOCS[0].title, DOCS[1].title]
    assert feed.entries[0].link.endswith(f"/article/{DOCS[0].id}")


def _validator(spec: dict[str, Any], schema: str) -> Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    return Draft202012Validator(root)


@pytest.mark.parametrize(
    ("path", "documented", "status", "schema"),
    [
        ("/api/search?q=mayor", "/api/search", 200, "SearchResult"),
        ("/api/search", "/api/search", 200, "SearchResult"),
        ("/api/search?page=0", "/api/search", 400, "Error"),
        (f"/api/articles/{DOCS[0].id}", "/api/articles/{id}", 200, "Document"),
        ("/api/articles/nope", "/api/articles/{id}", 404, "Error"),
        ("/api/facets/person?limit=1", "/api/facets/{field}", 200, "FacetPage"),
        ("/api/facets/city?limit=0", "/api/facets/{field}", 400, "Error"),
        ("/api/stats", "/api/stats", 200, "Stats"),
    ],
)
def test_real_responses_match_the_openapi_description(
    client: FlaskClient, path: str, documented: str, status: int, schema: str
) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert str(status) in spec["paths"][documented]["get"]["responses"]
    response = client.get(path)
    assert response.status_code == status
    _validator(spec, schema).validate(response.get_json())
