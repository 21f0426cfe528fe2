"""Crawling the sample archive's outlets as served by the fake outlet server."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import ArchiveConfig, CrawlConfig, OutletConfig, crawl
from tests.fixtures import Captured, FakeClock
from tests.outlet.server import feed_items, load_sample_outlet, sample_outlets, serve_sample_outlet


@pytest.mark.parametrize("slug", sample_outlets())
def test_every_sample_article_is_captured_once_through_feed_and_news_sitemap(
    tmp_path: Path, slug: str
) -> None:
    clock = FakeClock()
    articles = {i.path for i in feed_items(load_sample_outlet(slug))}
    with serve_sample_outlet(slug, clock=clock) as server:
        outlet = OutletConfig(name=slug, feeds=(f"{server.url}/feed.xml",))
        config = ArchiveConfig(
            dir=tmp_path, outlets=(outlet,), crawl=CrawlConfig(delay_seconds=0.5)
        )
        seen = Captured()
        summary = crawl(config, on_capture=seen, clock=clock, sleep=clock.sleep)
        delivered = [c.url.removeprefix(server.url) for c, _ in seen.captures]
        assert sorted(delivered) == sorted(articles)
        assert "/sitemap-news.xml.gz" in server.paths()
        assert summary.per_outlet[slug].failed == 0
        assert all(o is not None and o.name == slug for _, o in seen.captures)
