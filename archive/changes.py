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

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def runs(session: Session) -> list[dict]:
    """Every crawl run, oldest first, with its counts."""
    return [{"id": r.id, "started": r.started_at.isoformat(), "ended": r.ended_at.isoformat() if r.ended_at else None,
             "status": r.status, "fetched": r.fetched, "new": r.new, "changed": r.changed,
             "unchanged": r.unchanged, "gone": r.gone, "errors": r.errors}
            for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]


def _page_state(status: int) -> str:
    if 200 <= status < 300 or status == 304:
        return "up"
    if status in (404, 410) or 300 <= status < 400:
        return "down"
    return "unknown"  # a 5xx or 403 says nothing about the article: a server's bad moment


def changes(session: Session, *, run_id: int | None = None, since: datetime | None = None,
            site: str | None = None) -> list[Change]:
    """The transitions of the collection's article pages, in time order, filtered by run, time and
    source."""
    pages = {p.url: p for p in session.scalars(select(Page).where(Page.source_id == site) if site else select(Page))}
    records = dict(session.execute(select(Article.id, Article.record_name)).all())
    found: list[Change] = []
    captures = session.execute(
        select(Capture.url, Capture.fetched_at, Capture.status, Capture.run_id, Capture.warc_record_id,
               Capture.location).order_by(Capture.url, Capture.fetched_at, Capture.warc_record_id)).all()
    run_of_record: dict[str, int | None] = {}
    state: dict[str, str] = {}
    for url, when, status, run, record_id, location in captures:
        run_of_record[record_id] = run
        page = pages.get(url)
        if page is None:
            continue
        record = records.get(page.article_id)
        now, before = _page_state(status), state.get(url)
        if now == "unknown":
            continue
        if before is None and now == "up":
            found.append(Change(run, when.isoformat(), "first seen", url, page.source_id, record))
        elif before == "up" and now == "down":
            detail = f"{status}" + (f" -> {location}" if location else "")
            found.append(Change(run, when.isoformat(), "taken down", url, page.source_id, record, detail))
        elif before == "down" and now == "up":
            found.append(Change(run, when.isoformat(), "back again", url, page.source_id, record, str(status)))
        state[url] = now
    versions = session.execute(select(Version.page_id, Version.number, Version.warc_record_id, Version.fetched_at,
                                      Version.text).order_by(Version.page_id, Version.number)).all()
    by_id = {p.id: p for p in pages.values()}
    previous: dict[int, tuple[str, int, str]] = {}
    for page_id, number, record_id, when, text in versions:
        earlier = previous.get(page_id)
        previous[page_id] = (record_id, number, text)
        page = by_id.get(page_id)
        if page is None or earlier is None or earlier[0] == record_id:  # first, or the same bytes derived again
            continue
        share = share_changed(earlier[2], text)
        found.append(Change(run_of_record.get(record_id), when.isoformat(), "edited", page.url, page.source_id,
                            records.get(page.article_id), diff_summary(earlier[2], text, share), share,
                            (earlier[1], number)))
    found.sort(key=lambda c: (c.time, c.url, c.kind))
    return [c for c in found if (run_id is None or c.run_id == run_id)
            and (since is None or datetime.fromisoformat(c.time) >= since)]


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
