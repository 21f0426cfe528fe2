"""Shared test data and helpers: paths, the fake outlet's faults, small archives, CLI helpers.

Tests import from here, never from a conftest.py (conftests hold pytest fixtures only).
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from archive import ArchiveConfig, Capture, CrawlConfig, Document, OutletConfig, WarcWriter
from tests.outlet.server import Fault, FeedItem, OutletServer, Page, load_site, serve_outlet
from web.cli import main

ROOT = Path(__file__).resolve().parents[1]
OUTLET = ROOT / "tests" / "outlet"
PAGES = OUTLET / "pages"
STORIES = OUTLET / "stories"
SAMPLE_WARC = OUTLET / "sample.warc.gz"
SAMPLE_FIXES = OUTLET / "sample.corrections.jsonl"
LABELLED_ENTITIES = ROOT / "tests" / "entities"
PARSE_FIXTURES = ROOT / "tests" / "archive" / "parse" / "fixtures" / "pages"

# The crawler's fake outlet: pages, faults and feed items (tests/archive/capture)

ROBOTS = "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nSitemap: {base}/sitemap.xml\n"
FLAKY_HTML = b"<html><head><title>Flaky</title></head><body><p>Healed.</p></body></html>"


class FakeClock:
    """A monotonic clock that only moves when the crawler sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def reopen_now(job: Callable[[], None]) -> None:
    """Run a SearchIndex's reopen inside the search that starts it, so the test sees it at once."""
    job()


class Reopens:
    """Holds a SearchIndex's reopens until the test runs them (a reopen as slow as it likes)."""

    def __init__(self) -> None:
        self.pending: list[Callable[[], None]] = []

    def __call__(self, job: Callable[[], None]) -> None:
        self.pending.append(job)

    def finish(self) -> None:
        """Run the reopens started so far."""
        jobs, self.pending = self.pending, []
        for job in jobs:
            job()


@dataclass
class Captured:
    """What on_capture saw, in order."""

    captures: list[tuple[Capture, OutletConfig | None]] = field(default_factory=list)
    raise_after: int | None = None

    def __call__(self, capture: Capture, outlet: OutletConfig | None) -> bool:
        if self.raise_after is not None and len(self.captures) >= self.raise_after:
            raise KeyboardInterrupt
        self.captures.append((capture, outlet))
        return True

    @property
    def urls(self) -> list[str]:
        return [c.url for c, _ in self.captures]


def site_pages() -> dict[str, Page]:
    pages = load_site()
    pages["/news/flaky.html"] = Page(FLAKY_HTML)
    pages["/news/busy.html"] = Page(FLAKY_HTML.replace(b"Flaky", b"Busy"))
    # Reachable only through the redirect from /news/old-url.html.
    pages["/news/renamed-story.html"] = replace(pages["/news/renamed-story.html"], is_article=False)
    return pages


def site_faults() -> dict[str, Fault]:
    return {
        "/news/old-url.html": Fault.moved("/news/renamed-story.html"),
        "/news/flaky.html": Fault.flaky(2),
        "/news/busy.html": Fault.rate_limited("7"),
        "/news/huge.html": Fault.huge(),
    }


def site_extra_items() -> list[FeedItem]:
    when = datetime(2026, 11, 20, 12, tzinfo=UTC)
    paths = [
        "/news/council-votes-budget.html?utm_source=rss&utm_medium=feed&fbclid=x1",
        "/NEWS/../news/flood-warning.html#comments",
        "/news/old-url.html",
        "/news/missing.html",
        "/news/flaky.html",
        "/news/busy.html",
        "/news/huge.html",
    ]
    return [FeedItem(p, when, p) for p in paths]


def make_outlet(clock: FakeClock) -> OutletServer:
    """The fixture site with every fault, not yet started."""
    return serve_outlet(
        site_pages(),
        robots=ROBOTS,
        faults=site_faults(),
        extra_items=site_extra_items(),
        clock=clock,
    )


def outlet_config(server: OutletServer) -> OutletConfig:
    return OutletConfig(
        name="millbrook-ledger",
        home="Millbrook, CT",
        feeds=(f"{server.url}/feed.xml",),
        start_urls=(f"{server.url}/index.html",),
    )


def archive_config(tmp_path: Path, server: OutletServer, **crawl: object) -> ArchiveConfig:
    settings: dict[str, object] = {"delay_seconds": 1.0, "timeout_seconds": 5.0} | crawl
    return ArchiveConfig(
        dir=tmp_path / "data",
        outlets=(outlet_config(server),),
        crawl=CrawlConfig(**settings),  # type: ignore[arg-type]
    )


# A small archive of four articles (tests/web and the CLI tests)


