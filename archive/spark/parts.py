"""The JSON Lines parts of a folder, as a derive job (or any Hadoop job) writes them."""

from __future__ import annotations

from pathlib import Path

from archive.errors import ArchiveError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_jsonl(path: Path) -> bool:
    """True for a file of Documents as JSON Lines: *.jsonl[.gz], or a job's part-00000[.gz]."""
    name = path.name
    if name.endswith(JSONL_SUFFIXES):
        return True
    return name.startswith("part-") and not name.endswith(WARC_SUFFIXES)


def jsonl_parts(folder: Path) -> list[Path]:
    """The JSON Lines files of a folder, in name order (part-00000.gz, part-00001.gz ...).

    Hidden and marker files (.part-00000.gz.crc, _SUCCESS) are not parts.

    Raises:
        ArchiveError: the folder holds no such file.
    """
    parts = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith((".", "_")) and is_jsonl(path)
    )
    if not parts:
        raise ArchiveError(f"{folder} holds no JSON Lines parts (part-*, *.jsonl, *.jsonl.gz)")
    return parts
