"""The scale-out path: the same crawl, records and verification on PostgreSQL (a real server)."""
from __future__ import annotations

import pytest

from crawler.demo.server import DemoSites
from tests.conftest import run_cli

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def database(postgres_database):
    return postgres_database


def test_crawl_recrawl_verify_on_postgresql(database, tmp_path):
    from sqlalchemy import create_engine, text

    data = tmp_path / "pg"
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        first = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--database-url", database)
        assert first.returncode == 0, first.stderr[-3000:]
        second = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--database-url", database,
                         "--refetch-all")
        assert second.returncode == 0, second.stderr[-3000:]
        distinct = sites.distinct_articles()
    assert not (data / "archive.db").exists()  # nothing went to SQLite
    engine = create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM articles")).scalar() == distinct
        assert conn.execute(text("SELECT COUNT(*) FROM captures WHERE record_type = 'revisit'")).scalar() >= 40
        assert conn.execute(text("SELECT COUNT(*) FROM lsh_bands")).scalar() > 0
    engine.dispose()
    assert len(list((data / "records").glob("*.txt"))) == distinct
    verified = run_cli("--data-dir", str(data), "verify", "--all", "--database-url", database)
    assert verified.returncode == 0, verified.stdout[-3000:]
    # the summary names the database the run wrote to, not an archive.db that does not exist
    assert f"database: {database}" in second.stdout and "archive.db" not in second.stdout
    # verify without the URL: says how to reach a collection on PostgreSQL, not "run a crawl first"
    unreached = run_cli("--data-dir", str(data), "verify", "--all")
    assert unreached.returncode == 2 and "needs --database-url" in unreached.stderr, unreached.stderr


def test_split_crawl_then_reprocess_on_postgresql(database, tmp_path):
    """Three processes writing capture rows into one PostgreSQL database at once, their frontier
    in the machine's Redis; then reprocess makes every article from their WARC files."""
    import socket

    from sqlalchemy import create_engine, text

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (the split crawl's frontier)")
    data = tmp_path / "pg-split"
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        crawled = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--database-url", database,
                          "--archive-only", "--processes", "3", "-s", "DOWNLOAD_DELAY=0")
        assert crawled.returncode == 0, crawled.stderr[-3000:]
        distinct = sites.distinct_articles()
    rebuilt = run_cli("--data-dir", str(data), "reprocess", "--database-url", database)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert not (data / "archive.db").exists()
    engine = create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM crawl_runs")).scalar() == "finished"
        assert conn.execute(text("SELECT COUNT(DISTINCT warc_filename) FROM captures")).scalar() >= 3
        assert conn.execute(text("SELECT COUNT(*) FROM articles")).scalar() == distinct
    engine.dispose()
    assert len(list((data / "records").glob("*.txt"))) == distinct


def test_index_is_the_same_on_sqlite_and_on_a_postgresql_server_in_another_time_zone(database, tmp_path):
    """A PostgreSQL server in China answers in its own TimeZone (+08:00): the records' index must
    not depend on it. The same WARC files, rebuilt once into SQLite and once into PostgreSQL whose
    sessions are set to Asia/Shanghai, give the same index.jsonl byte for byte, with UTC times."""
    import json
    import shutil

    import psycopg

    name = database.rsplit("/", 1)[1]
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Shanghai'")
    crawled = tmp_path / "crawled"
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        result = run_cli("--data-dir", str(crawled), "crawl", "--sources", str(sources), "--archive-only")
        assert result.returncode == 0, result.stderr[-3000:]
    indexes = {}
    for kind, extra in (("sqlite", ()), ("postgresql", ("--database-url", database))):
        rebuilt = tmp_path / kind
        shutil.copytree(crawled / "warc", rebuilt / "warc")
        result = run_cli("--data-dir", str(rebuilt), "reprocess", *extra)
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        indexes[kind] = (rebuilt / "records" / "index.jsonl").read_bytes()
    entries = [json.loads(line) for line in indexes["postgresql"].splitlines()]
    assert entries
    times = [c["time"] for e in entries for c in e["captures"]] + [u["first_seen"] for e in entries for u in e["urls"]]
    assert all(t.endswith("+00:00") for t in times), [t for t in times if not t.endswith("+00:00")][:3]
    assert indexes["postgresql"] == indexes["sqlite"]
    verified = run_cli("--data-dir", str(tmp_path / "postgresql"), "verify", "--all", "--database-url", database)
    assert verified.returncode == 0, verified.stdout[-3000:]
    shown = run_cli("--data-dir", str(tmp_path / "postgresql"), "show", entries[0]["id"], "--json",
                    "--database-url", database)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert json.loads(shown.stdout)["captures"][0]["time"].endswith("+00:00")
