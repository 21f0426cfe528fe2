"""Corrections by hand: `dateline fix` through the real CLI, seen through the real app.

A correction is kept apart from the derived Document: it survives `dateline reparse` and both
kinds of `dateline reindex`, shows with provenance "correction", its reason and date, and is
undone with --undo. A bad field or value is one line on stderr and changes nothing.
"""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from archive import FIXABLE, document_id
from tests.fixtures import (
    STORY_URL,
    Ran,
    dateline,
    gazette_archive,
    run_dateline,
    write_config,
)
from web.app import create_app
from web.config import load_config
from web.render import FIELD_LABELS

STORY = document_id(STORY_URL)
CITIES = "cities=Glastonbury, CT;Rocky Hill, CT"
WHY = "The ferry lands in Rocky Hill too"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return gazette_archive(tmp_path)


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive that the bad-input tests leave as it was."""
    return gazette_archive(tmp_path_factory.mktemp("untouched"))


def _client(config: Path) -> FlaskClient:
    return create_app(load_config(config)).test_client()


def _article(config: Path, doc_id: str = STORY) -> dict[str, Any]:
    response = _client(config).get(f"/api/articles/{doc_id}")
    assert response.status_code == 200, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data


def _city_counts(config: Path) -> dict[str, int]:
    facets = _client(config).get("/api/search?q=ferry").get_json()["facets"]["city"]
    return {v["value"]: v["count"] for v in facets}


def _hit(config: Path) -> dict[str, Any]:
    hits = _client(config).get("/api/search?q=fares").get_json()["hits"]
    hit: dict[str, Any] = next(h for h in hits if h["id"] == STORY)
    return hit


def _fix(config: Path, *argv: str) -> Ran:
    ran = run_dateline(config, "fix", STORY_URL, *argv)
    assert ran.code == 0, ran.err
    return ran


def test_fix_reports_each_field_before_and_after_and_the_app_shows_the_correction(
    config: Path,
) -> None:
    rocky_hill = _city_counts(config).get("Rocky Hill, CT", 0)
    ran = _fix(config, CITIES, "--reason", WHY)
    assert ran.out.splitlines() == [
        f"Ferry fares rise for drivers, hold for cyclists ({STORY})",
        "  cities: Glastonbury, CT -> Glastonbury, CT; Rocky Hill, CT",
    ]
    data = _article(config)
    assert data["cities"] == ["Glastonbury, CT", "Rocky Hill, CT"]
    assert data["provenance"]["cities"] == "correction"
    (correction,) = data["corrections"]
    assert correction == {
        "field": "cities",
        "op": "=",
        "value": ["Glastonbury, CT", "Rocky Hill, CT"],
        "reason": WHY,
        "date": correction["date"],
        "derived": ["Glastonbury, CT"],
    }
    spec = _client(config).get("/api/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Document", "components": spec["components"]}
    Draft202012Validator(schema).validate(data)
    page = _client(config).get(f"/article/{STORY}").get_data(as_text=True)
    assert "Corrected by the archive" in page and WHY in page
    assert (
        "set to Glastonbury, CT; Rocky Hill, CT" in page and "the page gave Glastonbury, CT" in page
    )
    assert f'<time datetime="{correction["date"]}">' in page
    # Search, its facets and the CSV read the corrected article.
    assert _hit(config)["cities"] == ["Glastonbury, CT", "Rocky Hill, CT"]
    assert _city_counts(config)["Rocky Hill, CT"] == rocky_hill + 1
    csv = _client(config).get("/api/search.csv?q=fares").get_data(as_text=True)
    assert "Glastonbury, CT; Rocky Hill, CT" in csv


def test_a_correction_survives_reparse_and_both_kinds_of_reindex(config: Path) -> None:
    rocky_hill = _city_counts(config).get("Rocky Hill, CT", 0)
    _fix(
        config,
        CITIES,
        "persons-=Tomas Reyes",
        "title=Ferry fares rise for drivers",
        "--reason",
        WHY,
    )
    expected = _article(config)
    for argv in (["reparse"], ["reindex"], ["reindex", "--incremental"]):
        dateline(config, *argv)
        assert _article(config) == expected, argv
        hit = _hit(config)
        assert hit["title"] == "Ferry fares rise for drivers", argv
        assert hit["persons"] == ["Victor Okonkwo"], argv
        assert _city_counts(config)["Rocky Hill, CT"] == rocky_hill + 1, argv
    assert expected["persons"] == ["Victor Okonkwo"]
    versions = _client(config).get(f"/api/articles/{STORY}/versions").get_json()["versions"]
    assert versions[-1]["title"] == "Ferry fares rise for drivers, hold for cyclists"  # as captured


def test_list_values_are_added_and_removed_one_by_one_and_a_new_whole_value_replaces_them(
    config: Path,
) -> None:
    ran = _fix(config, "persons+=Ada Brooks;Lena Morales", "persons-=Tomas Reyes", "--reason", WHY)
    assert "  persons: Victor Okonkwo; Tomas Reyes -> Victor Okonkwo; Ada Brooks; Lena Morales" in (
        ran.out.splitlines()
    )
    _fix(config, "persons+=tomas  reyes", "--reason", "He is quoted after all")
    data = _article(config)
    # The page has him already (as the page spells him): adding him back undid the removal.
    assert data["persons"] == ["Victor Okonkwo", "Tomas Reyes", "Ada Brooks", "Lena Morales"]
    assert [(c["op"], c["value"]) for c in data["corrections"]] == [
        ("+=", "Ada Brooks"),
        ("+=", "Lena Morales"),
        ("+=", "tomas reyes"),
    ]
    _fix(config, "persons=Victor Okonkwo", "--reason", "Only one person is named")
    data = _article(config)
    assert data["persons"] == ["Victor Okonkwo"]
    assert [c["reason"] for c in data["corrections"]] == ["Only one person is named"]


def test_a_corrected_published_date_moves_the_day_and_the_feed_entry(config: Path) -> None:
    ran = _fix(config, "published=2025-05-01", "--reason", "Printed in the May 1 edition")
    assert ran.out.splitlines()[1:] == [
        "  published: 2025-05-02T08:30:00-04:00 -> 2025-05-01",
        "  day: 2025-05-02 -> 2025-05-01",
    ]
    assert _hit(config)["day"] == "2025-05-01"
    client = _client(config)
    for day, found in (("2025-05-01", True), ("2025-05-02", False)):
        hits = client.get(f"/api/search?q=fares&from={day}&to={day}").get_json()["hits"]
        assert (STORY in [h["id"] for h in hits]) is found, day
    feed = client.get("/feed?q=fares").get_data(as_text=True)
    assert "<published>2025-05-01T00:00:00+00:00</published>" in feed


def test_undo_brings_back_what_the_page_said_everywhere(config: Path) -> None:
    before = _article(config)
    counts = _city_counts(config)
    _fix(config, CITIES, "title=Ferry fares rise", "--reason", WHY)
    ran = _fix(config, "--undo", "cities", "--undo", "title")
    assert ran.out.splitlines()[1:] == [
        "  title: Ferry fares rise -> Ferry fares rise for drivers, hold for cyclists",
        "  cities: Glastonbury, CT; Rocky Hill, CT -> Glastonbury, CT",
    ]
    assert _article(config) == before
    assert _city_counts(config) == counts
    assert _hit(config)["title"] == before["title"]


def test_the_article_may_be_named_by_id_canonical_url_or_url_with_tracking(config: Path) -> None:
    refs = (STORY, STORY_URL, STORY_URL + "?utm_source=rss&fbclid=x")
    for number, ref in enumerate(refs, 1):
        ran = run_dateline(config, "fix", ref, f"section=Transportation {number}", "--reason", WHY)
        assert ran.code == 0, (ref, ran.err)
    assert _article(config)["section"] == "Transportation 3"
    assert len(_article(config)["corrections"]) == 1


def test_the_jsonl_export_and_the_api_answer_carry_the_correction_into_another_archive(
    config: Path, tmp_path: Path
) -> None:
    _fix(config, CITIES, "--reason", WHY)
    exported = tmp_path / "out" / "fares.jsonl.gz"
    exported.parent.mkdir()
    ran = run_dateline(config, "export", "--jsonl", str(exported), "fares")
    assert ran.code == 0 and f"articles written to {exported}" in ran.err
    answer = tmp_path / "answer.jsonl"
    answer.write_text(json.dumps(_article(config)) + "\n", encoding="utf-8")
    for source in (exported, answer):
        folder = tmp_path / source.name.split(".")[0]
        folder.mkdir()
        other = write_config(folder)
        dateline(other, "import", str(source))
        dateline(other, "reindex")
        data = _article(other)
        assert data["cities"] == ["Glastonbury, CT", "Rocky Hill, CT"], source
        assert data["provenance"]["cities"] == "correction" and data["corrections"] == []


def test_the_audit_log_lists_fixes_hides_and_unhides_with_who_when_why(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The account that runs the command, whatever the environment claims.
    for name in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "someone-else")
    account = pwd.getpwuid(os.getuid()).pw_name
    _fix(config, CITIES, "--reason", WHY)
    _fix(config, "--undo", "cities")
    dateline(config, "hide", STORY_URL, "--reason", "A court order")
    dateline(config, "unhide", STORY, "--reason", "The order was lifted")
    entries = json.loads(run_dateline(config, "audit", "--json").out)
    assert [(e["action"], e["field"], e["reason"]) for e in entries] == [
        ("fix", "cities", WHY),
        ("undo", "cities", ""),
        ("hide", None, "A court order"),
        ("unhide", None, "The order was lifted"),
    ]
    first = entries[0]
    assert first["user"] == account and first["id"] == STORY and first["url"] == STORY_URL
    assert first["before"] == ["Glastonbury, CT"]
    assert first["after"] == ["Glastonbury, CT", "Rocky Hill, CT"]
    assert first["change"] == "cities=Glastonbury, CT; Rocky Hill, CT"
    assert [e["number"] for e in entries] == [1, 2, 3, 4]
    text = run_dateline(config, "audit").out
    assert f"#3 {entries[2]['date']} {account} hide {STORY_URL} ({STORY})" in text
    assert "    cities: Glastonbury, CT -> Glastonbury, CT; Rocky Hill, CT" in text
    assert "    reason: A court order" in text


def test_the_audit_log_refuses_updates_and_deletes_in_sqlite_itself(config: Path) -> None:
    _fix(config, CITIES, "--reason", WHY)
    with closing(sqlite3.connect(load_config(config).archive.store_path)) as db:
        for sql in ("UPDATE audit SET reason = 'nothing happened'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="the audit log is append-only"):
                db.execute(sql)
        db.commit()
    entries = json.loads(run_dateline(config, "audit", "--json").out)
    assert [(e["action"], e["reason"]) for e in entries] == [("fix", WHY)]


def _corrections_file(folder: Path, *lines: dict[str, Any]) -> Path:
    path = folder / "ours.corrections.jsonl"
    path.write_text("\n\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_a_corrections_file_with_a_bad_line_applies_nothing_and_names_the_file_and_line(
    config: Path, tmp_path: Path
) -> None:
    good = {"url": STORY_URL, "fix": [CITIES], "reason": WHY}
    bad = {"url": STORY_URL, "fix": ["published=yesterday"], "reason": WHY}
    before = _article(config)
    path = _corrections_file(tmp_path, good, bad)
    ran = run_dateline(config, "import", str(path))
    assert ran.code == 1
    assert f"{path}: line 3: published must be a date" in ran.error_line()
    assert _article(config) == before
    assert json.loads(run_dateline(config, "audit", "--json").out) == []


def test_importing_a_corrections_file_again_changes_nothing_and_says_so(
    config: Path, tmp_path: Path
) -> None:
    path = _corrections_file(tmp_path, {"url": STORY_URL, "fix": [CITIES], "reason": WHY})
    first = run_dateline(config, "import", str(path))
    assert first.code == 0 and f"{path}: 1 correction applied" in first.err
    seq = load_config(config).archive.store_path.stat().st_mtime_ns
    audit = run_dateline(config, "audit", "--json").out
    again = run_dateline(config, "import", str(path))
    assert again.code == 0
    assert f"{path}: nothing to change: its 1 correction is already in place" in again.err
    assert run_dateline(config, "audit", "--json").out == audit
    assert load_config(config).archive.store_path.stat().st_mtime_ns == seq
    assert _article(config)["cities"] == ["Glastonbury, CT", "Rocky Hill, CT"]


def test_a_correction_that_changes_nothing_is_refused_by_fix_and_by_import(
    config: Path, tmp_path: Path
) -> None:
    same = "cities=Glastonbury, CT"  # what the parser derives for the story
    ran = run_dateline(config, "fix", STORY_URL, same, "--reason", WHY)
    assert ran.code == 1
    assert "nothing to correct: cities is already Glastonbury, CT" in ran.error_line()
    path = _corrections_file(tmp_path, {"url": STORY_URL, "fix": [same], "reason": WHY})
    ran = run_dateline(config, "import", str(path))
    assert ran.code == 1
    assert f"{path}: line 1: nothing to correct: cities is already" in ran.error_line()
    _fix(config, CITIES, "--reason", WHY)
    ran = run_dateline(config, "fix", STORY_URL, "persons+=Nobody Here", CITIES, "--reason", WHY)
    assert ran.code == 1 and "cities is already Glastonbury, CT; Rocky Hill, CT" in ran.err
    entries = json.loads(run_dateline(config, "audit", "--json").out)
    assert [(e["action"], e["field"]) for e in entries] == [("fix", "cities")]


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["bogus=1", "--reason", WHY], 2, "'bogus' cannot be fixed; fixable fields: title,"),
        (["body=New text", "--reason", WHY], 2, "'body' cannot be fixed"),
        (["title+=more", "--reason", WHY], 2, "title is not a list: give title=VALUE"),
        (["headline", "--reason", WHY], 2, "'headline' is not FIELD=VALUE"),
        (["title=Better"], 2, "say why with --reason"),
        (["title=Better", "--reason", "  "], 2, "say why with --reason"),
        ([], 2, "give FIELD=VALUE changes or --undo FIELD, not both"),
        (["title=Better", "--undo", "title", "--reason", WHY], 2, "not both"),
        (["--undo", "bogus"], 2, "'bogus' cannot be fixed"),
        (["published=2025-02-30", "--reason", WHY], 1, "'2025-02-30' is not a date or time"),
        (["published=2025-05-02T08:30:00", "--reason", WHY], 1, "give the time's UTC offset"),
        (["published=May 2", "--reason", WHY], 1, "published must be a date"),
        (["day=2025-5-2", "--reason", WHY], 1, "day must be YYYY-MM-DD"),
        (["title=", "--reason", WHY], 1, "a title cannot be empty"),
        (["title=A\x07bell", "--reason", WHY], 1, "holds a control character"),
        (
            ["persons-=Georgia Power", "--reason", WHY],
            1,
            "'Georgia Power' is not among the persons",
        ),
        (["persons+=", "--reason", WHY], 1, "persons+= needs a value"),
        (["title=Better", "persons-=Nobody", "--reason", WHY], 1, "'Nobody' is not among"),
        (["--undo", "title"], 1, "title of this article has no correction to undo"),
    ],
)
def test_a_bad_field_or_value_is_one_line_and_changes_nothing(
    untouched: Path, argv: list[str], code: int, text: str
) -> None:
    before = _article(untouched)
    ran = run_dateline(untouched, "fix", STORY_URL, *argv)
    assert ran.code == code
    assert text in ran.error_line()
    assert _article(untouched) == before
    assert json.loads(run_dateline(untouched, "audit", "--json").out) == []


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["fix", "https://elsewhere.example/story", "title=X", "--reason", WHY], "no article"),
        (["hide", "0123456789abcdef", "--reason", WHY], "no article '0123456789abcdef'"),
        (["unhide", STORY_URL], "this article is not hidden"),
    ],
)
def test_an_unknown_article_or_a_story_not_hidden_is_one_line_exit_1(
    untouched: Path, argv: list[str], text: str
) -> None:
    ran = run_dateline(untouched, *argv)
    assert ran.code == 1
    assert text in ran.error_line()
    assert json.loads(run_dateline(untouched, "audit", "--json").out) == []


def test_records_commands_on_a_folder_without_an_archive_create_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[archive]\ndir = "data"\n', encoding="utf-8")
    for argv in (["fix", STORY, "title=X", "--reason", WHY], ["hide", STORY, "--reason", WHY]):
        ran = run_dateline(config, *argv)
        assert ran.code == 1 and 'run "dateline import"' in ran.error_line()
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_every_fixable_field_has_a_label_on_the_article_page() -> None:
    assert set(FIELD_LABELS) == set(FIXABLE)
