"""HTML to Document: decode, build the tree, and read title, dates, byline and body.

Knows nothing of entities: cities and persons are added to a Document afterwards.
"""

from archive.parse.decode import decode_html
from archive.parse.page import parse_page

__all__ = ["decode_html", "parse_page"]
