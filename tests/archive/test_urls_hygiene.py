"""URL hygiene: one spelling per page, and an outlet's own hosts."""

from __future__ import annotations

import pytest

from archive import OutletConfig, outlet_for
from archive.urls import canonical_url, on_hosts, outlet_hosts


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://WWW.Example.COM:443/News/A.html", "https://www.example.com/News/A.html"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=rss&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/x/../a/./b", "https://example.com/a/b"),
        ("https://example.com/caf\u00e9 bar", "https://example.com/caf%C3%A9%20bar"),
        ("https://example.com/a?tag=x&tag=y&utm_id=1", "https://example.com/a?tag=x&tag=y"),
    ],
)
def test_canonical_url_normalizes_spelling(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_a_double_slash_in_the_path_keeps_every_segment() -> None:
    # The path is never read as a host: "//news" used to become a host and drop "news".
    assert canonical_url("https://e.com//news/story") == "https://e.com//news/story"


def test_a_link_with_a_bracketed_non_address_host_is_no_url() -> None:
    assert canonical_url("http://[privacy-preferences]", "https://e.com/a") is None


def test_canonical_url_resolves_relative_links() -> None:
    assert canonical_url("../b?utm_term=z", "https://e.com/n/a/") == "https://e.com/n/b"


@pytest.mark.parametrize("raw", ["mailto:a@b.c", "javascript:void(0)", "ftp://e.com/a", "http://"])
def test_non_web_urls_have_no_canonical_form(raw: str) -> None:
    assert canonical_url(raw) is None


def test_outlet_hosts_come_from_its_urls_unless_configured() -> None:
    outlet = OutletConfig(
        name="x", feeds=("https://www.e.com/feed",), sitemaps=("https://cdn.e.com/s.xml",)
    )
    assert outlet_hosts(outlet) == {"www.e.com", "cdn.e.com"}
    assert outlet_hosts(OutletConfig(name="y", hosts=("E.com",))) == {"e.com"}


def test_configured_hosts_replace_those_of_the_outlets_urls_for_import_too() -> None:
    outlet = OutletConfig(name="x", hosts=("www.e.com",), feeds=("https://feeds.e.com/rss",))
    assert outlet_for("https://www.e.com/news/a", [outlet]) == outlet
    assert outlet_for("https://feeds.e.com/news/a", [outlet]) is None


def test_a_host_two_outlets_share_belongs_to_the_first_configured() -> None:
    first = OutletConfig(name="first", feeds=("https://www.e.com/feed",))
    second = OutletConfig(name="second", hosts=("www.e.com",))
    assert outlet_for("https://www.e.com/a", [first, second]) == first
    assert outlet_for("https://www.e.com/a", [second, first]) == second


def test_only_the_outlets_hosts_match() -> None:
    hosts = frozenset({"www.e.com", "127.0.0.1:8000"})
    assert on_hosts("https://www.e.com/a", hosts)
    assert not on_hosts("https://evil.com/www.e.com", hosts)
    assert not on_hosts("http://127.0.0.1:9000/a", hosts)
