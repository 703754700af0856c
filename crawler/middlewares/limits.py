"""Limits on what one response may cost, so that no server can exhaust the crawler.

What Scrapy 2.19 does by itself, and what this module changes:

- **Body size** (`DOWNLOAD_MAXSIZE`). Scrapy *cancels* the download: before the first body byte
  when Content-Length already says too much, or as soon as the bytes received exceed it; the
  request then fails (DownloadCancelledError / CancelledError) and nothing reaches the WARC
  file. `ResponseLimitsMiddleware` stops the download itself at the limit with
  `StopDownload(fail=False)` (from the `bytes_received` signal), so the bytes that arrived come
  back as a response, which the capture middleware archives marked `WARC-Truncated: length`.
  A declared Content-Length above the limit is let through to the limit for the same reason.
- **Body time** (`ARCHIVE_MAX_BODY_SECONDS`). A server dripping bytes makes Scrapy time out and
  throw the body away (DOWNLOAD_TIMEOUT, then retries). The body is stopped at this many seconds
  after the headers (at most 0.8 × the request's download timeout), and archived as
  `WARC-Truncated: time`.
- **Decompressed size.** Scrapy's HttpCompressionMiddleware refuses a body that inflates beyond
  DOWNLOAD_MAXSIZE, decompressing 64 KiB at a time, so a gzip bomb costs at most that much
  memory. The capture middleware sits below it: the compressed bytes are archived as sent, then
  the response is refused. `DecompressionLimitMiddleware` counts those refusals, and turns a body
  that cannot be decoded at all into a clear refusal rather than an error in the spider.
- **Header size** (`ARCHIVE_MAX_HEADER_BYTES`). Twisted drops the connection on a header line
  over 16 KiB (the request fails and is retried) and accepts a header block of any size.
  `LimitedHTTP11DownloadHandler` counts the bytes of the status line and header block and
  refuses the response beyond the limit (logged, counted, not retried); one line may be as long
  as the whole limit.
- **Refused names.** When crawler.resolver.SafeResolver refuses a name (it resolves to a
  non-public address), Twisted reports a bare failed lookup, which Scrapy retries and its
  robots.txt handling logs with a traceback. The same handler turns it into IgnoreRequest with
  the reason (needs the `refused` registry proposed for crawler/resolver.py; without it, the
  failure passes through unchanged).
- **Depth** (`DEPTH_LIMIT`). Scrapy drops deeper links with one DEBUG line per crawl;
  `DepthLimitMiddleware` says so once per host at WARNING, since it is how a crawler trap
  (an endless calendar) shows itself.
- **Session ids.** `strip_session_ids()` removes session parameters from a URL; the spider
  compares URLs without them, so a page that links itself with a new session id every time
  (`?sid=<random>`) is one URL.

Counts go to the crawl stats, and so to the run's crawl_runs row: `limits/truncated_length`,
`limits/truncated_time`, `limits/decompressed_too_large`, `limits/undecodable_content_encoding`,
`limits/headers_too_large`, `scope/private_address_refused`, `depth/request_ignored_count`
(Scrapy's own); from the spider, `limits/links_capped` and `limits/session_id_duplicates`.
"""
from __future__ import annotations

import functools
import logging
import re
import struct
import zlib
from time import monotonic
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request, signals
from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import CannotResolveHostError, DownloadFailedError, IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.web._newclient import HEADER, STATUS
from w3lib.url import canonicalize_url

from crawler.resolver import SafeResolver

logger = logging.getLogger(__name__)

TRUNCATED_FLAG = "truncated:"            # response.flags entry: "truncated:length" / "truncated:time"
DEFAULT_MAX_BODY_SECONDS = 20.0
DEFAULT_MAX_HEADER_BYTES = 256 * 1024    # what Chromium accepts (ERR_RESPONSE_HEADERS_TOO_BIG beyond)
BODY_TIME_SHARE = 0.8                    # the body deadline stays this far inside DOWNLOAD_TIMEOUT
_STATE = "_archive_limits"               # request.meta key, removed again before the response moves on
_ABSENT = object()


def truncation_reason(response: Response) -> str | None:
    """The WARC-Truncated value a response calls for, or None when it arrived whole."""
    if "dataloss" in response.flags:     # connection closed before Content-Length was reached
        return "disconnect"
    for flag in response.flags:
        if flag.startswith(TRUNCATED_FLAG):
            return flag[len(TRUNCATED_FLAG):]
    return None


# -- body size and body time --------------------------------------------------------------------------

