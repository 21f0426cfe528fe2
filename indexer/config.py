"""The indexer's configuration section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IndexConfig:
    """Where the index lives and how ranking behaves."""

    dir: Path = Path("data/index")
    recency_boost: bool = True
    procs: int = 2
    # Curation of entity facets, applied at (re)index time without re-parsing:
    # (name as extracted, name to show) pairs, and names never to show.
    aliases: tuple[tuple[str, str], ...] = ()
    stop: tuple[str, ...] = ()
