"""Getting pages in: fetch politely, obey robots.txt, discover articles, keep the frontier, crawl.

Knows nothing of parsing: what it captures goes to WARC as it came.
"""

from archive.capture.crawler import CrawlProgress, CrawlSummary, crawl
from archive.capture.discover import discover_outlet, outlet_block
from archive.capture.frontier import crawl_report

__all__ = [
    "CrawlProgress",
    "CrawlSummary",
    "crawl",
    "crawl_report",
    "discover_outlet",
    "outlet_block",
]
