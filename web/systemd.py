"""systemd service units for `dateline serve` and `dateline crawl --every`, as `dateline systemd`
prints them: this program, this config file and this user, so the unit runs what was tested."""

from __future__ import annotations

import os
import pwd
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

_INSTALL = """\
# {name}.service, printed by `dateline systemd {service}`. To install it:
#   dateline --config {shell_config} systemd {service} | sudo tee /etc/systemd/system/{name}.service
#   sudo systemctl daemon-reload && sudo systemctl enable --now {name}
"""

_SERVE = """\
[Unit]
Description=Dateline: the news archive's search web app
After=network.target

[Service]
Type=exec
User={user}
WorkingDirectory={folder}
ExecStart={command} serve
# SIGTERM goes to the main process, which stops its worker processes and exits 0.
KillMode=mixed
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=multi-user.target
"""

_CRAWL = """\
[Unit]
Description=Dateline: crawl the configured outlets every {every}
Wants=network-online.target
After=network-online.target

[Service]
Type=exec
User={user}
WorkingDirectory={folder}
ExecStart={command} crawl --every {every}
# SIGTERM ends the wait between rounds at once, or stops the round under way: what was
# fetched is stored and indexed, the rest stays queued for the next start. Exit 0 either way.
KillMode=mixed
TimeoutStopSec=120
# Exit 1: an error it cannot get past (another crawl holds the archive, a full disk).
Restart=on-failure
RestartSec=5min
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=multi-user.target
"""


def service_unit(
    service: str,
    config_path: Path,
    every: str = "30m",
    program: Sequence[str] | None = None,
    user: str | None = None,
) -> str:
    """Return the unit file of the `serve` or `crawl` service for this config file.

    `program` is the command that runs dateline (default: this installation's), `user` the
    account it runs as (default: the current one, who can read and write the archive).
    """
    config_path = config_path.resolve()
    words = [*(program or dateline_program()), "--config", str(config_path)]
    fields = {
        "name": f"dateline-{service}",
        "shell_config": shlex.quote(str(config_path)),
        "service": service + (f" --every {every}" if service == "crawl" else ""),
        "user": user or pwd.getpwuid(os.getuid()).pw_name,
        "folder": _unit_value(str(config_path.parent)),
        "command": " ".join(exec_word(w) for w in words),
        "every": every,
    }
    body = _SERVE if service == "serve" else _CRAWL
    return (_INSTALL + "\n" + body).format(**fields)


def dateline_program() -> list[str]:
    """The command that runs this dateline: its console script beside the Python, if any."""
    # Not resolved: a virtualenv's python is a symlink out of the bin folder with the script.
    script = Path(sys.executable).absolute().parent / "dateline"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "web.cli"]


def exec_word(word: str) -> str:
    """One word of an ExecStart= line, quoted as systemd reads it (spaces, quotes, % and $)."""
    text = word.replace("%", "%%").replace("$", "$$")
    if text and not any(c.isspace() or c in "\"'\\;" for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unit_value(text: str) -> str:
    """A setting's value: specifiers escaped (WorkingDirectory= takes the path unquoted)."""
    return text.replace("%", "%%")
