"""Page chrome learned per source: lines that repeat across many of one site's articles.

The rules in pipelines.text.normalize know chrome that every site shares (share widgets, ICP lines,
editor sign-offs). A site's own furniture (its slogan under every article, a column's fixed
footer, a farm's "collected from the web" line) is seen only by counting: a line found in the
text of a fifth or more of a source's distinct articles is not part of any one article.

Lifecycle, so that every text stays re-derivable from the WARC files and its settings:
  - at the end of a run (and of each run `reprocess` replays) the counts are taken over the latest
    versions of each source's most recent pages; lines newly found join the source's list, which
    only grows (a learned line is removed from texts, so it could not be counted again);
  - a new list is stored (table site_chrome) under its digest, written into the WARC files as a
    `metadata` record, and the pages whose latest text holds one of its lines are derived again
    from their archived response with the new list (pipelines.chrome_relearn);
  - every version's settings name the list it was derived with (`site_chrome`: digest), and
    later runs apply the source's current list from the start.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import CrawlRun, Page, SiteChrome, Version

URI_PREFIX = "urn:article-archive:site-chrome:"
CONTENT_TYPE = "application/json"

MIN_ARTICLES = 4      # never learn from fewer distinct articles than this
MIN_SHARE = 0.2       # ... nor from a line found in less than this share of them
SAMPLE_PAGES = 500    # counts are taken over a source's most recently seen pages
MIN_CHARS, MAX_CHARS = 2, 200


@dataclass(frozen=True)
class LearnedChrome:
    source_id: str
    lines: tuple[str, ...]   # sorted
    learned_from: int = 0

    @cached_property  # read for every article page a crawl processes
    def digest(self) -> str:
        return list_digest(self.lines)

    @cached_property
    def lookup(self) -> dict[str, frozenset[str]]:
        """{digest: lines}: what pipelines.workers.page_options takes to resolve a version's settings."""
        return {self.digest: frozenset(self.lines)}

    def warc_record(self) -> tuple[str, bytes, str]:
        """(uri, payload, content type) of the `metadata` record that carries this list."""
        payload = {"source": self.source_id, "digest": self.digest, "learned_from": self.learned_from,
                   "lines": list(self.lines)}
        return (URI_PREFIX + self.source_id, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"),
                CONTENT_TYPE)

    @classmethod
    def from_warc_payload(cls, payload: bytes) -> LearnedChrome:
        data = json.loads(payload.decode("utf-8"))
        learned = cls(data["source"], tuple(sorted(data["lines"])), int(data.get("learned_from", 0)))
        if learned.digest != data.get("digest"):
            raise ValueError(f"site chrome list of {learned.source_id}: digest does not match its lines")
        return learned


def list_digest(lines: Iterable[str]) -> str:
    return "sha256:" + hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def repeated_lines(articles: Iterable[Iterable[str]]) -> tuple[set[str], int]:
    """Lines found in at least MIN_SHARE of the given articles (each an iterable of its lines,
    all its pages together), and at least in MIN_ARTICLES of them; and how many articles there were.
    Each article counts a line once, so one article copied to many URLs weighs as one."""
    counts: Counter[str] = Counter()
    total = 0
    for lines in articles:
        total += 1
        counts.update({line.strip() for line in lines if MIN_CHARS <= len(line.strip()) <= MAX_CHARS})
    if total < MIN_ARTICLES:
        return set(), total
    needed = max(MIN_ARTICLES, math.ceil(MIN_SHARE * total))
    return {line for line, count in counts.items() if count >= needed}, total


# -- the database -------------------------------------------------------------------------------

def current_lists(session: Session) -> dict[str, LearnedChrome]:
    """Each source's latest list."""
    latest = select(func.max(SiteChrome.id)).group_by(SiteChrome.source_id)
    rows = session.scalars(select(SiteChrome).where(SiteChrome.id.in_(latest)))
    return {row.source_id: LearnedChrome(row.source_id, tuple(row.lines), row.learned_from) for row in rows}


def lists_by_digest(session: Session) -> dict[str, frozenset[str]]:
    """Every list ever stored, by digest: what `verify` needs to re-derive any version."""
    return {row.digest: frozenset(row.lines) for row in session.scalars(select(SiteChrome))}


def remember(session: Session, learned: LearnedChrome) -> None:
    """Store a list read from a WARC file (reprocess into an empty database), once per source and digest."""
    known = session.scalar(select(SiteChrome.id).where(SiteChrome.source_id == learned.source_id,
                                                       SiteChrome.digest == learned.digest).limit(1))
    if known is None:
        _store(session, learned)
        session.flush()


def _store(session: Session, learned: LearnedChrome) -> None:
    session.add(SiteChrome(source_id=learned.source_id, digest=learned.digest, lines=list(learned.lines),
                           learned_from=learned.learned_from))


def _latest_versions(source_id: str):
    """Ids of the latest version of each of the source's pages (a subquery)."""
    return (select(func.max(Version.id)).join(Page, Page.id == Version.page_id)
            .where(Page.source_id == source_id).group_by(Version.page_id))


def _article_lines(session: Session, source_id: str) -> dict[int, set[str]]:
    """The lines of the latest version of the source's most recently seen pages, by article: those
    of the latest runs, and within a run by URL (not by the time of the fetch, which follows the
    crawl's concurrency: two crawls of one site must learn the same list)."""
    run_of_last_seen = (select(func.max(CrawlRun.started_at)).where(CrawlRun.started_at <= Page.last_seen)
                        .correlate(Page).scalar_subquery())
    rows = session.execute(
        select(Page.article_id, Version.original_text).join(Page, Page.id == Version.page_id)
        .where(Version.id.in_(_latest_versions(source_id)), Page.article_id.is_not(None))
        .order_by(run_of_last_seen.desc().nulls_last(), Page.url).limit(SAMPLE_PAGES))
    by_article: dict[int, set[str]] = {}
    for article_id, text in rows:
        by_article.setdefault(article_id, set()).update(text.splitlines())
    return by_article


def learn(session: Session, source_ids: Iterable[str]) -> list[LearnedChrome]:
    """Count each source's repeated lines; store and return the lists that grew."""
    current = current_lists(session)
    grown = []
    for source_id in sorted(set(source_ids)):
        by_article = _article_lines(session, source_id)
        found, total = repeated_lines(by_article[a] for a in sorted(by_article))
        before = current.get(source_id)
        known = set(before.lines) if before else set()
        if not found - known:
            continue
        learned = LearnedChrome(source_id, tuple(sorted(known | found)), total)
        _store(session, learned)
        grown.append(learned)
    session.flush()
    return grown


def holding_lines(session: Session, learned: LearnedChrome) -> list[int]:
    """Ids of the latest versions of the source's pages whose text still holds a line of the list."""
    lines = set(learned.lines)
    # streamed: a source can have many thousands of pages, and only the ids are kept
    rows = session.execute(select(Version.id, Version.original_text)
                           .where(Version.id.in_(_latest_versions(learned.source_id)))
                           .order_by(Version.id).execution_options(yield_per=500))
    return [version_id for version_id, text in rows
            if any(line.strip() in lines for line in text.splitlines())]
