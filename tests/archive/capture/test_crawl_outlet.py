"""The crawler against the fake outlet on 127.0.0.1: discovery, politeness, faults, resumption."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from archive import OutletConfig, crawl, iter_captures, outlet_for
from archive.capture.frontier import Frontier
from tests.fixtures import Captured, FakeClock, archive_config, make_outlet, site_pages
from tests.outlet.server import OutletServer

ARTICLES = {
    "/news/council-votes-budget.html",
    "/news/bridge-reopens.html",
    "/news/school-board-election.html",
    "/news/library-expansion.html",
    "/news/flood-warning.html",
    "/news/renamed-story.html",
    "/news/flaky.html",
    "/news/busy.html",
}


def _paths(urls: list[str], server: OutletServer) -> list[str]:
    return [u.removeprefix(server.url) for u in urls]


def _warc_urls(files: list[str]) -> list[tuple[str, int]]:
    return [(c.url, c.status) for f in files for c in iter_captures(Path(f))]


def test_crawl_captures_every_article_once_via_feed_sitemap_and_start_page(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    seen = Captured()
    summary = crawl(
        archive_config(tmp_path, outlet), on_capture=seen, clock=clock, sleep=clock.sleep
    )
    delivered = _paths(seen.urls, outlet)
    assert sorted(delivered) == sorted(ARTICLES | {"/index.html"})
    assert summary.per_outlet["millbrook-ledger"].new_articles == len(ARTICLES) + 1
    assert summary.warc_files


def _crawled(tmp_path: Path, outlet: OutletServer, clock: FakeClock, **crawl_settings: object):  # type: ignore[no-untyped-def]
    seen = Captured()
    config = archive_config(tmp_path, outlet, **crawl_settings)
    summary = crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
    return config, seen, summary


def test_nothing_disallowed_by_robots_is_fetched(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config, _, summary = _crawled(tmp_path, outlet, clock)
    assert not [p for p in outlet.paths() if p.startswith("/private/")]
    assert summary.failures["robots disallowed"] == 1
    with Frontier(config.frontier_path) as frontier:
        assert frontier.reasons()[f"{outlet.url}/private/draft.html"] == "robots disallowed"


def test_robots_is_fetched_once_and_crawl_delay_kept_between_requests(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _crawled(tmp_path, outlet, clock)
    assert outlet.hits("/robots.txt") == 1
    times = [r.time for r in outlet.requests]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 2.0  # Crawl-delay 2 beats delay_seconds 1
    assert all(r.headers["User-Agent"].startswith("DatelineArchiver/") for r in outlet.requests)


def test_retry_after_is_honoured_before_the_429_page_is_asked_again(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _, seen, _ = _crawled(tmp_path, outlet, clock)
    asks = [r.time for r in outlet.requests if r.path == "/news/busy.html"]
    assert len(asks) == 2 and asks[1] - asks[0] >= 7.0
    assert f"{outlet.url}/news/busy.html" in seen.urls


def test_a_500_heals_after_retries_and_every_attempt_is_in_warc(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _, seen, summary = _crawled(tmp_path, outlet, clock)
    url = f"{outlet.url}/news/flaky.html"
    assert outlet.hits("/news/flaky.html") == 3
    assert seen.urls.count(url) == 1
    assert [s for u, s in _warc_urls(summary.warc_files) if u == url] == [500, 500, 200]


def test_a_500_that_never_heals_fails_with_its_status_after_the_retry_cap(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    from tests.outlet.server import Fault

    outlet.faults["/news/flaky.html"] = Fault.flaky(99)
    _config, _seen, summary = _crawled(tmp_path, outlet, clock, retries=2)
    assert outlet.hits("/news/flaky.html") == 3
    assert summary.failures["http 500"] == 1
    assert clock.sleeps  # exponential backoff went through the injected sleep


def test_404_is_recorded_as_failed_with_its_reason_and_kept_in_warc(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config, _, summary = _crawled(tmp_path, outlet, clock)
    url = f"{outlet.url}/news/missing.html"
    with Frontier(config.frontier_path) as frontier:
        assert frontier.states()[url] == "failed"
        assert frontier.reasons()[url] == "http 404"
    assert (url, 404) in _warc_urls(summary.warc_files)
    assert outlet.hits("/news/missing.html") == 1


def test_pdf_is_archived_but_not_passed_to_on_capture(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _, seen, summary = _crawled(tmp_path, outlet, clock)
    url = f"{outlet.url}/docs/budget.pdf"
    assert (url, 200) in _warc_urls(summary.warc_files)
    assert url not in seen.urls
    assert summary.failures["not html"] == 1


def test_page_over_max_bytes_is_stopped_and_recorded_too_large(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config, seen, summary = _crawled(tmp_path, outlet, clock)
    url = f"{outlet.url}/news/huge.html"
    assert summary.failures["too large"] == 1
    assert url not in seen.urls
    huge = [c for f in summary.warc_files for c in iter_captures(Path(f)) if c.url == url]
    assert len(huge) == 1 and len(huge[0].body) == config.crawl.max_page_bytes


def test_tracking_duplicates_and_dot_segments_are_fetched_once(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _, seen, _ = _crawled(tmp_path, outlet, clock)
    council = [p for p in outlet.paths() if "council-votes-budget" in p]
    assert council == ["/news/council-votes-budget.html"]
    assert outlet.paths().count("/news/flood-warning.html") == 1
    assert len(seen.urls) == len(set(seen.urls))


def test_amp_twin_maps_to_its_canonical_article(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _config, seen, _ = _crawled(tmp_path, outlet, clock)
    assert outlet.hits("/amp/news/bridge-reopens.html") <= 1
    assert f"{outlet.url}/amp/news/bridge-reopens.html" not in seen.urls
    assert seen.urls.count(f"{outlet.url}/news/bridge-reopens.html") == 1


def test_redirect_is_followed_recorded_and_the_target_captured(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config, seen, summary = _crawled(tmp_path, outlet, clock)
    old, new = f"{outlet.url}/news/old-url.html", f"{outlet.url}/news/renamed-story.html"
    assert (old, 301) in _warc_urls(summary.warc_files)
    assert new in seen.urls and old not in seen.urls
    with Frontier(config.frontier_path) as frontier:
        assert frontier.states()[old] == "redirected"
        assert frontier.reasons()[old] == f"to {new}"


def test_every_response_has_its_request_record_in_warc(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    _, _, summary = _crawled(tmp_path, outlet, clock)
    types = _record_types(summary.warc_files)
    assert types.count("response") == types.count("request") == len(outlet.requests)


def test_dead_host_fails_cleanly_with_a_reason(tmp_path: Path, clock: FakeClock) -> None:
    import socket

    from archive import ArchiveConfig, CrawlConfig, OutletConfig

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = OutletConfig(name="dead", feeds=(f"http://127.0.0.1:{port}/feed.xml",))
    config = ArchiveConfig(dir=tmp_path, outlets=(dead,), crawl=CrawlConfig(retries=1))
    seen = Captured()
    summary = crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
    assert summary.failures == {"host unreachable (connection error)": 1}
    assert summary.per_outlet["dead"].failed == 1 and not seen.captures


def _unconditional(server: OutletServer) -> Counter[str]:
    return Counter(r.path for r in server.requests if "If-None-Match" not in r.headers)


def _baseline(tmp_path: Path) -> tuple[Counter[str], list[str]]:
    """Requests and deliveries of one uninterrupted crawl of a fresh copy of the site."""
    clock = FakeClock()
    with make_outlet(clock) as fresh:
        seen = Captured()
        crawl(
            archive_config(tmp_path / "baseline", fresh),
            on_capture=seen,
            clock=clock,
            sleep=clock.sleep,
        )
        return _unconditional(fresh), sorted(_paths(seen.urls, fresh))


def test_crawl_killed_in_on_capture_resumes_without_fetching_anything_twice(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet)
    first = Captured(raise_after=3)
    with pytest.raises(KeyboardInterrupt):
        crawl(config, on_capture=first, clock=clock, sleep=clock.sleep)
    second = Captured()
    summary = crawl(config, on_capture=second, clock=clock, sleep=clock.sleep)
    assert summary.resumed
    requests, delivered = _baseline(tmp_path)
    assert Counter(outlet.paths()) == requests  # not even robots.txt or the feed twice
    assert sorted(_paths(first.urls + second.urls, outlet)) == delivered


def test_crawl_stopped_by_max_pages_ends_like_an_uninterrupted_one(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet, max_pages=3)
    seen = Captured()
    runs = 0
    while crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep).stopped != "done":
        runs += 1
    assert runs > 3
    requests, delivered = _baseline(tmp_path)
    assert sorted(_paths(seen.urls, outlet)) == delivered
    assert _unconditional(outlet) == requests


def test_second_run_with_nothing_new_asks_conditionally_and_captures_nothing(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet)
    crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)
    before = len(outlet.requests)
    again = Captured()
    summary = crawl(config, on_capture=again, clock=clock, sleep=clock.sleep)
    later = [r for r in outlet.requests[before:] if r.path != "/robots.txt"]
    assert later and all("If-None-Match" in r.headers for r in later)
    # Child sitemaps are asked too: an unchanged index says nothing of their lastmods.
    listings = {"/feed.xml", "/sitemap.xml", "/sitemap-news.xml.gz", "/index.html"}
    assert {r.path for r in later} <= listings
    assert not again.captures
    assert summary.per_outlet["millbrook-ledger"].not_modified == len(later)
    assert _record_types(summary.warc_files).count("revisit") == len(later)


def _record_types(files: list[str]) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    types: list[str] = []
    for name in files:
        with open(name, "rb") as fh:
            types += [r.rec_type for r in ArchiveIterator(fh)]
    return types


def test_single_urls_are_archived_alone_and_handed_over_with_their_outlet(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet)
    seen = Captured()
    page = f"{outlet.url}/news/library-expansion.html?utm_campaign=x"
    summary = crawl(config, urls=[page], on_capture=seen, clock=clock, sleep=clock.sleep)
    assert outlet.paths() == ["/robots.txt", "/news/library-expansion.html"]
    assert [(c.url, o.name if o else None) for c, o in seen.captures] == [
        (f"{outlet.url}/news/library-expansion.html", "millbrook-ledger")
    ]
    assert summary.stopped == "done"


def test_a_single_url_on_a_shared_host_goes_to_the_first_outlet_as_import_says(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet)
    weekend = OutletConfig(name="millbrook-weekend", sitemaps=(f"{outlet.url}/sitemap.xml",))
    config = replace(config, outlets=(*config.outlets, weekend))
    seen = Captured()
    page = f"{outlet.url}/news/library-expansion.html"
    crawl(config, urls=[page], on_capture=seen, clock=clock, sleep=clock.sleep)
    owner = outlet_for(page, config.outlets)
    assert [o.name if o else None for _, o in seen.captures] == ["millbrook-ledger"]
    assert owner is not None and owner.name == "millbrook-ledger"


def test_progress_reports_growing_counts_for_the_outlet(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    from archive import CrawlProgress

    reports: list[CrawlProgress] = []
    config = archive_config(tmp_path, outlet)
    summary = crawl(
        config, on_capture=Captured(), progress=reports.append, clock=clock, sleep=clock.sleep
    )
    assert reports and {r.outlet for r in reports} == {"millbrook-ledger"}
    fetched = [r.fetched for r in reports]
    assert fetched == sorted(fetched)
    assert reports[-1] == summary.per_outlet["millbrook-ledger"]


def test_robots_5xx_holds_the_host_back_for_now_and_404_allows_all(
    tmp_path: Path, clock: FakeClock
) -> None:
    from tests.outlet.server import Fault, serve_outlet

    pages = site_pages()
    with serve_outlet(pages, faults={"/robots.txt": Fault(status=503)}, clock=clock) as down:
        summary = crawl(
            archive_config(tmp_path / "a", down, retries=0),
            on_capture=Captured(),
            clock=clock,
            sleep=clock.sleep,
        )
        assert down.paths() == ["/robots.txt"]
        assert summary.failures == {"robots.txt http 503": 2}
    with serve_outlet(pages, robots=None, clock=clock) as open_site:
        seen = Captured()
        crawl(
            archive_config(tmp_path / "b", open_site),
            on_capture=seen,
            clock=clock,
            sleep=clock.sleep,
        )
        assert f"{open_site.url}/private/draft.html" in seen.urls


def test_a_second_crawl_on_the_same_frontier_is_refused(tmp_path: Path) -> None:
    from archive import ArchiveError

    with (
        Frontier(tmp_path / "frontier.sqlite"),
        pytest.raises(ArchiveError, match="another crawl"),
    ):
        Frontier(tmp_path / "frontier.sqlite")
    Frontier(tmp_path / "frontier.sqlite").close()


def test_articles_are_fetched_newest_first(tmp_path: Path, clock: FakeClock) -> None:
    from datetime import UTC, datetime, timedelta

    from archive import ArchiveConfig, CrawlConfig, OutletConfig
    from tests.outlet.server import FeedItem, OutletServer, Page

    day = datetime(2026, 11, 1, tzinfo=UTC)
    items = [FeedItem(f"/news/{n}.html", day + timedelta(days=n)) for n in (3, 1, 4, 2)]
    pages = {i.path: Page(b"<html><body>x</body></html>") for i in items}
    with OutletServer(pages, sitemaps={"/news.xml": items}, clock=clock) as server:
        outlet = OutletConfig(name="n", sitemaps=(f"{server.url}/news.xml",))
        config = ArchiveConfig(dir=tmp_path, outlets=(outlet,), crawl=CrawlConfig(delay_seconds=0))
        crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)
    news = [p for p in server.paths() if p.startswith("/news/")]
    assert news == ["/news/4.html", "/news/3.html", "/news/2.html", "/news/1.html"]


def test_an_old_unfinished_crawl_is_not_resumed_but_its_queue_is_kept(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    import sqlite3

    config = archive_config(tmp_path, outlet)
    first = Captured(raise_after=2)
    with pytest.raises(KeyboardInterrupt):
        crawl(config, on_capture=first, clock=clock, sleep=clock.sleep)
    with sqlite3.connect(config.frontier_path) as db:
        db.execute("UPDATE runs SET started = '2020-01-01T00:00:00+00:00'")
    db.close()
    second = Captured()
    summary = crawl(config, on_capture=second, clock=clock, sleep=clock.sleep)
    assert not summary.resumed
    assert outlet.hits("/robots.txt") == 2
    _, delivered = _baseline(tmp_path)
    assert sorted(_paths(first.urls + second.urls, outlet)) == delivered


def test_a_single_url_already_archived_is_asked_again_conditionally(
    tmp_path: Path, outlet: OutletServer, clock: FakeClock
) -> None:
    config = archive_config(tmp_path, outlet)
    crawl(config, on_capture=Captured(), clock=clock, sleep=clock.sleep)
    before = len(outlet.requests)
    again = Captured()
    page = f"{outlet.url}/news/bridge-reopens.html"
    summary = crawl(config, urls=[page], on_capture=again, clock=clock, sleep=clock.sleep)
    later = [r for r in outlet.requests[before:] if r.path != "/robots.txt"]
    assert [r.path for r in later] == ["/news/bridge-reopens.html"]
    assert "If-None-Match" in later[0].headers
    assert not again.captures and summary.per_outlet[""].not_modified == 1
