"""Proof of a capture: its exact WARC records (as a small .warc.gz) and its payload as the site
served it. The verify check itself is crawler.proof.verify_checks, the one `verify ID` runs."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from archive.errors import NotFound
from archive.models import Capture
from archive.warcread import ArchivedRecord, decode_content, read_record_at

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# how far past a response its request record is looked for (the crawler writes it right after)
REQUEST_LOOKAHEAD = 4


def record_id_of(uuid: str) -> str:
    """`<urn:uuid:…>` from the bare UUID a path carries; NotFound for anything else."""
    if not UUID.fullmatch(uuid):
        raise NotFound(f"{uuid[:80]!r} is not a WARC record id (a UUID)")
    return f"<urn:uuid:{uuid.lower()}>"


def uuid_of(record_id: str | None) -> str | None:
    """The bare UUID of `<urn:uuid:…>` (what capture links carry), or None."""
    found = UUID.search(record_id or "")
    return found.group(0).lower() if found else None


def find_capture(session: Session, uuid: str) -> Capture:
    record_id = record_id_of(uuid)
    capture = session.scalars(select(Capture).where(Capture.warc_record_id.in_(
        [record_id, record_id.upper().replace("<URN:UUID:", "<urn:uuid:")]))).first()
    if capture is None:
        raise NotFound(f"no capture with WARC record {record_id}")
    return capture


def warc_path(data_dir: Path, capture: Capture) -> Path:
    name = capture.warc_filename
    if "/" in name or "\\" in name or name.startswith("."):  # a database row is hostile input too
        raise NotFound(f"capture {capture.warc_record_id} names an odd WARC file {name!r}")
    path = data_dir / "warc" / name
    if not path.is_file():
        raise NotFound(f"WARC file {name} of capture {capture.warc_record_id} is missing")
    return path


@dataclass
class Segment:
    offset: int
    length: int
    record_id: str
    record_type: str


def capture_segments(data_dir: Path, capture: Capture) -> tuple[Path, list[Segment]]:
    """The capture's response (or revisit) record, and its request record when it is found within a
    few records after it: where each lies in the WARC file. Each record of a .warc.gz is its own
    gzip member, so these byte ranges, concatenated, are a valid .warc.gz."""
    path = warc_path(data_dir, capture)
    segments = [Segment(capture.warc_offset, capture.warc_length, capture.warc_record_id, capture.record_type)]
    if capture.request_record_id:
        with path.open("rb") as fh:
            fh.seek(capture.warc_offset)
            iterator = ArchiveIterator(fh)
            try:
                for i, record in enumerate(iterator):
                    if i > REQUEST_LOOKAHEAD:
                        break
                    record.raw_stream.read()
                    if record.rec_headers.get_header("WARC-Record-ID") == capture.request_record_id:
                        offset = iterator.get_record_offset()  # absolute: the iterator tells the file
                        segments.append(Segment(offset, iterator.get_record_length(),
                                                capture.request_record_id, "request"))
                        break
            except Exception:  # a damaged tail after the response: the response alone is still proof
                pass
    segments.sort(key=lambda s: s.offset)
    return path, segments


def capture_warc_bytes(data_dir: Path, capture: Capture) -> bytes:
    path, segments = capture_segments(data_dir, capture)
    out = bytearray()
    with path.open("rb") as fh:
        for segment in segments:
            fh.seek(segment.offset)
            out += fh.read(segment.length)
    return bytes(out)


def archived_response(session: Session, data_dir: Path, capture: Capture) -> ArchivedRecord:
    """The response record whose payload the capture holds: a revisit's original when it has one."""
    if capture.record_type == "revisit" and capture.refers_to:
        original = session.scalars(select(Capture).where(Capture.warc_record_id == capture.refers_to)).first()
        if original is not None:
            capture = original
    return read_record_at(warc_path(data_dir, capture), capture.warc_offset)


def raw_payload(record: ArchivedRecord) -> bytes:
    """The HTTP payload as the site meant it: transfer coding and content coding undone."""
    payload = record.payload
    if "chunked" in (record.header("Transfer-Encoding") or "").lower():
        payload = _dechunk(payload)
    return decode_content(payload, record.header("Content-Encoding"))


def _dechunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            break
        try:
            size = int(data[pos:end].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return data  # not chunked after all: as stored
        if size == 0:
            break
        out += data[end + 2:end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)
