"""The database schema's revision, kept by Alembic (revisions in archive/migrations/versions).

An empty database is given the whole schema by running every revision; a database at the current
revision is used as it is; any other is refused with one line naming `article-archive db upgrade`,
which a person runs (after a backup) — a scheduled crawl never changes a collection's schema on
its own. A database made before migrations (tables, no alembic_version) holds revision 0001.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from archive.errors import SchemaOutdated

MIGRATIONS = Path(__file__).with_name("migrations")
FIRST = "0001"  # the schema of release 0.2.0, made by create_all before migrations
# The full-text index of revision 0003 (archive/search.py): database objects that no model
# declares (an FTS5 table and its shadow tables, a view; trigram and bigram indexes), which a
# comparison with the models (autogenerate) must leave alone.
SEARCH_OBJECTS = ("versions_fts", "ix_versions_title_trgm", "ix_versions_text_trgm", "ix_versions_bigrams",
                  "ix_versions_byline_bigrams")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: every object but the full-text index's."""
    return not (name or "").startswith(SEARCH_OBJECTS)



def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def revision_of(connection: Connection) -> str | None:
    """The database's revision: None for an empty one, FIRST for one made before migrations."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None and inspect(connection).has_table("captures"):
        return FIRST
    return current


def prepare(engine: Engine, shown: str) -> None:
    """Make the schema in an empty database; refuse one at another revision (`shown`: the database
    as a person may read it)."""
    with engine.connect() as connection:
        current = revision_of(connection)
    if current == head():
        return
    if current is None:
        upgrade(engine)
        return
    raise SchemaOutdated(f"the database {shown} has schema revision {current}, this release uses {head()}: "
                         f"back it up, then run `article-archive db upgrade`")


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the current revision; returns (from, to)."""
    with engine.begin() as connection:
        before = revision_of(connection)
        config = _config(connection)
        if before == FIRST and MigrationContext.configure(connection).get_current_revision() is None:
            command.stamp(config, FIRST)  # made before migrations: it holds the first revision
        command.upgrade(config, "head")
    return before, head()
