"""Start a crawl run: the data dir checked, the collection lock, the backlog of killed runs derived,
then one Scrapy crawl here (crawler.scrapy_run) or a crawl split over processes (crawler.shards)."""
from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from crawler.scrapy_run import RunSummary, crawl_settings, run_scrapy, summarize
from crawler.errors import CollectionLocked, DataDirError

logger = logging.getLogger(__name__)




def check_data_dir(data_dir: Path) -> None:
    """Fail before the crawl starts, with the reason, when nothing could be written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir) as probe:
            probe.write(b"probe")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise DataDirError(f"cannot write to the data dir {data_dir}: {exc.strerror or exc}") from exc


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
                         int(crawler.stats.get_value("records/written", 0)), overrides, sources)


def _catch_up(data_dir: Path, overrides: dict) -> None:
    """Close the WARC files a killed run left open, then derive what it archived and never stored
    (crawler.replay.catch_up), before this run fetches anything: its conditional requests and its
    revisits may refer to any earlier capture, and a page's first capture stays its first."""
    from archive.collection import open_collection
    from archive.recovery import recover_open_files
    from crawler.replay import catch_up

    collection = open_collection(data_dir, overrides.get("ARCHIVE_DATABASE_URL"))
    if collection.warc_dir.is_dir():
        recover_open_files(collection.warc_dir, collection.engine)
    report = catch_up(data_dir, collection.database_url)
    for problem in report.problems:
        logger.warning("catching up with earlier runs: %s", problem)


def _prestart_derivation(overrides: dict) -> None:
    """A crawl with the default item pipeline derives text: its store process and text workers
    start now, and import while this process imports Scrapy (pipelines.derive_processes)."""
    if "ITEM_PIPELINES" in overrides:  # --archive-only, or pipelines of the caller's own
        return
    from pipelines.derive_processes import prestart

    prestart(int(overrides.get("TEXT_WORKERS", 0)))


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


# What changed on the demo sites since the first demo run: an official article edited (a sentence
# added) and another one taken down (410), so that the second run shows a new version with its diff
# and a takedown (`article-archive changes`). The same on every later run: no new change then.
DEMO_EDIT_SENTENCE = "（本文于首次归档后修订：补充了会议的后续安排。）"


def _the_world_moves_on(sites) -> None:
    from urllib.parse import urlsplit

    edited, taken_down = sites.article_urls()["qizhi"][:2]
    paragraphs = sites.placement(edited).article.paragraphs
    sites.edit("qizhi", urlsplit(edited).path, [*paragraphs, DEMO_EDIT_SENTENCE])
    sites.delete("qizhi", urlsplit(taken_down).path, status=410)
    logger.info("demo sites since the last demo run: %s edited, %s taken down (410)", edited, taken_down)


def run_demo(data_dir: Path, overrides: dict | None = None, processes: int = 1, discover: bool = False) -> RunSummary:
    """Serve the bundled demo sites on loopback and crawl them into `data_dir`.

    The ports are remembered in the data dir, so a second demo run sees the same URLs and is a
    re-crawl of the same collection rather than a fresh start, in which one article was edited and
    one taken down since (_the_world_moves_on). `discover`: the sources file gives each site's start
    URLs and domains only, and the crawl tells the articles by the page kind model.
    """
    import json

    from archive.fileio import write_atomic
    from crawler.demo.server import DemoSites

    check_data_dir(data_dir)
    ports_file = data_dir / "demo-ports.json"
    ports = json.loads(ports_file.read_text()) if ports_file.exists() else None
    with DemoSites(ports=ports) as sites:
        if ports is not None:
            _the_world_moves_on(sites)
        write_atomic(ports_file, json.dumps(sites.ports, indent=1))
        sources = data_dir / "demo-sources.toml"
        write_atomic(sources, sites.sources_toml(patterns=not discover))
        logger.info("demo sites: %s", ", ".join(f"{k} {sites.base_url(k)}" for k in sites.ports))
        return run_crawl(data_dir, sources, {**DEMO_OVERRIDES, **(overrides or {})}, processes)
