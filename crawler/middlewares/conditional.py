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

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from archive.captures import PriorCapture, latest_captures
from archive.collection import Collection, from_settings

logger = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.prior: dict[str, PriorCapture] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CONDITIONAL_REQUESTS_ENABLED"):
            raise NotConfigured
        mw = cls(from_settings(crawler.settings))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        self.prior = latest_captures(self.collection.engine)
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
