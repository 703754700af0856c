"""Engines and sessions for a collection's database (SQLite by default, PostgreSQL to scale)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from archive.errors import DatabaseUnavailable




def shown_url(url: str) -> str:
    """A database URL as a person may see it: a SQLite file as its path, a server's password masked."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def check_connection(url: str) -> None:
    """Connect once and let go; DatabaseUnavailable names the URL (password masked) and the cause in
    one line, instead of the tracebacks every component opening it would print later."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    try:
        shown = shown_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {exc}") from exc
    try:
        engine = create_engine(url)
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()
    except (OperationalError, NoSuchModuleError, ArgumentError, ImportError) as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseUnavailable(f"cannot connect to the database {shown}: {cause}") from exc


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / 'archive.db'}"


def open_engine(url: str) -> Engine:
    """Create the engine; the schema is made in an empty database, an older one is refused
    (archive.schema: SchemaOutdated names `db upgrade`)."""
    from archive.schema import prepare

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        if engine.url.database and engine.url.database != ":memory:":
            Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        prepare(engine, shown_url(url))
    except Exception:
        engine.dispose()
        raise
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers (show, verify) work while a crawl writes; NORMAL sync is crash-safe in WAL mode.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
