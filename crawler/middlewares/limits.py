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
- **Header size** (`ARCHIVE_MAX_HEADER_BYTES`, crawler/download_handler.py: the one module that
  reaches into Scrapy's and Twisted's private classes). Twisted drops the connection on a header line
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
- **Session ids** (crawler/url_identity.py). `strip_session_ids()` removes session parameters from a URL; the spider
  compares URLs without them, so a page that links itself with a new session id every time
  (`?sid=<random>`) is one URL.

Counts go to the crawl stats, and so to the run's crawl_runs row: `limits/truncated_length`,
`limits/truncated_time`, `limits/decompressed_too_large`, `limits/undecodable_content_encoding`,
`limits/headers_too_large`, `scope/private_address_refused`, `depth/request_ignored_count`
(Scrapy's own); from the spider, `limits/links_capped` and `limits/session_id_duplicates`.
"""
from __future__ import annotations

import logging
import struct
import zlib
from time import monotonic
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.spidermiddlewares.depth import DepthMiddleware

logger = logging.getLogger(__name__)

TRUNCATED_FLAG = "truncated:"            # response.flags entry: "truncated:length" / "truncated:time"
DEFAULT_MAX_BODY_SECONDS = 20.0
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
