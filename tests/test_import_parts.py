"""`dateline import` of JSON Lines parts: a folder as a Spark or Hadoop job writes it, one part."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from archive import Store
from tests.fixtures import DOCS, run_dateline, write_config


def _json_lines(docs: list[object]) -> bytes:
    return "".join(json.dumps(d) + "\n" for d in docs).encode("utf-8")


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    """A folder as a derive job leaves it: gzipped and plain parts, markers, checksums."""
    folder = tmp_path / "out"
    folder.mkdir()
    docs = [d.to_dict() for d in DOCS]
    (folder / "part-00000.gz").write_bytes(gzip.compress(_json_lines(docs[:2])))
    (folder / "part-00001.gz").write_bytes(gzip.compress(b""))  # an empty partition
    (folder / "part-00002").write_bytes(_json_lines(docs[2:]))
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / ".part-00000.gz.crc").write_bytes(b"crc\x00\x01")
    return folder


def test_import_of_a_folder_stores_every_part_in_name_order(tmp_path: Path, parts: Path) -> None:
    ran = run_dateline(write_config(tmp_path), "import", str(parts))
    assert ran.code == 0, ran.err
    assert f"{parts}: {len(DOCS)} new, 0 changed, 0 unchanged" in ran.err
    with Store(tmp_path / "data" / "store.sqlite") as store:
        assert [d.id for d in store.iter_documents()] == [d.id for d in DOCS]


def test_one_part_file_imports_as_json_lines_not_as_a_warc(tmp_path: Path, parts: Path) -> None:
    ran = run_dateline(write_config(tmp_path), "import", str(parts / "part-00000.gz"))
    assert ran.code == 0, ran.err
    assert "2 new" in ran.err
    assert not (tmp_path / "data" / "warc").exists()  # no copy kept: it is not a WARC


def test_a_folder_without_parts_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    ran = run_dateline(write_config(tmp_path), "import", str(tmp_path / "empty"))
    assert ran.code == 1
    assert "holds no JSON Lines parts" in ran.error_line()
