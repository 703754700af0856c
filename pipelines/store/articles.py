"""ArticleStore: pages, versions and duplicate clusters — shared by the crawl and `reprocess`.

Per article response:
  page     one row per URL (created on first sight; status and last_seen kept current)
  version  a new one only when the normalized text differs from the page's latest version
  article  the duplicate cluster: joined by exact text digest, else a new one
At the end of a run, new articles get their sequence number and record name in order of the run
that found them, then of their canonical URL, so the names depend neither on the order of the
fetches nor on the order in which worker processes finished.
"""
from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from archive.models import Article, CrawlRun, DerivedRecord, LshBand, Page, Version, utcnow
from pipelines.text import neardup
from archive.digests import text_digest
from pipelines.store.software import software_versions

logger = logging.getLogger(__name__)

# The statements `add` runs for every page, built once with bound parameters: building a select
# and coercing its clauses cost more than SQLite took to answer it.
_PAGE_BY_URL = select(Page).where(Page.url == bindparam("url"))
_PAGES_BY_URLS = select(Page).where(Page.url.in_(bindparam("urls", expanding=True)))
_LATEST_VERSION = (select(Version.number, Version.text_digest).where(Version.page_id == bindparam("page_id"))
                   .order_by(Version.number.desc()).limit(1))
_LSH_INSERT = insert(LshBand.__table__)
_BAND_CANDIDATES = (select(Version.minhash, Page.article_id, LshBand.band, LshBand.bucket)
                    .join(LshBand, LshBand.version_id == Version.id).join(Page, Page.id == Version.page_id)
                    .where(LshBand.bucket.in_(bindparam("buckets", expanding=True)), Page.article_id.is_not(None)))
_ARTICLE_WITH_TEXT = (select(Page.article_id).join(Version)
                      .where(Version.text_digest == bindparam("digest"), Page.article_id.is_not(None)).limit(1))


@dataclass
class PageEvent:
    """One archived response of an article URL, with the text derived from it (if any)."""

    url: str
    canonical_url: str
    source_id: str
    source_rank: int
    status: int
    fetched_at: datetime
    warc_record_id: str
    revisit: bool = False
    redirected_from: list[str] = field(default_factory=list)
    result: object = None          # pipelines.text.process.PageResult
    settings: dict = field(default_factory=dict)
    source_publications: tuple[str, ...] = ()
    minhash: bytes | None = None   # neardup signature of result.text, when the text worker computed it


