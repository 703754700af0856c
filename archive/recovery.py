"""Recovery after a killed run: close WARC files left open, cut off a torn last record, re-index.

A run killed mid-write leaves `<name>.warc.gz.open`. Every complete gzip member in it is a complete
record (each record is its own member), so the file is cut after the last complete member; the
torn tail is kept beside it as `<name>.warc.gz.torn` for inspection, never silently dropped.
Records whose capture row was lost with the process are indexed again.
"""
from __future__ import annotations

import logging
import os
import zlib
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select

from archive.digests import file_sha256
from archive.models import Capture, CrawlRun
from archive.warc import MANIFEST, OPEN_SUFFIX
from archive.warcread import ArchivedRecord, iter_records

logger = logging.getLogger(__name__)


def complete_length(path: Path) -> int:
    """Bytes from the start of the file to the end of its last complete gzip member."""
    good = pos = 0
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            data = chunk
            while data:
                try:
                    inflater.decompress(data)
                except zlib.error:
                    return good  # garbage after the last good member
                if inflater.eof:
                    pos += len(data) - len(inflater.unused_data)
                    good, data = pos, inflater.unused_data
                    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                else:
                    pos, data = pos + len(data), b""
    return good


def recover_open_files(warc_dir: Path, engine: Engine) -> list[Path]:
    """Close every `.open` WARC file in `warc_dir`; returns the recovered files."""
    recovered = []
    for open_path in sorted(warc_dir.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        final = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
        size, good = open_path.stat().st_size, complete_length(open_path)
        if good < size:
            with open_path.open("rb") as fh, open(final.with_name(final.name + ".torn"), "wb") as torn:
                fh.seek(good)
                torn.write(fh.read())
            os.truncate(open_path, good)
            logger.warning("%s: cut a torn last record (%d bytes kept in %s.torn)", open_path.name,
                           size - good, final.name)
        os.replace(open_path, final)
        with (warc_dir / MANIFEST).open("a", encoding="utf-8") as manifest:
            manifest.write(f"{file_sha256(final)}  {final.name}\n")
        added = reindex(final, engine)
        logger.warning("recovered %s left open by an interrupted run (%d capture rows re-indexed)",
                       final.name, added)
        recovered.append(final)
    return recovered


def reindex(path: Path, engine: Engine) -> int:
    """Add capture rows for the response and revisit records of `path` that have none, with the
    run its warcinfo names."""
    with engine.connect() as conn:
        known = set(conn.scalars(select(Capture.warc_record_id).where(Capture.warc_filename == path.name)))
        run_ids = set(conn.scalars(select(CrawlRun.id)))
    rows, run_id = [], None
    for r in iter_records(path):
        if r.record_type == "warcinfo" and run_id is None:
            run_id = warcinfo_run_id(r.payload)
            run_id = run_id if run_id in run_ids else None
        elif r.record_type in ("response", "revisit") and r.status is not None and r.record_id not in known:
            rows.append(capture_row(r, path.name, run_id))
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(Capture), rows)
    return len(rows)


def warcinfo_field(payload: bytes, name: str) -> str | None:
    """One `name: value` field of a warcinfo record's payload."""
    for line in payload.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def warcinfo_run_id(payload: bytes) -> int | None:
    """The crawl_runs id a warcinfo names (`article-archive-run-id`), if any."""
    value = warcinfo_field(payload, "article-archive-run-id")
    return int(value) if value and value.isdigit() else None


def capture_row(record: ArchivedRecord, filename: str, run_id: int | None = None, source_id: str | None = None) -> dict:
    """A capture row rebuilt from the record itself (the run and source from around it)."""
    h = record.warc_headers
    return dict(
        run_id=run_id, source_id=source_id, url=record.url, fetched_at=warc_time(record.date), status=record.status,
        content_type=record.header("Content-Type"), record_type=record.record_type, warc_filename=filename,
        warc_offset=record.offset, warc_length=record.length, warc_record_id=record.record_id,
        request_record_id=None, payload_digest=h.get("WARC-Payload-Digest"),
        block_digest=h.get("WARC-Block-Digest"), ip_address=h.get("WARC-IP-Address"),
        etag=record.header("ETag"), last_modified=record.header("Last-Modified"), location=record.header("Location"),
        refers_to=h.get("WARC-Refers-To"),
        refers_to_date=warc_time(h["WARC-Refers-To-Date"]) if h.get("WARC-Refers-To-Date") else None)


def warc_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
