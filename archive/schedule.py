"""What a scheduled run should re-fetch: known article pages whose last capture is old enough."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from archive.models import Page


@dataclass(frozen=True)
class KnownPage:
    url: str
    source_id: str
    last_seen: datetime
    last_status: int
    has_text: bool  # a version exists; pages without one (moved, gone, interrupted) are always due


def known_pages(engine: Engine) -> dict[str, KnownPage]:
    from archive.models import Version

    with_text = select(Version.page_id).distinct().subquery()
    query = (select(Page.url, Page.source_id, Page.last_seen, Page.last_status, with_text.c.page_id)
             .outerjoin(with_text, with_text.c.page_id == Page.id))
    with engine.connect() as conn:
        return {r.url: KnownPage(r.url, r.source_id, r.last_seen, r.last_status, r.page_id is not None)
                for r in conn.execute(query)}