class ArticleStore:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        # articles that gained a version since the last settle_canonical: the canonical choice
        # depends only on an article's pages and their latest versions, so it is made once per
        # article per transaction instead of once per copy (a cluster of n copies cost n queries
        # over up to n pages each)
        self._unsettled: set[int | Article] = set()
        # pages made since the last settle_canonical, by URL: looking a URL up here first lets the
        # lookup in the database skip autoflush, so that the pages and versions of exact copies
        # (most of a mirror-heavy collection) are inserted many at a time, not two rows per page
        self._new_pages: dict[str, Page] = {}
        # What this transaction's new versions would make the duplicate lookups find, kept here
        # until settle_canonical's one flush inserts them: a flush per new article (for its version's
        # id, which its LSH bands need) was most of what storing a new article cost. The lookups read
        # the database first, then these.
        self._pending_digests: dict[str, int | Article] = {}  # text digest -> its cluster
        self._pending_bands: dict[tuple[int, int], list[tuple[object, int | Article]]] = {}  # (band, key) -> (sig, cluster)
        self._pending_lsh: list[tuple[Version, list[int]]] = []  # versions whose bands go in after the flush
        # Articles made in this transaction, in order of creation, each with its pages and their
        # latest versions: all the pages such an article has, so that its canonical page is chosen
        # from them without a query (settle_canonical).
        self._new_articles: dict[Article, dict[Page, Version]] = {}
        # Stored pages of the URLs of a batch, looked up in one query (prefetch_pages); None: no page.
        self._known_pages: dict[str, Page | None] = {}
        # WARC records taken in by this transaction: DerivedRecord rows, inserted with what they made
        self._taken: dict[str, None] = {}

    def take(self, warc_record_id: str) -> None:
        """Note a record as taken in by the derived side (`add` does for every event; replay for
        the records that make no event: index pages, robots.txt)."""
        self._taken[warc_record_id] = None

    def add(self, session: Session, event: PageEvent) -> Version | None:
        """Store one response's outcome; returns the new Version when the text changed."""
        self.take(event.warc_record_id)
        self._mark_redirected(session, event)
        page, before = self._page(session, event)
        if event.revisit:
            self.counts["versions_unchanged"] += 1
            return
        if event.status >= 400:
            # gone: a page that answered before and now does not (once, when it happens); a URL that
            # never answered with a page, or a page already gone, is no new loss
            gone = event.status in (404, 410) and before is not None and before < 300
            self.counts["pages_gone" if gone else "pages_missing" if event.status in (404, 410) else "pages_error"] += 1
            return
        if 300 <= event.status < 400 and event.status != 304:
            self.counts["pages_redirected"] += 1
            return
        result = event.result
        reason = unusable(result)
        if reason:
            self.counts["no_text"] += 1
            logger.warning("%s: %s; archived, not recorded", event.url, reason)
            return
        digest = text_digest(result.text)
        latest = self._latest(session, page)
        if latest is not None and latest.text_digest == digest:
            self.counts["versions_unchanged"] += 1
            return
        self.counts["versions_changed" if latest else "versions_first"] += 1
        return self._new_version(session, page, latest, event, digest)

    def _latest(self, session: Session, page: Page) -> Row[tuple[int, str]] | None:
        """Number and text digest of the page's latest version, by a column query: loading
        `page.versions` would bring every version's text along."""
        if page.id is None:  # made by this call, not flushed yet: no versions
            return None
        return session.execute(_LATEST_VERSION, {"page_id": page.id}).first()

    def _new_version(self, session: Session, page: Page, latest: Row[tuple[int, str]] | None, event: PageEvent,
                     digest: str) -> Version:
        result = event.result
        sig = neardup.from_bytes(event.minhash) if event.minhash else neardup.signature(result.text)
        keys = neardup.band_keys(sig)
        exact_copy = False
        if page.article_id is None:
            # Nothing pending can match (this page has no article yet): not flushing first lets
            # one flush below insert the page with its article, then the version.
            with session.no_autoflush:
                exact_copy = self._cluster(session, page, digest, sig, keys)
        version = Version(
            page=page, number=(latest.number + 1) if latest else 1, warc_record_id=event.warc_record_id,
            fetched_at=event.fetched_at, text_digest=digest, title=result.title, author=result.author,
            source_publication=result.source, published=result.published, text=result.text,
            original_text=result.original_text, metadata_=result.metadata, charset=result.charset,
            extractor=result.extractor, report=result.report, software=software_versions(),
            settings=event.settings, minhash=neardup.to_bytes(sig))
        session.add(version)
        cluster = page.article_id if page.article_id is not None else page.article
        if (new_article := self._new_article(cluster)) is not None:
            self._new_articles[new_article][page] = version
        self._pending_digests.setdefault(digest, cluster)
        # A copy that joined an article holding the same text adds no LSH bands: they would be the
        # bands of a version already in the table, under the same article, and every lookup would
        # read them once more for each copy (mirrors make many).
        if not exact_copy:
            self._pending_lsh.append((version, keys))
            for band_key in enumerate(keys):
                self._pending_bands.setdefault(band_key, []).append((sig, cluster))
        self._unsettled.add(cluster)
        return version

    def settle_canonical(self, session: Session) -> None:
        """Insert what this transaction's new versions hold back (their LSH bands) and choose the
        canonical page of every article that changed. Must run before each commit."""
        if self._unsettled or self._pending_lsh:
            session.flush()  # pages, articles and versions, many rows to a statement; now they have ids
            if self._pending_lsh:
                # a Core executemany in the session's transaction: the ORM's bulk insert path cost
                # more than the rows
                session.connection().execute(_LSH_INSERT, [
                    {"version_id": version.id, "band": band, "bucket": key}
                    for version, keys in self._pending_lsh for band, key in enumerate(keys)])
            # Each choice reads and changes its own article only: without autoflush, the articles
            # it changes are updated together by the next flush instead of one flush per article.
            new_by_id = {article.id: article for article in self._new_articles}
            starts = run_starts(session)
            with session.no_autoflush:
                for article_id in sorted({_cluster_id(c) for c in self._unsettled}):
                    article = new_by_id.get(article_id)
                    members = self._new_articles[article] if article is not None else None
                    if members:  # an article made in this transaction: all its pages are in hand
                        set_canonical(article, [_candidate(page, version)
                                              for page, version in members.items()], starts)
                    else:
                        choose_canonical(session, article_id, starts)
        if self._taken:
            session.execute(insert_or_ignore(session, DerivedRecord.__table__),
                            [{"warc_record_id": record_id} for record_id in self._taken])
        self.forget_transaction()

    def forget_transaction(self) -> None:
        """Drop what the store holds for the current transaction: after settle_canonical, and when
        the transaction was rolled back (its pending articles and versions are gone with it, and
        must not be found by the next one's lookups, nor their bands inserted)."""
        self._unsettled.clear()
        self._new_pages.clear()
        self._pending_digests.clear()
        self._pending_bands.clear()
        self._pending_lsh.clear()
        self._new_articles.clear()
        self._known_pages.clear()
        self._taken.clear()

    def prefetch_pages(self, session: Session, urls: list[str]) -> None:
        """Look up the stored pages of a batch's URLs in one query, so that `add` makes no page
        lookup per event. Only for the current transaction: forgotten with it."""
        wanted = [url for url in dict.fromkeys(urls) if url not in self._new_pages and url not in self._known_pages]
        with session.no_autoflush:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                found = {page.url: page for page in session.scalars(_PAGES_BY_URLS, {"urls": chunk})}
                self._known_pages.update((url, found.get(url)) for url in chunk)

    def add_derived_again(self, session: Session, page: Page, event: PageEvent) -> Version | None:
        """A new version of the page from the same archived response, derived with other settings
        (a grown site chrome list); the page's own status and times are left as they are."""
        if unusable(event.result):
            return None
        digest = text_digest(event.result.text)
        latest = self._latest(session, page)
        if latest is None or latest.text_digest == digest:
            return None
        self.counts["versions_derived_again"] += 1
        return self._new_version(session, page, latest, event, digest)

    def finish_run(self, session: Session) -> int:
        """Number and name the articles not numbered yet: by the run that first found them, then by
        their canonical URL, so that the numbers do not depend on the order of the fetches within a
        run (nor on the order in which worker processes finished)."""
        self.settle_canonical(session)
        session.flush()
        canonical = aliased(Page)
        rows = session.execute(
            select(Article.id, func.min(Page.first_seen), canonical.canonical_url)
            .join(Page, Page.article_id == Article.id).join(canonical, canonical.id == Article.canonical_page_id)
            .where(Article.seq.is_(None)).group_by(Article.id, canonical.canonical_url)).all()
        starts = run_starts(session)
        order = sorted(rows, key=lambda row: (run_index(row[1], starts), row[2], row[0]))
        seq = session.scalar(select(func.max(Article.seq))) or 0
        names = []
        for article_id, _, canonical_url in order:
            seq += 1
            url_hash = hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]
            names.append({"id": article_id, "seq": seq, "record_name": f"{seq:03d}_{url_hash}"})
        for i in range(0, len(names), 1000):
            session.execute(update(Article), names[i:i + 1000])  # bulk UPDATE by primary key
        if names:
            session.expire_all()  # Article objects the session holds see their new names
        self.counts["articles_new"] += len(names)
        return len(names)

    def _mark_redirected(self, session: Session, event: PageEvent) -> None:
        """A known page that now redirects elsewhere is an archival event: record its status."""
        for old_url in event.redirected_from:
            page = session.scalars(select(Page).where(Page.url == old_url)).one_or_none()
            if page is not None and page.last_status != 301:
                page.last_status, page.last_seen = 301, event.fetched_at
                self.counts["pages_redirected"] += 1

    def _page(self, session: Session, event: PageEvent) -> tuple[Page, int | None]:
        """The event's page (made on first sight) brought up to date, and its status before (None: new)."""
        page = self._new_pages.get(event.url)
        if page is not None and page in session:
            session.flush()  # the same URL twice in a transaction: its versions must be visible
        elif event.url in self._known_pages:
            page = self._known_pages[event.url]
        else:
            # every page made in this transaction is in _new_pages, so the pending ones need not
            # be flushed for this lookup to be right
            with session.no_autoflush:
                page = session.scalars(_PAGE_BY_URL, {"url": event.url}).one_or_none()
        before = page.last_status if page is not None else None
        if page is None:
            page = Page(url=event.url, canonical_url=event.canonical_url, source_id=event.source_id,
                        source_priority=event.source_rank, source_publications=list(event.source_publications),
                        first_seen=event.fetched_at,
                        last_seen=event.fetched_at, last_status=event.status)
            session.add(page)  # inserted by the next flush, with its first version
            self._new_pages[event.url] = page
        # 304 means "still there, unchanged": the page is live with the content already archived.
        page.last_seen, page.last_status = event.fetched_at, 200 if event.status == 304 else event.status
        return page, before

    def _cluster(self, session: Session, page: Page, digest: str, sig, keys: list[int]) -> bool:
        """Join the cluster of an identical text, else of the most similar near duplicate, else a new
        one; True when the text was identical."""
        cluster = session.scalars(_ARTICLE_WITH_TEXT, {"digest": digest}).first()
        if cluster is None:
            cluster = self._pending_digests.get(digest)
        exact = cluster is not None
        if exact:
            self.counts["duplicates_exact"] += 1
        else:
            cluster = self._near_duplicate(session, sig, keys)
            self.counts["duplicates_near"] += cluster is not None
        if cluster is None:
            page.article = Article()
            self._new_articles[page.article] = {}
        elif isinstance(cluster, Article):
            page.article = cluster  # made in this transaction, not inserted yet
        else:
            page.article_id = cluster  # the Article itself is loaded only if its canonical page changes
        return exact

    def _near_duplicate(self, session: Session, sig, keys: list[int]) -> int | Article | None:
        """The article of the most similar earlier version sharing an LSH bucket, if similar enough;
        of equally similar ones the oldest article (lowest id; this transaction's come after all
        stored ones, in order of creation, as their ids will)."""
        wanted = set(enumerate(keys))
        rows = session.execute(_BAND_CANDIDATES, {"buckets": [key for _, key in wanted]}).all()
        scored = [(neardup.similarity(sig, neardup.from_bytes(m)), a) for m, a, band, key in rows
                  if m is not None and (band, key) in wanted]
        # this transaction's versions, each once however many buckets it shares
        pending = {id(other): (other, cluster) for band_key in wanted
                   for other, cluster in self._pending_bands.get(band_key, ())}
        scored += [(neardup.similarity(sig, other), cluster) for other, cluster in pending.values()]
        best = max(scored, default=None, key=lambda s: (s[0], -self._age(s[1])))
        if best is None or best[0] < neardup.THRESHOLD:
            return None
        return best[1]

    def _age(self, cluster: int | Article) -> int:
        """Order of a cluster among all: its id, or for one not inserted yet its place after them."""
        cluster_id = _cluster_id(cluster)
        return cluster_id if cluster_id is not None else (1 << 62) + list(self._new_articles).index(cluster)

    def _new_article(self, cluster: int | Article) -> Article | None:
        """The article made in this transaction that `cluster` is, if it is one: after a flush in
        the middle of a transaction (a stored page's version lookup or a redirect's page lookup
        autoflushes; the same URL twice flushes) such an article is found by its id too."""
        if isinstance(cluster, Article):
            return cluster if cluster in self._new_articles else None
        return next((article for article in self._new_articles if article.id == cluster), None)


