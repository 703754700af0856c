"""StorePipeline: hands each article response to the ArticleStore; names new articles at the end.

When the spider has closed and the capture rows are all written, each source's repeated lines are
learned (pipelines.chrome_relearn) and the run's new articles numbered. The record files are
written after the whole crawl has stopped (crawler.runs).
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from scrapy import signals
from scrapy.utils.defer import _schedule_coro
from sqlalchemy.exc import OperationalError

from archive.db import default_url, open_engine, session_factory
from pipelines.articles import ArticleStore, PageEvent, versions_of_other_schemes
from pipelines.chrome_relearn import learn_and_rederive
from pipelines.derived import DerivedTextWriter
from pipelines.items import ArticleResponse
from pipelines.neardup import SCHEME
from pipelines.urls import canonical_url, mirror_aliases

logger = logging.getLogger(__name__)


class StorePipeline:
    """Events are stored in batches, one transaction per STORE_BATCH_SIZE items or STORE_BATCH_SECONDS,
    whichever comes first (a commit per item was a tenth of the reactor's time). Should one event of a
    batch fail, the batch is rolled back and stored again one event per transaction, as before. A
    crash loses at most one batch of derived rows: the WARC records and capture rows are on disk
    already, and the next run or `reprocess` derives them again."""

    def __init__(self, crawler, database_url: str, warc_dir: Path, batch_size: int = 50,
                 batch_seconds: float = 2.0) -> None:
        self.batch_size, self.batch_seconds = batch_size, batch_seconds
        self._pending: list[PageEvent] = []
        self._oldest = 0.0
        self.crawler = crawler
        self.database_url = database_url
        self.warc_dir = warc_dir
        self.derived: DerivedTextWriter | None = None
        self.sessions = None
        self.store = ArticleStore()
        self.host_aliases: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        data_dir = Path(crawler.settings.get("DATA_DIR"))
        s = crawler.settings
        pipeline = cls(crawler, s.get("ARCHIVE_DATABASE_URL") or default_url(data_dir), data_dir / "warc",
                       s.getint("STORE_BATCH_SIZE", 50), s.getfloat("STORE_BATCH_SECONDS", 2.0))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.sessions = session_factory(open_engine(self.database_url))
        with self.sessions() as session:
            if stale := versions_of_other_schemes(session):
                logger.warning("%d stored versions carry MinHash signatures of another scheme than %s: new copies "
                               "of them are not recognised as near duplicates until `article-archive reprocess` "
                               "rebuilds the collection", stale, SCHEME)
        self.host_aliases = mirror_aliases(self.crawler.spider.sources)
        settings = self.crawler.settings
        self.derived = DerivedTextWriter(self.warc_dir, settings.get("WARC_PREFIX"), settings.getint("WARC_MAX_SIZE"),
                                         {"software": "article-archive", "sources-digest":
                                          self.crawler.spider.sources.digest})

    def close_spider(self) -> None:
        self._flush()

    def spider_closed(self, spider) -> None:
        """After close_spider: by the time this signal runs, the capture middleware has written its
        last capture rows, which learning needs to find the responses to derive again."""
        self._learn_site_chrome()
        try:
            self.derived.close()
        except OSError as exc:  # the file stays .open; the next run's recovery closes it
            logger.error("cannot close the derived-text WARC file: %s", exc)
        try:
            with self.sessions.begin() as session:
                self.store.finish_run(session)
        except OperationalError as exc:  # the articles stay unnumbered; the next run numbers them
            logger.error("cannot number this run's new articles (%s); the next run will", exc.orig)
        for key, count in self.store.counts.items():
            self.crawler.stats.set_value(f"store/{key}", count)

    def _learn_site_chrome(self) -> None:
        """Learn each source's repeated lines from what is stored now; texts holding them are derived
        again (pipelines.chrome_relearn) and, like every new version, written to the derived WARC."""
        try:
            with self.sessions.begin() as session:
                source_ids = [source.id for source in self.crawler.spider.sources.sources]
                _, made = learn_and_rederive(session, self.warc_dir, source_ids, self.store,
                                             on_learned=self._write_learned, on_version=self._write_derived)
        except OperationalError as exc:
            logger.error("cannot learn site chrome (%s); the next run will", exc.orig)
            return
        self.crawler.stats.set_value("store/versions_derived_again", made)

    def _write_learned(self, learned) -> None:
        try:
            self.derived.write_metadata(*learned.warc_record())
        except OSError as exc:
            logger.error("cannot write the site chrome list of %s to WARC: %s", learned.source_id, exc)

    def _write_derived(self, url: str, version) -> None:
        try:
            self.derived.write(url, version)
        except OSError as exc:  # the version is stored; only its copy in the archive is missing
            logger.error("cannot write the derived text of %s to WARC: %s", url, exc)

    def process_item(self, item):
        if not isinstance(item, ArticleResponse):
            return item
        source = self.crawler.spider.sources.by_id(item.source_id)
        event = PageEvent(
            url=item.url, canonical_url=canonical_url(item.url, self.host_aliases), source_id=source.id,
            source_rank=source.rank, source_publications=source.publications, status=item.status,
            fetched_at=item.fetched_at,
            warc_record_id=item.warc_record_id, revisit=bool(item.extras.get("revisit")),
            redirected_from=item.extras.get("redirected_from", []), result=item.result,
            settings=item.extras.get("text_settings", {}), minhash=item.extras.get("minhash"))
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append(event)
        if len(self._pending) >= self.batch_size or time.monotonic() - self._oldest >= self.batch_seconds:
            self._flush()
        return item

    def _flush(self) -> None:
        events, self._pending = self._pending, []
        if not events:
            return
        counts = self.store.counts.copy()
        try:
            try:
                stored = self._store(events)
            except OperationalError:
                raise
            except Exception:  # one bad event: store the batch again, one transaction per event
                self.store.counts = counts
                stored = []
                for event in events:
                    try:
                        stored += self._store([event])
                    except OperationalError:
                        raise
                    except Exception:
                        self.crawler.stats.inc_value("store/failed")
                        logger.exception("cannot store %s", event.url)
        except OperationalError as exc:  # disk full, database gone: stop instead of failing item by item
            logger.error("cannot write to the database (%s): stopping the crawl; the captures are in the "
                         "WARC files and the pages will be processed on the next run", exc.orig)
            _schedule_coro(self.crawler.engine.close_spider_async(reason="database_write_failed"))
            return
        for url, version in stored:
            self._write_derived(url, version)

    def _store(self, events: list[PageEvent]) -> list:
        stored = []
        try:
            with self.sessions.begin() as session:
                for event in events:
                    version = self.store.add(session, event)
                    if version is not None:
                        stored.append((event.url, version))
                self.store.settle_canonical(session)
        except Exception:
            self.store.forget_transaction()  # rolled back: its pending rows must not be found again
            raise
        return stored
