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


def known_pages(engine: Engine) -> dict[str, KnownPage]:
    with engine.connect() as conn:
        rows = conn.execute(select(Page.url, Page.source_id, Page.last_seen, Page.last_status))
        return {r.url: KnownPage(r.url, r.source_id, r.last_seen, r.last_status) for r in rows}