def web_doc(n: int, title: str, body: str, day: str, **extra: object) -> Document:
    """One article of DOCS, with a stable URL built from n."""
    url = f"https://courier.example/news/{n}"
    fields: dict[str, object] = {
        "url": url,
        "canonical_url": url,
        "outlet": "Hartford County Courier",
        "title": title,
        "body": body,
        "published": f"{day}T10:00:00-05:00",
        "day": day,
        "captured": f"{day}T20:00:00+00:00",
        "authors": ["Ellen Marsh"],
    }
    fields.update(extra)
    return Document(**fields)  # type: ignore[arg-type]


DOCS = [
    web_doc(
        1,
        "Police open their doors for a community night",
        "HARTFORD — Hundreds came to the police community night on Main Street.\n\n"
        "Mayor Rosa Delgado thanked the officers. Chief Tom Hennessey grilled hot dogs.",
        "2023-08-01",
        cities=["Hartford, CT", "Wethersfield, CT"],
        persons=["Rosa Delgado", "Tom Hennessey"],
        roles={"Rosa Delgado": "Mayor", "Tom Hennessey": "Police Chief"},
        dateline="Hartford, CT",
    ),
    web_doc(
        2,
        "Council adopts school budget",
        "The council adopted the school budget after a long night of debate.\n\n"
        "Mayor Rosa Delgado said the budget keeps class sizes small.",
        "2023-05-10",
        cities=["Hartford, CT"],
        persons=["Rosa Delgado"],
    ),
    web_doc(
        3,
        "Library reopens after flood repairs",
        "The Wethersfield library reopened Monday after months of flood repairs.",
        "2021-02-03",
        cities=["Wethersfield, CT"],
        persons=["Ann Kowalski"],
        outlet="Wethersfield Ledger",
    ),
    web_doc(
        4,
        "<script>alert(1)</script> headline from a hostile page",
        "Body with <b>markup</b> & <script>alert('x')</script> that must stay text.",
        "2020-07-04",
        url="javascript:alert(1)",
        canonical_url="javascript:alert(1)",
        cities=["Rocky Hill, CT"],
    ),
]


# Six articles for the indexer's tests


def article(
    n: int,
    title: str,
    body: str,
    day: str = "2024-03-05",
    outlet: str = "Hartford Sentinel",
    cities: tuple[str, ...] = (),
    persons: tuple[str, ...] = (),
    authors: tuple[str, ...] = ("Jane Writer",),
) -> Document:
    """Return one article with a stable URL built from n."""
    url = f"https://news.example/{n}"
    return Document(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        body=body,
        authors=list(authors),
        published=f"{day}T09:00:00-05:00",
        day=day,
        cities=list(cities),
        persons=list(persons),
    )


ARTICLES = [
    article(
        1,
        "City council approves budget",
        "The Hartford city council voted to approve the school budget after a long debate.",
        day="2024-03-05",
        cities=("Hartford, CT",),
        persons=("Luke Brannick",),
    ),
    article(
        2,
        "Election results in New Haven",
        "Voters in New Haven elected a new mayor. The election drew record turnout.",
        day="2023-11-08",
        outlet="New Haven Beacon",
        cities=("New Haven, CT",),
        persons=("Justin Ellery", "Luke Brannick"),
        authors=("Mark Zarella",),
    ),
    article(
        3,
        "Schools budget debate continues",
        "Parents spoke at the board of education meeting about the budget for schools.",
        day="2024-01-15",
        cities=("Hartford, CT", "West Hartford, CT"),
        persons=("Jane Roe",),
    ),
    article(
        4,
        "Café opens on Main Street",
        "A new café opened downtown, serving crêpes. <script>alert('x')</script> was typed.",
        day="2019-06-01",
        outlet="Springfield Republican",
        cities=("Springfield, MA",),
        persons=("José Núñez",),
    ),
    article(
        5,
        "Storm knocks out power",
        "A storm knocked out power across Springfield. Crews restored power by night.",
        day="2021-02-10",
        outlet="Springfield Republican",
        cities=("Springfield, MA", "Chicopee, MA"),
        persons=(),
    ),
    article(
        6,
        "Mayor proposes new park",
        "The mayor proposed a new park near the river in Hartford to the council.",
        day="2024-03-20",
        cities=("Hartford, CT",),
        persons=("Luke Brannick", "Jane Roe"),
    ),
]


# The end-to-end helpers: the sample's truth, configs on disk, the CLI, a local server


def truth(slug: str) -> list[dict[str, Any]]:
    """The truth of every article page of one sample outlet."""
    pages = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((PAGES / slug).glob("*.json"))
    ]
    return [p for p in pages if p.get("is_article")]


