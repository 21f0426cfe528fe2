"""`dateline crawl --every`, the real command against the fake outlet: a line per round, new
and changed stories picked up, the lock held while it waits, SIGTERM stopping it with nothing
lost."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import Store, iter_captures, warc_files
from archive.capture.frontier import Frontier
from indexer import SearchIndex, SearchQuery
from indexer.build import writer_lock
from tests.fixtures import ROOT
from tests.outlet.server import Fault, FeedItem, OutletServer, Page, serve_outlet
from web.cli import main
from web.config import load_config

# Fictional stories about a real town, in the markup of a small news site's CMS.
_STORIES = [
    ("Ferry adds a late crossing to Orient Point", "crossing", "ferry"),
    ("Harbor commission raises winter mooring fees", "mooring", "harbor"),
    ("Library keeps Sunday hours through the spring", "library", "reading room"),
    ("Thames bridge lane closures begin Monday", "bridge", "detour"),
    ("Whaling museum reopens its rigging loft", "rigging", "museum"),
]
_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Tidewater Times</title>
<meta property="article:published_time" content="{published}"></head>
<body><header><a href="/">Tidewater Times</a></header><main><article class="story">
<h1 class="headline">{title}</h1><p class="byline">By Nora Quill, Staff Writer</p>
<div class="story-body"><p>NEW LONDON, Conn. — The {word} plan drew a full room at City Hall
on Tuesday night, where residents asked how the change would reach the waterfront this season.
</p><p>Officials said the {word} decision followed two public hearings and a review of the
{other} budget, and that a final vote is expected before the end of the month.</p>
<p>{extra}Questions can be sent to the city clerk's office on State Street.</p></div>
</article></main></body></html>"""
_START = datetime(2026, 11, 1, 6, tzinfo=UTC)
_ROUND = re.compile(r"round (\d+): (\d+) new, (\d+) changed, (\d+) failed.* in \d+\.\d s")


def _path(n: int) -> str:
    return f"/news/2026/11/story-{n}.html"


def _page(n: int, extra: str = "") -> Page:
    title, word, other = _STORIES[n]
    published = _START + timedelta(hours=n)
    html = _PAGE.format(
        title=title, word=word, other=other, extra=extra, published=published.isoformat()
    )
    return Page(html.encode(), published=published, title=title, is_article=True)


def _config(tmp_path: Path, outlet_url: str, timeout_seconds: float = 20) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[archive]\ndir = "data"\n[index]\nprocs = 1\n'
        f"[crawl]\ndelay_seconds = 0.01\ntimeout_seconds = {timeout_seconds}\n"
        f'[[outlets]]\nname = "Tidewater Times"\nhome = "New London, CT"\n'
        f'feeds = ["{outlet_url}/feed.xml"]\n',
        encoding="utf-8",
    )
    return path


