"""The store process: a crawl's pages, versions and clusters, stored beside its reactor.

The crawl's reactor process fetches and archives; its text workers extract each article's text
and send the page's event here, over one pipe (pipelines.workers.derive_and_forward). This process
hands each event to the ArticleStore in batches, writes each new version to the derived-text WARC
file and, when the reactor says the crawl is over, learns each source's repeated lines
(pipelines.chrome_relearn) and numbers the run's new articles. Storing a page cost the reactor a
quarter of its time when it did it itself; here it runs on the other core while the reactor goes
on fetching. No Scrapy here: the reactor side is pipelines.derive.

Messages in: ("config", StoreConfig) first (the process is started before the crawl's settings
are read: pipelines.derive_processes), ("event", fields, result, minhash) for each archived
article response, then ("finish",). Messages out: ("failed", reason) when the database cannot be
written (the reactor stops the crawl), and ("done", counts) once finished.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy.exc import OperationalError

from archive.collection import open_collection
from pipelines.store.articles import ArticleStore, PageEvent, versions_of_other_schemes
from pipelines.chrome_relearn import learn_and_rederive
from pipelines.store.derived import DerivedTextWriter
from pipelines.text.neardup import SCHEME

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreConfig:
    """What the store process needs of the crawl's settings (it has no crawler)."""

    database_url: str
    warc_dir: str
    warc_prefix: str
    warc_max_size: int
    sources_digest: str
    source_ids: tuple[str, ...]
    batch_size: int = 50
    batch_seconds: float = 2.0
    log_level: int = logging.INFO
    log_format: str = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class BatchedStore:
    """Events are stored in batches, one transaction per `batch_size` events or `batch_seconds`,
    whichever comes first (a commit per event was a tenth of the crawl's time). Should one event of
    a batch fail, the batch is rolled back and stored again one event per transaction. A crash loses
    at most the batch being stored and the events in the pipe: the WARC records and capture rows
    are on disk already, and the next run or `reprocess` derives them again."""

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.sessions = open_collection(Path(config.warc_dir).parent, config.database_url).sessions
        self.store = ArticleStore()
        self.pending: list[PageEvent] = []
        self.oldest = 0.0
        self.failed: str | None = None  # why the database cannot be written, once it cannot
        self.errors = 0  # events that could not be stored
        with self.sessions() as session:
            if stale := versions_of_other_schemes(session):
                logger.warning("%d stored versions carry MinHash signatures of another scheme than %s: new copies "
                               "of them are not recognised as near duplicates until `article-archive reprocess` "
                               "rebuilds the collection", stale, SCHEME)
        self.derived = DerivedTextWriter(Path(config.warc_dir), config.warc_prefix, config.warc_max_size,
                                         {"software": "article-archive", "sources-digest": config.sources_digest})

    def add(self, event: PageEvent) -> None:
        if self.failed:  # the crawl is stopping; what arrives now is derived again by the next run
            return
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(event)
        if len(self.pending) >= self.config.batch_size or self.due() <= 0:
            self.flush()

    def due(self) -> float:
        """Seconds until the pending batch must be stored (inf when there is none)."""
        return self.oldest + self.config.batch_seconds - time.monotonic() if self.pending else float("inf")

    def flush(self) -> None:
        events, self.pending = self.pending, []
        if not events or self.failed:
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
                        self.errors += 1
                        logger.exception("cannot store %s", event.url)
        except OperationalError as exc:  # disk full, database gone: the crawl stops
            self.failed = str(exc.orig)
            logger.error("cannot write to the database (%s): stopping the crawl; the captures are in the "
                         "WARC files and the pages will be processed on the next run", exc.orig)
            return
        for url, version in stored:
            self._write_derived(url, version)

    def _store(self, events: list[PageEvent]) -> list:
        stored = []
        try:
            with self.sessions.begin() as session:
                self.store.prefetch_pages(session, [event.url for event in events])
                for event in events:
                    version = self.store.add(session, event)
                    if version is not None:
                        stored.append((event.url, version))
                self.store.settle_canonical(session)
        except Exception:
            self.store.forget_transaction()  # rolled back: its pending rows must not be found again
            raise
        return stored

    def finish(self) -> dict[str, int]:
        """After the crawl: the last batch, the site chrome, the run's new articles numbered; the
        counts for the crawl's stats."""
        self.flush()
        made = 0 if self.failed else self._learn_site_chrome()
        try:
            self.derived.close()
        except OSError as exc:  # the file stays .open; the next run's recovery closes it
            logger.error("cannot close the derived-text WARC file: %s", exc)
        if not self.failed:
            try:
                with self.sessions.begin() as session:
                    self.store.finish_run(session)
            except OperationalError as exc:  # the articles stay unnumbered; the next run numbers them
                logger.error("cannot number this run's new articles (%s); the next run will", exc.orig)
        return {**self.store.counts, "versions_derived_again": made, "failed": self.errors}

    def _learn_site_chrome(self) -> int:
        """Learn each source's repeated lines from what is stored now; texts holding them are derived
        again (pipelines.chrome_relearn) and, like every new version, written to the derived WARC.
        The reactor says `finish` after its capture middleware wrote its last capture rows, which
        learning needs to find the responses to derive again."""
        try:
            with self.sessions.begin() as session:
                _, made = learn_and_rederive(session, Path(self.config.warc_dir), self.config.source_ids, self.store,
                                             on_learned=self._write_learned, on_version=self._write_derived)
        except OperationalError as exc:
            self.store.forget_transaction()  # rolled back: what it held back must not reach the numbering
            logger.error("cannot learn site chrome (%s); the next run will", exc.orig)
            return 0
        return made

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


