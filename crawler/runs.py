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

from archive.collection import Collection, from_settings
from archive.models import CrawlRun
from archive.records import export_records

logger = logging.getLogger(__name__)


def open_run(engine, sources_digest: str | None) -> int:
    """A new crawl_runs row, "running". The collection lock is held, so a row still "running"
    belongs to a run that was killed: it is marked "interrupted" first."""
    with Session(engine) as session, session.begin():
        session.execute(update(CrawlRun).where(CrawlRun.status == "running").values(status="interrupted"))
        run = CrawlRun(sources_digest=sources_digest)
        session.add(run)
        session.flush()
        return run.id


def close_run(engine, run_id: int, reason: str, stats: dict, records_dir: Path) -> int:
    """Write the records, then close the run's row with its counts from the crawl's stats;
    returns the number of record files written."""
    with Session(engine) as session, session.begin():
        written = export_records(session, records_dir)
    stats = {**stats, "records/written": written}
    get = lambda key: int(stats.get(key, 0) or 0)  # noqa: E731
    with Session(engine) as session, session.begin():
        run = session.get(CrawlRun, run_id)
        run.ended_at = datetime.now(timezone.utc)
        run.status = reason
        run.fetched = get("downloader/response_count")
        run.new = get("store/articles_new")
        run.changed = get("store/versions_changed")
        run.unchanged = get("store/versions_unchanged")
        run.gone = get("store/pages_gone")
        run.errors = get("archive/fetch_errors") + get("text/failed") + get("log_count/ERROR") + get("store/log_errors")
        run.stats = {k: _jsonable(v) for k, v in stats.items()}
    return written


class CrawlRunRecorder:
    """Opens and closes the run's row. In one process of a split crawl (ARCHIVE_RUN_ID set) the
    parent owns the row: this process only writes its stats to ARCHIVE_SHARD_STATS for it."""

    def __init__(self, crawler, collection: Collection, records_dir: Path, run_id: int | None = None,
                 stats_path: str | None = None) -> None:
        self.crawler = crawler
        self.records_dir = records_dir
        self.collection = collection
        self.engine = None
        self.run_id: int | None = run_id
        self.owns_run = run_id is None
        self.stats_path = stats_path
        self.reason = "killed"

    @classmethod
    def from_crawler(cls, crawler):
        collection = from_settings(crawler.settings)
        ext = cls(crawler, collection, collection.records_dir, crawler.settings.getint("ARCHIVE_RUN_ID") or None,
                  crawler.settings.get("ARCHIVE_SHARD_STATS") or None)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider) -> None:
        if self.owns_run:
            self.engine = self.collection.engine
            sources = getattr(spider, "sources", None)
            self.run_id = open_run(self.engine, sources.digest if sources else None)
            logger.info("crawl run %d started", self.run_id)
        self.crawler.stats.set_value("archive/run_id", self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.run_id is None:
            return
        if not self.owns_run:
            self._write_shard_stats()
            return
        try:
            written = close_run(self.engine, self.run_id, self.reason, self.crawler.stats.get_stats(),
                                self.records_dir)
        except (OSError, OperationalError) as exc:  # the row stays "running": the next run marks it interrupted
            logger.error("cannot write the records or close crawl run %d: %s", self.run_id, exc)
            return
        self.crawler.stats.set_value("records/written", written)
        logger.info("crawl run %d %s", self.run_id, self.reason)

    def _write_shard_stats(self) -> None:
        import json

        from archive.fileio import write_atomic

        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = self.reason
        if self.stats_path:
            write_atomic(Path(self.stats_path), json.dumps(stats))


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime) else value
