"""derived_records: the response records the derived side has taken in (0.2.1).

A run derives first what killed runs archived and never derived (crawler.replay.catch_up): the
captures no row here covers. A collection that has derived text before holds what it derived
then: its captures are noted as taken in, so the first run after the upgrade does not derive the
whole collection again (`reprocess` rebuilds it when that is what is wanted).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # main between two commits of 2026-12-07 made this table with create_all, before revisions were
    # kept: such a database is stamped 0001 and holds it already
    if not sa.inspect(op.get_bind()).has_table("derived_records"):
        op.create_table("derived_records",
                        sa.Column("warc_record_id", sa.String(length=64), nullable=False),
                        sa.PrimaryKeyConstraint("warc_record_id"))
    op.execute("INSERT INTO derived_records (warc_record_id) SELECT c.warc_record_id FROM captures c "
               "WHERE c.record_type IN ('response', 'revisit') AND EXISTS (SELECT 1 FROM versions) "
               "AND NOT EXISTS (SELECT 1 FROM derived_records d WHERE d.warc_record_id = c.warc_record_id)")


def downgrade() -> None:
    op.drop_table("derived_records")
