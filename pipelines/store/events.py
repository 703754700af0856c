"""A page's event, made alike by the crawl (pipelines/derive.py, from a fetched response) and by
`reprocess`/catch-up (crawler/replay.py, from an archived record): what the store takes in for one
article response, and whether its text is to be derived. One builder, so that the two cannot drift
apart (the byte-for-byte promise of `reprocess` rests on it). Plain dicts: a text worker unpickles
them without importing SQLAlchemy (pipelines.store.articles.PageEvent is made from one in the store)."""
from __future__ import annotations

from datetime import datetime

from pipelines.text.urls import canonical_url

# Content types whose body is read as a page; an empty one is read too (servers that send none)
TEXT_TYPES = ("", "text/html", "application/xhtml+xml", "text/plain")


def media_type(content_type: str | None) -> str:
    """`text/html; charset=gbk` -> `text/html`."""
    return (content_type or "").split(";")[0].strip().lower()


def wants_text(status: int, content_type: str | None, *, revisit: bool, truncated: bool) -> bool:
    """Whether the text of this response is derived: a whole page answered 200, of a type read as a
    page. A revisit holds the same bytes as the capture it refers to (same text); half a page (a
    truncated body) is no version of the article."""
    return status == 200 and media_type(content_type) in TEXT_TYPES and not revisit and not truncated


def event_fields(*, url: str, source, status: int, fetched_at: datetime, warc_record_id: str, revisit: bool,
                 aliases: dict[str, str], settings: dict | None, redirected_from: list[str] | None = None) -> dict:
    """The event of one article response (pipelines.store.articles.PageEvent's fields); `source`: the
    crawler.sources.Source it belongs to, `aliases`: mirror hosts -> the host they copy."""
    return {"url": url, "canonical_url": canonical_url(url, aliases), "source_id": source.id,
            "source_rank": source.rank, "source_publications": source.publications, "status": status,
            "fetched_at": fetched_at, "warc_record_id": warc_record_id, "revisit": revisit,
            "redirected_from": list(redirected_from or []), "settings": settings or {}}
