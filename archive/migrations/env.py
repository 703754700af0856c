"""Alembic's entry: migrations run on the connection archive.schema hands over (no alembic.ini,
no URL here: the collection names its database)."""
from __future__ import annotations

from alembic import context

from archive.models import Base
from archive.schema import include_name

connection = context.config.attributes["connection"]
# render_as_batch: SQLite alters a table by copying it, which batch mode does for us
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True, include_name=include_name)
with context.begin_transaction():
    context.run_migrations()
