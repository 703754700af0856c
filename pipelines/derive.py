"""DerivePipeline: each archived article response goes to the text workers and on to the store.

The reactor process only routes: it takes the store process (pipelines.store_process) and a pool of text
workers holding that process's pipe (pipelines.derive_processes, started before the crawl's
imports when the run could), configures the store, and submits one job per article response
(pipelines.workers.derive_and_forward): the worker extracts the text when there is a page to read,
and sends the page's event to the store process itself. What comes back to the reactor is the
job's outcome, for the crawl's stats. When the spider has closed (the capture middleware has
written its last capture rows), the store process is told to finish: it stores its last batch,
learns each source's repeated lines, numbers the run's new articles and sends its counts back.
The record files are written after the whole crawl has stopped (crawler.runs).
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from scrapy import signals
from scrapy.utils.defer import _schedule_coro
from twisted.internet import task

from archive.db import default_url
from pipelines.items import ArticleResponse
from pipelines import derive_processes
from pipelines.store_process import StoreConfig
from pipelines.store.events import event_fields, wants_text
from pipelines.workers import derive_and_forward, page_options, text_settings
from pipelines.text.urls import mirror_aliases

logger = logging.getLogger(__name__)

# How often the reactor looks at the store process: has it failed, is it still alive?
HEALTH_CHECK_SECONDS = 0.5


class DerivePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.processes: derive_processes.DeriveProcesses | None = None
        self.health: task.LoopingCall | None = None
        self.store_lost: str | None = None  # why the store process can take no more events
        self.host_aliases: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        sources = self.crawler.spider.sources
        self.host_aliases = mirror_aliases(sources)
        self.processes = derive_processes.take(self.crawler.settings.getint("TEXT_WORKERS"))
        self.processes.configure(_store_config(self.crawler))
        logger.info("store process %d started", self.processes.store.pid)
        self.health = task.LoopingCall(self._check_store)
        self.health.start(HEALTH_CHECK_SECONDS, now=False)

    def _check_store(self) -> None:
        if self.store_lost:
            return
        reason = None
        try:
            message = self.processes.from_store.recv() if self.processes.from_store.poll() else None
        except (EOFError, OSError):  # its end of the pipe closed: it is gone
            message = ("gone",)
        if message and message[0] == "failed":  # the store process logged why
            reason = "database_write_failed"
            self.store_lost = f"the database cannot be written ({message[1]})"
        elif message or not self.processes.store.is_alive():
            self.processes.store.join(timeout=1)
            reason = "store_process_died"
            self.store_lost = f"the store process died (exit code {self.processes.store.exitcode})"
            logger.error("%s: stopping the crawl; the captures are in the WARC files and the pages will be "
                         "processed on the next run", self.store_lost)
        if reason:
            _schedule_coro(self.crawler.engine.close_spider_async(reason=reason))

    async def process_item(self, item):
        if not isinstance(item, ArticleResponse):
            return item
        if self.store_lost:
            return item
        source = self.crawler.spider.sources.by_id(item.source_id)
        settings = body = options = None
        revisit, truncated = bool(item.extras.get("revisit")), bool(item.extras.get("truncated"))
        if wants_text(item.status, item.content_type, revisit=revisit, truncated=truncated):
            learned = self.crawler.spider.site_chrome.get(item.source_id)
            settings = text_settings(source, learned)
            body = item.body
            options = {"url": item.url, "http_charset": item.http_charset,
                       **page_options(settings, learned.lookup if learned else {})}
        elif truncated and wants_text(item.status, item.content_type, revisit=revisit, truncated=False):
            self.crawler.stats.inc_value("text/skipped_truncated")  # half a page is no version of the article
        fields = event_fields(url=item.url, source=source, status=item.status, fetched_at=item.fetched_at,
                              warc_record_id=item.warc_record_id, revisit=revisit, aliases=self.host_aliases,
                              settings=settings, redirected_from=item.extras.get("redirected_from", []))
        loop = asyncio.get_running_loop()
        try:
            error = await loop.run_in_executor(self.processes.pool, derive_and_forward, fields, body, options)
        except (BrokenPipeError, ConnectionError, EOFError) as exc:  # the health check stops the crawl
            self.store_lost = self.store_lost or f"the store process is gone ({type(exc).__name__})"
            return item
        except Exception as exc:  # a worker that died, an event that cannot be pickled: this page only
            self.crawler.stats.inc_value("text/failed")
            logger.error("cannot derive %s: %s: %s", item.url, type(exc).__name__, exc)
            return item
        if body is not None:
            if error:
                self.crawler.stats.inc_value("text/failed")
                logger.error("text extraction failed for %s: %s", item.url, error)
            else:
                self.crawler.stats.inc_value("text/processed")
        return item

    def close_spider(self) -> None:
        if self.processes:
            self.processes.pool.shutdown(wait=True, cancel_futures=True)

    def spider_closed(self, spider) -> None:
        """After close_spider: every job is done, so every event is in the pipe before `finish`."""
        if self.health and self.health.running:
            self.health.stop()
        if self.processes is None:
            return
        counts = self.processes.finish()
        self.processes.store.join(timeout=10)
        for key, count in counts.items():
            self.crawler.stats.set_value(f"store/{key}", count)


def _store_config(crawler) -> StoreConfig:
    """The crawl's settings the store process needs, and the command's log format and level (a
    spawned process starts with no handler)."""
    s = crawler.settings
    data_dir = Path(s.get("DATA_DIR"))
    sources = crawler.spider.sources
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.formatter is not None), None)
    return StoreConfig(
        database_url=s.get("ARCHIVE_DATABASE_URL") or default_url(data_dir), warc_dir=str(data_dir / "warc"),
        warc_prefix=s.get("WARC_PREFIX"), warc_max_size=s.getint("WARC_MAX_SIZE"), sources_digest=sources.digest,
        source_ids=tuple(source.id for source in sources.sources), batch_size=s.getint("STORE_BATCH_SIZE", 50),
        batch_seconds=s.getfloat("STORE_BATCH_SECONDS", 2.0),
        log_level=handler.level if handler and handler.level else root.getEffectiveLevel(),
        **({"log_format": handler.formatter._fmt} if handler else {}))
