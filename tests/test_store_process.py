"""The store process beside the crawl's reactor (pipelines/store_process.py, pipelines/derive.py): when it
dies, when the database refuses its writes and when the crawl's own process is killed, the crawl
stops or finishes with a clear line, loses no capture, and the next run derives what was lost."""
from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from archive.db import default_url, open_engine
from archive.warcread import read_record_at
from crawler.demo.server import DemoSites
from pipelines.text.process import process_page
from pipelines.store_process import StoreConfig, serve
from tests.conftest import CLI, ROOT, run_cli

pytestmark = pytest.mark.slow

STARTED = re.compile(r"store process (\d+) started")
# The demo sites are ours, on loopback: no politeness delays, except where a test wants a slow crawl.
FAST = ("AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


class CrawlWatcher:
    """A crawl in its own process group, its stderr read line by line as it comes."""

    def __init__(self, data: Path, sources: Path, *settings: str) -> None:
        args = [*CLI, "--data-dir", str(data), "crawl", "--sources", str(sources)]
        for setting in settings:
            args += ["--set", setting]
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_for(self, pattern: re.Pattern, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if m := pattern.search(line):
                    return m
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern.pattern!r}:\n{''.join(self.lines)[-3000:]}")

    def finish(self, timeout: float = 120) -> str:
        self.proc.wait(timeout=timeout)
        self.reader.join(timeout=10)
        return "".join(self.lines)


def exited(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (the store process of a killed crawl is not ours)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        return True


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(") ", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def sources_of(sites: DemoSites, tmp_path: Path) -> Path:
    sources = tmp_path / "sources.toml"
    sources.write_text(sites.sources_toml(), encoding="utf-8")
    return sources


def assert_captures_readable(data: Path) -> None:
    with sqlite3.connect(data / "archive.db") as db:
        rows = db.execute("SELECT warc_filename, warc_offset, warc_record_id FROM captures").fetchall()
    assert rows
    for filename, offset, record_id in rows:
        assert read_record_at(data / "warc" / filename, offset).record_id == record_id


def test_a_dead_store_process_stops_the_crawl_and_the_next_run_derives_what_it_lost(tmp_path):
    data = tmp_path / "data"
    with DemoSites() as sites:
        sources = sources_of(sites, tmp_path)
        crawl = CrawlWatcher(data, sources, "AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0.05")
        store_pid = int(crawl.wait_for(STARTED).group(1))
        os.kill(store_pid, signal.SIGKILL)
        log = crawl.finish()
        assert crawl.proc.returncode != 0, log[-3000:]  # a run a person must look at
        assert "the store process died (exit code -9): stopping the crawl" in log, log[-3000:]
        assert "Traceback" not in log, log[-3000:]
        assert not list((data / "warc").glob("*.open"))
        assert_captures_readable(data)
        with sqlite3.connect(data / "archive.db") as db:
            assert db.execute("SELECT status FROM crawl_runs").fetchall() == [("store_process_died",)]

        again = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources),
                        *(arg for setting in FAST for arg in ("--set", setting)))
        assert again.returncode == 0, again.stderr[-3000:]
        distinct = sites.distinct_articles()
    assert len(list((data / "records").glob("*.txt"))) == distinct


def test_the_store_process_keeps_what_arrived_when_the_crawl_is_killed(tmp_path):
    """SIGKILL of the reactor process alone: its store process and text workers notice, store the
    batch in hand and leave (no orphan holding the collection's files), and the next run derives
    the rest."""
    data = tmp_path / "data"
    with DemoSites() as sites:
        sources = sources_of(sites, tmp_path)
        # a slow crawl and batches that wait: at the kill, events sit in the store process unstored
        crawl = CrawlWatcher(data, sources, "AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0.1", "STORE_BATCH_SIZE=1000",
                             "STORE_BATCH_SECONDS=600")
        store_pid = int(crawl.wait_for(STARTED).group(1))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # well into the crawl, the text workers warm
            with sqlite3.connect(data / "archive.db") as db:
                if db.execute("SELECT COUNT(*) FROM captures WHERE status = 200").fetchone()[0] >= 15:
                    break
            time.sleep(0.1)
        time.sleep(1.0)  # the texts of those pages on their way to the store process
        workers = [pid for pid in children(crawl.proc.pid) if pid != store_pid]
        with sqlite3.connect(data / "archive.db") as db:
            assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0  # nothing stored yet
        os.kill(crawl.proc.pid, signal.SIGKILL)
        log = crawl.finish()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(map(exited, [store_pid, *workers])):
            time.sleep(0.1)
        assert exited(store_pid), "the store process outlived the crawl"
        assert workers and all(map(exited, workers)), "a text worker outlived the crawl"
        assert "the crawl's process is gone: storing what arrived and stopping" in log, log[-3000:]
        with sqlite3.connect(data / "archive.db") as db:
            stored = db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        assert stored > 0  # the batch in hand went in

        again = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources),
                        *(arg for setting in FAST for arg in ("--set", setting)))
        assert again.returncode == 0, again.stderr[-3000:]
        distinct = sites.distinct_articles()
    assert len(list((data / "records").glob("*.txt"))) == distinct


