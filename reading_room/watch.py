"""Watch: archive.changes.changes ranked by how much each matters to an archivist watching official
sites for edits and takedowns, and the same as an Atom feed."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.changes import Change, changes
from archive.models import Page, Version

OFFICIAL = 0  # Page.source_priority of an official source
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# the order of the feed: a lower tier first, then a higher score, then the newer
TIER = {"official takedown": 0, "edited": 1, "taken down": 2, "back again": 2, "first seen": 3}


@dataclass
class Ranked:
    change: Change
    tier: int
    score: float
    official: bool
    share: float | None = None            # edited: share of the text changed (0..1)
    changed_fields: list[str] = field(default_factory=list)  # title, published, author, numbers
    versions: tuple[int, int] | None = None  # edited: (old, new) version numbers

    @property
    def label(self) -> str:
        if self.change.kind == "taken down" and self.official:
            return "official takedown"
        return self.change.kind

    def to_dict(self) -> dict:
        return {**self.change.to_dict(), "rank_tier": self.tier, "score": round(self.score, 4),
                "official": self.official, "share_changed": self.share, "changed_fields": self.changed_fields,
                "versions": list(self.versions) if self.versions else None}


def changed_fields(old: Version, new: Version) -> list[str]:
    """Which of title, date and author an edit changed, and whether the numbers in the text (digits) did."""
    fields = [name for name, a, b in (("title", old.title, new.title), ("published", old.published, new.published),
                                       ("author", old.author, new.author)) if (a or "") != (b or "")]
    if Counter(NUMBER.findall(old.text)) != Counter(NUMBER.findall(new.text)):
        fields.append("numbers")
    return fields


def ranked_changes(session: Session, *, run_ids: list[int] | None = None, site: str | None = None) -> list[Ranked]:
    """The changes of these runs (None: of every run), ranked. Each run's are found by index
    (archive.changes); the versions read are only those of the edits."""
    found = changes(session, site=site) if run_ids is None else \
        [c for run in run_ids for c in changes(session, run_id=run, site=site)]
    urls = sorted({c.url for c in found})
    official_urls: set[str] = set()
    for i in range(0, len(urls), 500):
        official_urls.update(session.scalars(select(Page.url).where(Page.url.in_(urls[i:i + 500]),
                                                                    Page.source_priority == OFFICIAL)))
    edited = sorted({c.url for c in found if c.kind == "edited" and c.versions})
    pages: dict[str, Page] = {}
    for i in range(0, len(edited), 500):
        for page in session.scalars(select(Page).where(Page.url.in_(edited[i:i + 500]))
                                    .options(selectinload(Page.versions))):
            pages[page.url] = page
    ranked = []
    for change in found:
        page = pages.get(change.url)
        official = change.url in official_urls
        item = Ranked(change, TIER[change.kind], 0.0, official)
        if change.kind == "taken down" and official:
            item.tier = TIER["official takedown"]
        elif change.kind == "edited" and page is not None and change.versions:
            by_number = {v.number: v for v in page.versions}
            old, new = by_number.get(change.versions[0]), by_number.get(change.versions[1])
            if old is not None and new is not None:
                item.share, item.changed_fields = change.share, changed_fields(old, new)
                item.versions = change.versions
                item.score = (change.share or 0.0) + len(item.changed_fields) + (0.5 if official else 0.0)
        ranked.append(item)
    # newest first within a tier and score: sort by time descending, then stably by tier and score
    ranked.sort(key=lambda r: r.change.time, reverse=True)
    ranked.sort(key=lambda r: (r.tier, -r.score))
    return ranked


def atom_feed(items: list[Ranked], *, base_url: str, self_url: str, title: str) -> str:
    """An Atom 1.0 document: one entry per change, linking to the article (and its diff)."""
    base = base_url.rstrip("/")
    updated = max((i.change.time for i in items), default=None) or datetime.now(timezone.utc).isoformat()
    feed_id = "urn:article-archive:watch:" + hashlib.sha256(self_url.encode()).hexdigest()[:32]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <id>{escape(feed_id)}</id>",
             f"  <title>{escape(title)}</title>",
             f"  <updated>{escape(_rfc3339(updated))}</updated>",
             f"  <link rel=\"self\" href={quoteattr(self_url)}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + '/watch')}/>",
             "  <author><name>article-archive</name></author>"]
    for item in items:
        c = item.change
        key = f"{c.kind}|{c.url}|{c.time}"
        link = f"{base}/r/{c.record}" if c.record else f"{base}/watch"
        if item.versions and c.record:
            link = f"{base}/r/{c.record}/diff?" + _query(a=f"{c.url}@{item.versions[0]}", b=f"{c.url}@{item.versions[1]}")
        summary = " ".join(filter(None, [item.label, c.source, c.url, c.detail,
                                         ("changed: " + ", ".join(item.changed_fields)) if item.changed_fields else ""]))
        lines += ["  <entry>",
                  f"    <id>urn:article-archive:change:{hashlib.sha256(key.encode()).hexdigest()[:40]}</id>",
                  f"    <title>{escape(_xml_chars(f'{item.label}: {c.record or c.url}'))}</title>",
                  f"    <updated>{escape(_rfc3339(c.time))}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
                  f"    <summary>{escape(_xml_chars(summary))}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _rfc3339(iso: str) -> str:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_chars(text: str) -> str:
    """Only the characters XML 1.0 allows (archived text may hold control characters)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")