class _Crawler:
    """`dateline crawl --every` as a subprocess; its stdout lines read as they come."""

    def __init__(self, config: Path, every: str) -> None:
        command = [sys.executable, "-m", "web.cli", "--config", str(config), "crawl"]
        self.process = subprocess.Popen(
            [*command, "--every", every],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for line in self.process.stdout:
                self.lines.put(line.rstrip("\n"))

    def line(self) -> str:
        """The next round line (a generous bound: a round of the fake outlet takes a second)."""
        text = self.lines.get(timeout=60)
        self.out.append(text)
        return text

    def stop(self, signum: int | None = signal.SIGTERM) -> tuple[int, str]:
        """Send the signal (if any) and wait for the end; return the exit code and stderr."""
        if signum is not None and self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            # Not communicate(): it would read stdout too, taking lines from the reader thread.
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        self._reader.join()
        while not self.lines.empty():
            self.out.append(self.lines.get())
        assert self.process.stderr is not None
        with self.process.stderr:  # a few lines at most: the pipe never filled
            return code, self.process.stderr.read()


def _round(line: str) -> tuple[int, int, int, int]:
    """(number, new, changed, failed) of a round line."""
    found = _ROUND.fullmatch(line.split("; ")[0])
    assert found is not None, line
    return int(found[1]), int(found[2]), int(found[3]), int(found[4])


def _counts(line: str) -> tuple[int, int, int]:
    return _round(line)[1:]


def _stored(tmp_path: Path) -> dict[str, str]:
    """URL -> title of every article in the store."""
    with Store(tmp_path / "data" / "store.sqlite") as store:
        return {d.url: d.title for d in store.iter_documents(articles_only=True)}


def _indexed(config: Path) -> list[str]:
    settings = load_config(config)
    with Store(settings.archive.store_path) as store:
        result = SearchIndex(settings.index, store).search(
            SearchQuery.from_args({"per_page": ["100"]})
        )
    return sorted(hit.title for hit in result.hits)


def _in_warc(tmp_path: Path, server: OutletServer) -> Counter[str]:
    files = warc_files(tmp_path / "data" / "warc")
    urls = [c.url.removeprefix(server.url) for f in files for c in iter_captures(f)]
    return Counter(u for u in urls if u.startswith("/news/"))


def test_every_round_prints_a_line_and_picks_up_new_and_changed_stories_until_sigterm(
    tmp_path: Path,
) -> None:
    with serve_outlet({_path(n): _page(n) for n in range(3)}) as server:
        config = _config(tmp_path, server.url)
        crawler = _Crawler(config, "1s")
        try:
            assert _counts(crawler.line()) == (3, 0, 0)
            # Published and revised while the crawler waits or runs its next round.
            items = server.feeds["/feed.xml"]
            assert isinstance(items, list)
            server.pages[_path(3)] = _page(3)
            items.insert(0, FeedItem(_path(3), _START + timedelta(hours=3), _STORIES[3][0]))
            server.pages[_path(0)] = _page(0, extra="Correction: the hearing was on Tuesday. ")
            revised = datetime.now(UTC) + timedelta(minutes=1)
            items[-1] = replace(items[-1], updated=revised)
            seen = (0, 0)
            while seen != (1, 1):
                new, changed, failed = _counts(crawler.line())
                assert failed == 0
                seen = (seen[0] + new, seen[1] + changed)
        finally:
            code, err = crawler.stop()
        assert code == 0, err
        assert err.splitlines() == ["stopped"]
        assert [_round(line)[0] for line in crawler.out] == list(range(1, len(crawler.out) + 1))
        # A signal mid-round leaves the cut page queued: a crawl resumes it.
        assert main(["--config", str(config), "crawl"]) == 0
        asked = Counter(p for p in server.paths() if p.startswith("/news/"))
    titles = sorted(title for title, _, _ in _STORIES[:4])
    assert sorted(_stored(tmp_path).values()) == titles
    assert _indexed(config) == titles
    in_warc = _in_warc(tmp_path, server)
    assert set(in_warc) == {_path(n) for n in range(4)}
    # Each story fetched in full once, the revised one twice; nothing asked again in vain.
    assert in_warc == Counter({_path(0): 2, _path(1): 1, _path(2): 1, _path(3): 1})
    assert asked[_path(1)] == asked[_path(2)] == asked[_path(3)] == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_a_signal_during_the_wait_between_rounds_ends_the_crawl_at_once(
    tmp_path: Path, signum: int
) -> None:
    with serve_outlet({_path(n): _page(n) for n in range(2)}) as server:
        config = _config(tmp_path, server.url)
        crawler = _Crawler(config, "1h")
        try:
            assert _counts(crawler.line()) == (2, 0, 0)
        finally:
            # The wait is an hour: stop() would give up after 30 s if it were waited out.
            code, err = crawler.stop(signum)
        assert server.hits("/feed.xml") == 1
    assert code == 0, err
    assert err.splitlines() == ["stopped"]
    assert len(crawler.out) == 1
    assert _indexed(config) == sorted(title for title, _, _ in _STORIES[:2])


def test_a_crawl_started_while_crawl_every_waits_names_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_outlet({_path(0): _page(0)}) as server:
        config = _config(tmp_path, server.url)
        crawler = _Crawler(config, "1h")
        try:
            crawler.line()
            code = main(["--config", str(config), "crawl"])
        finally:
            crawler.stop()
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"dateline: another crawl is running on this archive (pid {crawler.process.pid});"
        " wait for it to end"
    ]