def insert_or_ignore(session: Session, table):
    """INSERT that leaves rows already there alone, on SQLite and PostgreSQL alike (a record may be
    taken in again: a crawl's batch stored again one event at a time after a failure)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def _cluster_id(cluster: int | Article) -> int | None:
    return cluster if isinstance(cluster, int) else cluster.id


def versions_of_other_schemes(session: Session) -> int:
    """Versions whose MinHash was made by another scheme (or before schemes were recorded): near
    duplicates of them cannot be found until `reprocess` signs them again."""
    scheme = Version.software["minhash"].as_string()
    return session.scalar(select(func.count(Version.id)).where(
        (scheme != neardup.SCHEME) | scheme.is_(None)))


def unusable(result) -> str | None:
    """Why a page's text cannot be an article version, or None when it can."""
    if result is None:
        return "no text extracted (truncated, not HTML, or extraction failed)"
    if not result.text.strip():
        said = next((step["reason"] for step in result.report if step.get("action") == "no-article"), None)
        return said or "no article text on the page"
    replacements = result.charset.get("replacements", 0)
    if result.charset.get("confidence", 1) == 0 or replacements > 0.02 * len(result.text):
        return f"the bytes do not decode as text ({replacements} undecodable sequences): binary content?"
    return None


_BOOK_TITLE = re.compile(r"《([^》]+)》")

