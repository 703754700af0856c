"""The collection a process works on: its data dir, its database and the one engine to it.

Every component of a process — the CLI, the spider, the middlewares, the run recorder, the store
process, `reprocess` — takes the process's Collection (`open_collection`, or `from_settings` in
Scrapy's `from_crawler`) instead of opening an engine of its own: one engine, one pool, one schema
check per process. A forked or spawned process gets its own (the cache is keyed by process id:
a connection pool must never cross a fork).
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.db import default_url, open_engine, session_factory, shown_url


class Collection:
    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url or default_url(self.data_dir)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def records_dir(self) -> Path:
        return self.data_dir / "records"

    @property
    def shown_database(self) -> str:
        """The database as a person may read it (a SQLite file as its path, a password masked)."""
        return shown_url(self.database_url)

    @property
    def engine(self) -> Engine:
        """The process's engine to the collection's database, opened (schema made or checked) on
        first use."""
        if self._engine is None:
            self._engine = open_engine(self.database_url)
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            self._sessions = session_factory(self.engine)
        return self._sessions

    def session(self) -> Session:
        return self.sessions()

    def release(self) -> None:
        """Close the pool's connections (before a fork; at the end of the process). The engine stays
        the process's one: a later use reconnects through it."""
        if self._engine is not None:
            self._engine.dispose()


_OPEN: dict[tuple[int, str, str], Collection] = {}


def open_collection(data_dir: Path | str, database_url: str | None = None) -> Collection:
    """This process's Collection for `data_dir` (and its database, when not the SQLite file in it)."""
    key = (os.getpid(), str(Path(data_dir).resolve()), database_url or default_url(Path(data_dir)))
    collection = _OPEN.get(key)
    if collection is None:
        collection = _OPEN[key] = Collection(Path(data_dir), database_url)
    return collection


def from_settings(settings) -> Collection:
    """The process's Collection named by a crawl's settings (DATA_DIR, ARCHIVE_DATABASE_URL)."""
    return open_collection(settings.get("DATA_DIR"), settings.get("ARCHIVE_DATABASE_URL") or None)
