"""One crawl_runs row per run: opened when the spider opens, closed with its counts."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from sqlalchemy.orm import Session

from archive.db import default_url, open_engine
from archive.models import CrawlRun

logger = logging.getLogger(__name__)


class CrawlRunRecorder:
    def __init__(self, crawler, database_url: str) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.engine = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        data_dir = Path(crawler.settings.get("DATA_DIR"))
        ext = cls(crawler, crawler.settings.get("ARCHIVE_DATABASE_URL") or default_url(data_dir))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        self.engine = open_engine(self.database_url)
        sources = getattr(spider, "sources", None)
        with Session(self.engine) as session, session.begin():
            run = CrawlRun(sources_digest=sources.digest if sources else None)
            session.add(run)
            session.flush()
            self.run_id = run.id
        self.crawler.stats.set_value("archive/run_id", self.run_id)
        logger.info("crawl run %d started", self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats
        get = lambda key: int(stats.get_value(key, 0) or 0)  # noqa: E731
        with Session(self.engine) as session, session.begin():
            run = session.get(CrawlRun, self.run_id)
            run.ended_at = datetime.now(timezone.utc)
            run.status = "finished" if reason == "finished" else reason
            run.fetched = get("downloader/response_count")
            run.new = get("store/articles_new")
            run.changed = get("store/versions_changed")
            run.unchanged = get("store/versions_unchanged")
            run.gone = get("store/pages_gone")
            run.errors = get("archive/fetch_errors") + get("text/failed") + get("log_count/ERROR")
            run.stats = {k: _jsonable(v) for k, v in stats.get_stats().items()}
        logger.info("crawl run %d %s", self.run_id, reason)


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime) else value
