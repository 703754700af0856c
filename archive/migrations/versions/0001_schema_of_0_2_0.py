"""The schema as release 0.2.0 made it with create_all: the first revision.

A database made before migrations (no alembic_version table) holds this schema; `db upgrade`
stamps it with this revision before it upgrades.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('record_name', sa.String(length=64), nullable=True),
    sa.Column('canonical_page_id', sa.Integer(), nullable=True),
    sa.Column('canonical_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('record_name'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sources_digest', sa.String(length=80), nullable=True),
    sa.Column('fetched', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('gone', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('site_chrome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=80), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('learned_from', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_site_chrome_digest'), 'site_chrome', ['digest'], unique=False)
    op.create_index(op.f('ix_site_chrome_source_id'), 'site_chrome', ['source_id'], unique=False)
    op.create_table('captures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.String(length=64), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=True),
    sa.Column('record_type', sa.String(length=16), nullable=False),
    sa.Column('warc_filename', sa.String(length=255), nullable=False),
    sa.Column('warc_offset', sa.BigInteger(), nullable=False),
    sa.Column('warc_length', sa.BigInteger(), nullable=False),
    sa.Column('warc_record_id', sa.String(length=64), nullable=False),
    sa.Column('request_record_id', sa.String(length=64), nullable=True),
    sa.Column('payload_digest', sa.String(length=80), nullable=True),
    sa.Column('block_digest', sa.String(length=80), nullable=True),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('refers_to', sa.String(length=64), nullable=True),
    sa.Column('refers_to_date', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('warc_record_id')
    )
    op.create_index('ix_captures_url_time', 'captures', ['url', 'fetched_at'], unique=False)
    op.create_table('pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('source_priority', sa.Integer(), nullable=False),
    sa.Column('source_publications', sa.JSON(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_status', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url')
    )
    op.create_index(op.f('ix_pages_article_id'), 'pages', ['article_id'], unique=False)
    op.create_index(op.f('ix_pages_canonical_url'), 'pages', ['canonical_url'], unique=False)
    op.create_table('versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('warc_record_id', sa.String(length=64), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text_digest', sa.String(length=80), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('source_publication', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.Column('metadata', sa.JSON(), nullable=False),
    sa.Column('charset', sa.JSON(), nullable=False),
    sa.Column('extractor', sa.String(length=64), nullable=True),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('software', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_versions_page_id'), 'versions', ['page_id'], unique=False)
    op.create_index(op.f('ix_versions_text_digest'), 'versions', ['text_digest'], unique=False)
    op.create_table('lsh_bands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lsh_bands_bucket', 'lsh_bands', ['bucket', 'band'], unique=False)
    op.create_index(op.f('ix_lsh_bands_version_id'), 'lsh_bands', ['version_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_lsh_bands_version_id'), table_name='lsh_bands')
    op.drop_index('ix_lsh_bands_bucket', table_name='lsh_bands')
    op.drop_table('lsh_bands')
    op.drop_index(op.f('ix_versions_text_digest'), table_name='versions')
    op.drop_index(op.f('ix_versions_page_id'), table_name='versions')
    op.drop_table('versions')
    op.drop_index(op.f('ix_pages_canonical_url'), table_name='pages')
    op.drop_index(op.f('ix_pages_article_id'), table_name='pages')
    op.drop_table('pages')
    op.drop_index('ix_captures_url_time', table_name='captures')
    op.drop_table('captures')
    op.drop_index(op.f('ix_site_chrome_source_id'), table_name='site_chrome')
    op.drop_index(op.f('ix_site_chrome_digest'), table_name='site_chrome')
    op.drop_table('site_chrome')
    op.drop_table('crawl_runs')
    op.drop_table('articles')
