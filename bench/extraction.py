"""Accuracy and speed of our parser against trafilatura and htmldate on the shared benchmark.

Run: .venv/bin/python -m bench.extraction [--sets fundus-en,...] [--limit N] [--bench-dir DIR]

Speed is pages per CPU second (one core), so that other work on a shared machine does not
count against a tool; ours includes entity extraction (cities, persons), as `dateline reparse`
does. Each tool runs each set in a fresh process of its own: in one shared process, every
tool's modules and caches lengthen the others' garbage collections. The last line sums every
set.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import re
import sys
import time
import tracemalloc
import unicodedata
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import NotAnArticle, extract_entities, parse_page

SETS = ("fundus-en", "trafilatura-en", "htmldate-en", "readability-en", "article-body", "real-dev")
TOOLS = ("ours", "trafilatura", "htmldate")
WIRE_NAMES = {"AP": "Associated Press", "Reuters": "Reuters", "AFP": "AFP", "UPI": "UPI"}
_TOKEN = re.compile(r"\w+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)


@dataclass
class Page:
    """One benchmark page: raw bytes, its decoded text and its truth."""

    id: str
    url: str | None
    raw: bytes
    text: str
    truth: dict[str, Any]


@dataclass
class Output:
    """What one tool said about one page (None = the tool has no opinion on that field)."""

    body: str | None = None
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    cities: list[str] | None = None
    persons: list[str] | None = None
    refused: bool = False  # the tool said "not an article" (a user of it would lose the page)
    why: str | None = None  # ours: provenance's is_article (the refusal's reason, "uncertain...")


@dataclass
class ToolRun:
    """All outputs of one tool on one set, with crash count, time and memory."""

    outputs: dict[str, Output] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    refused: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0


def default_bench_dir() -> Path:
    """Return /work/shared/bench as seen from this repository."""
    return Path(__file__).resolve().parents[2] / "shared" / "bench"


def load_set(bench_dir: Path, name: str, limit: int | None) -> list[Page]:
    """Read one dataset's truth and pages, decoded as the anchor runs decoded them."""
    pages: list[Page] = []
    lines = (bench_dir / name / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:limit] if limit else lines:
        truth = json.loads(line)
        path = bench_dir / name / "html" / f"{truth['id']}.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        pages.append(Page(truth["id"], truth.get("url"), raw, _anchor_decode(raw), truth))
    return pages


