"""Schema revisions (Alembic): a collection made by an older release is refused with one line
until `db upgrade`, which keeps every row; the schema the revisions make is the models' own."""
from __future__ import annotations

import sqlite3

import pytest

from archive.schema import head
from crawler.demo.server import DemoSites
from tests.conftest import fresh_postgres_database, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """None: the collection's own SQLite file; else the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    with fresh_postgres_database("article_archive_schema") as url:
        yield url


def _execute(data, database, *statements: str) -> list:
    if database is None:
        with sqlite3.connect(data / "archive.db") as db:
            return [db.execute(s).fetchall() for s in statements]
    import psycopg

    with psycopg.connect(database.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as db:
        return [db.execute(s).fetchall() if s.lstrip().upper().startswith("SELECT") else db.execute(s) and []
                for s in statements]


def test_a_database_made_before_migrations_is_refused_then_upgraded_with_its_rows(database, tmp_path):
    data = tmp_path / "data"
    extra = ("--database-url", database) if database else ()
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        crawled = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), *extra)
        assert crawled.returncode == 0, crawled.stderr[-3000:]
    # what release 0.2.0 left: create_all's tables of revision 0001, no revision table
    counts = "SELECT (SELECT COUNT(*) FROM captures), (SELECT COUNT(*) FROM versions), (SELECT COUNT(*) FROM articles)"
    before = _execute(data, database, counts)[0]
    _execute(data, database, "DROP TABLE derived_records", "DROP TABLE alembic_version")

    for command in (["show", "1"], ["verify", "--all"], ["crawl", "--sources", str(sources)], ["reprocess"]):
        refused = run_cli("--data-dir", str(data), *command, *extra)
        lines = refused.stderr.strip().splitlines()
        assert refused.returncode == 2 and len(lines) == 1, (command, refused.stderr[-1000:])
        assert "schema revision 0001" in lines[0] and "`article-archive db upgrade`" in lines[0], lines
    current = run_cli("--data-dir", str(data), "db", "current", *extra)
    assert current.returncode == 0 and f"schema revision 0001 (this release: {head()})" in current.stdout, current.stdout

    upgraded = run_cli("--data-dir", str(data), "db", "upgrade", *extra)
    assert upgraded.returncode == 0, upgraded.stderr[-2000:]
    assert f"schema revision 0001 -> {head()}" in upgraded.stdout
    assert _execute(data, database, counts)[0] == before
    # what it had derived stands: no capture is left for the next run to derive again
    left = _execute(data, database, "SELECT COUNT(*) FROM captures WHERE warc_record_id NOT IN "
                                    "(SELECT warc_record_id FROM derived_records)")[0]
    assert left[0][0] == 0
    again = run_cli("--data-dir", str(data), "db", "upgrade", *extra)
    assert again.returncode == 0 and "nothing to do" in again.stdout
    verified = run_cli("--data-dir", str(data), "verify", "--all", *extra)
    assert verified.returncode == 0, verified.stdout[-2000:]
    shown = run_cli("--data-dir", str(data), "show", "1", *extra)
    assert shown.returncode == 0, shown.stderr[-1000:]


def test_the_revisions_make_the_models_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from archive.db import open_engine
    from archive.models import Base
    from archive.schema import include_name

    engine = open_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True,
                                                                             "include_name": include_name}),
                                Base.metadata) == []
    engine.dispose()


def test_a_database_made_with_derived_records_but_no_revision_is_upgraded(tmp_path):
    """main made derived_records with create_all for a few commits before revisions were kept."""
    from sqlalchemy import create_engine, inspect, text

    from archive.db import open_engine
    from archive.schema import head, upgrade

    url = f"sqlite:///{tmp_path / 'between.db'}"
    open_engine(url).dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    assert upgrade(engine) == ("0001", head())
    assert inspect(engine).has_table("derived_records")
    engine.dispose()
