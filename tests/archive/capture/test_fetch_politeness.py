"""The polite fetcher against the fake outlet: delays, Retry-After, backoff, timeouts, limits."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from archive import CrawlConfig, FetchError
from archive.capture.fetch import Fetcher
from tests.fixtures import FakeClock
from tests.outlet.server import Fault, OutletServer, Page

HTML = b"<html><body><p>Hello</p></body></html>"


def _fetcher(clock: FakeClock, **settings: object) -> Fetcher:
    config = CrawlConfig(**{"delay_seconds": 0.0, "timeout_seconds": 5.0, **settings})  # type: ignore[arg-type]
    return Fetcher(config, clock=clock, sleep=clock.sleep)


def _gaps(server: OutletServer) -> list[float]:
    times = [r.time for r in server.requests]
    return [b - a for a, b in itertools.pairwise(times)]


def test_requests_to_one_host_keep_the_configured_delay(clock: FakeClock) -> None:
    with OutletServer({"/a": Page(HTML), "/b": Page(HTML)}, clock=clock) as server:
        fetcher = _fetcher(clock, delay_seconds=3.0)
        for path in ("/a", "/b", "/a"):
            fetcher.fetch(server.url + path)
    assert _gaps(server) == [3.0, 3.0]


def test_two_hosts_do_not_wait_for_each_other(clock: FakeClock) -> None:
    with (
        OutletServer({"/a": Page(HTML)}, clock=clock) as one,
        OutletServer({"/a": Page(HTML)}, clock=clock) as two,
    ):
        fetcher = _fetcher(clock, delay_seconds=3.0)
        fetcher.fetch(one.url + "/a")
        fetcher.fetch(two.url + "/a")
    assert clock.sleeps == []


def test_every_request_carries_our_user_agent_and_asks_for_identity(clock: FakeClock) -> None:
    with OutletServer({"/a": Page(HTML)}, clock=clock) as server:
        got = _fetcher(clock, user_agent="TestBot/9 (+mailto:t@example.org)").fetch(
            server.url + "/a"
        )
    assert server.requests[0].headers["User-Agent"] == "TestBot/9 (+mailto:t@example.org)"
    assert server.requests[0].headers["Accept-Encoding"] == "identity"
    assert ("User-Agent", "TestBot/9 (+mailto:t@example.org)") in got.request_headers
    assert got.status == 200 and got.body == HTML


def test_retry_after_as_an_http_date_is_waited_for(clock: FakeClock) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    faults = {"/a": Fault.rate_limited(when, status=503)}
    with OutletServer({"/a": Page(HTML)}, faults=faults, clock=clock) as server:
        got = _fetcher(clock).fetch(server.url + "/a")
    assert got.status == 200 and got.attempts == 2
    assert 28.0 <= _gaps(server)[0] <= 31.0


def test_retry_after_is_capped(clock: FakeClock) -> None:
    faults = {"/a": Fault.rate_limited("86400")}
    with OutletServer({"/a": Page(HTML)}, faults=faults, clock=clock) as server:
        _fetcher(clock, max_wait_seconds=60.0).fetch(server.url + "/a")
    assert _gaps(server) == [60.0]


def test_server_errors_back_off_exponentially(clock: FakeClock) -> None:
    faults = {"/a": Fault.flaky(3, status=502)}
    with OutletServer({"/a": Page(HTML)}, faults=faults, clock=clock) as server:
        got = _fetcher(clock, retries=3, backoff_seconds=1.0).fetch(server.url + "/a")
    assert got.status == 200
    assert _gaps(server) == [1.0, 2.0, 4.0]


def test_every_attempt_is_recorded(clock: FakeClock) -> None:
    seen: list[int] = []
    faults = {"/a": Fault.flaky(2)}
    with OutletServer({"/a": Page(HTML)}, faults=faults, clock=clock) as server:
        _fetcher(clock).fetch(server.url + "/a", record=lambda got: seen.append(got.status))
    assert seen == [500, 500, 200]


def test_a_slow_page_times_out_with_a_reason(clock: FakeClock) -> None:
    faults = {"/slow": Fault.slow(1.0)}
    with (
        OutletServer({"/slow": Page(HTML)}, faults=faults, clock=clock) as server,
        pytest.raises(FetchError) as caught,
    ):
        _fetcher(clock, timeout_seconds=0.2, retries=0).fetch(server.url + "/slow")
    assert caught.value.reason == "timeout"


def test_a_declared_length_over_the_limit_is_not_downloaded(clock: FakeClock) -> None:
    with OutletServer({"/big": Page(HTML * 500)}, clock=clock) as server:
        got = _fetcher(clock, max_page_bytes=1000).fetch(server.url + "/big")
    assert got.truncated and got.body == b""


def test_a_streamed_page_is_cut_at_the_limit(clock: FakeClock) -> None:
    faults = {"/big": Fault.huge(3 * 1024 * 1024)}
    with OutletServer({}, faults=faults, clock=clock) as server:
        got = _fetcher(clock, max_page_bytes=1024 * 1024).fetch(server.url + "/big")
    assert got.truncated and len(got.body) == 1024 * 1024


def test_a_closed_port_fails_with_connection_error_after_retries(clock: FakeClock) -> None:
    server = OutletServer({})
    url = server.url + "/a"
    server.stop()
    with pytest.raises(FetchError) as caught:
        _fetcher(clock, retries=2).fetch(url)
    assert caught.value.reason == "connection error"
    assert clock.sleeps == [1.0, 2.0]


def test_redirects_are_not_followed_by_the_fetcher(clock: FakeClock) -> None:
    faults = {"/old": Fault.moved("/new")}
    with OutletServer({"/new": Page(HTML)}, faults=faults, clock=clock) as server:
        got = _fetcher(clock).fetch(server.url + "/old")
    assert got.status == 301 and got.header("Location") == server.url + "/new"
    assert server.paths() == ["/old"]


def test_a_body_gzipped_against_our_wishes_is_kept_decoded_and_labelled(clock: FakeClock) -> None:
    import gzip

    page = Page(gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
    with OutletServer({"/a": page}, clock=clock) as server:
        got = _fetcher(clock).fetch(server.url + "/a")
    assert got.body == HTML
    assert got.header("Content-Encoding") is None
    assert got.header("X-Archive-Orig-Content-Encoding") == "gzip"


def test_robots_rules_for_our_agent_beat_the_wildcard(clock: FakeClock) -> None:
    from archive.capture.robots import fetch_robots

    text = (
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: DatelineArchiver\nDisallow: /private/\nCrawl-delay: 5\n"
    )
    with OutletServer({}, robots=text, clock=clock) as server:
        fetcher = _fetcher(clock)
        robots = fetch_robots(fetcher, server.url)
    agent = fetcher.config.user_agent
    assert robots.allows(f"{server.url}/news/a.html", agent)
    assert not robots.allows(f"{server.url}/private/a.html", agent)
    assert not robots.allows(f"{server.url}/news/a.html", "OtherBot/1.0")
    assert robots.crawl_delay_seconds(agent) == 5.0
