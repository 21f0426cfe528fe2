"""URL hygiene: one canonical spelling per page, and which hosts belong to an outlet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from archive.config import OutletConfig

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "_ga",
        "_gl",
        "cmpid",
        "ocid",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt_mc",
        "wt.mc_id",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_")


def is_tracking_param(name: str) -> bool:
    """Return True for a query parameter that only tracks a click (utm_*, fbclid, ...)."""
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical form of an http(s) URL (or None if it is not one).

    Scheme and host lower-case, no default port, user info or fragment, tracking parameters
    dropped (w3lib's url_query_cleaner), then w3lib's canonicalize_url: the query sorted, dot
    segments resolved, the path's percent-encoding normalized (non-ASCII as UTF-8 escapes).
    """
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        port = parts.port
    except ValueError:  # a malformed link ("http://[menu]"): no URL at all
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    cleaned = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    names = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    tracking = [k for k in names if is_tracking_param(k)]
    if tracking:
        cleaned = url_query_cleaner(cleaned, tracking, remove=True, unique=False)
    return canonicalize_url(cleaned)


def host_of(url: str) -> str:
    """Return the host (with a non-default port) of a URL, lower-case."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower()
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def outlet_hosts(outlet: OutletConfig) -> frozenset[str]:
    """Return the hosts an outlet owns: its configured hosts, else those of its URLs."""
    if outlet.hosts:
        return frozenset(h.lower() for h in outlet.hosts)
    urls: Iterable[str] = (
        *outlet.feeds,
        *outlet.sitemaps,
        *outlet.start_urls,
    )
    return frozenset(h for h in (host_of(u) for u in urls) if h)


def outlet_for(url: str, outlets: Sequence[OutletConfig]) -> OutletConfig | None:
    """Return the outlet that owns the URL's host: the first configured one whose hosts have it.

    The crawler (for single URLs) and import both ask this, so they agree on every host.
    """
    return next((o for o in outlets if on_hosts(url, outlet_hosts(o))), None)


def on_hosts(url: str, hosts: frozenset[str]) -> bool:
    """Return True if the URL's host is one of `hosts` (a bare host also matches any port)."""
    host = host_of(url)
    return host in hosts or host.split(":")[0] in hosts


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{host_of(url)}"
