"""The house rule on imports: archive <- indexer <- web, through __init__ exports only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "indexer", "web")
ALLOWED = {"archive": set(), "indexer": {"archive"}, "web": {"archive", "indexer"}}


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
