"""The units `dateline systemd serve|crawl` prints are valid: read against the grammar of
systemd.unit(5), systemd.service(5), systemd.exec(5) and systemd.kill(5), and by
`systemd-analyze verify` where it is installed. Each runs this dateline on this config file."""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures import ROOT, write_config
from web.cli import main
from web.systemd import dateline_program, service_unit

_BOOLEAN = r"yes|no|true|false|on|off|1|0"
_SPAN = r"\d+(\.\d+)?(us|ms|s|sec|m|min|h|hr)?|infinity"
# The settings a unit of ours may use, section by section, and the values each accepts.
_GRAMMAR: dict[str, dict[str, str]] = {
    "Unit": {"Description": r".+", "After": r"[\w.@-]+( [\w.@-]+)*", "Wants": r"[\w.@-]+"},
    "Service": {
        "Type": r"simple|exec|forking|oneshot|dbus|notify|idle",
        "User": r"[a-z_][a-z0-9_-]*\$?",
        "WorkingDirectory": r"/.*",
        "ExecStart": r"/.*",
        "KillMode": r"control-group|mixed|process|none",
        "TimeoutStopSec": _SPAN,
        "Restart": r"no|on-success|on-failure|on-abnormal|on-watchdog|on-abort|always",
        "RestartSec": _SPAN,
        "NoNewPrivileges": _BOOLEAN,
        "PrivateTmp": _BOOLEAN,
        "ProtectSystem": r"yes|no|true|false|full|strict",
    },
    "Install": {"WantedBy": r"[\w.@-]+\.target"},
}


def _unit(
    folder: Path, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[str, dict[str, dict[str, str]]]:
    """Print a unit through the CLI; return its text and its settings by section."""
    config = write_config(folder)
    assert main(["--config", str(config), "systemd", *argv]) == 0
    text = capsys.readouterr().out
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(("#", ";")):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header is not None:
            assert header[1] not in sections, f"line {number}: [{header[1]}] twice"
            current = sections.setdefault(header[1], {})
            continue
        assert current is not None, f"line {number}: a setting before any section"
        key, equals, value = line.partition("=")
        assert equals and key == key.strip() and value, f"line {number}: not Key=Value: {line}"
        assert key not in current, f"line {number}: {key} twice"
        current[key] = value
    return text, sections


def _literal(value: str, specials: str = "%") -> str:
    """A setting's text as systemd uses it: each special (% specifier, $ variable) doubled."""
    for special in specials:
        mark = re.escape(special)
        assert re.fullmatch(f"([^{mark}]|{mark}{mark})*", value), f"lone {special}: {value}"
        value = value.replace(special * 2, special)
    return value


def _exec_words(value: str) -> list[str]:
    """ExecStart's words as systemd splits them (double quotes, backslash escapes)."""
    return [_literal(word, "%$") for word in shlex.split(value)]


@pytest.mark.parametrize(
    ("argv", "tail"),
    [
        (["serve"], ["serve"]),
        (["crawl"], ["crawl", "--every", "30m"]),
        (["crawl", "--every", "1.5h"], ["crawl", "--every", "90m"]),
    ],
)
def test_each_unit_follows_the_service_grammar_and_runs_this_dateline_on_this_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], tail: list[str]
) -> None:
    # A space, a % that systemd must not read as a specifier and a $ it must not expand.
    folder = tmp_path / "news archive 100% $HOME"
    folder.mkdir()
    _, sections = _unit(folder, capsys, *argv)
    assert list(sections) == ["Unit", "Service", "Install"]
    for name, settings in sections.items():
        for key, value in settings.items():
            assert key in _GRAMMAR[name], f"[{name}] {key} is not a setting we checked"
            assert re.fullmatch(_GRAMMAR[name][key], value), f"[{name}] {key}={value}"
    service = sections["Service"]
    words = _exec_words(service["ExecStart"])
    config = str((folder / "config.toml").resolve())
    assert words == [*dateline_program(), "--config", config, *tail]
    assert os.access(words[0], os.X_OK)
    assert _literal(service["WorkingDirectory"]) == str(folder.resolve())
    assert pwd.getpwnam(service["User"]).pw_uid == os.getuid()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
@pytest.mark.parametrize("service", ["serve", "crawl"])
def test_systemd_analyze_verifies_each_unit_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], service: str
) -> None:
    folder = tmp_path / "news archive 100%"
    folder.mkdir()
    text, _ = _unit(folder, capsys, service)
    unit = tmp_path / f"dateline-{service}.service"
    unit.write_text(text, encoding="utf-8")
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    # Unknown keys or bad values are only warnings: any line naming our unit fails the test.
    ours = [line for line in checked.stderr.splitlines() if unit.name in line]
    assert checked.returncode == 0 and ours == [], checked.stderr


def test_the_readme_shows_the_units_the_command_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"```ini\n(.*?)```", readme, flags=re.DOTALL)
    config = Path("/srv/dateline/config.toml")
    program = ["/srv/dateline/.venv/bin/dateline"]
    assert shown == [
        service_unit("serve", config, program=program, user="dateline"),
        service_unit("crawl", config, "30m", program=program, user="dateline"),
    ]