class ResponseLimitsMiddleware:
    """Stops a body at DOWNLOAD_MAXSIZE bytes or ARCHIVE_MAX_BODY_SECONDS, keeping what arrived.

    Sits just above the download handler (after the capture middleware in request order), so
    that its process_response runs first: it marks the response before the capture middleware
    archives it and puts back any per-request limit it relaxed before decompression reads it.
    """

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.max_body_seconds = settings.getfloat("ARCHIVE_MAX_BODY_SECONDS", DEFAULT_MAX_BODY_SECONDS)

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.headers_received, signal=signals.headers_received)
        crawler.signals.connect(mw.bytes_received, signal=signals.bytes_received)
        return mw

    def body_deadline(self, request: Request) -> float:
        """Seconds a body may take after its headers; 0 means no deadline."""
        if self.max_body_seconds <= 0:
            return 0.0
        timeout = float(request.meta.get("download_timeout", self.timeout) or 0)
        return min(self.max_body_seconds, BODY_TIME_SHARE * timeout) if timeout > 0 else self.max_body_seconds

    # signals, on the reactor thread, while the response is coming in
    def headers_received(self, headers, body_length, request: Request, spider) -> None:
        limit = request.meta.get("download_maxsize", self.maxsize)
        state = {"t0": monotonic(), "received": 0, "limit": limit, "truncated": None,
                 "deadline": self.body_deadline(request)}
        declared = body_length if isinstance(body_length, int) else 0   # else twisted's UNKNOWN_LENGTH
        if limit:
            # Scrapy reads the limit from here just after this signal: relaxed, so that it neither
            # aborts on the declared length nor cancels (and warns) once the bytes pass the limit;
            # this middleware stops the body at `limit` instead. Twice the limit stays as a backstop.
            # Put back in process_response, before decompression reads it.
            state["saved_maxsize"] = request.meta.get("download_maxsize", _ABSENT)
            request.meta["download_maxsize"] = max(2 * limit, declared)
            if declared > limit:
                logger.info("%s declares %d bytes, more than DOWNLOAD_MAXSIZE (%d): it is stopped there and "
                            "what arrived is archived", request.url, declared, limit)
        request.meta[_STATE] = state

    def bytes_received(self, data: bytes, request: Request, spider) -> None:
        state = request.meta.get(_STATE)
        if state is None or state["truncated"]:
            return
        state["received"] += len(data)
        if state["limit"] and state["received"] > state["limit"]:
            state["truncated"] = "length"
        elif state["deadline"] and monotonic() - state["t0"] > state["deadline"]:
            state["truncated"] = "time"
        else:
            return
        raise StopDownload(fail=False)

    # the response on its way up
    def process_response(self, request: Request, response: Response) -> Response:
        state = self._release(request)
        if state and state["truncated"]:
            reason = state["truncated"]
            response.flags.append(TRUNCATED_FLAG + reason)
            self.crawler.stats.inc_value(f"limits/truncated_{reason}")
            why = (f"larger than DOWNLOAD_MAXSIZE ({state['limit']} bytes)" if reason == "length" else
                   f"still arriving after {state['deadline']:g} s (ARCHIVE_MAX_BODY_SECONDS)")
            logger.warning("stopped %s after %d bytes: %s; what arrived is archived as truncated (%s)",
                           request.url, state["received"], why, reason)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)
        return None

    @staticmethod
    def _release(request: Request) -> dict | None:
        """Forget the per-request state, so a retried or redirected copy starts afresh."""
        state = request.meta.pop(_STATE, None)
        if state is not None and "saved_maxsize" in state:
            if state["saved_maxsize"] is _ABSENT:
                request.meta.pop("download_maxsize", None)
            else:
                request.meta["download_maxsize"] = state["saved_maxsize"]
        return state


# -- decompressed size --------------------------------------------------------------------------------

