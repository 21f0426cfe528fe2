"""Every version of a story: the list, what changed, a word diff, notices, and the search hit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from archive import Document, Store, document_id
from tests.fixtures import CORRECTION, DOCS, HOSTILE_URL, STORY_URL, STORY_VERSIONS
from web.app import create_app
from web.config import AppConfig
from web.versions import notice_of, word_diff

STORY = document_id(STORY_URL)


def test_the_versions_api_lists_every_capture_oldest_first_with_what_changed(
    captured_client: FlaskClient,
) -> None:
    versions = captured_client.get(f"/api/articles/{STORY}/versions").get_json()["versions"]
    assert [(v["version"], v["captured"], v["title"], v["changed"]) for v in versions] == [
        (1, STORY_VERSIONS[0][0].isoformat(), "Ferry fares to rise this summer", []),
        (
            2,
            STORY_VERSIONS[1][0].isoformat(),
            "Ferry fares rise for drivers, hold for cyclists",
            ["title", "updated", "body"],
        ),
        (
            3,
            STORY_VERSIONS[2][0].isoformat(),
            "Ferry fares rise for drivers, hold for cyclists",
            ["updated", "body"],
        ),
    ]
    assert [v["notices"] for v in versions] == [
        [],
        [],
        [{"kind": "correction", "text": CORRECTION}],
    ]
    spec = captured_client.get("/api/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Versions", "components": spec["components"]}
    Draft202012Validator(schema).validate({"versions": versions})


def test_the_article_page_lists_every_version_and_flags_the_correction(
    captured_client: FlaskClient,
) -> None:
    html = captured_client.get(f"/article/{STORY}").get_data(as_text=True)
    assert '<h2 id="versions">3 versions</h2>' in html
    assert "changed: headline, updated date, text" in html
    assert "changed: updated date, text" in html and "first capture" in html
    for number in (1, 2, 3):
        assert f'href="/article/{STORY}/captured?version={number}"' in html
    assert f'href="/article/{STORY}/diff?from=2&amp;to=3">what changed' in html
    assert f'<p class="notice"><strong class="flag">Correction notice</strong> {CORRECTION}' in html
    assert html.count('<strong class="flag">Correction notice</strong>') == 2  # text and list


def test_the_diff_marks_the_words_added_and_removed_in_title_and_body(
    captured_client: FlaskClient,
) -> None:
    html = captured_client.get(f"/article/{STORY}/diff?from=1&to=2").get_data(as_text=True)
    title = re.search(r'<h1 class="diff-title">(.*?)</h1>', html, re.S)
    assert title is not None
    assert title.group(1).strip() == (
        "Ferry fares <del>to</del> rise <del>this summer</del> "
        "<ins>for drivers, hold for cyclists</ins>"
    )
    assert "<p><ins>Glastonbury Town Council Chairman Tomas Reyes said" in html
    assert "Changed: headline, updated date, text." in html
    corrected = captured_client.get(f"/article/{STORY}/diff?from=2&to=3").get_data(as_text=True)
    assert "The fare for walkers will be <del>$3,</del> <ins>$2,</ins> and cyclists" in corrected
    assert (
        '<p class="notice"><strong class="flag">Correction notice</strong> '
        f"<ins>{CORRECTION}</ins>" in corrected
    )


def test_the_diff_compares_the_newest_version_with_the_one_before_by_default(
    captured_client: FlaskClient,
) -> None:
    html = captured_client.get(f"/article/{STORY}/diff").get_data(as_text=True)
    assert "Version 2 (captured" in html and "→ version 3 (captured" in html


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("from=3&to=1", 400),
        ("from=x&to=2", 400),
        ("from=1&to=1.5", 400),
        ("from=1&from=2", 400),
        ("from=1&to=4", 404),
        ("from=0&to=2", 404),
    ],
)
def test_a_bad_diff_range_answers_the_error_page_with_the_right_status(
    captured_client: FlaskClient, query: str, status: int
) -> None:
    response = captured_client.get(
        f"/article/{STORY}/diff?{query}", headers={"Accept": "text/html"}
    )
    assert response.status_code == status
    assert f"<h1>{status}</h1>" in response.get_data(as_text=True)


def test_unknown_articles_answer_404_on_every_versions_surface(
    captured_client: FlaskClient,
) -> None:
    api = captured_client.get("/api/articles/0000000000000000/versions")
    assert api.status_code == 404 and api.get_json()["status"] == 404
    page = captured_client.get("/article/0000000000000000/diff", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "<h1>404</h1>" in page.get_data(as_text=True)


def test_search_shows_the_newest_version_and_says_how_many_there_are(
    captured_client: FlaskClient,
) -> None:
    hits = captured_client.get("/api/search?q=ferry").get_json()["hits"]
    by_url = {hit["url"]: hit for hit in hits}
    assert by_url[STORY_URL]["title"] == STORY_VERSIONS[-1][1]
    assert by_url[STORY_URL]["versions"] == 3
    assert by_url[HOSTILE_URL]["versions"] == 1
    html = captured_client.get("/?q=ferry").get_data(as_text=True)
    assert f'<a class="versions" href="/article/{STORY}#versions">3 versions</a>' in html
    assert html.count('class="versions"') == 1  # a story captured once says nothing


def test_the_diff_escapes_the_text_it_marks(
    build_archive: Callable[[list[Document]], AppConfig],
) -> None:
    hostile = DOCS[3]
    later = replace(
        hostile,
        body=hostile.body + "\n\n<img src=x onerror=alert(2)> added later.",
        captured="2020-07-05T20:00:00+00:00",
    )
    client = create_app(build_archive([hostile, later])).test_client()
    html = client.get(f"/article/{hostile.id}/diff").get_data(as_text=True)
    assert "<ins>&lt;img src=x onerror=alert(2)&gt; added later.</ins>" in html
    assert "<script>" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Correction: An earlier version misspelled the mayor's name.", "correction"),
        ("CORRECTION: The meeting is on Tuesday.", "correction"),
        ("Clarification: The fee applies to residents only.", "correction"),
        ("Editor\u2019s note: This story was updated with comments from the mayor.", "note"),
        ("Editor's note: Names of minors have been withheld.", "note"),
        ("This story has been updated to include the final vote count.", "update"),
        ("Update: Route 9 reopened at 4 p.m.", "update"),
        ("This article was corrected to fix the date of the hearing.", "correction"),
    ],
)
def test_correction_and_update_notices_are_recognized(paragraph: str, kind: str) -> None:
    notice = notice_of(paragraph)
    assert notice is not None and kind in notice.kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "The council made a correction to the budget on Tuesday.",
        "The editor's note was read aloud at the meeting.",
        "An update on the bridge work is expected Friday.",
    ],
)
def test_ordinary_sentences_about_corrections_are_not_notices(paragraph: str) -> None:
    assert notice_of(paragraph) is None


def test_a_word_diff_keeps_paragraphs_and_joins_runs() -> None:
    diff = word_diff("One two three.\n\nFour five.", "One two 3.\n\nFour five.\n\nSix.")
    assert [p.runs for p in diff] == [
        (("same", "One two"), ("del", "three."), ("ins", "3.")),
        (("same", "Four five."),),
        (("ins", "Six."),),
    ]


def test_the_article_page_is_not_a_stale_304_after_an_older_capture_arrives_late(
    build_archive: Callable[[list[Document]], AppConfig],
) -> None:
    newest = DOCS[1]
    config = build_archive([newest])
    client = create_app(config).test_client()
    first = client.get(f"/article/{newest.id}")
    older = replace(newest, body="An older text.", captured="2023-05-09T08:00:00+00:00")
    with Store(config.archive.store_path) as store:
        assert store.put(older) == "changed"
        assert store.get(newest.id) == newest  # the article itself is unchanged
    again = client.get(f"/article/{newest.id}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert '<h2 id="versions">2 versions</h2>' in again.get_data(as_text=True)
