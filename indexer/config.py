"""The indexer's configuration section (its keys declared as archive.config describes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive import setting


@dataclass(frozen=True)
class IndexConfig:
    """Where the index lives and how ranking behaves."""

    # Always the archive dir's index/ (web.config sets it); not a key of its own.
    dir: Path = Path("data/index")
    recency_boost: bool = field(
        default=True, metadata=setting("whether relevance order gently favours newer articles")
    )
    procs: int = field(default=2, metadata=setting("processes for a full reindex", low=1, high=64))
    # Spilling sorted runs to temporary files is cheap (a few percent of a rebuild), so this
    # bounds memory more than it buys speed; a writer process's RSS is about 1.25x its share
    # plus its base.
    writer_mb: int = field(
        default=256,
        metadata=setting(
            "postings (MB, all processes together) a full reindex holds in memory before spilling",
            low=64,
            high=65536,
        ),
    )
    search_seconds: float = field(
        default=2.0,
        metadata=setting(
            "how long one search may run before it stops (a 503 on the web)", low=0.1, high=3600
        ),
    )
    max_expansions: int = field(
        default=1000,
        metadata=setting(
            "words one wildcard, prefix or range may stand for before the query is refused",
            low=1,
            high=1_000_000,
        ),
    )
    # Curation of entity facets, applied at (re)index time without re-parsing.
    aliases: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=setting(
            "entity names as extracted, each with the name to show",
            table="entities",
        ),
    )
    stop: tuple[str, ...] = field(
        default=(), metadata=setting("entity names never to show", table="entities")
    )
