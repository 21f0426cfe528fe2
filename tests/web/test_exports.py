"""CSV export of every hit, the Atom feed of a saved search, and the OpenAPI description."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from archive import Document
from tests.fixtures import DOCS, web_doc
from web.app import create_app
from web.config import AppConfig, WebConfig

ATOM = "http://www.w3.org/2005/Atom"


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
        (f"/api/articles/{DOCS[0].id}/versions", "/api/articles/{id}/versions", 200, "Versions"),
        ("/api/articles/nope/versions", "/api/articles/{id}/versions", 404, "Error"),
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


AWKWARD = [
    web_doc(
        11,
        "Vote\x0bcount\x00 delayed\x1b by storm",
        "The vote\x0c count was delayed by the storm.",
        "2024-01-02",
        authors=["Ada\x07 Brooks"],
        cities=["Hartford, CT"],
    ),
    web_doc(12, '\t=HYPERLINK("http://x.example")', "A tab led this title.", "2024-01-03"),
    web_doc(13, "\r=1+2", "A carriage return led this title.", "2024-01-04"),
]


@pytest.fixture(scope="module")
def awkward_config(build_archive: Callable[[list[Document]], AppConfig]) -> AppConfig:
    """An archive whose titles hold control characters and spreadsheet tricks."""
    return build_archive(AWKWARD)


def test_the_feed_stays_valid_xml_when_titles_hold_control_characters(
    awkward_config: AppConfig,
) -> None:
    body = create_app(awkward_config).test_client().get("/feed").get_data()
    root = ET.fromstring(body)  # a strict XML parser: raises on a character XML forbids
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Votecount delayed by storm" in titles
    assert not feedparser.parse(body).bozo


def test_csv_defuses_a_leading_tab_or_carriage_return(awkward_config: AppConfig) -> None:
    text = create_app(awkward_config).test_client().get("/api/search.csv").get_data(as_text=True)
    titles = {row["id"]: row["title"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert titles[AWKWARD[1].id] == "'" + AWKWARD[1].title
    assert titles[AWKWARD[2].id] == "'" + AWKWARD[2].title


def test_feed_links_use_the_configured_base_url_not_the_host_header(
    awkward_config: AppConfig,
) -> None:
    config = replace(awkward_config, web=WebConfig(base_url="https://news.example.org/archive"))
    client = create_app(config).test_client()
    body = client.get("/feed?q=storm", headers={"Host": "attacker.example"}).get_data()
    links = [link.get("href") for link in ET.fromstring(body).iter(f"{{{ATOM}}}link")]
    assert links == [
        "https://news.example.org/archive/feed?q=storm",
        "https://news.example.org/archive/?q=storm",
        f"https://news.example.org/archive/article/{AWKWARD[0].id}",
    ]
    ids = [e.text for e in ET.fromstring(body).iter(f"{{{ATOM}}}id")]
    assert all(i and i.startswith("https://news.example.org/archive/") for i in ids)


def test_without_a_base_url_feed_links_follow_the_request_host(client: FlaskClient) -> None:
    body = client.get("/feed", headers={"Host": "mirror.example:8080"}).get_data()
    links = [link.get("href") for link in ET.fromstring(body).iter(f"{{{ATOM}}}link")]
    assert links and all(h and h.startswith("http://mirror.example:8080/") for h in links)
