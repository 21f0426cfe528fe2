"""The HTML pages: same search as the JSON twin, facets as links, everything escaped."""

from __future__ import annotations

import re
from html import unescape

from flask.testing import FlaskClient

from tests.fixtures import DOCS


def _article_ids(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/article/([0-9a-f]+)">', html)


def test_the_page_and_its_json_twin_agree(client: FlaskClient) -> None:
    for query in ("q=mayor", "", "city=Wethersfield,+CT", "q=budget+OR+library&sort=oldest"):
        html = client.get(f"/?{query}").get_data(as_text=True)
        data = client.get(f"/api/search?{query}").get_json()
        assert _article_ids(html) == [h["id"] for h in data["hits"]]
        assert f"{data['total']} article" in html


def test_the_first_screen_shows_the_box_newest_articles_and_all_facets(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'type="search"' in html
    assert len(_article_ids(html)) == len(DOCS)
    for heading in ("Years", "Cities &amp; towns", "People", "Outlets"):
        assert heading in html
    assert "<svg" in html


def test_a_facet_value_links_to_the_search_with_it_added(client: FlaskClient) -> None:
    html = client.get("/?q=mayor").get_data(as_text=True)
    assert 'href="/?q=mayor&amp;person=Rosa+Delgado"' in html
    on = client.get("/?q=mayor&person=Rosa+Delgado").get_data(as_text=True)
    assert 'class="on"' in on
    assert 'href="/?q=mayor" title="Remove this filter"' in on


def test_a_year_bar_zooms_into_that_year(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/?from=2023-01-01&amp;to=2023-12-31"' in html
    months = client.get("/api/search?from=2023-01-01&to=2023-12-31").get_json()["facets"]["date"]
    assert {v["value"] for v in months} == {"2023-05", "2023-08"}


def test_hostile_titles_bodies_and_urls_are_shown_as_text(client: FlaskClient) -> None:
    hostile = DOCS[3]
    for path in ("/?q=hostile", f"/article/{hostile.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert 'href="javascript:' not in html


def test_the_article_page_links_people_and_places_and_cites_itself(client: FlaskClient) -> None:
    doc = DOCS[0]
    html = client.get(f"/article/{doc.id}").get_data(as_text=True)
    assert doc.title in html
    assert 'href="/?person=Rosa+Delgado"' in html
    assert 'href="/?city=Hartford%2C+CT"' in html
    assert f'href="{doc.url}"' in html
    assert "Cite this article" in html
    assert "More about Rosa Delgado" in unescape(html)


def test_a_bad_parameter_on_the_page_is_explained(client: FlaskClient) -> None:
    response = client.get("/?from=2024-13-45")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_a_facet_listing_shows_every_value_and_links_back_into_the_search(
    client: FlaskClient,
) -> None:
    html = client.get("/facets/city?q=library+OR+budget&limit=1").get_data(as_text=True)
    assert "2 values, 1\u20131 shown" in html
    assert 'href="/?q=library+OR+budget"' in html
    assert 'href="/facets/city?q=library+OR+budget&amp;limit=1&amp;offset=1"' in html
    assert "/?q=library+OR+budget&amp;city=" in html
    assert client.get("/facets/colour").status_code == 404


def test_a_search_links_its_json_csv_and_feed_twins(client: FlaskClient) -> None:
    html = client.get("/?q=mayor&page=1&per_page=10").get_data(as_text=True)
    assert 'href="/api/search?q=mayor&amp;page=1&amp;per_page=10"' in html
    assert 'href="/api/search.csv?q=mayor"' in html
    assert 'href="/feed?q=mayor"' in html
