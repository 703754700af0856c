"""Capture rows: one per archived response record, written in batches after the WARC bytes."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select

from archive.models import Capture, DerivedRecord
from archive.warc import RecordLocation

logger = logging.getLogger(__name__)


class CaptureStore:
    """Buffers capture rows and inserts them in one statement per batch.

    Rows are only ever added after their WARC record has been flushed, so a row never points at
    bytes that are not on disk; rows lost in a crash are rebuilt from the WARC files on restart.
    """

    def __init__(self, engine: Engine, batch_size: int = 100) -> None:
        self.engine = engine  # the process's (archive.collection)
        self.batch_size = batch_size
        self._rows: list[dict] = []
        self._underivable: list[dict] = []  # DerivedRecord rows of captures with no text to derive

    def add(self, *, run_id: int | None, source_id: str | None, url: str, fetched_at: datetime, status: int,
            content_type: str | None, record_type: str, location: RecordLocation,
            request_record_id: str | None, ip_address: str | None, etag: str | None,
            last_modified: str | None, redirect_to: str | None, refers_to: str | None = None,
            refers_to_date: datetime | None = None, nothing_to_derive: bool = False) -> None:
        """`nothing_to_derive`: an index page, robots.txt, a requisite: the derived side has nothing to
        take from it, and the next run must not look for its text (crawler.replay.catch_up)."""
        if nothing_to_derive:
            self._underivable.append({"warc_record_id": location.record_id})
        self._rows.append(dict(
            run_id=run_id, source_id=source_id, url=url, fetched_at=fetched_at, status=status,
            content_type=content_type, record_type=record_type, warc_filename=location.filename,
            warc_offset=location.offset, warc_length=location.length, warc_record_id=location.record_id,
            request_record_id=request_record_id, payload_digest=location.payload_digest,
            block_digest=location.block_digest, ip_address=ip_address, etag=etag,
            last_modified=last_modified, location=redirect_to, refers_to=refers_to,
            refers_to_date=refers_to_date))
        if len(self._rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        with self.engine.begin() as conn:
            conn.execute(insert(Capture), self._rows)
            if self._underivable:
                conn.execute(insert(DerivedRecord), self._underivable)
        logger.debug("stored %d capture rows", len(self._rows))
        self._rows.clear()
        self._underivable.clear()


@dataclass(frozen=True)
class PriorCapture:
    """The last good capture of a URL: what a conditional request and a revisit record refer to."""

    url: str
    record_id: str          # the original response record (for a revisit row: the one it refers to)
    fetched_at: datetime    # that record's WARC-Date
    payload_digest: str
    etag: str | None
    last_modified: str | None


def latest_captures(engine: Engine) -> dict[str, PriorCapture]:
    """URL → its latest 200 capture, following revisit rows back to the response they refer to."""
    query = (select(Capture.url, Capture.record_type, Capture.warc_record_id, Capture.fetched_at,
                    Capture.payload_digest, Capture.etag, Capture.last_modified, Capture.refers_to,
                    Capture.refers_to_date)
             .where(Capture.status.in_((200, 304)), Capture.payload_digest.is_not(None))
             .order_by(Capture.fetched_at))
    latest: dict[str, PriorCapture] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            prev = latest.get(row.url)
            if row.record_type == "revisit":
                record_id, when = row.refers_to, row.refers_to_date
            else:
                record_id, when = row.warc_record_id, row.fetched_at
            if record_id is None or when is None:
                continue
            latest[row.url] = PriorCapture(row.url, record_id, when, row.payload_digest,
                                           row.etag or (prev.etag if prev else None),
                                           row.last_modified or (prev.last_modified if prev else None))
    return latest
