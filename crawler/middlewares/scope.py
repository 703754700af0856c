"""Refuse any request outside the sources' allowed domains, redirect targets included."""
from __future__ import annotations

import logging

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class ScopeMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        sources = getattr(self.crawler.spider, "sources", None)
        if sources is None or sources.for_url(request.url) is not None:
            return None
        self.crawler.stats.inc_value("scope/request_refused")
        logger.info("out of scope, not fetched: %s", request.url)
        raise IgnoreRequest(f"out of scope: {request.url}")
