"""Start a crawl in this process: settings, the collection lock, and the run's summary."""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)


class CollectionLocked(RuntimeError):
    """Another run holds this collection's lock."""


class DataDirError(RuntimeError):
    """The data directory cannot be created or written."""


def check_data_dir(data_dir: Path) -> None:
    """Fail before the crawl starts, with the reason, when nothing could be written."""
    import tempfile

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir) as probe:
            probe.write(b"probe")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise DataDirError(f"cannot write to the data dir {data_dir}: {exc.strerror or exc}") from exc


@dataclass
class RunSummary:
    run_id: int
    status: str
    fetched: int
    new: int
    changed: int
    unchanged: int
    gone: int
    errors: int
    articles: int
    pages: int
    duplicates: int
    records_written: int
    data_dir: str
    warc_files: int
    database: str = ""   # the database's URL, its password masked

    def to_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        why = STOP_REASONS.get(self.status)
        return [
            f"run {self.run_id} {self.status}{f' ({why})' if why else ''}: {self.fetched} responses archived, "
            f"{self.errors} errors",
            f"articles: {self.articles} ({self.new} new this run) from {self.pages} pages; "
            f"{self.duplicates} pages are copies of another page's article",
            f"versions: {self.changed} changed, {self.unchanged} unchanged; {self.gone} pages gone",
            f"records written this run: {self.records_written} -> {Path(self.data_dir) / 'records'}",
            f"WARC files: {self.warc_files} in {Path(self.data_dir) / 'warc'}; "
            f"database: {self.database or Path(self.data_dir) / 'archive.db'}",
        ]


# Why a run stopped, in words, for the summary's first line beside the status Scrapy names it by
# ('finished' says it already).
STOP_REASONS = {
    "closespider_pagecount": "stopped at --max-pages",
    "closespider_timeout": "stopped at --max-duration",
    "shutdown": "stopped by Ctrl-C or SIGTERM",
    "interrupted": "the process was killed",
    "shard_failed": "a process of the split crawl died",
}


@contextmanager
def collection_lock(data_dir: Path):
    """An exclusive lock on the collection, released by the OS even if the process is killed."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fh = open(data_dir / ".lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise CollectionLocked(f"another run is using {data_dir} (lock {data_dir / '.lock'} is held)") from None
    try:
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def crawl_settings(data_dir: Path, sources: Path, overrides: dict | None = None):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("DATA_DIR", str(data_dir), priority="cmdline")
    settings.set("ARCHIVE_SOURCES", str(sources), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(data_dir: Path, sources: Path, overrides: dict | None = None, processes: int = 1) -> RunSummary:
    """One crawl run into `data_dir`; split over `processes` processes sharing their frontier
    through Redis when more than one (crawler/shards.py)."""
    check_data_dir(data_dir)
    with collection_lock(data_dir):
        if processes > 1:
            from crawler.shards import run_split

            return run_split(data_dir, sources, overrides or {}, processes)
        _prestart_derivation(overrides or {})
        if "ITEM_PIPELINES" not in (overrides or {}):  # a run that derives text: earlier kills' backlog first
            _catch_up(data_dir, overrides or {})
        try:
            crawler = run_scrapy(crawl_settings(data_dir, sources, overrides), sources)
        finally:
            from pipelines.derive_processes import discard_prestarted

            discard_prestarted()
        return summarize(data_dir, crawler.stats.get_value("archive/run_id"),
                         int(crawler.stats.get_value("records/written", 0)), overrides)


def _catch_up(data_dir: Path, overrides: dict) -> None:
    """Close the WARC files a killed run left open, then derive what it archived and never stored
    (crawler.replay.catch_up), before this run fetches anything: its conditional requests and its
    revisits may refer to any earlier capture, and a page's first capture stays its first."""
    from archive.db import default_url, open_engine
    from archive.recovery import recover_open_files
    from crawler.replay import catch_up

    url = overrides.get("ARCHIVE_DATABASE_URL") or default_url(data_dir)
    if (data_dir / "warc").is_dir():
        engine = open_engine(url)
        try:
            recover_open_files(data_dir / "warc", engine)
        finally:
            engine.dispose()
    report = catch_up(data_dir, url)
    for problem in report.problems:
        logger.warning("catching up with earlier runs: %s", problem)


