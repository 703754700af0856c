"""What the spider hands to the pipelines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ArticleResponse:
    """An archived article response, and what the pipelines derive from it."""

    url: str
    source_id: str
    status: int
    fetched_at: datetime
    http_charset: str | None
    content_type: str | None
    body: bytes = field(repr=False)  # decompressed payload (kept out of log lines)
    warc_record_id: str             # the WARC response record these bytes came from
    extras: dict = field(default_factory=dict, repr=False)
