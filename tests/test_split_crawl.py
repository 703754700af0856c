"""`crawl --archive-only --processes N`: one run split over processes sharing their frontier
through the machine's Redis (127.0.0.1:6379), against the demo sites over real HTTP.

The split crawl must archive what a one-process crawl archives — each URL once, by the process
that owns it — and `reprocess` must make the same records from its WARC files."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoSites
from tests.conftest import CLI, ROOT, redis_up, run_cli, versions


REDIS = os.environ.get("ARTICLE_ARCHIVE_FRONTIER_URL", "redis://127.0.0.1:6379/0")


pytestmark = [pytest.mark.slow, pytest.mark.redis,
              pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 (the split crawl's frontier)")]


@pytest.fixture(scope="module")
def demo():
    with DemoSites() as sites:
        yield sites


def _crawl(demo, data: Path, *extra: str) -> subprocess.CompletedProcess:
    data.mkdir(parents=True, exist_ok=True)
    sources = data / "sources.toml"
    sources.write_text(demo.sources_toml(), encoding="utf-8")
    return run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--archive-only",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *extra)


def _responses(data: Path) -> list[tuple[str, str, int, str]]:
    """(file, URL, status, record id) of every response/revisit record, read back with warcio."""
    out = []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    out.append((path.name, record.rec_headers.get_header("WARC-Target-URI"),
                                int(record.http_headers.get_statuscode()), record.rec_headers.get_header("WARC-Record-ID")))
    return out


def _not_robots(url: str) -> bool:
    return not url.endswith("/robots.txt")  # each process asks a host for its robots.txt itself


@pytest.fixture(scope="module")
def both(demo, tmp_path_factory):
    """The same demo sites crawled by one process and by three."""
    one = tmp_path_factory.mktemp("one-process")
    split = tmp_path_factory.mktemp("split")
    single = _crawl(demo, one)
    assert single.returncode == 0, single.stdout + single.stderr[-3000:]
    result = _crawl(demo, split, "--processes", "3", "--frontier-url", REDIS)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return one, split, result


def test_split_crawl_archives_what_one_process_archives(both):
    one, split, _ = both
    single = Counter((url, status) for _, url, status, _ in _responses(one) if _not_robots(url))
    shared = Counter((url, status) for _, url, status, _ in _responses(split) if _not_robots(url))
    assert len(single) > 20
    assert max(shared.values()) == 1  # no URL fetched twice, by two processes or one
    # Exactly the same, robots.txt exclusions included: a process receives a batch of URLs for a host
    # before it has its robots.txt, and each of them must wait for the rules (tests/test_robots.py).
    assert shared == single


def test_every_process_wrote_its_own_files_and_they_name_one_run(both):
    _, split, _ = both
    names = {f for f, *_ in _responses(split)}
    assert {n.split("-shard", 1)[1][0] for n in names} == {"0", "1", "2"}  # each process fetched its share
    runs, shards = set(), set()
    for path in (split / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            info = next(iter(ArchiveIterator(fh)))
            fields = dict(line.split(": ", 1) for line in info.content_stream().read().decode().splitlines() if ": " in line)
        runs.add(fields["article-archive-run"])
        shards.add(fields["article-archive-shard"])
    assert len(runs) == 1 and shards == {"0/3", "1/3", "2/3"}
    assert not list((split / "warc").glob("*.open"))


def test_capture_rows_point_at_their_records_and_the_run_adds_up(both):
    _, split, result = both
    records = {(f, rid) for f, _, _, rid in _responses(split)}
    with sqlite3.connect(split / "archive.db") as db:
        rows = db.execute("SELECT warc_filename, warc_record_id, run_id FROM captures").fetchall()
        runs = db.execute("SELECT id, status, fetched, stats FROM crawl_runs").fetchall()
    assert {(f, rid) for f, rid, _ in rows} == records and len(rows) == len(records)
    assert len(runs) == 1
    run_id, status, fetched, _ = runs[0]
    assert status == "finished" and fetched == len(rows) and {r for *_, r in rows} == {run_id}
    assert f"run {run_id} finished: {len(rows)} responses archived" in result.stdout


def test_reprocess_of_the_split_crawl_gives_the_same_texts_and_clusters(both):
    """The same text for every URL and the same clusters. (Which copy of a cluster is canonical can
    differ: between equals the earliest capture wins, and capture order is never fixed, in one
    process or several.)"""
    one, split, _ = both
    derived = {}
    for data in (one, split):
        result = run_cli("--data-dir", str(data), "reprocess")
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        index = [json.loads(line) for line in (data / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()]
        clusters = {frozenset(u["url"] for u in entry["urls"]) for entry in index}
        derived[data] = (versions(data), clusters, len(list((data / "records").glob("*.txt"))))
    texts, clusters, files = derived[one]
    assert len(texts) > 10 and len(clusters) > 5 and files == len(clusters)
    assert derived[split] == derived[one]


def test_no_redis_fails_before_anything_starts(demo, tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    result = _crawl(demo, tmp_path / "c", "--processes", "2", "--frontier-url", f"redis://127.0.0.1:{closed}/0")
    assert result.returncode == 2
    assert "cannot reach the shared frontier" in result.stderr and str(closed) in result.stderr
    assert not list((tmp_path / "c").glob("warc/*"))


def test_split_crawl_is_archive_only(demo, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(demo.sources_toml(), encoding="utf-8")
    result = run_cli("--data-dir", str(tmp_path / "c"), "crawl", "--sources", str(sources), "--processes", "2")
    assert result.returncode == 2 and "--processes N needs --archive-only" in result.stderr


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_a_killed_process_stops_the_run_and_loses_nothing_fetched(demo, tmp_path):
    """SIGKILL one of two processes mid-crawl: the other stops, the run says why, and the next run
    recovers the killed one's open WARC file: every archived response has its capture row."""
    data = tmp_path / "c"
    data.mkdir()
    sources = data / "sources.toml"
    sources.write_text(demo.sources_toml(), encoding="utf-8")
    # a polite crawl (0.3 s between requests per host and process) lasts long enough to kill
    proc = subprocess.Popen([*CLI, "--data-dir", str(data), "crawl", "--sources", str(sources), "--archive-only",
                             "--processes", "2", "--frontier-url", REDIS, "-s", "DOWNLOAD_DELAY=0.15",
                             "-s", "AUTOTHROTTLE_ENABLED=False"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((data / "warc").glob("*shard1*.open"))) == 0:
        time.sleep(0.1)
    time.sleep(1.0)  # some responses in
    shards = [p for p in _children(proc.pid) if "python" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
    assert len(shards) >= 2, shards
    os.kill(shards[1], signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err[-3000:]
    assert "died (killed by signal 9)" in err
    with sqlite3.connect(data / "archive.db") as db:
        assert db.execute("SELECT status FROM crawl_runs").fetchone()[0] == "shard_failed"
    assert list((data / "warc").glob("*.open"))  # the killed process's file, its last record maybe torn
    again = _crawl(demo, data)  # one process: recovers the file first, then crawls what is due
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]
    records = {(f, rid) for f, _, _, rid in _responses(data)}
    with sqlite3.connect(data / "archive.db") as db:
        rows = set(db.execute("SELECT warc_filename, warc_record_id FROM captures").fetchall())
    assert rows == records


def test_redis_gone_mid_crawl_stops_every_process_cleanly(demo, tmp_path):
    """The frontier's Redis is killed mid-crawl (our own redis-server on a free port): every
    process says so and stops, its WARC file closed and every response it archived with its
    capture row; the run's status names the reason."""
    import shutil

    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        data = tmp_path / "c"
        data.mkdir()
        sources = data / "sources.toml"
        sources.write_text(demo.sources_toml(), encoding="utf-8")
        proc = subprocess.Popen([*CLI, "--data-dir", str(data), "crawl", "--sources", str(sources), "--archive-only",
                                 "--processes", "2", "--frontier-url", f"redis://127.0.0.1:{port}/0",
                                 "-s", "DOWNLOAD_DELAY=0.15", "-s", "AUTOTHROTTLE_ENABLED=False"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list((data / "warc").glob("*.open"))) < 2:
            time.sleep(0.1)
        time.sleep(1.0)
    finally:
        server.kill()
        server.wait()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err[-3000:]
    assert err.count("the shared frontier failed") >= 2, err[-3000:]  # each process says it
    assert "Traceback" not in err, err[-3000:]
    with sqlite3.connect(data / "archive.db") as db:
        status = db.execute("SELECT status FROM crawl_runs").fetchone()[0]
        rows = set(db.execute("SELECT warc_filename, warc_record_id FROM captures").fetchall())
    assert status == "frontier_failed"
    assert not list((data / "warc").glob("*.open"))  # closed properly: nothing to recover
    records = {(f, rid) for f, _, _, rid in _responses(data)}
    assert records and rows == records
