"""Scrapy's HTTP/1.1 download handler with a limit on a response's header block, and refused names
turned into refusals. The one module of the project that reaches into private classes of Scrapy
(`_LenientHTTP11ClientFactory`, `_LenientHTTP11ClientProtocol`, `_LenientHTTPClientParser`,
`HTTP11DownloadHandler._pool._factory`) and Twisted (`twisted.web._newclient`'s parser states):
tests/test_download_handler.py fails, naming what moved, when an upgrade changes any of them.

Twisted drops the connection on a header line over 16 KiB (the request fails and is retried) and
accepts a header block of any size; this handler counts the bytes of the status line and header
block and refuses the response beyond ARCHIVE_MAX_HEADER_BYTES (logged, counted, not retried).
"""
from __future__ import annotations

import functools
import logging

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.exceptions import CannotResolveHostError, DownloadFailedError, IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.web._newclient import HEADER, STATUS

from crawler.resolver import SafeResolver

logger = logging.getLogger(__name__)

DEFAULT_MAX_HEADER_BYTES = 256 * 1024    # what Chromium accepts (ERR_RESPONSE_HEADERS_TOO_BIG beyond)


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