def _prestart_derivation(overrides: dict) -> None:
    """A crawl with the default item pipeline derives text: its store process and text workers
    start now, and import while this process imports Scrapy (pipelines.derive_processes)."""
    if "ITEM_PIPELINES" in overrides:  # --archive-only, or pipelines of the caller's own
        return
    from pipelines.derive_processes import prestart

    prestart(int(overrides.get("TEXT_WORKERS", 0)))


def run_scrapy(settings, sources: Path):
    """Run the articles spider in this process until it closes; returns its Crawler."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.articles import ArticlesSpider

    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the command's handler logs
    # The frontier goes to Scrapy's disk queues: a pending Request costs ~2 KB of memory, and a
    # news site's list pages reveal most of its articles long before they are fetched. The
    # directory is this run's alone and never resumed; it is not in the data dir, so a full
    # data disk stops the crawl with the database's error rather than the queue's.
    queue_dir = None
    if not settings.get("JOBDIR"):
        _remove_orphan_frontiers()
        queue_dir = Path(tempfile.mkdtemp(prefix=f"{FRONTIER_PREFIX}{os.getpid()}-"))
        settings.set("JOBDIR", str(queue_dir), priority="cmdline")
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(ArticlesSpider)
        process.crawl(crawler, sources=str(sources))
        process.start()
    finally:
        if queue_dir is not None:
            shutil.rmtree(queue_dir, ignore_errors=True)
    return crawler


FRONTIER_PREFIX = "article-archive-frontier-"


def _remove_orphan_frontiers() -> None:
    """Remove the disk queues of runs that were killed (their process is gone)."""
    for path in Path(tempfile.gettempdir()).glob(f"{FRONTIER_PREFIX}*"):
        pid = path.name.removeprefix(FRONTIER_PREFIX).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:  # another user's live process
            continue


def summarize(data_dir: Path, run_id: int | None, records_written: int, overrides: dict | None = None) -> RunSummary:
    from archive.db import default_url, open_engine, shown_url
    from archive.models import Article, CrawlRun, Page

    url = (overrides or {}).get("ARCHIVE_DATABASE_URL") or default_url(data_dir)
    with Session(open_engine(url)) as session:
        run = session.get(CrawlRun, run_id) if run_id else None
        if run is None:
            raise RuntimeError("the crawl did not start (see the log above)")
        articles = session.scalar(select(func.count(Article.id))) or 0
        clustered = session.scalar(select(func.count(Page.id)).where(Page.article_id.is_not(None))) or 0
        pages = session.scalar(select(func.count(Page.id))) or 0
        return RunSummary(run.id, run.status, run.fetched, run.new, run.changed, run.unchanged, run.gone,
                          run.errors, articles, pages, clustered - articles, records_written, str(data_dir),
                          len(list((data_dir / "warc").glob("*.warc.gz"))), shown_url(url))


# `crawl --archive-only`: WARC and capture rows only; `reprocess` derives the rest later. With no
# item pipeline a response's output (one item, its links) needs no parallel handling: Scrapy starts
# CONCURRENT_ITEMS asyncio tasks for every response, a tenth of this mode's CPU at 16.
ARCHIVE_ONLY = {"ITEM_PIPELINES": {}, "CONCURRENT_ITEMS": 1}

DEMO_OVERRIDES = {
    # The demo sites are our own, on loopback: no need to wait between requests.
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    # Every demo run re-fetches every page, so a second run shows revisits and changes at once.
    "REFETCH_AFTER_HOURS": 0,
}


def run_demo(data_dir: Path, overrides: dict | None = None, processes: int = 1) -> RunSummary:
    """Serve the bundled demo sites on loopback and crawl them into `data_dir`.

    The ports are remembered in the data dir, so a second demo run sees the same URLs and is a
    re-crawl of the same collection rather than a fresh start.
    """
    import json

    from archive.fileio import write_atomic
    from crawler.demo.server import DemoSites

    check_data_dir(data_dir)
    ports_file = data_dir / "demo-ports.json"
    ports = json.loads(ports_file.read_text()) if ports_file.exists() else None
    with DemoSites(ports=ports) as sites:
        write_atomic(ports_file, json.dumps(sites.ports, indent=1))
        sources = data_dir / "demo-sources.toml"
        write_atomic(sources, sites.sources_toml())
        logger.info("demo sites: %s", ", ".join(f"{k} {sites.base_url(k)}" for k in sites.ports))
        return run_crawl(data_dir, sources, {**DEMO_OVERRIDES, **(overrides or {})}, processes)
