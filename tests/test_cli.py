"""The `dateline` command: real store and index in tmp_path; errors are one line, non-zero."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from archive import Document, Store
from tests.fixtures import DOCS, SAMPLE_WARC
from tests.outlet.server import OutletServer, load_sample_outlet
from web.app import create_app
from web.cli import main
from web.config import load_config


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[archive]\ndir = "data"\n[index]\nprocs = 1\n', encoding="utf-8")
    return path


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({k: v for k, v in d.to_dict().items() if k != "id"}) for d in DOCS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dateline: ")
    return lines[0]


def test_import_jsonl_reindex_and_search(
    capsys: pytest.CaptureFixture[str], config_path: Path, jsonl: Path
) -> None:
    assert _run(capsys, "--config", str(config_path), "import", str(jsonl))[0] == 0
    assert _run(capsys, "--config", str(config_path), "reindex")[0] == 0
    code, out, _ = _run(capsys, "--config", str(config_path), "search", "budget")
    assert code == 0
    assert (
        "1 article (page 1 of 1)" in out
        and "Council adopts school budget" in out
        and "*budget*" in out
    )


def test_search_json_is_the_same_as_the_endpoint(
    capsys: pytest.CaptureFixture[str], config_path: Path, jsonl: Path
) -> None:
    _run(capsys, "--config", str(config_path), "import", str(jsonl))
    _run(capsys, "--config", str(config_path), "reindex")
    argv = ["search", "mayor", "--city", "Hartford, CT", "--json"]
    code, out, _ = _run(capsys, "--config", str(config_path), *argv)
    assert code == 0
    client = create_app(load_config(config_path)).test_client()
    api = client.get("/api/search?q=mayor&city=Hartford,+CT").get_json()
    assert json.loads(out) == api
    assert api["total"] == 2


def test_stats_report_articles_and_top_entities(
    capsys: pytest.CaptureFixture[str], config_path: Path, jsonl: Path
) -> None:
    _run(capsys, "--config", str(config_path), "import", str(jsonl))
    _run(capsys, "--config", str(config_path), "reindex")
    code, out, _ = _run(capsys, "--config", str(config_path), "stats", "--entities", "--json")
    data = json.loads(out)
    assert code == 0 and data["articles"] == len(DOCS) and data["indexed"] == len(DOCS)
    assert data["entities"]["person"][0] == {
        "value": "Rosa Delgado",
        "count": 2,
        "label": "Rosa Delgado",
    }


def test_search_before_any_index_says_to_reindex(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    code, _, err = _run(capsys, "--config", str(config_path), "search", "x")
    assert code == 1
    assert 'run "dateline reindex"' in _one_line_error(err)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary" * 50, "not a WARC")],
)
def test_importing_an_empty_or_binary_file_fails_cleanly(
    capsys: pytest.CaptureFixture[str], config_path: Path, content: bytes, message: str
) -> None:
    bad = config_path.parent / "bad.warc.gz"
    bad.write_bytes(content)
    code, _, err = _run(capsys, "--config", str(config_path), "import", str(bad))
    assert code == 1
    assert message in _one_line_error(err)


def test_a_bad_jsonl_line_is_named_and_earlier_lines_are_kept(
    capsys: pytest.CaptureFixture[str], config_path: Path, jsonl: Path
) -> None:
    jsonl.write_text(jsonl.read_text() + '{"url": "https://x.example/"}\n', encoding="utf-8")
    code, _, err = _run(capsys, "--config", str(config_path), "import", str(jsonl))
    assert code == 1
    assert f"line {len(DOCS) + 1}" in _one_line_error(err)


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["search", "--page", "-1"], 2, "--page: must be"),
        (["search", "--per-page", "500"], 2, "--per-page: must be"),
        (["search", "--from", "2024-13-45"], 2, "--from: must be a date"),
        (["export", "--warc", "out.warc.gz", "--to", "someday"], 2, "--to: must be a date"),
        (["frobnicate"], 2, "invalid choice"),
        (["parse"], 2, "required"),
        (["parse", "/nonexistent/page.html"], 2, "no such file"),
        (["import", "/nonexistent/file.warc"], 2, "no such file"),
        (["crawl", "--max-pages", "0"], 2, "--max-pages: must be a whole number"),
        (["crawl", "--max-pages", "many"], 2, "--max-pages: must be a whole number"),
        (["reparse", "--workers", "-1"], 2, "--workers: must be a whole number"),
        (["serve", "--port", "70000"], 2, "--port: must be a whole number from 0 to 65535"),
        (["crawl", "--outlet", "Nowhere Gazette"], 1, "no outlet named"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], config_path: Path, argv: list[str], code: int, text: str
) -> None:
    got, _, err = _run(capsys, "--config", str(config_path), *argv)
    assert got == code
    assert text in _one_line_error(err)


def test_a_missing_config_file_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--config", str(tmp_path / "nope.toml"), "stats")
    assert code == 1
    assert "config file not found" in _one_line_error(err)


def test_parse_of_an_empty_page_says_not_an_article(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    page = config_path.parent / "empty.html"
    page.write_bytes(b"")
    code, out, err = _run(capsys, "--config", str(config_path), "parse", str(page))
    assert code == 1 and out == ""
    assert "not an article: " in _one_line_error(err)


def test_crawl_url_archives_that_page_and_crawls_no_outlet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = load_sample_outlet("news9-albany", base_url="{base}")
    path = next(p for p in pages if "knickerbocker" in p)
    with OutletServer(pages) as server:
        config = tmp_path / "config.toml"
        config.write_text(
            '[archive]\ndir = "data"\n[index]\nprocs = 1\n[crawl]\ndelay_seconds = 0\n'
            f'[[outlets]]\nname = "NewsChannel 9"\nhome = "Albany, NY"\n'
            f'feeds = ["{server.url}/feed.xml"]\n',
            encoding="utf-8",
        )
        code, _, _ = _run(capsys, "--config", str(config), "crawl", "--url", server.url + path)
        requested = server.paths()
    assert code == 0
    assert "/feed.xml" not in requested
    assert requested.count(path) == 1
    code, out, _ = _run(capsys, "--config", str(config), "search", "Knickerbocker", "--json")
    hit = json.loads(out)["hits"][0]
    assert hit["outlet"] == "NewsChannel 9" and hit["cities"][0] == "Troy, NY"


def test_the_config_path_comes_from_dateline_config(
    capsys: pytest.CaptureFixture[str],
    config_path: Path,
    jsonl: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATELINE_CONFIG", str(config_path))
    assert _run(capsys, "import", str(jsonl))[0] == 0
    code, out, _ = _run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == len(DOCS)


def test_stats_on_an_empty_folder_creates_nothing_and_says_so(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    for argv in (["stats"], ["stats", "--json"]):
        code, out, err = _run(capsys, "--config", str(config_path), *argv)
        assert code == 1 and out == ""
        assert 'run "dateline import" or "dateline crawl" first' in _one_line_error(err)
    assert [p.name for p in config_path.parent.iterdir()] == ["config.toml"]


def _lines(path: Path, docs: list[Document]) -> Path:
    path.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in docs), encoding="utf-8")
    return path


def test_a_reimported_jsonl_document_that_changed_becomes_a_new_version(
    capsys: pytest.CaptureFixture[str], config_path: Path, tmp_path: Path
) -> None:
    config = ("--config", str(config_path))
    first = replace(DOCS[0], captured=None)  # lines without a capture time: now is theirs
    assert _run(capsys, *config, "import", str(_lines(tmp_path / "a.jsonl", [first])))[0] == 0
    edited = replace(first, body=first.body + "\n\nCorrection: the night was on Friday.")
    code, _, err = _run(capsys, *config, "import", str(_lines(tmp_path / "b.jsonl", [edited])))
    assert code == 0 and "0 new, 1 changed, 0 unchanged" in err
    # An export's lines keep their capture time: an edited one is a new version all the same.
    again = replace(edited, body=edited.body + " Updated.", captured=DOCS[0].captured)
    code, _, err = _run(capsys, *config, "import", str(_lines(tmp_path / "c.jsonl", [again])))
    assert code == 0 and "0 new, 1 changed, 0 unchanged" in err
    with Store(tmp_path / "data" / "store.sqlite") as store:
        versions = store.versions(first.id)
    # By capture time: the exported line's, kept from long ago, comes first.
    assert [v.body for v in versions] == [again.body, first.body, edited.body]
    assert all(v.captured for v in versions)


def test_a_reimported_identical_jsonl_document_is_unchanged(
    capsys: pytest.CaptureFixture[str], config_path: Path, tmp_path: Path
) -> None:
    config = ("--config", str(config_path))
    lines = _lines(tmp_path / "a.jsonl", [replace(d, captured=None) for d in DOCS])
    assert _run(capsys, *config, "import", str(lines))[0] == 0
    code, _, err = _run(capsys, *config, "import", str(lines))
    assert code == 0 and f"0 new, 0 changed, {len(DOCS)} unchanged" in err
    code, out, _ = _run(capsys, *config, "stats", "--json")
    assert json.loads(out)["versions"] == len(DOCS)


def test_stats_list_refused_pages_and_keep_turns_one_into_an_article(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    front = "https://www.hartfordcountycourier.example/news/local/"
    config = ("--config", str(config_path))
    _run(capsys, *config, "import", str(SAMPLE_WARC))
    refused = json.loads(_run(capsys, *config, "stats", "--json")[1])["refused"]
    assert refused["total"] == 7 and refused["by_reason"]["section front"] == 3
    assert refused["pages"][front].startswith("section front: ")
    code, _, err = _run(capsys, *config, "keep", front)
    assert code == 0 and f"kept as an article: {front}" in err
    _run(capsys, *config, "reparse", "--workers", "1")
    code, out, _ = _run(capsys, *config, "stats")
    assert code == 0 and "refused:" in out and front not in out
    assert "search page: 2" in out


def test_keep_undo_refuses_the_page_again_and_the_audit_log_shows_both(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    front = "https://www.hartfordcountycourier.example/news/local/"
    config = ("--config", str(config_path))
    _run(capsys, *config, "import", str(SAMPLE_WARC))
    assert _run(capsys, *config, "keep", front, "--reason", "worth searching")[0] == 0
    code, _, err = _run(capsys, *config, "keep", "--undo", front)
    assert code == 0 and f"no longer kept: {front} (refused" in err
    refused = json.loads(_run(capsys, *config, "stats", "--json")[1])["refused"]
    assert refused["pages"][front].startswith("section front: ")
    entries = json.loads(_run(capsys, *config, "audit", "--json")[1])
    assert [(e["action"], e["url"], e["reason"]) for e in entries] == [
        ("keep", front, "worth searching"),
        ("unkeep", front, ""),
    ]
    code, _, err = _run(capsys, *config, "keep", "--undo", front)
    assert code == 1 and f"{front} is not kept as an article" in _one_line_error(err)


def test_a_damaged_store_is_one_line_naming_it_and_exit_1(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    config = ("--config", str(config_path))
    _run(capsys, *config, "import", str(SAMPLE_WARC))
    store = config_path.parent / "data" / "store.sqlite"
    data = store.read_bytes()
    page_bytes = 4096  # the first page (the schema) stays: the store opens, reading fails
    store.write_bytes(data[:page_bytes] + b"Z" * (len(data) - page_bytes))
    code, out, err = _run(capsys, *config, "stats")
    assert code == 1 and out == ""
    line = _one_line_error(err)
    assert f"{store}: the document store is damaged (database disk image is malformed)" in line


def test_keeping_a_page_that_was_never_captured_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], config_path: Path
) -> None:
    code, _, err = _run(capsys, "--config", str(config_path), "keep", "https://nowhere.example/")
    assert code == 1
    assert "no capture of https://nowhere.example/" in _one_line_error(err)


def test_search_and_export_take_the_same_filters(
    capsys: pytest.CaptureFixture[str], config_path: Path, jsonl: Path
) -> None:
    _run(capsys, "--config", str(config_path), "import", str(jsonl))
    _run(capsys, "--config", str(config_path), "reindex")
    filters = ["mayor", "--city", "Hartford, CT", "--from", "2000-01-01", "--to", "2100-01-01"]
    _, out, _ = _run(capsys, "--config", str(config_path), "search", *filters, "--json")
    found = json.loads(out)["total"]
    warc = str(config_path.parent / "out.warc.gz")
    code, _, err = _run(capsys, "--config", str(config_path), "export", "--warc", warc, *filters)
    # Documents imported as JSON Lines have no archived response: each is reported missing.
    assert code == 0 and found == 2
    assert f"{found} not found in any WARC" in err
