"""Feed archived responses back through the text pipeline: verification's re-derivation step."""
from __future__ import annotations

from archive.digests import text_digest
from archive.warcread import ArchivedRecord
from pipelines.process import process_page


def rederive_digest(record: ArchivedRecord, settings: dict) -> str:
    """The text digest the pipeline gives today for this archived response and these settings."""
    result = process_page(record.body, url=record.url, http_charset=record.http_charset,
                          body_selector=settings.get("body_selector"), title_selector=settings.get("title_selector"),
                          script_target=settings.get("script_target", "zh-Hans"))
    return text_digest(result.text)
