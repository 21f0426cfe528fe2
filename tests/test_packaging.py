"""pyproject.toml declares what the code imports: runtime needs at runtime, the rest in extras."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "indexer", "web")
# Rebuilds the committed gazetteer tables; never imported by the packages.
DATA_BUILD = ROOT / "archive" / "lexicon" / "data" / "build.py"
# Declared without being imported: zoneinfo reads it where the system has no time zone data.
IMPLICIT = {"tzdata"}


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, Any] = tomllib.load(f)["project"]
    return project


def _name(requirement: str) -> str:
    bare = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def _distributions(paths: list[Path]) -> set[str]:
    """The distributions whose modules these files import (a module's own name if not installed)."""
    modules: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    ours = set(PACKAGES) | {"__future__"}
    third_party = modules - ours - set(sys.stdlib_module_names)
    installed = packages_distributions()
    return {_name(installed.get(m, [m])[0]) for m in third_party}


def test_runtime_dependencies_are_exactly_what_the_packages_import() -> None:
    sources = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if p != DATA_BUILD]
    declared = {_name(r) for r in _project()["dependencies"]}
    assert declared - IMPLICIT == _distributions(sources)


def test_the_gazetteer_build_imports_only_declared_packages() -> None:
    project = _project()
    build = project["optional-dependencies"]["build"]
    declared = {_name(r) for r in [*project["dependencies"], *build]}
    assert _distributions([DATA_BUILD]) <= declared
