"""Every output the benchmarks see, as one JSON Lines file, to show that a change alters none.

Run: .venv/bin/python -m bench.snapshot OUT.jsonl [--bench-dir DIR]
Then `diff` two snapshots. Each line is one output: a parsed benchmark page (every Document
field, with the entities that `dateline reparse` adds), one labelled story's entities (with
and without the outlet's home), or one search over the bundled sample archive (hits in order
with snippets, total, facets and suggestion). Timings are left out: only what a user reads.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archive import (
    ArchiveConfig,
    NotAnArticle,
    Store,
    extract_entities,
    import_warc,
    parse_page,
)
from indexer import IndexConfig, SearchIndex, SearchQuery, rebuild_index

ROOT = Path(__file__).resolve().parents[1]
PAGE_SETS = (
    "fundus-en",
    "trafilatura-en",
    "htmldate-en",
    "readability-en",
    "article-body",
    "real-dev",
)
QUERIES: tuple[dict[str, list[str]], ...] = (
    {"q": ["mayor"]},
    {"q": ["police"], "from": ["2023-08-01"], "to": ["2023-08-31"]},
    {"q": ["council budget"]},
    {"q": ["mayor"], "city": ["Troy, NY"]},
    {"q": ['"town council"']},
    {"q": ["school*"]},
    {"q": ["fire OR flood"], "sort": ["newest"]},
    {"q": ["counxil"]},
    {},
    {"sort": ["oldest"], "per_page": ["50"]},
)


def page_outputs(bench_dir: Path) -> Iterator[dict[str, Any]]:
    """Parse every benchmark page and add its entities, as `dateline reparse` does."""
    for name in PAGE_SETS:
        lines = (bench_dir / name / "truth.jsonl").read_text(encoding="utf-8").splitlines()
        for line in lines:
            truth = json.loads(line)
            path = bench_dir / name / "html" / f"{truth['id']}.html.gz"
            if not path.exists():
                continue
            raw = gzip.decompress(path.read_bytes())
            yield {"set": name, "id": truth["id"], **_parsed(raw, truth.get("url"))}


def _parsed(raw: bytes, url: str | None) -> dict[str, Any]:
    try:
        doc = parse_page(raw, url or "https://example.com/")
    except NotAnArticle as exc:
        return {"refused": str(exc)}
    out = dataclasses.asdict(doc)
    if doc.is_article:
        found = extract_entities(doc.title, doc.body, dateline=doc.dateline, exclude=doc.authors)
        out["entities"] = dataclasses.asdict(found)
    return out


def entity_outputs(bench_dir: Path) -> Iterator[dict[str, Any]]:
    """Extract entities from every labelled third-party story, with and without a home."""
    folder = bench_dir / "entities-real"
    for name in ("lgl-dev.jsonl", "conll-persons-dev.jsonl"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            story = json.loads(line)
            homes = {None, story.get("outlet_home")}
            for home in sorted(homes, key=lambda h: h or ""):
                found = extract_entities(
                    story.get("title") or "",
                    story.get("body") or "",
                    dateline=story.get("dateline"),
                    home=home,
                )
                yield {
                    "set": name,
                    "id": story.get("id"),
                    "home": home,
                    **dataclasses.asdict(found),
                }


def search_outputs(work: Path) -> Iterator[dict[str, Any]]:
    """Import the sample archive, index it, and run the fixed queries."""
    config = ArchiveConfig(dir=work)
    index_config = IndexConfig(dir=work / "index", procs=1)
    with Store(config.store_path) as store:
        import_warc(ROOT / "tests" / "outlet" / "sample.warc.gz", config, store)
        rebuild_index(index_config, store)
        index = SearchIndex(index_config, store)
        try:
            for args in QUERIES:
                result = index.search(SearchQuery.from_args(args))
                yield {"query": args, "result": _plain(dataclasses.asdict(result))}
        finally:
            index.close()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def main() -> int:
    """Write the snapshot."""
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot")
    parser.add_argument("out", type=Path)
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out, tempfile.TemporaryDirectory() as tmp:
        for record in [
            *page_outputs(args.bench_dir),
            *entity_outputs(args.bench_dir),
            *search_outputs(Path(tmp)),
        ]:
            out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