# How often the loop looks up from an empty pipe to see whether the crawl's process is still there.
PARENT_CHECK_SECONDS = 1.0


def serve(inbox: Connection, outbox: Connection) -> None:
    """The store process's main: wait for its StoreConfig (("config", config), the first message),
    then store what arrives until `finish`, or until the crawl's process is gone (then the batch in
    hand is stored, and what it had archived but not sent here is derived by the next run)."""
    # Ctrl-C and SIGTERM reach the whole process group; the reactor finishes the crawl and then
    # says `finish`, so this process must outlive the signal rather than drop its batch. (The
    # reactor starts it with both ignored already, which covers its imports; this is for a caller
    # that does not.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    config = _wait_for_config(inbox, parent)
    if config is None:  # never configured: the crawl stopped before its spider opened
        return
    errors = _setup_logging(config)
    batches = BatchedStore(config)
    reported_failure = False
    while True:
        if batches.failed and not reported_failure:
            outbox.send(("failed", batches.failed))
            reported_failure = True
        try:
            if not inbox.poll(min(batches.due(), PARENT_CHECK_SECONDS)):
                if batches.due() <= 0:
                    batches.flush()
                if os.getppid() != parent:
                    break
                continue
            message = inbox.recv()
        except (EOFError, OSError):  # every sender is gone without a `finish`
            break
        if message[0] == "event":
            _, fields, result, minhash = message
            batches.add(PageEvent(**fields, result=result, minhash=minhash))
        elif message[0] == "finish":
            outbox.send(("done", {**batches.finish(), "log_errors": errors.count}))
            return
    logger.error("the crawl's process is gone: storing what arrived and stopping")
    batches.finish()


def _wait_for_config(inbox: Connection, parent: int) -> StoreConfig | None:
    """The first message; None when the pipe closes or the parent leaves first."""
    while True:
        try:
            if inbox.poll(PARENT_CHECK_SECONDS):
                message = inbox.recv()
                if message[0] != "config":
                    raise RuntimeError(f"the store process was sent {message[0]!r} before its config")
                return message[1]
        except (EOFError, OSError):
            return None
        if os.getppid() != parent:
            return None


class _ErrorCount(logging.Handler):
    """Counts this process's ERROR lines for the run's error count, as Scrapy counts the reactor's."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _setup_logging(config: StoreConfig) -> _ErrorCount:
    """The crawl's log format on the inherited stderr: a spawned process starts with no handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(config.log_level)
    handler.setFormatter(logging.Formatter(config.log_format))
    errors = _ErrorCount()
    logging.basicConfig(level=min(config.log_level, logging.INFO), handlers=[handler, errors], force=True)
    return errors
