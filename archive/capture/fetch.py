"""Polite HTTP: one request at a time per host, delays, Retry-After, backoff, size limits."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

from archive.capture.deadline import TIMEOUT, Deadlines
from archive.config import CrawlConfig
from archive.errors import FetchError
from archive.urls import host_of
from archive.warc import Capture, header_value, media_type

_CHUNK_BYTES = 64 * 1024
_RETRY_STATUSES = frozenset({500, 502, 503, 504, 429})
_HOLD_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class Fetched:
    """One HTTP response as received (redirects are not followed: each hop is its own)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    captured: datetime
    truncated: bool = False
    attempts: int = 1
    fetch_ms: int = 0

    def header(self, name: str) -> str | None:
        """Return the first value of a response header, case-insensitively."""
        return header_value(self.headers, name)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case."""
        return media_type(self.headers)

    def to_capture(self) -> Capture:
        """Return the Capture to write to WARC."""
        return Capture(
            url=self.url,
            status=self.status,
            headers=self.headers,
            body=self.body,
            captured=self.captured,
            request_headers=self.request_headers,
        )


@dataclass
class _Host:
    ready_at: float = 0.0
    last_done: float | None = None
    crawl_delay_seconds: float = 0.0
    holds: list[float] = field(default_factory=list)


class Fetcher:
    """Fetch URLs politely; time and sleep are injected so politeness is testable."""

    def __init__(
        self,
        config: CrawlConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.headers.update(
            {"User-Agent": config.user_agent, "Accept-Encoding": "identity"}
        )
        # Proxy settings come from the environment once per host, not on every request.
        self._session.trust_env = False
        self._proxies: dict[str, dict[str, str]] = {}
        self._hosts: dict[str, _Host] = {}
        self._deadlines = Deadlines()
        self._deadlines.mount(self._session)

    def close(self) -> None:
        """Close the HTTP session."""
        self._session.close()

    def abort(self) -> None:
        """Cut every request under way, and refuse new ones, with FetchError 'crawl stopped'."""
        self._deadlines.abort()

    def keep_pace(self, previous: Fetcher) -> None:
        """Take over another fetcher's turns per host, so its delays and holds still apply.

        A repeating crawl uses a new fetcher per round: without this, a round that starts as
        the last one ends would ask a host again at once, or before a Retry-After ran out.
        """
        for host, state in previous._hosts.items():
            self._hosts[host] = replace(state, holds=[])

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Honour a robots.txt Crawl-delay for this host (capped by max_wait_seconds)."""
        state = self._host(host)
        state.crawl_delay_seconds = min(seconds, self.config.max_wait_seconds)
        if state.last_done is not None:
            state.ready_at = max(state.ready_at, state.last_done + state.crawl_delay_seconds)

    def wait_seconds(self, host: str) -> float:
        """Return how long a request to this host would have to wait now."""
        return max(0.0, self._host(host).ready_at - self._clock())

    def fetch(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        record: Callable[[Fetched], None] | None = None,
        *,
        prefix_bytes: int | None = None,
    ) -> Fetched:
        """GET a URL with retries; `record` sees every response, retried ones included.

        With `prefix_bytes`, the body's first bytes are kept however long it is (robots.txt).

        Raises:
            FetchError: the host could not be reached or timed out, after every retry.
        """
        host = host_of(url)
        for attempt in range(self.config.retries + 1):
            last = attempt == self.config.retries
            try:
                got = self.fetch_once(url, headers, prefix_bytes=prefix_bytes)
            except FetchError:
                if last:
                    raise
                self._hold(host, self._backoff_seconds(attempt))
                continue
            if record is not None:
                record(got)
            if got.status not in _RETRY_STATUSES or last:
                return _with_attempts(got, attempt + 1)
            wait = retry_after_seconds(got) if got.status in _HOLD_STATUSES else None
            self._hold(host, wait if wait is not None else self._backoff_seconds(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def fetch_once(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        prefix_bytes: int | None = None,
    ) -> Fetched:
        """GET a URL once, after waiting for the host's turn; never follows redirects.

        Raises:
            FetchError: connection refused, DNS failure, TLS error or timeout.
        """
        host = host_of(url)
        self._wait_turn(host)
        captured = datetime.now(UTC)
        started = self._clock()
        try:
            response, body, truncated = self._get(url, host, headers or {}, prefix_bytes)
        finally:
            self._done(host)
        return Fetched(
            url=url,
            status=response.status_code,
            headers=_response_headers(response),
            body=body,
            request_headers=_request_headers(response, host),
            captured=captured,
            truncated=truncated,
            fetch_ms=round((self._clock() - started) * 1000),
        )

    def _get(
        self, url: str, host: str, headers: Mapping[str, str], prefix_bytes: int | None
    ) -> tuple[requests.Response, bytes, bool]:
        timeout = self.config.timeout_seconds
        with self._deadlines.within(timeout) as call:
            if call.cut_reason is not None:
                raise FetchError(url, call.cut_reason)
            try:
                response = self._session.get(
                    url,
                    headers=dict(headers),
                    timeout=(timeout, timeout),
                    allow_redirects=False,
                    stream=True,
                    proxies=self._proxies_for(url, host),
                )
                with response:
                    body, truncated = self._read_body(response, prefix_bytes)
            except requests.exceptions.RequestException as exc:
                raise FetchError(url, call.cut_reason or _failure_reason(exc)) from exc
            if call.cut_reason is not None:
                # Cut off while the body was read up to the connection's close: half a page.
                raise FetchError(url, call.cut_reason)
        return response, body, truncated

    def _read_body(
        self, response: requests.Response, prefix_bytes: int | None
    ) -> tuple[bytes, bool]:
        limit = self.config.max_page_bytes if prefix_bytes is None else prefix_bytes
        length = response.headers.get("Content-Length", "")
        if prefix_bytes is None and length.isdigit() and int(length) > limit:
            return b"", True
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK_BYTES):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"".join(chunks)[:limit], True
        return b"".join(chunks), False

    def _proxies_for(self, url: str, host: str) -> dict[str, str]:
        if host not in self._proxies:
            self._proxies[host] = requests.utils.get_environ_proxies(url)
        return self._proxies[host]

    def _host(self, host: str) -> _Host:
        return self._hosts.setdefault(host, _Host())

    def _wait_turn(self, host: str) -> None:
        wait = self.wait_seconds(host)
        if wait > 0:
            self._sleep(wait)

    def _done(self, host: str) -> None:
        state = self._host(host)
        gap = max(self.config.delay_seconds, state.crawl_delay_seconds)
        state.last_done = self._clock()
        state.ready_at = max(state.ready_at, state.last_done + gap)

    def _hold(self, host: str, seconds: float) -> None:
        state = self._host(host)
        capped = min(max(seconds, 0.0), self.config.max_wait_seconds)
        state.holds.append(capped)
        state.ready_at = max(state.ready_at, self._clock() + capped)

    def _backoff_seconds(self, attempt: int) -> float:
        base = max(self.config.delay_seconds, self.config.backoff_seconds)
        return float(min(base * 2**attempt, self.config.max_wait_seconds))


def retry_after_seconds(got: Fetched) -> float | None:
    """Return the Retry-After of a response in seconds (delta or HTTP date), if any."""
    value = (got.header("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    date_header = got.header("Date")
    try:
        now = parsedate_to_datetime(date_header) if date_header else got.captured
    except (TypeError, ValueError):
        now = got.captured
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _failure_reason(exc: requests.exceptions.RequestException) -> str:
    if isinstance(exc, requests.exceptions.Timeout):
        return TIMEOUT
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls error"
    if isinstance(exc, requests.exceptions.ConnectionError):
        # requests reports a read timeout while streaming the body as a ConnectionError.
        return TIMEOUT if "timed out" in str(exc).lower() else "connection error"
    return f"request failed: {exc.__class__.__name__}"


def _with_attempts(got: Fetched, attempts: int) -> Fetched:
    if attempts == 1:
        return got
    return replace(got, attempts=attempts)


def _response_headers(response: requests.Response) -> list[tuple[str, str]]:
    headers = [(str(k), str(v)) for k, v in response.raw.headers.items()]
    if not any(k.lower() == "content-encoding" for k, _ in headers):
        return headers
    # requests decoded the body although we asked for identity: say so, as pywb does.
    renamed = {"content-encoding", "content-length"}
    return [(f"X-Archive-Orig-{k}" if k.lower() in renamed else k, v) for k, v in headers]


def _request_headers(response: requests.Response, host: str) -> list[tuple[str, str]]:
    sent = [(str(k), str(v)) for k, v in response.request.headers.items()]
    return [("Host", host), *sent]
