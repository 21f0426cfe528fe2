"""What the CLI prints: notes on stderr, JSON on stdout (the one JSON printer)."""

from __future__ import annotations

import json
import sys

from archive import Store
from indexer import update_index
from web.config import AppConfig


def say(message: str) -> None:
    """Print a note for the person at the terminal, on stderr."""
    print(message, file=sys.stderr)


def say_all(lines: list[str]) -> None:
    """Print each line as a note, on stderr."""
    for line in lines:
        say(line)


def print_json(data: object) -> None:
    """Print JSON the way every command does (the one JSON printer)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def update_index_saying(config: AppConfig, store: Store) -> int:
    """update_index, saying what it cleared or repaired on the way."""
    notes: list[str] = []
    try:
        return update_index(config.index, store, notes=notes)
    finally:
        say_all(notes)
