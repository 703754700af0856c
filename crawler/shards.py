"""`crawl --processes N`: one crawl run split over N processes.

One Scrapy process is one core: the reactor thread does the fetching, link handling and WARC
writing of every response. Split over N processes, each (a *shard*) fetches the URLs it owns and
hands the others over through Redis (crawler/frontier.py).

This parent process holds the collection lock, recovers WARC files a killed run left open, opens
the run's row and starts the shards. Each is a whole crawl of its own — its own WARC files
(`<WARC_PREFIX>-shard<I>-…`, every one's warcinfo naming the same run and its shard), disk queue
and capture-row batches — with 1/N of each host's politeness budget, so that a host sees the
load one process would put on it. The parent watches them, tells the others to stop when one
dies, and closes the run's row with their stats added up.

Only the archive-only mode is split (WARC and capture rows): clusters and records are decided
in one place, by `reprocess`, which uses every core too.
"""
from __future__ import annotations

import json
import logging
import math
import multiprocessing
import multiprocessing.connection
import shutil
import signal
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

from crawler.errors import SplitCrawlError

logger = logging.getLogger(__name__)



def shard_politeness(settings, processes: int) -> dict:
    """Each shard's share of the per-host budget: N shards together as polite as one process."""
    delay = settings.getfloat("DOWNLOAD_DELAY")
    return {
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, math.ceil(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") / processes)),
        "DOWNLOAD_DELAY": delay * processes,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") / processes,
    }


def run_split(data_dir: Path, sources: Path, overrides: dict, processes: int):
    """Run the crawl in `processes` shards; the caller holds the collection lock."""
    from archive.collection import from_settings
    from archive.recovery import recover_open_files
    from crawler import frontier
    from crawler.scrapy_run import crawl_settings, summarize
    from crawler.runs import close_run, open_run
    from crawler.sources import load_sources

    settings = crawl_settings(data_dir, sources, overrides)
    if settings.getdict("ITEM_PIPELINES"):
        raise SplitCrawlError("--processes N needs --archive-only: the text, clusters and records are made "
                              "afterwards by `article-archive reprocess`, on every core")
    frontier_url = settings.get("ARCHIVE_FRONTIER_URL")
    client = frontier.connect(frontier_url)
    collection = from_settings(settings)
    if collection.warc_dir.exists():
        recover_open_files(collection.warc_dir, collection.engine)
    run_id = open_run(collection.engine, load_sources(sources).digest)
    collection.release()  # no connection of this process's may be used by a forked shard
    namespace = f"article-archive:{uuid.uuid4().hex}"
    stats_dir = Path(tempfile.mkdtemp(prefix="article-archive-shards-"))
    shared = {
        **overrides, **shard_politeness(settings, processes),
        "ARCHIVE_SHARDS": processes, "ARCHIVE_FRONTIER_URL": frontier_url, "ARCHIVE_FRONTIER_KEY": namespace,
        "ARCHIVE_RUN_ID": run_id, "ARCHIVE_RUN_KEY": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "PROGRESS_ENABLED": False,
    }
    if settings.getint("CLOSESPIDER_PAGECOUNT"):  # the run stops when the first shard reaches its share
        shared["CLOSESPIDER_PAGECOUNT"] = math.ceil(settings.getint("CLOSESPIDER_PAGECOUNT") / processes)
    logger.info("crawl run %d started in %d processes (frontier %s, key %s)", run_id, processes, frontier_url,
                namespace)
    context = _process_context(settings)
    children = []
    try:
        for shard in range(processes):
            shard_settings = {**shared, "ARCHIVE_SHARD": shard,
                              "ARCHIVE_SHARD_STATS": str(stats_dir / f"shard-{shard}.json"),
                              "WARC_PREFIX": f"{settings.get('WARC_PREFIX')}-shard{shard}"}
            child = context.Process(target=_shard_main, name=f"shard-{shard}",
                                    args=(str(data_dir), str(sources), shard_settings,
                                          logging.getLogger().getEffectiveLevel()))
            child.start()
            children.append(child)
        failed = _watch(children, client, namespace)
        shard_stats = [_read_stats(stats_dir / f"shard-{i}.json") for i in range(processes)]
    finally:
        for child in children:  # only after an error in this process: stop what still runs
            if child.is_alive():
                child.terminate()
                child.join()
        shutil.rmtree(stats_dir, ignore_errors=True)
    stats = merge_stats([s for s in shard_stats if s is not None])
    status = run_status(shard_stats, failed)
    written = close_run(collection.engine, run_id, status, stats, data_dir / "records")
    try:
        frontier.clear(client, namespace, processes)
    except Exception as exc:  # the keys expire on their own
        logger.warning("could not remove the frontier's keys %s:*: %s", namespace, exc)
    logger.info("crawl run %d %s", run_id, status)
    return summarize(data_dir, run_id, written, overrides, sources)


def _process_context(settings):
    """fork, with the crawl's modules imported here first: each shard then starts in ~0.1 s
    instead of importing Scrapy, Twisted and SQLAlchemy again (~0.6 s of CPU each). Safe here,
    unlike in a process running a reactor: this one has started no reactor, no thread, and holds
    no database connection when it forks. spawn where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    import scrapy.crawler  # noqa: F401

    import crawler.spiders.articles  # noqa: F401

    from scrapy.utils.conf import build_component_list
    from scrapy.utils.misc import load_object

    for name in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS"):  # what the crawl will load
        for component in build_component_list(settings.getwithbase(name)):
            load_object(component)
    return multiprocessing.get_context("fork")


def _watch(children, client, namespace: str) -> list[int]:
    """Wait for every shard; when one dies (killed, crashed), the others are told to stop. An
    interrupt here (Ctrl-C, SIGTERM from a scheduler) stops every shard cleanly."""
    from crawler import frontier

    failed: list[int] = []
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        while any(child.exitcode is None for child in children):
            try:
                # wakes as soon as any shard ends, not on a polling interval
                multiprocessing.connection.wait([c.sentinel for c in children if c.exitcode is None], timeout=1.0)
                for shard, child in enumerate(children):
                    if child.exitcode not in (None, 0) and shard not in failed:
                        failed.append(shard)
                        how = (f"killed by signal {-child.exitcode}" if child.exitcode < 0
                               else f"exit code {child.exitcode}")
                        logger.error("shard %d/%d died (%s): stopping the other shards; what they fetched "
                                     "is archived", shard, len(children), how)
                        frontier.stop_all(client, namespace, "shard_failed")
            except KeyboardInterrupt:
                logger.warning("interrupted: stopping every shard (what was fetched is archived)")
                frontier.stop_all(client, namespace, "shutdown")
    finally:
        signal.signal(signal.SIGTERM, previous)
    return failed


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _read_stats(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def merge_stats(per_shard: list[dict]) -> dict:
    """The run's stats: counts added up, the earliest start and latest finish, every shard's end."""
    merged: dict = {}
    for stats in per_shard:
        for key, value in stats.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if key.startswith("elapsed_time") or key == "archive/run_id":
                merged[key] = max(merged.get(key, value), value)
            else:
                merged[key] = merged.get(key, 0) + value
    times = [(s.get("start_time"), s.get("finish_time")) for s in per_shard]
    if starts := [t[0] for t in times if t[0]]:
        merged["start_time"] = min(starts)
    if ends := [t[1] for t in times if t[1]]:
        merged["finish_time"] = max(ends)
    merged["shards/finish_reasons"] = [s.get("finish_reason") for s in per_shard]
    return merged


def run_status(shard_stats: list[dict | None], failed: list[int]) -> str:
    """"finished" when every shard finished; else why the run stopped."""
    if failed or any(s is None for s in shard_stats):
        return "shard_failed"
    reasons = [s.get("finish_reason") or "killed" for s in shard_stats]
    return next((r for r in reasons if r != "finished"), "finished")


def _shard_main(data_dir: str, sources: str, overrides: dict, log_level: int) -> None:
    """One shard, in its own process."""
    from crawler.logs import setup_logging
    from crawler.scrapy_run import crawl_settings, run_scrapy

    setup_logging(log_level <= logging.DEBUG, label=f"shard {overrides['ARCHIVE_SHARD']}/{overrides['ARCHIVE_SHARDS']}")
    run_scrapy(crawl_settings(Path(data_dir), Path(sources), overrides), Path(sources))