# The few columns choose_canonical needs, with each page's latest 来源 line, in one query: loading
# the article's pages and all their versions (texts and all) cost more than the rest of `add`.
_LATEST_PUBLICATION = (select(Version.source_publication).where(Version.page_id == Page.id)
                       .order_by(Version.number.desc()).limit(1).scalar_subquery())
_CANDIDATES = (select(Page.id, Page.source_id, Page.source_priority, Page.source_publications, Page.first_seen,
                      Page.url, _LATEST_PUBLICATION.label("publication"), Article.canonical_page_id,
                      Article.canonical_reason)
               .join(Article, Article.id == Page.article_id).where(Page.article_id == bindparam("article_id")))


def choose_canonical(session: Session, article_id: int, starts: Sequence[datetime] | None = None) -> None:
    """The canonical page of a stored article, from its pages in the database."""
    pages = session.execute(_CANDIDATES, {"article_id": article_id}).all()
    if not pages:  # gone with a rolled-back transaction
        return
    best, why = canonical_choice(pages, run_starts(session) if starts is None else starts)
    # the reason is brought up to date even when the page stays: a copy that joins later can add
    # the evidence (its 来源 line) that the chosen page publishes the text
    if (pages[0].canonical_page_id, pages[0].canonical_reason) != (best.id, why):  # the Article loaded only then
        _mark_canonical(session.get(Article, article_id), best.id, why)


