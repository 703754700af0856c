"""Shared fixtures: the client's shared folder, loopback demo and fault sites, a crawled collection."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLI = [sys.executable, "-m", "crawler.cli"]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the client's shared folder beside the checkout")
    return path


# The test sites are our own, on loopback: a crawl of them need not wait between requests as a
# crawl of someone else's site must (crawler/settings.py: AutoThrottle from 1 s, 0.25 s delay). Waiting
# was most of the suite's time: a demo crawl takes 42 s polite and 6 s without. Concurrency stays
# at the default 4 a site: at 8 (what `article-archive demo` uses) the fault site's answers, on a
# busy machine, outran the 0.5 s timeout a fault test sets.
LOOPBACK_CRAWL = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
_PACING = ("DOWNLOAD_DELAY=", "AUTOTHROTTLE_ENABLED=")


# `make test` runs two test workers on two cores (pytest-xdist): a crawl or demo under
# test takes one text worker, its share of the machine, where a user's takes one per core. Each
# text worker imports the whole text pipeline as it starts (about 1.3 s of CPU), so a crawl under
# test spawned three processes and two workers' crawls six, on two cores: this was a quarter of a
# demo crawl's CPU. A test that counts or kills the workers sets its own, or passes `polite=True`.
# (Not reprocess: the kill test's rebuilds took 70 s longer on one worker than they saved.)
TEST_SHARE = {"crawl": ("-s", "TEXT_WORKERS=1"), "demo": ("-s", "TEXT_WORKERS=1")}


def loopback_paced(args: tuple[str, ...] | list[str], polite: bool = False) -> list[str]:
    """`args` of an `article-archive` command with LOOPBACK_CRAWL added to a `crawl` that sets none
    of its pacing itself, and TEST_SHARE to a crawl or demo that sets no worker count;
    a test of pacing itself passes `polite=True` (or its own settings)."""
    args = list(args)
    if polite:
        return args
    command = next((a for a in args if a in TEST_SHARE), None)
    if command and not any(a.startswith("TEXT_WORKERS=") for a in args):
        args += TEST_SHARE[command]
    if command != "crawl" or any(a.startswith(_PACING) for a in args):
        return args
    return [*args, *LOOPBACK_CRAWL]


def run_cli(*args: str, timeout: int = 600, env: dict | None = None, polite: bool = False) -> subprocess.CompletedProcess:
    """Run `article-archive` as a user would, from the checkout root (a crawl of the loopback test
    sites without politeness waits: loopback_paced)."""
    return subprocess.run([*CLI, *loopback_paced(args, polite)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def redis_up() -> bool:
    """Whether Redis answers on 127.0.0.1:6379 (the split crawl's frontier)."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


def stop_server(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server a test started: terminate, then kill if it does not go within `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_measured(args: list[str], timeout: float = 600) -> tuple[subprocess.CompletedProcess, float]:
    """Run `article-archive` like run_cli; its result and the peak resident size (MB) of its largest
    process (ru_maxrss of the child, from os.wait4)."""
    import tempfile
    import threading

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*CLI, *loopback_paced(args)], cwd=ROOT, stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out.read().decode(), err.read().decode())
    return result, usage.ru_maxrss / 1024


def captures(data: Path) -> dict[str, list[int]]:
    """URL → the statuses of its capture rows, in capture order."""
    with sqlite3.connect(data / "archive.db") as db:
        out: dict[str, list[int]] = {}
        for url, status in db.execute("SELECT url, status FROM captures ORDER BY id"):
            out.setdefault(url, []).append(status)
        return out


def versions(data: Path) -> dict[str, str]:
    """URL → the text of its versions (the last one wins)."""
    with sqlite3.connect(data / "archive.db") as db:
        return dict(db.execute("SELECT p.url, v.text FROM versions v JOIN pages p ON p.id = v.page_id"))


def later_versions_from_new_captures(data: Path) -> int:
    """Versions after a page's first that come from another response than the versions before them
    (a text derived again from the same response with a learned site chrome list is not a change)."""
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute(
            "SELECT COUNT(*) FROM versions v WHERE v.number > 1 AND NOT EXISTS (SELECT 1 FROM versions o "
            "WHERE o.page_id = v.page_id AND o.number < v.number AND o.warc_record_id = v.warc_record_id)"
        ).fetchone()[0]


POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
_POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


@contextmanager
def fresh_postgres_database(prefix: str = "article_archive_test"):
    """The URL of a new, empty PostgreSQL database on the machine's server, dropped afterwards.
    Every machine here runs one: its absence is a failure, not a skip."""
    import uuid

    psycopg = pytest.importorskip("psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(_POSTGRES_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"no PostgreSQL server on 127.0.0.1:5432 (every machine here has one): {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(_POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_database():
    """A fresh PostgreSQL database's URL for one test (fresh_postgres_database)."""
    with fresh_postgres_database() as url:
        yield url


@dataclass(frozen=True)
class CrawledTwice:
    data: Path                                        # the collection
    runs: tuple[subprocess.CompletedProcess, ...]     # `article-archive demo`, first and second run


@pytest.fixture(scope="session")
def demo_crawled_twice(tmp_path_factory) -> CrawledTwice:
    """The bundled demo crawled twice into one collection by `article-archive demo`: the second run
    sees one official article edited and one taken down. Shared by the session: a test that
    changes it works on a copy (`copy_collection`)."""
    data = tmp_path_factory.mktemp("demo-twice") / "data"
    runs = []
    for run in (1, 2):
        result = run_cli("demo", "--data-dir", str(data))
        assert result.returncode == 0, f"demo run {run}:\n{result.stdout}\n{result.stderr[-3000:]}"
        runs.append(result)
    return CrawledTwice(data, tuple(runs))


def copy_collection(data: Path, target: Path) -> Path:
    """A private copy of a collection (without its lock file) that a test may change."""
    shutil.copytree(data, target, ignore=shutil.ignore_patterns(".lock"))
    return target


# The modules that take longest (fresh-clone runs, `--durations` and junit times of 2026-12-07),
# longest first. `make test` runs the suite on two workers (pytest-xdist, a module to a worker):
# started first, they end beside the short modules instead of after them, alone on one core.
LONG_MODULES = ("test_reprocess_kills", "test_provenance", "test_store_process", "test_discovery",
                "test_reprocess_samples", "test_postgres", "test_suggest", "test_kill_restart", "test_plans_at_scale",
                "test_schema", "test_reading_room_browser", "test_split_crawl", "test_reading_room", "test_recrawl")


def pytest_collection_modifyitems(config, items) -> None:
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.module.__name__.rsplit(".", 1)[-1], len(rank)))