def _anchor_decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        match = re.search(rb"charset=[\"']?([A-Za-z0-9_\-]+)", raw[:4096])
        if match:
            try:
                return raw.decode(match.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
        return raw.decode("cp1252", errors="replace")


def run_ours(page: Page) -> Output:
    """Parse with our parser and extract entities, as archive.derive_document does.

    Raw bytes: decoding is part of what we measure. The printed dateline is kept apart from
    the entities' dateline city because the truth's article text starts with the former.
    """
    doc = parse_page(page.raw, page.url or "https://example.com/")
    found = (
        extract_entities(doc.title, doc.body, dateline=doc.dateline, exclude=doc.authors)
        if doc.is_article
        else None
    )
    authors = list(doc.authors)
    if doc.wire and not authors:
        authors.append(WIRE_NAMES.get(doc.wire, doc.wire))
    date = doc.day or doc.updated
    # the Document keeps the printed dateline apart; the page's article text starts with it
    body = f"{doc.dateline} \u2014 {doc.body}" if doc.dateline else doc.body
    day = date[:10] if date else None
    why = doc.provenance.get("is_article")
    if found is None:
        return Output(body, doc.title, authors, day, refused=True, why=why)
    return Output(body, doc.title, authors, day, found.cities, found.persons, why=why)


def run_trafilatura(page: Page) -> Output:
    """Extract with trafilatura's documented settings (see ANCHORS.md)."""
    from trafilatura import extract

    result = extract(
        page.text,
        url=page.url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
    )
    if not result:
        return Output()
    data = json.loads(result)
    authors = [a for a in re.split(r";\s*", data.get("author") or "") if a]
    return Output(data.get("text"), data.get("title"), authors, data.get("date"))


def run_htmldate(page: Page) -> Output:
    """Find the date with htmldate's documented settings (date only)."""
    from htmldate import find_date

    found = find_date(page.text, url=page.url, extensive_search=True, original_date=True)
    return Output(date=found)


RUNNERS: dict[str, Callable[[Page], Output]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "htmldate": run_htmldate,
}


def run_tool(name: str, pages: list[Page], memory_pages: int) -> ToolRun:
    """Run one tool over pages; a crash on a page counts as empty output for that page."""
    runner = RUNNERS[name]
    run = ToolRun()
    if pages:
        _safe(runner, pages[0], ToolRun())  # untimed warm-up (imports, caches)
    start = time.process_time()
    for page in pages:
        run.outputs[page.id] = _safe(runner, page, run)
        run.refused += run.outputs[page.id].refused
    run.seconds = time.process_time() - start
    run.peak_mb = _peak_memory(runner, pages[:memory_pages])
    return run


def run_isolated(name: str, pages: list[Page], memory_pages: int) -> ToolRun:
    """Run one tool over pages in a fresh process, as a user of that tool alone would."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_tool, name, pages, memory_pages).result()


def _safe(runner: Callable[[Page], Output], page: Page, run: ToolRun) -> Output:
    try:
        return runner(page)
    except NotAnArticle as exc:
        return Output(refused=True, why=exc.reason)
    except Exception as exc:  # a crash is a measured result here: counted, printed, scored empty
        run.crashes.append(f"{page.id}: {type(exc).__name__}: {exc}"[:200])
        return Output()


def _peak_memory(runner: Callable[[Page], Output], pages: list[Page]) -> float:
    peak = 0
    for page in pages:
        tracemalloc.start()
        _safe(runner, page, ToolRun())
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak / 1e6


# --- metrics -------------------------------------------------------------------------------


def shingle_scores(truth: str, predicted: str) -> tuple[float, float]:
    """Return (precision, recall) of one page with the article-body benchmark's 4-gram metric."""
    expected = _shingles(truth)
    got = _shingles(predicted)
    if not expected and not got:
        return 1.0, 1.0
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return (precision, recall) if total else (1.0, 1.0)


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def token_f1(truth: str, predicted: str) -> float:
    """Return the anchors' page body F1: lowercase whitespace tokens, multiset overlap."""
    expected = Counter(truth.lower().split())
    got = Counter(predicted.lower().split())
    common = sum((expected & got).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _norm_title(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _names(values: list[str]) -> list[str]:
    out = []
    for value in values:
        for part in _AUTHOR_SPLIT.split(value):
            part = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE).casefold()
            if part:
                out.append(part)
    return out


def _segment_hits(text: str, snippets: list[str]) -> int:
    haystack = " ".join(text.split()).casefold()
    return sum(1 for s in snippets if " ".join(s.split()).casefold() in haystack)


@dataclass
class Scores:
    """Per tool, per set: the figures of one table row."""

    values: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def score(pages: list[Page], run: ToolRun, tool: str) -> Scores:
    """Score one tool's outputs on one set against the truth."""
    result = Scores()
    if tool != "htmldate":
        _score_body(pages, run, result)
        _score_title(pages, run, result)
        _score_authors(pages, run, result)
        _score_leads(pages, run, result)
    _score_dates(pages, run, result)
    result.values["refused"] = float(run.refused)
    result.values["pages/s"] = len(pages) / run.seconds if run.seconds else None
    result.values["peak MB"] = run.peak_mb
    return result


def _score_body(pages: list[Page], run: ToolRun, result: Scores) -> None:
    with_body = [p for p in pages if p.truth.get("body")]
    if with_body:
        pairs = [shingle_scores(p.truth["body"], run.outputs[p.id].body or "") for p in with_body]
        precision = sum(p for p, _ in pairs) / len(pairs)
        recall = sum(r for _, r in pairs) / len(pairs)
        result.values.update(
            {"body F1": _f1(precision, recall), "body P": precision, "body R": recall}
        )
        tokens = [token_f1(p.truth["body"], run.outputs[p.id].body or "") for p in with_body]
        result.values["token F1"] = sum(tokens) / len(tokens)
        result.counts["body"] = len(with_body)
    segmented = [p for p in pages if p.truth.get("with") is not None and not p.truth.get("body")]
    if segmented:
        tp = fn = fp = 0
        for page in segmented:
            text = run.outputs[page.id].body or ""
            hits = _segment_hits(text, page.truth["with"])
            tp, fn = tp + hits, fn + len(page.truth["with"]) - hits
            fp += _segment_hits(text, page.truth.get("without") or []) if text else 0
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        result.values.update(
            {"seg F1": _f1(precision, recall), "seg P": precision, "seg R": recall}
        )
        result.counts["seg"] = len(segmented)


def _score_title(pages: list[Page], run: ToolRun, result: Scores) -> None:
    titled = [p for p in pages if p.truth.get("title")]
    if titled:
        hits = sum(
            _norm_title(run.outputs[p.id].title or "") == _norm_title(p.truth["title"])
            for p in titled
        )
        result.values["title"] = hits / len(titled)
        result.counts["title"] = len(titled)


def _score_authors(pages: list[Page], run: ToolRun, result: Scores) -> None:
    found = expected = matched = predicted = 0
    scored = 0
    for page in pages:
        truth_names = _names(page.truth.get("authors") or [])
        if not truth_names:
            continue
        scored += 1
        names = _names(run.outputs[page.id].authors or [])
        expected += len(truth_names)
        found += sum(any(t in n for n in names) for t in truth_names)
        predicted += len(names)
        matched += sum(any(t in n or n in t for t in truth_names) for n in names)
    if scored:
        recall, precision = found / expected, matched / max(1, predicted)
        result.values.update(
            {"author R": recall, "author P": precision, "author F1": _f1(precision, recall)}
        )
        result.counts["authors"] = scored


def lead_contained(lead: str, body: str) -> bool:
    """Return whether a body holds its truth's lead (real-dev's rule: the lead's second half,
    at least 30 characters, occurs in the body, whitespace ignored)."""
    squeezed = "".join(lead.split())
    half = squeezed[len(squeezed) // 2 :]
    if len(half) < 30:
        half = squeezed[-30:]
    return half in "".join(body.split())


def _score_leads(pages: list[Page], run: ToolRun, result: Scores) -> None:
    led = [p for p in pages if p.truth.get("body_lead")]
    if led:
        result.values["lead"] = sum(
            lead_contained(p.truth["body_lead"], run.outputs[p.id].body or "") for p in led
        ) / len(led)
        result.counts["lead"] = len(led)


def date_right(got: str, truth: dict[str, Any]) -> bool:
    """Return whether a day matches the truth (any of real-dev's `date_days` where given)."""
    return got in (truth.get("date_days") or [truth["date"][:10]])


def _score_dates(pages: list[Page], run: ToolRun, result: Scores) -> None:
    dated = [p for p in pages if p.truth.get("date")]
    if dated:
        predicted = [(run.outputs[p.id].date or "")[:10] for p in dated]
        result.values["date acc"] = sum(
            date_right(got, p.truth) for got, p in zip(predicted, dated, strict=True)
        ) / len(dated)
        result.values["date cov"] = sum(
            bool(re.fullmatch(r"\d{4}-\d\d-\d\d", g)) for g in predicted
        ) / len(dated)
        result.counts["date"] = len(dated)


# --- report --------------------------------------------------------------------------------

COLUMNS = (
    "body F1", "body P", "body R", "token F1", "seg F1", "seg P", "seg R", "title",
    "author R", "author P", "author F1", "lead", "date acc", "date cov", "refused", "pages/s",
    "peak MB",
)  # fmt: skip


def table(name: str, rows: dict[str, Scores], runs: dict[str, ToolRun], n: int) -> str:
    """Return one markdown table: a row per tool, a column per figure the set has truth for."""
    columns = [c for c in COLUMNS if any(r.values.get(c) is not None for r in rows.values())]
    lines = [f"## {name} ({n} pages)", "", "| tool | " + " | ".join(columns) + " |"]
    lines.append("|---" * (len(columns) + 1) + "|")
    for tool, row in rows.items():
        cells = [_cell(row.values.get(c), c) for c in columns]
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")
    counts = next(iter(rows.values())).counts
    lines.append("")
    lines.append("Scored: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for tool, run in runs.items():
        if run.crashes or run.refused:
            lines.append(f"{tool}: {len(run.crashes)} crashes, {run.refused} refused")
            lines.extend(f"  - {c}" for c in run.crashes[:10])
    return "\n".join(lines)


def _cell(value: float | None, column: str) -> str:
    if value is None:
        return "-"
    if column == "refused":
        return f"{value:.0f}"
    return f"{value:.1f}" if column in ("pages/s", "peak MB") else f"{value:.3f}"


def _tools_for(name: str, tools: list[str]) -> list[str]:
    return [t for t in tools if t != "htmldate" or name != "article-body"]


def dump(path: Path, name: str, pages: list[Page], runs: dict[str, ToolRun]) -> None:
    """Append per-page outputs and body scores to a JSON Lines file, for looking at losses."""
    with path.open("a", encoding="utf-8") as out:
        for page in pages:
            row: dict[str, Any] = {"set": name, "id": page.id, "url": page.url}
            for tool, run in runs.items():
                got = run.outputs[page.id]
                row[tool] = {"title": got.title, "authors": got.authors, "date": got.date}
                row[tool].update(refused=got.refused, why=got.why)
                if page.truth.get("body_lead"):
                    row[tool]["lead"] = lead_contained(page.truth["body_lead"], got.body or "")
                if got.cities is not None:
                    row[tool].update(cities=got.cities, persons=got.persons)
                if page.truth.get("body"):
                    row[tool]["body_f1"] = _f1(*shingle_scores(page.truth["body"], got.body or ""))
            row["truth"] = {k: page.truth.get(k) for k in ("title", "authors", "date")}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def errors(pages: list[Page], run: ToolRun) -> str:
    """Return one line per page and field where a tool's output misses the truth."""
    lines = []
    for page in pages:
        got, truth = run.outputs[page.id], page.truth
        for field_name, miss in _misses(got, truth).items():
            lines.append(f"{field_name}\t{page.id}\t{miss}")
    return "\n".join(sorted(lines))


def _misses(got: Output, truth: dict[str, Any]) -> dict[str, str]:
    misses: dict[str, str] = {"refused": got.why or "refused"} if got.refused else {}
    if truth.get("body"):
        f1 = _f1(*shingle_scores(truth["body"], got.body or ""))
        if f1 < 0.9:
            misses["body"] = f"F1 {f1:.3f}"
    elif truth.get("with"):
        text = got.body or ""
        lost = [s[:60] for s in truth["with"] if not _segment_hits(text, [s])]
        kept = [s[:60] for s in truth.get("without") or [] if text and _segment_hits(text, [s])]
        if lost or kept:
            misses["seg"] = f"lost {lost} kept {kept}"
    if truth.get("title") and _norm_title(got.title or "") != _norm_title(truth["title"]):
        misses["title"] = f"{got.title!r} != {truth['title']!r}"
    names, want = _names(got.authors or []), _names(truth.get("authors") or [])
    if want and sorted(names) != sorted(want):
        misses["authors"] = f"{names} != {want}"
    if truth.get("body_lead") and not lead_contained(truth["body_lead"], got.body or ""):
        misses["lead"] = f"lead {truth['body_lead'][:60]!r} not in body"
    if truth.get("date") and not date_right((got.date or "")[:10], truth):
        misses["date"] = f"{got.date} != {truth['date'][:10]}"
    return misses


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one markdown table per dataset."""
    args = _arguments(argv)
    bench_dir = Path(args.bench_dir) if args.bench_dir else default_bench_dir()
    if not bench_dir.is_dir():
        print(f"no benchmark data in {bench_dir}; pass --bench-dir", file=sys.stderr)
        return 2
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    totals: dict[str, list[ToolRun]] = {t: [] for t in tools}
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        pages = load_set(bench_dir, name, args.limit)
        runner = run_tool if args.same_process else run_isolated
        runs = {t: runner(t, pages, args.memory_pages) for t in _tools_for(name, tools)}
        for tool, run in runs.items():
            totals[tool].append(run)
        rows = {t: score(pages, run, t) for t, run in runs.items()}
        print(table(name, rows, runs, len(pages)), end="\n\n", flush=True)
        if args.dump:
            dump(Path(args.dump), name, pages, runs)
        if args.errors:
            print(errors(pages, runs[args.errors]), end="\n\n", flush=True)
    print(overall(totals))
    return 0


def overall(totals: dict[str, list[ToolRun]]) -> str:
    """Return one line per tool: pages per CPU second and peak memory over every set run."""
    lines = ["## all sets", ""]
    for tool, runs in totals.items():
        pages = sum(len(r.outputs) for r in runs)
        seconds = sum(r.seconds for r in runs)
        rate = f"{pages / seconds:.1f}" if seconds else "-"
        peak = max((r.peak_mb for r in runs), default=0.0)
        lines.append(
            f"{tool}: {pages} pages, {seconds:.1f} CPU s, {rate} pages/s, peak {peak:.1f} MB"
        )
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--bench-dir", default=None)
    parser.add_argument("--memory-pages", type=int, default=10)
    parser.add_argument(
        "--same-process", action="store_true", help="run every tool in this process (profiling)"
    )
    parser.add_argument("--dump", default=None, help="write per-page outputs to this JSONL")
    parser.add_argument("--errors", default=None, help="list this tool's misses per field and page")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(main())
