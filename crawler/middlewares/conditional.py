"""Conditional requests: ask the server whether a page changed since its last capture.

The last capture of each URL is loaded once when the spider opens. Every known URL gets
`request.meta["prior_capture"]`, so the WARC capture middleware can write a revisit record that
refers to it when the payload is identical. Only requests that opt in with
`meta["conditional"] = True` (article pages) also get `If-None-Match` / `If-Modified-Since`:
index pages and robots.txt must come back whole, since their links and rules are read from the
body (an empty 304 robots.txt would read as "allow everything"). The validators come from any
earlier capture, derived or not: a run that derives text first derives what killed runs left
(crawler.replay.catch_up), and `reprocess` replays the response before the revisit that refers
to it, so a revisit never leaves a page without its text.
"""
from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from archive.captures import PriorCapture, latest_captures
from archive.db import default_url, open_engine

logger = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.prior: dict[str, PriorCapture] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CONDITIONAL_REQUESTS_ENABLED"):
            raise NotConfigured
        data_dir = Path(crawler.settings.get("DATA_DIR"))
        mw = cls(crawler.settings.get("ARCHIVE_DATABASE_URL") or default_url(data_dir))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        engine = open_engine(self.database_url)
        self.prior = latest_captures(engine)
        engine.dispose()
        logger.info("conditional requests: %d URLs have an earlier capture", len(self.prior))

    def process_request(self, request: Request) -> None:
        prior = self.prior.get(request.url)
        if prior is None or request.meta.get("dont_revisit"):
            return None
        conditional = request.meta.get("conditional")
        request.meta["prior_capture"] = prior
        if not conditional:
            return None
        if prior.etag:
            request.headers.setdefault(b"If-None-Match", prior.etag)
        if prior.last_modified:
            request.headers.setdefault(b"If-Modified-Since", prior.last_modified)
        return None
