"""Write every request and response the crawler makes to WARC, and a capture row per response.

Placed below HttpCompressionMiddleware, it sees bodies as transferred (still gzip/deflate encoded),
which is what a WARC response record must hold. The one thing Scrapy has already undone is chunked
transfer coding; the header is renamed so the record does not claim a framing it does not have.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from sqlalchemy.exc import SQLAlchemyError
from scrapy.http import Response

from archive.collection import Collection, from_settings
from archive.captures import CaptureStore
from archive.recovery import recover_open_files
from archive.warc import RotatingWarcWriter, payload_digest
from crawler.middlewares.limits import truncation_reason
from crawler.middlewares.pagekind import HEADER as PAGE_KIND_HEADER, is_article_decision
from crawler.version import __version__

logger = logging.getLogger(__name__)

SOURCES_URI = "urn:article-archive:sources"


def status_line(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


def response_headers(response: Response) -> list[tuple[str, str]]:
    pairs = []
    for name, values in response.headers.items():
        key = name.decode("latin-1")
        if key.lower() == "transfer-encoding":
            key = "X-Archive-Orig-Transfer-Encoding"  # body below is already de-chunked
        pairs.extend((key, v.decode("latin-1")) for v in values)
    return pairs


def request_headers(request: Request) -> list[tuple[str, str]]:
    pairs = [("Host", urlsplit(request.url).netloc)]
    for name, values in request.headers.items():
        pairs.extend((name.decode("latin-1"), v.decode("latin-1")) for v in values)
    return pairs


def request_line(request: Request) -> str:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{request.method} {target} HTTP/1.1"


class WarcCaptureMiddleware:
    def __init__(self, crawler, collection: Collection, prefix: str, max_size: int, operator: str) -> None:
        self.crawler = crawler
        self.collection = collection
        self.warc_dir = collection.warc_dir
        self.prefix = prefix
        self.max_size = max_size
        self.operator = operator
        self.writer: RotatingWarcWriter | None = None
        self.captures: CaptureStore | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        mw = cls(crawler, from_settings(s), s.get("WARC_PREFIX"), s.getint("WARC_MAX_SIZE"), s.get("ARCHIVE_OPERATOR"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider) -> None:
        sources = getattr(spider, "sources", None)
        info = {
            "software": f"article-archive/{__version__} (Scrapy, warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": _hostname(),
            "operator": self.operator,
            "http-header-user-agent": self.crawler.settings.get("USER_AGENT"),
            "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "sources-file": sources.path if sources else "",
            "sources-digest": sources.digest if sources else "",
            # Files of one run share this value (those of every process of a split crawl too);
            # reprocess replays runs in order.
            "article-archive-run": (self.crawler.settings.get("ARCHIVE_RUN_KEY")
                                    or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
        }
        # the crawl_runs row the run's captures belong to: `reprocess` and the recovery of a killed
        # run's file give their capture rows this run again (a split crawl's parent set it)
        run_id = self.crawler.settings.getint("ARCHIVE_RUN_ID") or self.crawler.stats.get_value("archive/run_id")
        if run_id:
            info["article-archive-run-id"] = str(run_id)
        shards = self.crawler.settings.getint("ARCHIVE_SHARDS")
        if shards > 1:
            info["article-archive-shard"] = f"{self.crawler.settings.getint('ARCHIVE_SHARD')}/{shards}"
        preamble = [(SOURCES_URI, sources.raw, "application/toml")] if sources else []
        # the site chrome lists this run applies travel with the bytes they shape, like the sources
        preamble += [learned.warc_record() for _, learned in sorted(getattr(spider, "site_chrome", {}).items())]
        self.captures = CaptureStore(self.collection.engine)
        # A killed run may have left a file open, its last record torn. In a split crawl the parent
        # has done this before starting the processes: here it would take a sibling's open file.
        if self.warc_dir.exists() and shards <= 1:
            recover_open_files(self.warc_dir, self.captures.engine)
        self.writer = RotatingWarcWriter(self.warc_dir, prefix=self.prefix, max_size=self.max_size, warcinfo=info,
                                         preamble=preamble)

    def spider_closed(self, spider) -> None:
        if self.captures and not (self.writer and self.writer.broken):
            try:
                self.captures.flush()
            except SQLAlchemyError as exc:
                self.writer.broken = "capture rows not written"
                logger.error("cannot write capture rows to the database: %s; the next run re-indexes "
                             "the WARC file", exc)
        if self.writer:
            self.writer.close()

    def process_response(self, request: Request, response: Response) -> Response:
        if self.writer.broken:  # the crawl is stopping: nothing more can be archived
            raise IgnoreRequest(f"not archived, WARC writing stopped: {response.url}")
        fetched_at = datetime.now(timezone.utc)
        ip = str(response.ip_address) if response.ip_address else None
        prior = request.meta.get("prior_capture")
        digest = payload_digest(response.body)
        headers, status = response_headers(response), status_line(response.status)
        revisit = prior is not None and (response.status == 304 or
                                         (response.status == 200 and digest == prior.payload_digest))
        # a discovering source's page kind decision (crawler/middlewares/pagekind.py) travels with the record
        page_kind = request.meta.get("page_kind")
        decided = {PAGE_KIND_HEADER: page_kind} if page_kind else {}
        if revisit:
            main = self.writer.revisit_record(
                response.url, fetched_at=fetched_at, status_line=status, headers=headers, ip_address=ip,
                not_modified=response.status == 304, refers_to=prior.record_id,
                refers_to_date=prior.fetched_at, digest=prior.payload_digest, extra=decided)
        else:
            # disconnect: closed before Content-Length; length / time: stopped by crawler.middlewares.limits
            reason = truncation_reason(response)
            truncated = {"WARC-Truncated": reason} if reason else {}
            if truncated:
                self.crawler.stats.inc_value("archive/truncated")
                logger.warning("body cut short (%s), archived as truncated: %s", reason, response.url)
            main = self.writer.response_record(response.url, fetched_at=fetched_at, status_line=status,
                                               headers=headers, body=response.body, ip_address=ip, digest=digest,
                                               extra=truncated | decided)
        main_id = main.rec_headers.get_header("WARC-Record-ID")
        req_rec = self.writer.request_record(
            request.url, fetched_at=fetched_at, request_line=request_line(request),
            headers=request_headers(request), body=request.body or b"", concurrent_to=main_id)
        try:
            main_loc, req_loc = self.writer.write([main, req_rec])
        except OSError as exc:  # disk full, file system gone read-only: stop, do not pretend
            self._stop(f"cannot write WARC file in {self.warc_dir}: {exc}")
            raise IgnoreRequest(f"not archived: {exc}") from exc
        sources = getattr(self.crawler.spider, "sources", None)
        source = sources.for_url(response.url) if sources else None
        self._add_capture(
            run_id=self.crawler.stats.get_value("archive/run_id"), source_id=source.id if source else None,
            url=response.url, fetched_at=fetched_at, status=response.status,
            content_type=_header(response, b"Content-Type"), record_type="revisit" if revisit else "response",
            location=main_loc, request_record_id=req_loc.record_id, ip_address=ip,
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"),
            redirect_to=_header(response, b"Location"),
            refers_to=prior.record_id if revisit else None, refers_to_date=prior.fetched_at if revisit else None,
            nothing_to_derive=source is None or not (source.is_article(response.url) or is_article_decision(page_kind)))
        request.meta["warc"] = {"record_id": main_loc.record_id, "filename": main_loc.filename,
                                "offset": main_loc.offset, "length": main_loc.length, "revisit": revisit,
                                "truncated": truncation_reason(response) is not None,
                                "payload_digest": main_loc.payload_digest, "fetched_at": fetched_at}
        self.crawler.stats.inc_value("archive/revisit_records" if revisit else "archive/response_records")
        return response

    def _add_capture(self, **row) -> None:
        try:
            self.captures.add(**row)
        except SQLAlchemyError as exc:  # the WARC file stays .open, so the next run re-indexes it
            self.writer.broken = f"capture rows not written: {exc.__class__.__name__}"
            self._stop(f"cannot write capture rows to the database: {exc.orig if hasattr(exc, 'orig') else exc}")
            raise IgnoreRequest("capture row not written") from exc

    def _stop(self, why: str) -> None:
        from scrapy.utils.defer import _schedule_coro

        logger.error("%s: stopping the crawl", why)
        self.crawler.stats.set_value("archive/write_failed", why)
        _schedule_coro(self.crawler.engine.close_spider_async(reason="warc_write_failed"))

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):  # refused on purpose (robots.txt, scope): not a failure
            return None
        # Nothing came back, so there is nothing to archive; count and say so.
        self.crawler.stats.inc_value("archive/fetch_errors")
        logger.warning("fetch failed, nothing archived: %s (%s: %s)", request.url,
                       type(exception).__name__, exception)
        return None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _hostname() -> str:
    import socket

    return socket.gethostname()
