"""Refuse any request outside the sources' allowed domains, redirect targets included, and any
request to a non-public IP address literal (names are checked after resolution by
crawler.resolver.SafeResolver, since Twisted does not resolve IP literals)."""
from __future__ import annotations

import logging

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.netsafety import is_ip_literal, is_public_address, private_hosts_allowed

logger = logging.getLogger(__name__)


class ScopeMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        sources = getattr(self.crawler.spider, "sources", None)
        if sources is None:
            return None
        # the address first: a request to a private address is refused as that, in scope or not
        host = urlsplit(request.url).hostname or ""
        if is_ip_literal(host) and not is_public_address(host) and host not in private_hosts_allowed(sources):
            self.crawler.stats.inc_value("scope/private_address_refused")
            logger.warning("refused %s: %s is not a public address", request.url, host)
            raise IgnoreRequest(f"non-public address: {request.url}")
        if sources.for_url(request.url) is None:
            self.crawler.stats.inc_value("scope/request_refused")
            logger.info("out of scope, not fetched: %s", request.url)
            raise IgnoreRequest(f"out of scope: {request.url}")
        return None
