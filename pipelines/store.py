"""StorePipeline: pages, versions and duplicate clusters in the database; records at the end.

Per article response:
  page     one row per URL (created on first sight, status and last_seen kept current)
  version  a new one only when the normalized text differs from the page's latest version
  article  the duplicate cluster: joined by exact text digest, else a new one with the next number
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.db import default_url, open_engine, session_factory
from archive.models import Article, Page, Version, utcnow
from archive.records import export_records
from pipelines.dedup import text_digest
from pipelines.items import ArticleResponse
from pipelines.software import software_versions
from pipelines.urls import canonical_url

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler, database_url: str, records_dir: Path) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.records_dir = records_dir
        self.sessions = None
        self.host_aliases: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        data_dir = Path(crawler.settings.get("DATA_DIR"))
        return cls(crawler, crawler.settings.get("ARCHIVE_DATABASE_URL") or default_url(data_dir),
                   data_dir / "records")

    def open_spider(self) -> None:
        self.sessions = session_factory(open_engine(self.database_url))
        self.host_aliases = mirror_aliases(self.crawler.spider.sources)

    def close_spider(self) -> None:
        with self.sessions.begin() as session:
            written = export_records(session, self.records_dir)
        self.crawler.stats.set_value("records/written", written)

    def process_item(self, item):
        if not isinstance(item, ArticleResponse):
            return item
        stats = self.crawler.stats
        with self.sessions.begin() as session:
            self._mark_redirected(session, item)
            page = self._page(session, item)
            if item.extras.get("revisit"):
                stats.inc_value("store/versions_unchanged")
                return item
            if item.status >= 400:
                stats.inc_value("store/pages_gone" if item.status in (404, 410) else "store/pages_error")
                return item
            result = item.result
            if result is None or not result.text.strip():
                stats.inc_value("store/no_text")
                logger.warning("no article text in %s (status %d); archived, not recorded", item.url, item.status)
                return item
            digest = text_digest(result.text)
            latest = page.versions[-1] if page.versions else None
            if latest is not None and latest.text_digest == digest:
                stats.inc_value("store/versions_unchanged")
                return item
            stats.inc_value("store/versions_changed" if latest else "store/versions_first")
            session.add(Version(
                page=page, number=(latest.number + 1) if latest else 1, warc_record_id=item.warc_record_id,
                fetched_at=item.fetched_at, text_digest=digest, title=result.title, author=result.author,
                source_publication=result.source, published=result.published, text=result.text,
                original_text=result.original_text, metadata_=result.metadata, charset=result.charset,
                extractor=result.extractor, report=result.report, software=software_versions(),
                settings=item.extras.get("text_settings", {})))
            if page.article_id is None:
                self._cluster(session, page, digest)
            _choose_canonical(page.article)
        return item

    def _mark_redirected(self, session: Session, item: ArticleResponse) -> None:
        """A known page that now redirects elsewhere is an archival event: record its status."""
        for old_url in item.extras.get("redirected_from", []):
            page = session.scalars(select(Page).where(Page.url == old_url)).one_or_none()
            if page is not None and page.last_status != 301:
                page.last_status, page.last_seen = 301, item.fetched_at
                self.crawler.stats.inc_value("store/pages_redirected")

    def _page(self, session: Session, item: ArticleResponse) -> Page:
        page = session.scalars(select(Page).where(Page.url == item.url)).one_or_none()
        if page is None:
            source = self.crawler.spider.sources.by_id(item.source_id)
            page = Page(url=item.url, canonical_url=canonical_url(item.url, self.host_aliases),
                        source_id=source.id, source_priority=source.rank, first_seen=item.fetched_at,
                        last_seen=item.fetched_at, last_status=item.status)
            session.add(page)
            session.flush()
        # 304 means "still there, unchanged": the page is live with the content already archived.
        page.last_seen, page.last_status = item.fetched_at, 200 if item.status == 304 else item.status
        return page

    def _cluster(self, session: Session, page: Page, digest: str) -> None:
        """Join the cluster of any page whose text is identical; otherwise start a new one."""
        same = select(Page.article_id).join(Version).where(
            Version.text_digest == digest, Page.article_id.is_not(None)).limit(1)
        article_id = session.scalars(same).first()
        if article_id is not None:
            page.article = session.get(Article, article_id)
            self.crawler.stats.inc_value("store/duplicates")
            return
        seq = (session.scalar(select(func.max(Article.seq))) or 0) + 1
        url_hash = hashlib.sha256(page.canonical_url.encode("utf-8")).hexdigest()[:16]
        page.article = Article(seq=seq, record_name=f"{seq:03d}_{url_hash}")
        session.flush()
        self.crawler.stats.inc_value("store/articles_new")


def _choose_canonical(article: Article) -> None:
    """Official source over mirror over content farm, then the earliest capture."""
    best = min(article.pages, key=lambda p: (p.source_priority, p.first_seen, p.id))
    if article.canonical_page_id != best.id:
        article.canonical_page_id = best.id
        article.canonical_reason = (f"source priority {best.source_priority} ({best.source_id}), "
                                    f"first seen {best.first_seen.isoformat()}")
        article.updated_at = utcnow()


def mirror_aliases(sources) -> dict[str, str]:
    """Netlocs of mirror sources → the netloc of the source they mirror (for canonical URLs)."""
    aliases = {}
    for source in sources.sources:
        if source.mirror_of:
            main = sources.by_id(source.mirror_of).allowed_domains[0]
            aliases.update({domain: main for domain in source.allowed_domains})
    return aliases
