"""SIGKILL the crawl at random moments, restart it each time: nothing is lost, nothing doubled,
and every WARC file and capture row stays valid."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.server import DemoSites
from tests.conftest import CLI, ROOT, later_versions_from_new_captures, loopback_paced

from archive.warcread import read_record_at

pytestmark = pytest.mark.slow

KILLS = 10


def start_crawl(data: Path, sources: Path, *, polite: bool = True) -> subprocess.Popen:
    # Its own process group, so the kill reaches the extraction workers too. The crawls that are
    # killed keep the polite pace (a kill must find them running); the last one need not wait.
    args = ["--data-dir", str(data), "crawl", "--sources", str(sources)]
    return subprocess.Popen([*CLI, *loopback_paced(args, polite)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_until_archiving(data: Path, proc: subprocess.Popen, before: set[Path], timeout: float = 120) -> None:
    """Until the run has opened a WARC file of its own (the crawl is past its start-up): a kill then
    lands inside a run, however slowly a busy machine starts the process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if set((data / "warc").glob("*.open")) - before:
            return
        time.sleep(0.05)


def test_killed_ten_times_loses_and_duplicates_nothing(tmp_path):
    rng = random.Random(20261125)
    data = tmp_path / "killed"
    killed = 0
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        while killed < KILLS:
            before = set((data / "warc").glob("*.open"))
            proc = start_crawl(data, sources)
            if killed % 2:  # every other kill inside a running crawl; the others at any moment, start-up too
                wait_until_archiving(data, proc, before)
                time.sleep(rng.uniform(0.1, 2.0))
            else:
                time.sleep(rng.uniform(0.3, 3.0))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                killed += 1
            proc.wait(timeout=60)
        final = start_crawl(data, sources, polite=False)
        _, stderr = final.communicate(timeout=300)
        assert final.returncode == 0, stderr.decode()[-3000:]
        expected = {u for urls in sites.article_urls().values() for u in urls}
        distinct = sites.distinct_articles()

    warc_files = sorted((data / "warc").glob("*.warc.gz"))
    assert not list((data / "warc").glob("*.open")), "every file left open was recovered"
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, warc_files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout

    with sqlite3.connect(data / "archive.db") as db:
        archived = {url for (url,) in db.execute("SELECT url FROM captures WHERE status = 200")}
        assert expected <= archived, sorted(expected - archived)[:5]
        doubled = db.execute("SELECT page_id, text_digest, COUNT(*) FROM versions "
                             "GROUP BY page_id, text_digest HAVING COUNT(*) > 1").fetchall()
        assert doubled == []
    assert later_versions_from_new_captures(data) == 0  # the farm's texts derived again do not count
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == distinct
        assert db.execute("SELECT COUNT(*) FROM articles WHERE seq IS NULL").fetchone()[0] == 0
        rows = db.execute("SELECT warc_filename, warc_offset, warc_record_id FROM captures").fetchall()
        statuses = {s for (s,) in db.execute("SELECT status FROM crawl_runs")}
    assert "interrupted" in statuses and "finished" in statuses
    for filename, offset, record_id in rows:
        assert read_record_at(data / "warc" / filename, offset).record_id == record_id
    assert len(list((data / "records").glob("*.txt"))) == distinct

    # Provenance is a function of the WARC files alone: rebuilt into an empty database, they give
    # the live collection's index byte for byte (first captures, versions, runs, names, canonicals).
    import shutil

    from tests.conftest import run_cli

    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(data / "warc", rebuilt / "warc")
    result = run_cli("--data-dir", str(rebuilt), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    live = (data / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    again = (rebuilt / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(live) == len(again)
    differing = [(a[:300], b[:300]) for a, b in zip(live, again) if a != b]
    assert not differing, (len(differing), differing[:2])
    for name in (p.name for p in (data / "records").glob("*.txt")):
        assert (rebuilt / "records" / name).read_bytes() == (data / "records" / name).read_bytes(), name
