"""Provenance queries: where a record came from (`show`) and how a URL changed (`history`)."""
from __future__ import annotations

import difflib

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.models import Article, Capture, Page, Version
from archive.records import captures_by_url, index_entry
from archive.errors import NotFound



def find_article(session: Session, key: str) -> Article:
    """A record by its id (`007_…`), its number (`7`), or any URL it was seen at."""
    query = select(Article)
    if key.isdigit():
        query = query.where(Article.seq == int(key))
    elif "://" in key:
        page_article = select(Page.article_id).where(or_(Page.url == key, Page.canonical_url == key))
        query = query.where(Article.id.in_(page_article))
    else:
        query = query.where(Article.record_name == key.removesuffix(".txt"))
    article = session.scalars(query.limit(1)).first()
    if article is None:
        raise NotFound(f"no record matches {key!r}")
    return article


def show(session: Session, key: str) -> dict:
    """Everything an archivist needs to cite the record and re-check it."""
    article = find_article(session, key)
    canonical = next((p for p in article.pages if p.id == article.canonical_page_id), None)
    if canonical is None or not canonical.versions:  # a cluster the store has not finished
        raise NotFound(f"record {article.record_name or article.id} has no canonical version yet")
    return index_entry(article, canonical, canonical.versions[-1],
                       captures_by_url(session, [p.url for p in article.pages]))


def history(session: Session, url: str) -> dict:
    """Every capture of a URL, and every version of its text with a diff against the one before."""
    captures = session.scalars(select(Capture).where(Capture.url == url).order_by(Capture.fetched_at)).all()
    page = session.scalars(select(Page).where(Page.url == url)).one_or_none()
    if not captures and page is None:
        raise NotFound(f"{url} was never captured")
    versions, previous = [], None
    for version in (page.versions if page else []):
        versions.append({"number": version.number, "fetched_at": version.fetched_at.isoformat(),
                         "warc_record_id": version.warc_record_id, "text_digest": version.text_digest,
                         "title": version.title, "diff": text_diff(previous, version)})
        previous = version
    return {
        "url": url,
        "status": page.last_status if page else None,
        "record": page.article.record_name if page and page.article else None,
        "captures": [{"time": c.fetched_at.isoformat(), "status": c.status, "type": c.record_type,
                      "warc_file": c.warc_filename, "offset": c.warc_offset, "length": c.warc_length,
                      "record_id": c.warc_record_id, "payload_digest": c.payload_digest,
                      "refers_to": c.refers_to, "location": c.location} for c in captures],
        "versions": versions,
    }


def text_diff(old: Version | None, new: Version) -> list[str]:
    if old is None:
        return []
    return list(difflib.unified_diff(old.text.splitlines(), new.text.splitlines(),
                                     f"version {old.number}", f"version {new.number}", lineterm="", n=1))
