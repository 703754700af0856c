"""Record files: `records/NNN_<16 hex>.txt` (title or NO_TITLE, then one paragraph a line) and `index.jsonl`.

A record's name is fixed when its article is first archived and never changes; when a cluster's
canonical member changes, the file keeps its name and the index says which URL is canonical now.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.fileio import atomic_file, sync_filesystem, write_atomic
from archive.models import Article, Capture, Page, Version

logger = logging.getLogger(__name__)

INDEX = "index.jsonl"
EXPORT_CHUNK = 500


# Line 1 of a record whose page gives no title: a record's first line is always its title, so a page
# without one says so rather than letting its first paragraph pass for a headline. Full-width
# parentheses, as Chinese editors mark an editorial note; `clean` reads it back as "no title".
NO_TITLE = "（无标题）"


def record_lines(title: str | None, paragraphs: list[str]) -> str:
    """A record's text: the title (or NO_TITLE) on line 1, then one paragraph a line."""
    return "\n".join([title or NO_TITLE, *(line for line in paragraphs if line.strip())]) + "\n"


def record_text(version: Version) -> str:
    return record_lines(version.title, version.text.splitlines())


def export_records(session: Session, records_dir: Path) -> int:
    """Write every record whose text changed, and rewrite the index. Returns files written."""
    records_dir.mkdir(parents=True, exist_ok=True)
    written = entries = last_seq = 0
    with atomic_file(records_dir / INDEX, "w") as index:
        # EXPORT_CHUNK articles at a time: loading every article with its pages and versions (full
        # texts) at once made the end of a 20,000-page crawl peak at ~30 KB per article. The session
        # holds unmodified objects weakly, so each chunk is freed when the next replaces it.
        while True:
            articles = session.scalars(
                select(Article).where(Article.seq > last_seq).order_by(Article.seq).limit(EXPORT_CHUNK)
                .options(selectinload(Article.pages).selectinload(Page.versions))).all()
            if not articles:
                break
            last_seq = articles[-1].seq
            captures = captures_by_url(session, [p.url for a in articles for p in a.pages])
            for article in articles:
                canonical = next((p for p in article.pages if p.id == article.canonical_page_id), None)
                if canonical is None or not canonical.versions:
                    continue
                version = canonical.versions[-1]
                path = records_dir / f"{article.record_name}.txt"
                text = record_text(version)
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    write_atomic(path, text, sync=False)  # all synced at once below
                    written += 1
                entry = index_entry(article, canonical, version, captures)
                index.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
                entries += 1
            del articles
        if written:  # the record files are on disk before the index naming them replaces the old one
            sync_filesystem(records_dir)
    logger.info("records: %d articles, %d files written, index %s", entries, written, records_dir / INDEX)
    return written


_CAPTURE_COLUMNS = (Capture.url, Capture.fetched_at, Capture.status, Capture.record_type, Capture.warc_filename,
                    Capture.warc_offset, Capture.warc_length, Capture.warc_record_id, Capture.payload_digest)


def captures_by_url(session: Session, urls: list[str]) -> dict[str, list]:
    """The capture rows of `urls`, by URL: one query per thousand URLs for a whole chunk of
    articles, instead of one per article."""
    found: dict[str, list] = {}
    for i in range(0, len(urls), 1000):
        for row in session.execute(select(*_CAPTURE_COLUMNS).where(Capture.url.in_(urls[i:i + 1000]))):
            found.setdefault(row.url, []).append(row)
    return found


def index_entry(article: Article, canonical: Page, version: Version, captures_of: dict[str, list]) -> dict:
    """`captures_of`: capture rows by URL (captures_by_url), for the article's pages at least."""
    # Ordered by URL, not by row id (ids follow the order in which worker processes finished) nor by
    # first capture (which of two copies a run fetched first depends on its concurrency): a rebuilt
    # index comes out byte for byte the same, and a second crawl of the site in the same order.
    pages = sorted(article.pages, key=lambda p: p.url)
    captures = sorted((c for p in pages for c in captures_of.get(p.url, ())),
                      key=lambda c: (c.fetched_at, c.warc_record_id))
    return {
        "id": article.record_name,
        "seq": article.seq,
        "file": f"{article.record_name}.txt",
        "title": version.title,
        "author": version.author,
        "source_publication": version.source_publication,
        "published": version.published,
        "canonical_url": canonical.url,
        "canonical_reason": article.canonical_reason,
        "urls": [{"url": p.url, "canonical_url": p.canonical_url, "source": p.source_id,
                  "first_seen": p.first_seen.isoformat(), "last_seen": p.last_seen.isoformat(),
                  "last_status": p.last_status} for p in pages],
        "captures": [{"url": c.url, "time": c.fetched_at.isoformat(), "status": c.status, "type": c.record_type,
                      "warc_file": c.warc_filename, "offset": c.warc_offset, "length": c.warc_length,
                      "record_id": c.warc_record_id, "payload_digest": c.payload_digest} for c in captures],
        "versions": [{"url": p.url, "number": v.number, "fetched_at": v.fetched_at.isoformat(),
                      "warc_record_id": v.warc_record_id, "text_digest": v.text_digest,
                      # the learned site chrome list the text was derived with (pipelines.store.site_chrome)
                      **({"site_chrome": v.settings["site_chrome"]} if (v.settings or {}).get("site_chrome") else {})}
                     for p in pages for v in p.versions],
        "cluster": {"size": len(pages), "sources": sorted({p.source_id for p in pages})},
        "metadata": version.metadata_,
        "text_digest": version.text_digest,
        "charset": version.charset,
        "extractor": version.extractor,
        "software": version.software,
        "normalization": version.report,
    }
