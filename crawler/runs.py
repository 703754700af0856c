"""One crawl_runs row per run: opened when the spider opens, closed with its counts.

The row is closed on `engine_stopped`, after every component has flushed what it buffered
(capture rows are written in batches), so the counts and the records are complete.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from archive.db import default_url, open_engine
from archive.models import CrawlRun
from archive.records import export_records

logger = logging.getLogger(__name__)


class CrawlRunRecorder:
    def __init__(self, crawler, database_url: str, records_dir: Path) -> None:
        self.crawler = crawler
        self.records_dir = records_dir
        self.database_url = database_url
        self.engine = None
        self.run_id: int | None = None
        self.reason = "killed"

    @classmethod
    def from_crawler(cls, crawler):
        data_dir = Path(crawler.settings.get("DATA_DIR"))
        ext = cls(crawler, crawler.settings.get("ARCHIVE_DATABASE_URL") or default_url(data_dir),
                  data_dir / "records")
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider) -> None:
        self.engine = open_engine(self.database_url)
        sources = getattr(spider, "sources", None)
        with Session(self.engine) as session, session.begin():
            # The collection lock is held, so a row still "running" belongs to a run that was killed.
            session.execute(update(CrawlRun).where(CrawlRun.status == "running").values(status="interrupted"))
            run = CrawlRun(sources_digest=sources.digest if sources else None)
            session.add(run)
            session.flush()
            self.run_id = run.id
        self.crawler.stats.set_value("archive/run_id", self.run_id)
        logger.info("crawl run %d started", self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.run_id is None:
            return
        try:
            self._close_run()
        except (OSError, OperationalError) as exc:  # the row stays "running": the next run marks it interrupted
            logger.error("cannot write the records or close crawl run %d: %s", self.run_id, exc)

    def _close_run(self) -> None:
        with Session(self.engine) as session, session.begin():
            written = export_records(session, self.records_dir)
        stats = self.crawler.stats
        stats.set_value("records/written", written)
        get = lambda key: int(stats.get_value(key, 0) or 0)  # noqa: E731
        with Session(self.engine) as session, session.begin():
            run = session.get(CrawlRun, self.run_id)
            run.ended_at = datetime.now(timezone.utc)
            run.status = self.reason
            run.fetched = get("downloader/response_count")
            run.new = get("store/articles_new")
            run.changed = get("store/versions_changed")
            run.unchanged = get("store/versions_unchanged")
            run.gone = get("store/pages_gone")
            run.errors = get("archive/fetch_errors") + get("text/failed") + get("log_count/ERROR")
            run.stats = {k: _jsonable(v) for k, v in stats.get_stats().items()}
        logger.info("crawl run %d %s", self.run_id, self.reason)


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime) else value