class DecompressionLimitMiddleware(HttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware, with its refusals counted and undecodable bodies refused
    cleanly. Replaces it at the same priority (590), above the capture middleware."""

    def process_response(self, request: Request, response: Response) -> Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest:  # inflates beyond DOWNLOAD_MAXSIZE (Scrapy logs the sizes)
            self.stats.inc_value("limits/decompressed_too_large")
            raise
        except (OSError, EOFError, zlib.error, struct.error, ValueError) as exc:
            self.stats.inc_value("limits/undecodable_content_encoding")
            encoding = response.headers.get(b"Content-Encoding", b"").decode("latin-1")
            logger.warning("cannot decode %s (Content-Encoding: %s): %s: %s; archived as sent, not processed",
                           response.url, encoding, type(exc).__name__, exc)
            raise IgnoreRequest(f"undecodable Content-Encoding {encoding}: {response.url}") from exc


# -- header size --------------------------------------------------------------------------------------

class HeadersTooLarge(Exception):
    """The status line and headers of a response exceed ARCHIVE_MAX_HEADER_BYTES."""


class _LimitedHTTPClientParser(_LenientHTTPClientParser):
    """Counts the bytes of the status line and header block; raising here makes Twisted drop the
    connection and fail the response with this exception among its reasons."""

    max_header_bytes = DEFAULT_MAX_HEADER_BYTES
    _header_bytes = 0

    def lineReceived(self, line: bytes) -> None:
        if self.state in (STATUS, HEADER):
            self._header_bytes += len(line) + 1
            if self._header_bytes > self.max_header_bytes:
                raise HeadersTooLarge(f"response headers larger than {self.max_header_bytes} bytes")
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        raise HeadersTooLarge(f"a response header line longer than {self.MAX_LENGTH} bytes")


class _LimitedHTTP11ClientProtocol(_LenientHTTP11ClientProtocol):
    max_header_bytes = DEFAULT_MAX_HEADER_BYTES

    def request(self, request):
        d = super().request(request)
        # Same technique as Scrapy's lenient protocol: the parser object Twisted created gets a
        # subclass; its only extra state is the byte count and the limit, set here.
        self._parser.__class__ = _LimitedHTTPClientParser
        self._parser.max_header_bytes = self.max_header_bytes
        self._parser.MAX_LENGTH = max(self._parser.MAX_LENGTH, self.max_header_bytes)
        self._parser._header_bytes = 0
        return d


class _LimitedHTTP11ClientFactory(_LenientHTTP11ClientFactory):
    def __init__(self, quiescentCallback, metadata, *, max_header_bytes: int) -> None:
        super().__init__(quiescentCallback, metadata)
        self.max_header_bytes = max_header_bytes

    def buildProtocol(self, addr):
        protocol = _LimitedHTTP11ClientProtocol(self._quiescentCallback)
        protocol.max_header_bytes = self.max_header_bytes
        return protocol


def _headers_too_large(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, HeadersTooLarge):
            return True
        if any(reason.check(HeadersTooLarge) for reason in getattr(exc, "reasons", ()) or ()):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class LimitedHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with a limit on the size of a response's header block.

    It also turns a name that crawler.resolver.SafeResolver refused (it resolves to a non-public
    address) into IgnoreRequest: Twisted reports it as a bare failed lookup, which Scrapy would
    retry, and robots.txt handling would log with a traceback, for what is a deliberate refusal.
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.max_header_bytes = crawler.settings.getint("ARCHIVE_MAX_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES)
        if self.max_header_bytes > 0:
            self._pool._factory = functools.partial(_LimitedHTTP11ClientFactory,
                                                    max_header_bytes=self.max_header_bytes)

    async def download_request(self, request: Request) -> Response:
        try:
            return await super().download_request(request)
        except CannotResolveHostError as exc:
            host = (urlparse_cached(request).hostname or "").lower()
            address = getattr(SafeResolver, "refused", {}).get(host)
            if address is None:
                raise
            self._crawler.stats.inc_value("scope/private_address_refused")
            raise IgnoreRequest(f"{host} resolves to the non-public address {address}") from exc
        except DownloadFailedError as exc:
            if not _headers_too_large(exc):
                raise
            self._crawler.stats.inc_value("limits/headers_too_large")
            logger.warning("refused %s: its response headers exceed %d bytes (ARCHIVE_MAX_HEADER_BYTES); "
                           "nothing archived", request.url, self.max_header_bytes)
            raise IgnoreRequest(f"response headers larger than {self.max_header_bytes} bytes") from exc


# -- depth --------------------------------------------------------------------------------------------

class DepthLimitMiddleware(DepthMiddleware):
    """Scrapy's DepthMiddleware (replaces it at 900), saying once per host that the limit was hit."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._warned_hosts: set[str] = set()

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        result = super().get_processed_request(request, response)
        if result is None and response is not None:
            host = urlsplit(request.url).netloc
            if host not in self._warned_hosts:
                self._warned_hosts.add(host)
                logger.warning("depth limit reached on %s: %s is %d links from a start page (DEPTH_LIMIT %d); "
                               "deeper links there are not followed (a crawler trap?), counted in "
                               "depth/request_ignored_count", host, request.url, request.meta.get("depth", 0),
                               self.maxdepth)
        return result


# -- session ids --------------------------------------------------------------------------------------

# Parameters that only ever carry a session (Heritrix strips the same in its canonicalization).
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sessionid", "session_id", "sessid", "cfid", "cftoken"})
# Parameters that carry a session only when the value looks like a random token: `sid=3` is
# often a section id on Chinese portals, `sid=9f86d081884c7d659a2feaa0c55ad015` is not.
TOKEN_PARAMS = frozenset({"sid", "session", "sess"})
_TOKEN = re.compile(r"[0-9a-fA-F]{16,}|(?=[A-Za-z0-9_-]{24,}$)(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]+")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.IGNORECASE)


def _is_session_param(name: str, value: str) -> bool:
    name = name.lower()
    return (name in SESSION_PARAMS or name.startswith("aspsessionid")
            or (name in TOKEN_PARAMS and _TOKEN.fullmatch(value) is not None))


def url_key(url: str) -> str:
    """The form URLs are told apart by: session ids dropped, then w3lib's canonical form. The
    spider dedupes on it, and a split crawl gives each key one owner."""
    return canonicalize_url(strip_session_ids(url))


def strip_session_ids(url: str) -> str:
    """The URL without session-id parameters (query, or `;jsessionid=` in the path); the same
    string when there are none."""
    if "?" not in url and ";" not in url:
        return url
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_session_param(k, v)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))