PAGE = ("<html><head><meta charset='utf-8'><title>国务院召开常务会议</title></head><body><div class='nav'>首页 | 要闻"
        "</div><div class='article'><h1>国务院召开常务会议</h1><p>会议指出，要持续推进高水平对外开放，稳住外贸外资基本盘。"
        "</p><p>会议强调，各地区各部门要抓好政策落实，确保取得实效，推动经济持续回升向好。</p></div></body></html>")


def event_fields(n: int) -> dict:
    url = f"http://127.0.0.1:9/article/{n}.html"
    return {"url": url, "canonical_url": url, "source_id": "gov", "source_rank": 1, "source_publications": (),
            "status": 200, "fetched_at": datetime(2026, 12, 2, tzinfo=timezone.utc),
            "warc_record_id": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>", "revisit": False,
            "redirected_from": [], "settings": {}}


def test_a_locked_database_is_reported_and_the_store_process_still_finishes(tmp_path):
    """Another writer holding the database past SQLite's busy timeout: the store process says so
    (the reactor then stops the crawl) and goes on draining its pipe, so that no text worker
    blocks on it, then finishes when told."""
    url = default_url(tmp_path)
    open_engine(url).dispose()
    config = StoreConfig(database_url=url, warc_dir=str(tmp_path / "warc"), warc_prefix="test",
                         warc_max_size=1 << 30, sources_digest="sha256:test", source_ids=("gov",), batch_size=2)
    spawn = multiprocessing.get_context("spawn")
    inbox, to_store = spawn.Pipe(duplex=False)
    from_store, outbox = spawn.Pipe(duplex=False)
    store = spawn.Process(target=serve, args=(inbox, outbox))
    store.start()
    inbox.close()
    outbox.close()
    to_store.send(("config", config))
    result = process_page(PAGE.encode(), url="http://127.0.0.1:9/article/0.html")
    try:
        blocker = sqlite3.connect(tmp_path / "archive.db", isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        for n in range(2):  # a full batch: the store process tries to write it and waits on the lock
            to_store.send(("event", event_fields(n), result, None))
        assert from_store.poll(30), "no word from the store process"
        kind, reason = from_store.recv()
        assert (kind, reason) == ("failed", "database is locked")
        blocker.rollback()
        blocker.close()
        for n in range(2, 200):  # still read (and left for the next run), never blocking the sender
            to_store.send(("event", event_fields(n), result, None))
        to_store.send(("finish",))
        assert from_store.poll(30)
        kind, counts = from_store.recv()
        assert kind == "done" and counts["log_errors"] >= 1
    finally:
        store.join(timeout=30)
        if store.is_alive():
            store.kill()
    assert store.exitcode == 0
    with sqlite3.connect(tmp_path / "archive.db") as db:
        assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0


def test_ctrl_c_finishes_the_crawl_and_derives_every_article_it_fetched(tmp_path):
    """Ctrl-C reaches the whole process group: the text workers and the store process ignore it,
    so Scrapy's graceful stop derives and stores every article response already archived."""
    data = tmp_path / "data"
    with DemoSites() as sites:
        sources = sources_of(sites, tmp_path)
        crawl = CrawlWatcher(data, sources, "AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0.1")
        crawl.wait_for(STARTED)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sqlite3.connect(data / "archive.db") as db:
                if db.execute("SELECT COUNT(*) FROM captures WHERE status = 200").fetchone()[0] >= 10:
                    break
            time.sleep(0.1)
        os.killpg(crawl.proc.pid, signal.SIGINT)
        # the person who pressed Ctrl-C is told at once, before the requests in flight have finished
        said = crawl.wait_for(re.compile(r"WARNING .*received SIGINT: stopping, finishing the requests in flight"),
                              timeout=3)
        assert said
        log = crawl.finish()
        article_urls = {u for urls in sites.article_urls().values() for u in urls}
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT status FROM crawl_runs").fetchall() == [("shutdown",)]
        fetched = {url: record_id for url, record_id in db.execute(
            "SELECT url, warc_record_id FROM captures WHERE status = 200 AND record_type = 'response'")
            if url in article_urls}
        derived = {record_id for (record_id,) in db.execute("SELECT warc_record_id FROM versions")}
    assert fetched  # (Scrapy's graceful stop still fetches what its downloader holds, often all of it)
    assert {url for url, record_id in fetched.items() if record_id not in derived} == set()


def test_prestarted_processes_are_taken_replaced_or_stopped():
    """The run starts the derivation processes before Scrapy's imports (pipelines.derive_processes):
    the spider takes them when their worker count is the one it wants, else stops them and starts
    its own; processes no spider took are stopped, the store process leaving without a config."""
    from pipelines import derive_processes

    ready = derive_processes.prestart(1)
    assert derive_processes.take(1) is ready
    ready.close()
    assert ready.store.exitcode == 0

    ready = derive_processes.prestart(1)
    workers = list(ready.pool._processes.values())
    other = derive_processes.take(2)  # another worker count: the prestarted ones are stopped
    try:
        assert other is not ready and other.workers == 2 and ready.store.exitcode == 0
        for worker in workers:
            worker.join(timeout=10)
            assert not worker.is_alive()
    finally:
        other.close()

    ready = derive_processes.prestart(1)
    derive_processes.discard_prestarted()
    assert ready.store.exitcode == 0
    assert derive_processes._prestarted is None


def test_a_failed_site_chrome_transaction_leaves_nothing_for_the_numbering_to_store(tmp_path, monkeypatch):
    """Learning site chrome runs in a transaction of its own at the end of the run; when the
    database refuses it (locked, disk full), what that transaction held back (a version derived
    again, its LSH bands) is rolled back with it and must not reach the next transaction, where
    the run's new articles are numbered."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from pipelines import store_process as store_module
    from pipelines.store.articles import PageEvent
    from pipelines.store_process import BatchedStore
    from tests.test_store import Result

    config = StoreConfig(database_url=default_url(tmp_path), warc_dir=str(tmp_path / "warc"), warc_prefix="t",
                         warc_max_size=1 << 30, sources_digest="sha256:0", source_ids=("demo",))
    batches = BatchedStore(config)
    event = dict(url="http://127.0.0.1/a.html", canonical_url="http://127.0.0.1/a.html", source_id="demo",
                 source_rank=0, status=200, warc_record_id="<urn:uuid:1>")
    batches.add(PageEvent(**event, fetched_at=datetime(2026, 1, 1, tzinfo=timezone.utc), result=Result(None)))
    batches.flush()

    def refused(session, warc_dir, source_ids, store, **callbacks):
        from archive.models import Page

        page = session.query(Page).one()
        again = Result(None)
        again.text = again.original_text = again.text.replace("。", "！", 3)  # the same article, derived again
        assert store.add_derived_again(session, page, PageEvent(**event, fetched_at=page.first_seen, result=again))
        raise OperationalError("UPDATE site_chrome", {}, Exception("database is locked"))

    monkeypatch.setattr(store_module, "learn_and_rederive", refused)
    counts = batches.finish()  # the numbering's transaction must not meet the held-back rows
    assert counts["articles_new"] == 1
    engine = open_engine(default_url(tmp_path))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM versions")).scalar() == 1
        assert conn.execute(text("SELECT COUNT(*) FROM lsh_bands WHERE version_id NOT IN "
                                 "(SELECT id FROM versions)")).scalar() == 0
        assert conn.execute(text("SELECT record_name FROM articles")).scalar().startswith("001_")
    engine.dispose()
