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
    # Packed postings (MB, all processes together) a full rebuild holds in memory before it
    # spills sorted runs to temporary files. Spilling is cheap (a few percent of a rebuild), so
    # this bounds memory more than it buys speed; a writer process's RSS is about 1.25x its share
    # plus its base.
    writer_mb: int = 256
    # Seconds one search may run before it stops with SearchTimeout (a 503 on the web).
    search_seconds: float = 2.0
    # Words one wildcard, prefix or range may stand for before the query is refused.
    max_expansions: int = 1000
    # Curation of entity facets, applied at (re)index time without re-parsing:
    # (name as extracted, name to show) pairs, and names never to show.
    aliases: tuple[tuple[str, str], ...] = ()
    stop: tuple[str, ...] = ()
