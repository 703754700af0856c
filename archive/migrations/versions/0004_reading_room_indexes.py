"""Indexes for the reading room and the changes of a run on large collections
(tests/test_plans_at_scale.py).

* `ix_captures_run_id`, `ix_versions_warc_record_id`: archive.changes finds a run's captures and
  the versions derived from them by index, so a crawl's summary and the watch page cost the run's
  size, not the collection's history.
* `ix_pages_source_id`: the source menu lists the sources that have pages by a loose index scan
  (one index probe per source, not one read of every page), and the search's `source =` filter
  narrows by it.
* PostgreSQL: `ix_versions_byline_bigrams`, the bigram GIN index of revision 0003 over author and
  来源 (source_publication): the `author` filter of a search (a substring of either, of any version)
  is narrowed by the index instead of reading every version. SQLite's FTS index of 0003 already
  holds both columns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF NOT EXISTS, as in 0003: a database whose revision table was lost is taken for 0001 and
    # upgraded from there, though it may hold these already
    op.execute("CREATE INDEX IF NOT EXISTS ix_pages_source_id ON pages (source_id)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_captures_run_id ON captures (run_id)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_versions_warc_record_id ON versions (warc_record_id)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_versions_byline_bigrams ON versions "
                   "USING gin (archive_search_bigrams(author, source_publication))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_versions_byline_bigrams")
    for index in ("ix_versions_warc_record_id", "ix_captures_run_id", "ix_pages_source_id"):
        op.execute(f"DROP INDEX IF EXISTS {index}")