def write_config(folder: Path, extra: str = "") -> Path:
    """A config file for an archive inside `folder` (one indexing process: small data)."""
    path = folder / "config.toml"
    path.write_text(f'[archive]\ndir = "data"\n[index]\nprocs = 1\n{extra}', encoding="utf-8")
    return path


def dateline(config: Path, *argv: str) -> None:
    """Run a `dateline` command in-process and fail the test on a non-zero exit."""
    code = main(["--config", str(config), *argv])
    assert code == 0, f"dateline {' '.join(argv)} exited {code}"


@dataclass(frozen=True)
class Ran:
    """What one `dateline` command did: its exit code, standard output and standard error."""

    code: int
    out: str
    err: str

    def error_line(self) -> str:
        """The one line a failed command printed on stderr (the test fails if there are more)."""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dateline: "), self.err
        return lines[0]


def run_dateline(config: Path, *argv: str) -> Ran:
    """Run a `dateline` command in-process and return what it did, whatever its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--config", str(config), *argv])
    return Ran(code, out.getvalue(), err.getvalue())


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, deadline_seconds: float = 30) -> None:
    """Wait until a server answers at `url`."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def dateline_process(config: Path, *argv: str) -> subprocess.Popen[bytes]:
    """Start `dateline` as its own process, for tests that kill it (its output is dropped)."""
    command = [sys.executable, "-m", "web.cli", "--config", str(config), *argv]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def dateline_run(config: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run `dateline` as its own process to its end; its exit code and output are returned."""
    command = [sys.executable, "-m", "web.cli", "--config", str(config), *argv]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def child_pids(pid: int) -> list[int]:
    """The processes `pid` has started and that still run (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def process_running(pid: int) -> bool:
    """True while `pid` runs (a zombie, ended but not yet reaped, does not run)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_for_children(
    proc: subprocess.Popen[bytes], count: int, deadline_seconds: float = 60
) -> list[int]:
    """Wait until `proc` has started `count` processes; return their pids."""
    deadline = time.monotonic() + deadline_seconds
    while len(pids := child_pids(proc.pid)) < count:
        assert proc.poll() is None, f"the process ended ({proc.returncode}) before its workers"
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.02)
    return pids


def outlived(pids: list[int], grace_seconds: float = 5) -> list[int]:
    """The pids still running after a grace period; the test kills them, then reports them."""
    deadline = time.monotonic() + grace_seconds
    while (left := [p for p in pids if process_running(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


# Archived responses written with the archive's own WarcWriter (captures, versions, assets)


def response(
    url: str,
    body: bytes,
    captured: datetime,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
) -> Capture:
    """One HTTP response as the crawler would archive it."""
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    return Capture(url=url, status=status, headers=headers, body=body, captured=captured)


def write_warc(folder: Path, captures: Iterable[Capture]) -> Path:
    """A gzipped WARC in `folder` holding these responses, in order; returns its path."""
    with WarcWriter(folder, prefix="test") as writer:
        for capture in captures:
            writer.write(capture)
    return writer.path


# A story captured three times (a new headline, then a correction) and a hostile page, with the
# images and stylesheets their pages use: the page as captured and its versions (tests/web, e2e)

GAZETTE = "https://www.rivertowns.example"
THEME_CSS = f"{GAZETTE}/wp-content/themes/gazette/style.css"
STORY_URL = f"{GAZETTE}/news/ferry-fares-2025/"
HOSTILE_URL = f"{GAZETTE}/news/ferry-season-opens/"
CAPTURED_FIXTURES = ROOT / "tests" / "web" / "fixtures"
CORRECTION = (
    "Correction: An earlier version of this story gave the wrong fare for walkers. "
    "It is $2, not $3."
)
_FARES = [
    "Riders of the Rocky Hill\u2013Glastonbury ferry will pay more to bring a car across the "
    "Connecticut River this summer, the state Department of Transportation said Friday.",
    "The fare for a car rises to $6 from $5 on June 1. The fare for walkers will be $3, and "
    "cyclists will keep paying $2, said department spokesman Victor Okonkwo.",
    "The ferry, which has crossed the river since 1655, carried about 25,000 vehicles last "
    "season. Okonkwo said the increase pays for repairs to the landing on the Glastonbury side.",
]
_LATER = (
    "Glastonbury Town Council Chairman Tomas Reyes said the town had asked the state to keep "
    "fares flat. \u201cThe ferry is how half of our farm stands get their summer customers,\u201d "
    "he said."
)
STORY_VERSIONS = [
    (datetime(2025, 5, 2, 13, 5, tzinfo=UTC), "Ferry fares to rise this summer", None, _FARES),
    (
        datetime(2025, 5, 2, 20, 40, tzinfo=UTC),
        "Ferry fares rise for drivers, hold for cyclists",
        "2025-05-02T15:40:00-04:00",
        [*_FARES, _LATER],
    ),
    (
        datetime(2025, 5, 4, 11, 0, tzinfo=UTC),
        "Ferry fares rise for drivers, hold for cyclists",
        "2025-05-03T10:15:00-04:00",
        [_FARES[0], _FARES[1].replace("$3", "$2"), _FARES[2], _LATER, CORRECTION],
    ),
]


def story_page(title: str, updated: str | None, paragraphs: list[str]) -> bytes:
    """The fare story as a WordPress news site prints it, with its theme, logo and photo."""
    modified = f'<meta property="article:modified_time" content="{updated}">' if updated else ""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">'
        f"<title>{title} | River Towns Gazette</title>"
        f'<link rel="stylesheet" href="{THEME_CSS}">'
        f'<link rel="canonical" href="{STORY_URL}">'
        '<meta property="article:published_time" content="2025-05-02T08:30:00-04:00">'
        f'{modified}</head><body class="single single-post"><header>'
        f'<a class="site-logo" href="{GAZETTE}/">River Towns Gazette</a></header>'
        f'<main><article class="post"><h1 class="entry-title">{title}</h1>'
        '<div class="entry-meta">By <a href="/author/ada-brooks/">Ada Brooks</a></div>'
        '<figure><img src="/wp-content/uploads/ferry.png" alt="The ferry" width="4" height="2">'
        "</figure>"
        f'<div class="entry-content">{body}</div></article></main></body></html>'
    ).encode()


def tiny_png(red: int, green: int, blue: int) -> bytes:
    """A valid 4x2 PNG of one colour (browsers draw it; no image library needed)."""
    rows = b"".join(b"\x00" + bytes((red, green, blue)) * 4 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def captured_site(folder: Path) -> Path:
    """A WARC of the fare story's three captures, the hostile page, and their assets."""
    first = STORY_VERSIONS[0][0]
    uploads, css = f"{GAZETTE}/wp-content/uploads", "text/css"
    assets = [
        response(
            THEME_CSS, (CAPTURED_FIXTURES / "hostile_site.css").read_bytes(), first, "text/css"
        ),
        response(THEME_CSS.replace("style", "print"), b"body { color: #000; }", first, css),
        response(f"{uploads}/ferry.png", tiny_png(30, 90, 160), first, "image/png"),
        response(f"{uploads}/hero.jpg", tiny_png(200, 120, 40), first, "image/jpeg"),
        response(f"{uploads}/logo.png", tiny_png(150, 20, 20), first, "image/png"),
        response(
            f"{GAZETTE}/wp-content/uploads/ferry.jpg", tiny_png(20, 140, 60), first, "image/jpeg"
        ),
    ]
    stories = [
        response(STORY_URL, story_page(title, updated, paragraphs), when)
        for when, title, updated, paragraphs in STORY_VERSIONS
    ]
    hostile = (CAPTURED_FIXTURES / "hostile_page.html").read_bytes()
    return write_warc(folder, [*assets, *stories, response(HOSTILE_URL, hostile, first)])


GAZETTE_OUTLET = """
[[outlets]]
name = "River Towns Gazette"
home = "Glastonbury, CT"
hosts = ["www.rivertowns.example"]
"""


def captured_archive(folder: Path) -> Path:
    """A config whose archive imported captured_site() and indexed it; returns its path."""
    config = write_config(folder, GAZETTE_OUTLET)
    dateline(config, "import", str(captured_site(folder / "incoming")))
    dateline(config, "reindex")
    return config


def write_jsonl(path: Path, docs: Iterable[Document]) -> Path:
    """Documents as JSON Lines, as `dateline import` reads them; returns the path."""
    path.write_text("".join(doc.to_json() + "\n" for doc in docs), encoding="utf-8")
    return path


def gazette_archive(folder: Path) -> Path:
    """The fare story's three captures, the hostile page and DOCS in one indexed archive."""
    config = write_config(folder, GAZETTE_OUTLET)
    warc = captured_site(folder / "incoming")
    dateline(config, "import", str(warc), str(write_jsonl(folder / "docs.jsonl", DOCS)))
    dateline(config, "reindex")
    return config


def tide_tables(count: int) -> dict[str, Page]:
    """`count` tiny articles, an hour apart from 2026-11-01 06:00 UTC, for crawl-control tests."""
    start = datetime(2026, 11, 1, 6, tzinfo=UTC)
    html = (
        "<html><head><title>Tide table {n}</title></head><body><p>High water {n}.</p></body></html>"
    )
    return {
        f"/news/tide-table-{n}.html": Page(
            html.format(n=n).encode(), published=start + timedelta(hours=n), is_article=True
        )
        for n in range(count)
    }