def set_canonical(article: Article, candidates: list[_Candidate], starts: Sequence[datetime]) -> None:
    """The canonical page of an article whose pages are all in hand (made in this transaction)."""
    best, why = canonical_choice(candidates, starts)
    if (article.canonical_page_id, article.canonical_reason) != (best.id, why):
        _mark_canonical(article, best.id, why)


def canonical_choice(pages: list, run_starts: Sequence[datetime] = ()) -> tuple:
    """Official source over mirror over content farm, then the site of the publication the text's
    own 来源 line names, then the page first seen in the earliest run, then the smallest URL.
    `pages`: rows or _Candidates; `run_starts`: when each crawl run started, in order.

    Within one run the URL decides, never the time of the fetch: which of two copies a run fetched
    first depends on its concurrency, the order of the start URLs and the servers' answer times,
    and a record must not (two crawls of one unchanged site give the same records)."""
    # titles in 《》 only: a bare "来源：旗帜网" names the website that carried the copy, not a publication
    named = {title for p in pages for title in _BOOK_TITLE.findall(p.publication or "")}

    def publishes(page) -> bool:
        return bool(named & set(page.source_publications or ()))

    best = min(pages, key=lambda p: (p.source_priority, not publishes(p), run_index(p.first_seen, run_starts), p.url))
    why = f"source priority {best.source_priority} ({best.source_id})"
    if publishes(best):
        why += f", publisher of {' / '.join(sorted(named))}"
    return best, why + f", first seen {best.first_seen.isoformat()}"


def run_index(when: datetime, run_starts: Sequence[datetime]) -> int:
    """Which run a capture time falls in: the number of runs started at or before it (0: before
    any run the collection knows, as for WARC files of other crawlers)."""
    return bisect.bisect_right(run_starts, when)


def run_starts(session: Session) -> list[datetime]:
    """When each crawl run of the collection started, in order (reprocess keeps these rows)."""
    return sorted(session.scalars(select(CrawlRun.started_at)))


class _Candidate(NamedTuple):
    """What canonical_choice reads of a page, as _CANDIDATES selects it."""

    id: int
    source_id: str
    source_priority: int
    source_publications: list
    first_seen: datetime
    url: str
    publication: str | None  # its latest version's 来源 line


def _candidate(page: Page, latest: Version) -> _Candidate:
    # in UTC, as the database gives it back (archive.models.UTCDateTime): the reason quotes it
    return _Candidate(page.id, page.source_id, page.source_priority, page.source_publications,
                      page.first_seen.astimezone(timezone.utc), page.url, latest.source_publication)


def _mark_canonical(article: Article, page_id: int, why: str) -> None:
    article.canonical_page_id, article.canonical_reason = page_id, why
    article.updated_at = utcnow()
