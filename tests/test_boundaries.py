"""The house rule on imports: archive <- indexer <- web, through __init__ exports only.

Inside archive/, the rooms keep their own order: capture/ never reads parse/ or entities/,
parse/ never reads entities/ or capture/, and lexicon/ (data both read) reads no room.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "indexer", "web")
ALLOWED = {"archive": set(), "indexer": {"archive"}, "web": {"archive", "indexer"}}
ROOMS = ("capture", "parse", "entities", "lexicon")
# room -> rooms it must not import
FORBIDDEN_ROOMS = {
    "capture": {"parse", "entities", "lexicon"},
    "parse": {"capture", "entities"},
    "entities": {"capture", "parse"},
    "lexicon": {"capture", "parse", "entities"},
}
# the archive modules every room may lean on; they import no room themselves
FOUNDATION = (
    "closing",
    "config",
    "errors",
    "document",
    "urls",
    "warc",
    "warc_record",
    "warc_writer",
)


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def _sources() -> list[tuple[str, Path]]:
    return [(pkg, path) for pkg in PACKAGES for path in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _sources(), ids=lambda v: str(v))
def test_packages_import_each_other_one_way_through_init_only(package: str, path: Path) -> None:
    for module, line in _imports(path):
        top = module.split(".")[0]
        if top not in PACKAGES or top == package:
            continue
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        assert top in ALLOWED[package], f"{where}: {package} may not import {top}"
        assert module == top, f"{where}: import from {top}'s __init__ exports only"


@pytest.mark.parametrize(("package", "path"), _sources(), ids=lambda v: str(v))
def test_only_the_indexer_imports_whoosh(package: str, path: Path) -> None:
    for module, line in _imports(path):
        if module.split(".")[0] == "whoosh":
            assert package == "indexer", f"{path.relative_to(ROOT)}:{line} imports whoosh"


def test_the_boundary_check_sees_imports() -> None:
    # Guard against a vacuous pass: the scan must find real cross-package imports.
    cross = [m for _, p in _sources() for m, _ in _imports(p) if m in ("archive", "indexer")]
    assert len(cross) >= 3


def _room_sources() -> list[tuple[str, Path]]:
    return [
        (room, path) for room in ROOMS for path in sorted((ROOT / "archive" / room).rglob("*.py"))
    ]


def _room_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "archive" and parts[1] in ROOMS else None


@pytest.mark.parametrize(("room", "path"), _room_sources(), ids=lambda v: str(v))
def test_archive_rooms_import_each_other_in_order(room: str, path: Path) -> None:
    for module, line in _imports(path):
        other = _room_of(module)
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        assert other not in FORBIDDEN_ROOMS[room], f"{where}: archive/{room} may not import {other}"
        assert module != "archive", f"{where}: a room imports the module it needs, not archive"


@pytest.mark.parametrize("name", FOUNDATION)
def test_archive_foundation_modules_import_no_room(name: str) -> None:
    path = ROOT / "archive" / f"{name}.py"
    rooms = [m for m, _ in _imports(path) if _room_of(m)]
    assert rooms == [], f"archive/{name}.py imports {rooms}: rooms build on it, not it on them"


def test_the_room_check_sees_imports() -> None:
    # Guard against a vacuous pass: parse/ and entities/ both read lexicon/.
    seen = {(room, _room_of(m)) for room, p in _room_sources() for m, _ in _imports(p)}
    assert {("parse", "lexicon"), ("entities", "lexicon"), ("parse", "parse")} <= seen
