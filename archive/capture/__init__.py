"""Getting pages in: fetch politely, obey robots.txt, discover articles, keep the frontier, crawl.

Knows nothing of parsing: what it captures goes to WARC as it came.
"""

from archive.capture.discover import discover_outlet, outlet_block
from archive.capture.frontier import crawl_report
from archive.capture.run import CrawlProgress, CrawlSummary
from archive.capture.session import crawl, crawl_every

__all__ = [
    "CrawlProgress",
    "CrawlSummary",
    "crawl",
    "crawl_every",
    "crawl_report",
    "discover_outlet",
    "outlet_block",
]
