"""The collection's database schema (SQLAlchemy 2.0, typed).

Everything here except `Capture` is derived from the WARC files and can be rebuilt from them.

    CrawlRun 1─* Capture            one row per archived response (or revisit) record
    Page     *─1 Article            one Page per URL; an Article is a duplicate cluster = one record file
    Page     1─* Version            a new Version only when the normalized text changes
    SiteChrome                      lines learned to repeat across one source's articles (page chrome)
    DerivedRecord                   the response records the derived side has taken in
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        TypeDecorator)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out, also on SQLite (which stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: the archive stores UTC-aware times only")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        # SQLite stores no offset; PostgreSQL answers in the session's TimeZone (a server set to
        # Asia/Shanghai gives +08:00). Either way times come back in UTC, so that the index, `show`
        # and the canonical reasons read the same on every database and server.
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict: JSON, list: JSON}


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | finished | failed
    sources_digest: Mapped[str | None] = mapped_column(String(80))
    fetched: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    gone: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    stats: Mapped[dict] = mapped_column(default=dict)


class Capture(Base):
    """One WARC response/revisit record: where it is, and what it holds."""

    __tablename__ = "captures"
    __table_args__ = (Index("ix_captures_url_time", "url", "fetched_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime]
    status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(String(200))
    record_type: Mapped[str] = mapped_column(String(16))  # response | revisit
    warc_filename: Mapped[str] = mapped_column(String(255))
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(BigInteger)
    warc_record_id: Mapped[str] = mapped_column(String(64), unique=True)
    request_record_id: Mapped[str | None] = mapped_column(String(64))
    payload_digest: Mapped[str | None] = mapped_column(String(80))
    block_digest: Mapped[str | None] = mapped_column(String(80))
    ip_address: Mapped[str | None] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(Text)  # redirect target, when there is one
    refers_to: Mapped[str | None] = mapped_column(String(64))  # a revisit's original response record
    refers_to_date: Mapped[datetime | None]


class Article(Base):
    """A duplicate cluster: every copy of one article. Its record file name never changes."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    # NNN of the record name. Both are assigned when the run that found the article ends, by that
    # run and then the canonical URL (pipelines.store.articles.ArticleStore.finish_run), never by fetch
    # order, so that `reprocess` and a second crawl of the same site give every record the same name.
    seq: Mapped[int | None] = mapped_column(unique=True)
    record_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    canonical_page_id: Mapped[int | None]  # no FK: pages→articles already points the other way
    canonical_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    pages: Mapped[list[Page]] = relationship(back_populates="article", foreign_keys="Page.article_id",
                                             order_by="Page.id")


class Page(Base):
    """One URL of an article, on one site."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    canonical_url: Mapped[str] = mapped_column(Text, index=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    source_priority: Mapped[int] = mapped_column(Integer)  # lower is preferred: official 0, mirror 1, farm 2
    source_publications: Mapped[list] = mapped_column(default=list)  # titles the source publishes itself
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    last_status: Mapped[int]
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)

    article: Mapped[Article | None] = relationship(back_populates="pages", foreign_keys=[article_id])
    versions: Mapped[list[Version]] = relationship(back_populates="page", order_by="Version.number")


class Version(Base):
    """The text derived from one response, kept whenever it differs from the page's previous version."""

    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id"), index=True)
    number: Mapped[int]
    warc_record_id: Mapped[str] = mapped_column(String(64), index=True)  # the response record it was derived from
    fetched_at: Mapped[datetime]
    text_digest: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    source_publication: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    metadata_: Mapped[dict] = mapped_column("metadata", default=dict)
    charset: Mapped[dict] = mapped_column(default=dict)
    extractor: Mapped[str | None] = mapped_column(String(64))
    report: Mapped[list] = mapped_column(default=list)
    software: Mapped[dict] = mapped_column(default=dict)
    settings: Mapped[dict] = mapped_column(default=dict)  # what shaped the text: script, selectors
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)  # near-duplicate signature (pipelines.text.neardup)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship(back_populates="versions")


class LshBand(Base):
    """One LSH band bucket of a version's MinHash signature: near-duplicate candidates share one."""

    __tablename__ = "lsh_bands"
    # Keyed on the bucket first: lookups ask for 32 buckets at once (bucket IN (...)), which every
    # database answers from this index; row-value IN over (band, bucket) is not always indexed.
    __table_args__ = (Index("ix_lsh_bands_bucket", "bucket", "band"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    band: Mapped[int]
    bucket: Mapped[int] = mapped_column(BigInteger)


class SiteChrome(Base):
    """One list of lines learned to be page chrome of one source: they repeat across many of its
    articles. A new row whenever the list grows; a version's settings name the list it was derived
    with by digest, and the list itself goes into the WARC files as a `metadata` record."""

    __tablename__ = "site_chrome"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    digest: Mapped[str] = mapped_column(String(80), index=True)
    lines: Mapped[list] = mapped_column(default=list)
    learned_from: Mapped[int] = mapped_column(default=0)  # articles the counts were taken over
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DerivedRecord(Base):
    """A response (or revisit) record whose outcome the derived side holds: stored in the same
    transaction as the pages and versions it made (or found unchanged, or found no article in).
    A capture without one was archived by a run killed before its text was stored; the next run
    derives it first (crawler.replay.catch_up), so that the collection after any kills equals a
    `reprocess` of its WARC files."""

    __tablename__ = "derived_records"

    warc_record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
