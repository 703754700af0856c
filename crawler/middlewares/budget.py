"""`--max-pages N`: at most N requests reach the network, so a run archives at most N responses.

Scrapy's CLOSESPIDER_PAGECOUNT closes the spider once N responses have arrived, and the requests
already in flight by then still complete (a run asked for 150 archived 181). This middleware
counts the requests it lets through to the downloader and refuses the rest; CLOSESPIDER_PAGECOUNT
stays set beside it, so the run still ends as soon as the N-th response is in, with the same
status. Requests refused here were never sent: nothing is lost, they are found again next run.
"""
from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)


class PageBudgetMiddleware:
    def __init__(self, budget: int, crawler: Crawler) -> None:
        self.budget = budget
        self.sent = 0
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageBudgetMiddleware:
        budget = crawler.settings.getint("CLOSESPIDER_PAGECOUNT")
        if budget <= 0:
            raise NotConfigured
        return cls(budget, crawler)

    def process_request(self, request: Request) -> None:
        if self.sent >= self.budget:
            if self.sent == self.budget:
                logger.info("page budget of %d requests reached: later requests are not sent", self.budget)
                self.sent += 1  # say it once
            self.crawler.stats.inc_value("archive/page_budget_refused")
            raise IgnoreRequest(f"page budget of {self.budget} reached")
        self.sent += 1
