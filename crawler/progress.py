"""A one-line progress display when the crawl runs on a terminal; nothing under cron."""
from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class TerminalProgress:
    def __init__(self, crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PROGRESS_ENABLED") or not sys.stderr.isatty():
            raise NotConfigured  # plain log lines are what a scheduled job's log wants
        ext = cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval)

    def spider_closed(self, spider) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        sys.stderr.write("\n")

    def show(self) -> None:
        get = self.crawler.stats.get_value
        sys.stderr.write(f"\r{get('archive/response_records', 0)} archived, {get('archive/revisit_records', 0)} "
                         f"revisits, {get('text/processed', 0)} texts, {get('archive/fetch_errors', 0)} errors, "
                         f"{len(self.crawler.engine.downloader.active)} in flight   ")
        sys.stderr.flush()
