"""What happened to the archived articles, run by run: the transitions an archivist watches for.

Derived from the capture rows (every fetch, its status and its run) and the versions (every
change of text), never from counters: a transition is reported once, in the run it happened in.

    first seen   the first capture of an article page that answered with a page
    edited       a new version of the text from a new capture (not a re-derivation of the same
                 bytes with a grown site chrome list), with a short summary of the diff
    taken down   a page that answered before now answers 404 or 410, or redirects elsewhere
    back again   a taken-down page answers with a page again
"""
from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from archive.models import Article, Capture, CrawlRun, Page, Version


@dataclass(frozen=True)
class Change:
    run_id: int | None
    time: str           # the capture's time (ISO, UTC)
    kind: str           # first seen | edited | taken down | back again
    url: str
    source: str
    record: str | None  # the record id (NNN_…) of the page's article
    detail: str = ""    # edited: the diff in brief; taken down: the status (and where it redirects)
    share: float | None = None               # edited: share of the text changed (0..1)
    versions: tuple[int, int] | None = None  # edited: the page's version numbers before and after

    def to_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        run = f"run {self.run_id}" if self.run_id is not None else "run ?"
        return "  ".join(filter(None, (run, self.time[:19], f"{self.kind:<10}", self.source, self.record or "-",
                                       self.url, self.detail)))


def runs(session: Session, with_stats: bool = False) -> list[dict]:
    """Every crawl run, oldest first, with its counts (and, `with_stats`, the crawl's own stats)."""
    return [{"id": r.id, "started": r.started_at.isoformat(), "ended": r.ended_at.isoformat() if r.ended_at else None,
             "status": r.status, "fetched": r.fetched, "new": r.new, "changed": r.changed,
             "unchanged": r.unchanged, "gone": r.gone, "errors": r.errors, **({"stats": r.stats or {}} if with_stats else {})}
            for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]


def _page_state(status: int) -> str:
    if 200 <= status < 300 or status == 304:
        return "up"
    if status in (404, 410) or 300 <= status < 400:
        return "down"
    return "unknown"  # a 5xx or 403 says nothing about the article: a server's bad moment


# The statuses that say whether an article page is up or down (_page_state): every other status
# (a 5xx, a 403) leaves what is known of the page as it was.
def _known(status):
    return or_(status.between(200, 399), status.in_((404, 410)))


def changes(session: Session, *, run_id: int | None = None, since: datetime | None = None,
            site: str | None = None) -> list[Change]:
    """The transitions of the collection's article pages, in time order, filtered by run, time and
    source.

    Work is proportional to the captures asked about, not to the collection's history: each capture
    is compared with its page's last earlier capture that said up or down, found by the
    (url, fetched_at) index; an edit with the version before it. A crawl's summary asks for its
    own run (ix_captures_run_id), as the reading room's watch page does by default."""
    found = _page_transitions(session, run_id, since, site) + _edits(session, run_id, since, site)
    found.sort(key=lambda c: (c.time, c.url, c.kind))
    return found


def _filtered(query, run_id: int | None, since: datetime | None, time, site: str | None):
    """`query` (over captures and pages) narrowed to a run's captures, those from `since` on (by
    `time`), and one source's pages."""
    if run_id is not None:
        query = query.where(Capture.run_id == run_id)
    if since is not None:
        query = query.where(time >= since)
    if site:
        query = query.where(Page.source_id == site)
    return query


def _page_transitions(session: Session, run_id: int | None, since: datetime | None, site: str | None) -> list[Change]:
    earlier = aliased(Capture)
    before = (select(earlier.status).where(earlier.url == Capture.url, earlier.fetched_at < Capture.fetched_at,
                                           _known(earlier.status))
              .order_by(earlier.fetched_at.desc()).limit(1).scalar_subquery())
    query = (select(Capture.url, Capture.fetched_at, Capture.status, Capture.run_id, Capture.location,
                    before.label("before"), Page.source_id, Article.record_name)
             .join(Page, Page.url == Capture.url).outerjoin(Article, Article.id == Page.article_id)
             .where(_known(Capture.status)))
    found = []
    for url, when, status, run, location, status_before, source, record in session.execute(_filtered(query, run_id, since, Capture.fetched_at, site)):
        now, was = _page_state(status), (_page_state(status_before) if status_before is not None else None)
        if was is None and now == "up":
            found.append(Change(run, when.isoformat(), "first seen", url, source, record))
        elif was == "up" and now == "down":
            detail = f"{status}" + (f" -> {location}" if location else "")
            found.append(Change(run, when.isoformat(), "taken down", url, source, record, detail))
        elif was == "down" and now == "up":
            found.append(Change(run, when.isoformat(), "back again", url, source, record, str(status)))
    return found


def _edits(session: Session, run_id: int | None, since: datetime | None, site: str | None) -> list[Change]:
    """New versions from new captures (not the same bytes derived again), with the version before."""
    old = aliased(Version)
    query = (select(Page.url, Page.source_id, Article.record_name, Capture.run_id, Version.fetched_at,
                    Version.number, Version.text, old.number, old.text)
             .select_from(Version)
             .join(Capture, Capture.warc_record_id == Version.warc_record_id)
             .join(Page, Page.id == Version.page_id).outerjoin(Article, Article.id == Page.article_id)
             .join(old, and_(old.page_id == Version.page_id, old.number == Version.number - 1))
             .where(old.warc_record_id != Version.warc_record_id))
    found = []
    for url, source, record, run, when, number, text, old_number, old_text in session.execute(
            _filtered(query, run_id, since, Version.fetched_at, site)):
        share = share_changed(old_text, text)
        found.append(Change(run, when.isoformat(), "edited", url, source, record, diff_summary(old_text, text, share),
                            share, (old_number, number)))
    return found


def share_changed(old: str, new: str) -> float:
    """The share of the text an edit changed (0..1), by characters."""
    return 1 - difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()


def diff_summary(old: str, new: str, share: float | None = None) -> str:
    """'+1 -0 lines, 4% of the text changed': what an edit did, in brief."""
    a, b = old.splitlines(), new.splitlines()
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    share = share_changed(old, new) if share is None else share
    return f"+{added} -{removed} lines, {share:.0%} of the text changed" if share >= 0.01 else \
        f"+{added} -{removed} lines, {share:.1%} of the text changed"