def test_crawl_every_started_while_a_crawl_runs_names_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, "http://127.0.0.1:9")
    settings = load_config(config).archive
    with Frontier(settings.frontier_path):
        code = main(["--config", str(config), "crawl", "--every", "1s"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"dateline: another crawl is running on this archive (pid {os.getpid()});"
        " wait for it to end"
    ]


def test_a_sigterm_mid_round_keeps_what_was_fetched_and_the_next_crawl_resumes_the_round(
    tmp_path: Path,
) -> None:
    dripping = _path(2)  # the third newest: asked after two stories are stored
    sent: list[int] = []

    def signal_on_drip(path: str) -> None:
        if path == dripping and not sent:
            sent.append(signal.SIGTERM)
            os.kill(crawler.process.pid, signal.SIGTERM)

    pages = {_path(n): _page(n) for n in range(5)}
    with serve_outlet(
        pages, faults={dripping: Fault.drip(0.2)}, on_request=signal_on_drip
    ) as server:
        config = _config(tmp_path, server.url, timeout_seconds=600)
        crawler = _Crawler(config, "1h")
        code, err = crawler.stop(None)  # the outlet sends SIGTERM as the third story drips
        assert code == 0, err
        (line,) = crawler.out
        assert _counts(line) == (2, 0, 0)
        assert line.endswith("; stopped, the next crawl resumes this round")
        newest = sorted(title for title, _, _ in _STORIES[3:5])
        assert sorted(_stored(tmp_path).values()) == newest
        assert _indexed(config) == newest
        assert set(_in_warc(tmp_path, server)) == {_path(3), _path(4)}
        del server.faults[dripping]
        assert main(["--config", str(config), "crawl"]) == 0
        asked = Counter(server.paths())
    # Resumed: robots.txt and the feed are not read again; only the cut-off story is asked twice.
    assert asked["/robots.txt"] == asked["/feed.xml"] == 1
    assert asked.pop(dripping) == 2
    assert {p for p, n in asked.items() if p.startswith("/news/")} == set(pages) - {dripping}
    assert sorted(_stored(tmp_path).values()) == sorted(title for title, _, _ in _STORIES)
    assert _in_warc(tmp_path, server) == Counter(set(pages))


def test_a_round_that_finds_the_index_busy_says_so_and_the_next_round_updates_it(
    tmp_path: Path,
) -> None:
    with serve_outlet({_path(n): _page(n) for n in range(2)}) as server:
        config = _config(tmp_path, server.url)
        crawler = _Crawler(config, "1s")
        try:
            with writer_lock(load_config(config).index.dir):  # as a `dateline reindex` holds it
                first = crawler.line()
            line = crawler.line()
            while "index" in line:  # a round that ended before the lock was let go
                line = crawler.line()
        finally:
            code, err = crawler.stop()
    assert code == 0, err
    assert _counts(first) == (2, 0, 0)
    assert first.endswith("; the index is being written by another command, updated next round")
    assert _counts(line) == (0, 0, 0)
    assert _indexed(config) == sorted(title for title, _, _ in _STORIES[:2])


@pytest.mark.parametrize("value", ["30", "0m", "-5m", "1d", "m", "1.5.2h"])
def test_a_bad_interval_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code = main(["--config", str(tmp_path / "config.toml"), "crawl", f"--every={value}"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err == [
        f"dateline: argument --every: {value!r} is not an interval; give a number above 0 "
        "and a unit: 90s, 30m or 6h (see 'dateline --help')"
    ]
