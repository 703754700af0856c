"""Opening a collection read-only: SQLite through a `mode=ro` URI with `PRAGMA query_only`,
PostgreSQL with every session's transactions read-only. The schema is checked, never made."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from archive.collection import Collection, open_collection
from archive.db import DatabaseUnavailable, check_connection, shown_url
from archive.errors import ArchiveError, SchemaOutdated


class NoCollection(ArchiveError):
    """The data dir holds no collection to show."""


def read_only_url(data_dir: Path, database_url: str | None) -> str:
    """The collection's database URL, read-only where the URL can say so (a SQLite file)."""
    if database_url:
        return database_url
    database = Path(data_dir).resolve() / "archive.db"
    return f"sqlite:///file:{database}?mode=ro&uri=true"


def _sqlite_query_only(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def _postgresql_read_only(dbapi_conn, _record) -> None:
    autocommit = getattr(dbapi_conn, "autocommit", None)
    cur = dbapi_conn.cursor()
    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cur.close()
    if autocommit is False:
        dbapi_conn.commit()  # psycopg opened a transaction for the SET: end it, the setting stays


def _read_only_connection(engine: Engine) -> None:
    """Every new connection of `engine` refuses writes (once per engine)."""
    listener = {"sqlite": _sqlite_query_only, "postgresql": _postgresql_read_only}.get(engine.dialect.name)
    if listener is None:
        raise DatabaseUnavailable(f"the reading room cannot open a {engine.dialect.name} database read-only")
    if not event.contains(engine, "connect", listener):
        event.listen(engine, "connect", listener)


def no_collection(data_dir: Path, database_url: str | None) -> str | None:
    """Why there is no collection to show at `data_dir`, or None."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return f"no collection at {data_dir} (no such directory); check --data-dir"
    if not database_url and not (data_dir / "archive.db").is_file():
        hint = ("a collection on PostgreSQL needs --database-url" if (data_dir / "warc").is_dir()
                else "run a crawl first")
        return f"no collection database in {data_dir} (no archive.db): {hint}"
    return None


def open_read_only(data_dir: Path, database_url: str | None = None) -> Collection:
    """The process's Collection for `data_dir`, on an engine that cannot write. Raises NoCollection,
    DatabaseUnavailable or SchemaOutdated (one line each)."""
    from archive.rebuild import check
    from archive.schema import head, revision_of

    if (why := no_collection(data_dir, database_url)) is not None:
        raise NoCollection(why)
    check(Path(data_dir))  # RebuildIncomplete: a half-rebuilt collection is not shown
    url = read_only_url(data_dir, database_url)
    check_connection(url)
    # The schema is checked on a read-only probe first: Collection.engine would make the schema in an
    # empty database (archive.schema.prepare), which is a write and no collection at all.
    probe = create_engine(url)
    _read_only_connection(probe)
    try:
        with probe.connect() as connection:
            current = revision_of(connection)
    finally:
        probe.dispose()
    shown = shown_url(url) if make_url(url).get_backend_name() != "sqlite" else str(Path(data_dir) / "archive.db")
    if current is None:
        raise NoCollection(f"the database {shown} is empty: no collection (run a crawl first)")
    if current != head():
        raise SchemaOutdated(f"the database {shown} has schema revision {current}, this release uses {head()}: "
                             f"back it up, then run `article-archive db upgrade`")
    collection = open_collection(data_dir, url)
    engine = collection.engine  # archive.schema.prepare only reads: the revision is the current one
    _read_only_connection(engine)
    engine.dispose()  # the pooled connection predates the listener: every connection from now on has it
    return collection
