"""Capture rows: one per archived response record, written in batches after the WARC bytes."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import insert

from archive.db import open_engine
from archive.models import Capture
from archive.warc import RecordLocation

logger = logging.getLogger(__name__)


class CaptureStore:
    """Buffers capture rows and inserts them in one statement per batch.

    Rows are only ever added after their WARC record has been flushed, so a row never points at
    bytes that are not on disk; rows lost in a crash are rebuilt from the WARC files on restart.
    """

    def __init__(self, database_url: str, batch_size: int = 100) -> None:
        self.engine = open_engine(database_url)
        self.batch_size = batch_size
        self._rows: list[dict] = []

    def add(self, *, run_id: int | None, source_id: str | None, url: str, fetched_at: datetime, status: int,
            content_type: str | None, record_type: str, location: RecordLocation,
            request_record_id: str | None, ip_address: str | None, etag: str | None,
            last_modified: str | None, redirect_to: str | None) -> None:
        self._rows.append(dict(
            run_id=run_id, source_id=source_id, url=url, fetched_at=fetched_at, status=status,
            content_type=content_type, record_type=record_type, warc_filename=location.filename,
            warc_offset=location.offset, warc_length=location.length, warc_record_id=location.record_id,
            request_record_id=request_record_id, payload_digest=location.payload_digest,
            block_digest=location.block_digest, ip_address=ip_address, etag=etag,
            last_modified=last_modified, location=redirect_to))
        if len(self._rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        with self.engine.begin() as conn:
            conn.execute(insert(Capture), self._rows)
        logger.debug("stored %d capture rows", len(self._rows))
        self._rows.clear()
