"""robots.txt as RFC 9309 reads it: fractional delays, wildcards, a BOM, 500 KiB, 5xx and 429."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import ArchiveConfig, CrawlConfig, OutletConfig, crawl, iter_captures
from tests.fixtures import Captured, FakeClock
from tests.outlet.server import Fault, FeedItem, OutletServer, Page

_HTML = b"<html><head><title>Notes</title></head><body><p>Town notes.</p></body></html>"
_ROBOTS_LIMIT_BYTES = 500 * 1024


def _outlet(clock: FakeClock, robots: str | None, *paths: str, **kwargs: object) -> OutletServer:
    day = datetime(2026, 11, 20, 9, tzinfo=UTC)
    items = [FeedItem(p, day + timedelta(hours=n)) for n, p in enumerate(paths)]
    pages = {p.split("?")[0]: Page(_HTML) for p in paths}
    return OutletServer(
        pages,
        robots=robots,
        feeds={"/feed.xml": items},
        clock=clock,
        **kwargs,  # type: ignore[arg-type]
    )


def _crawl(tmp_path: Path, server: OutletServer, clock: FakeClock, **settings: object) -> Captured:
    crawl_settings: dict[str, object] = {"delay_seconds": 0.1, "retries": 0} | settings
    outlet = OutletConfig(name="ledger", feeds=(f"{server.url}/feed.xml",))
    config = ArchiveConfig(
        dir=tmp_path / "data",
        outlets=(outlet,),
        crawl=CrawlConfig(**crawl_settings),  # type: ignore[arg-type]
    )
    seen = Captured()
    crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
    return seen


def test_a_fractional_crawl_delay_is_kept_between_requests(
    tmp_path: Path, clock: FakeClock
) -> None:
    robots = "User-agent: *\nCrawl-delay: 0.3\n"
    with _outlet(clock, robots, "/news/a.html", "/news/b.html", "/news/c.html") as server:
        _crawl(tmp_path, server, clock)
    gaps = [b.time - a.time for a, b in itertools.pairwise(server.requests)]
    assert len(gaps) == 4
    assert min(gaps) == pytest.approx(0.3)


def test_a_wildcard_disallow_keeps_print_versions_out(tmp_path: Path, clock: FakeClock) -> None:
    robots = "User-agent: *\nDisallow: /*?print=1\n"
    with _outlet(clock, robots, "/news/a.html", "/news/a.html?print=1") as server:
        _crawl(tmp_path, server, clock)
    assert "/news/a.html" in server.paths()
    assert "/news/a.html?print=1" not in server.paths()


def test_a_byte_order_mark_does_not_hide_the_first_rule(tmp_path: Path, clock: FakeClock) -> None:
    robots = "\ufeffUser-agent: *\nDisallow: /private/\n"
    with _outlet(clock, robots, "/news/a.html", "/private/b.html") as server:
        _crawl(tmp_path, server, clock)
    assert "/news/a.html" in server.paths()
    assert "/private/b.html" not in server.paths()


@pytest.mark.parametrize("declared_length", [True, False], ids=["with-length", "streamed"])
def test_a_50_mb_robots_txt_is_read_to_500_kib_and_its_disallow_all_obeyed(
    tmp_path: Path, clock: FakeClock, declared_length: bool
) -> None:
    huge = Fault.huge(
        50 * 1024 * 1024,
        prefix=b"User-agent: *\nDisallow: /\n",
        content_type="text/plain",
        declared_length=declared_length,
    )
    faults = {"/robots.txt": huge}
    with _outlet(clock, None, "/news/a.html", faults=faults) as server:
        seen = _crawl(tmp_path, server, clock)
    assert server.paths() == ["/robots.txt"]
    assert not seen.captures
    (robots,) = [c for f in (tmp_path / "data" / "warc").iterdir() for c in iter_captures(f)]
    assert 0 < len(robots.body) <= _ROBOTS_LIMIT_BYTES


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_robots_txt_that_errs_disallows_all_for_now_and_is_asked_again_next_crawl(
    tmp_path: Path, clock: FakeClock, status: int
) -> None:
    faults = {"/robots.txt": Fault(status=status, times=1)}
    with _outlet(clock, "User-agent: *\nAllow: /\n", "/news/a.html", faults=faults) as server:
        first = _crawl(tmp_path, server, clock)
        assert server.paths() == ["/robots.txt"] and not first.captures
        second = _crawl(tmp_path, server, clock)
    assert server.paths().count("/robots.txt") == 2
    assert [u.removeprefix(server.url) for u in second.urls] == ["/news/a.html"]


def _redirects(hops: int, robots: str) -> tuple[dict[str, Fault], dict[str, Page]]:
    """/robots.txt -> /r1.txt -> ... -> /rN.txt, which serves `robots` (RFC 9309 §2.3.1.2)."""
    paths = ["/robots.txt", *(f"/r{n}.txt" for n in range(1, hops + 1))]
    faults = {a: Fault.moved(b) for a, b in itertools.pairwise(paths)}
    return faults, {paths[-1]: Page(robots.encode(), "text/plain")}


@pytest.mark.parametrize("hops", [1, 5])
def test_a_redirected_robots_txt_is_followed_and_obeyed(
    tmp_path: Path, clock: FakeClock, hops: int
) -> None:
    faults, rules = _redirects(hops, "User-agent: *\nDisallow: /private/\n")
    with _outlet(clock, None, "/news/a.html", "/private/b.html", faults=faults) as server:
        server.pages.update(rules)
        _crawl(tmp_path, server, clock)
    assert f"/r{hops}.txt" in server.paths()
    assert "/news/a.html" in server.paths()
    assert "/private/b.html" not in server.paths()


def test_a_robots_txt_past_five_redirects_counts_as_absent(
    tmp_path: Path, clock: FakeClock
) -> None:
    faults, rules = _redirects(6, "User-agent: *\nDisallow: /\n")
    with _outlet(clock, None, "/news/a.html", faults=faults) as server:
        server.pages.update(rules)
        _crawl(tmp_path, server, clock)
    assert "/r6.txt" not in server.paths()
    assert "/news/a.html" in server.paths()


def test_a_robots_txt_redirect_loop_is_left_and_counts_as_absent(
    tmp_path: Path, clock: FakeClock
) -> None:
    faults = {"/robots.txt": Fault.moved("/r1.txt"), "/r1.txt": Fault.moved("/robots.txt")}
    with _outlet(clock, None, "/news/a.html", faults=faults) as server:
        _crawl(tmp_path, server, clock)
    assert server.paths().count("/robots.txt") == 1
    assert "/news/a.html" in server.paths()
