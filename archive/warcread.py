"""Reading archived responses back from WARC files, by offset or file by file, digests checked."""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)

# A payload is never inflated past this (the crawler's DOWNLOAD_MAXSIZE): an archived gzip bomb is
# kept compressed in the WARC file, and reading it back must not blow up reprocess or verify.
MAX_DECODED_SIZE = 50 * 1024 * 1024


@dataclass
class ArchivedRecord:
    url: str
    record_id: str
    record_type: str
    date: str
    offset: int
    status: int | None
    headers: list[tuple[str, str]]
    payload: bytes                       # as stored (Content-Encoding still applied)
    length: int | None                   # bytes the record takes in the file (gzip member included)
    digest_passed: bool | None           # None: the record carries no digest to check
    digest_problems: list[str] = field(default_factory=list)
    warc_headers: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def http_charset(self) -> str | None:
        for part in (self.header("Content-Type") or "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None

    @property
    def body(self) -> bytes:
        """The payload with its Content-Encoding undone (what the extractor reads)."""
        return decode_content(self.payload, self.header("Content-Encoding"))


def decode_content(payload: bytes, encoding: str | None, max_size: int = MAX_DECODED_SIZE) -> bytes:
    """The payload with its Content-Encoding undone; ValueError when it would inflate past `max_size`."""
    for coding in reversed([c.strip().lower() for c in (encoding or "").split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            payload = _inflate(payload, zlib.MAX_WBITS | 32, max_size)
        elif coding == "deflate":
            try:
                payload = _inflate(payload, zlib.MAX_WBITS, max_size)
            except zlib.error:  # raw deflate without the zlib wrapper, as some servers send
                payload = _inflate(payload, -zlib.MAX_WBITS, max_size)
        elif coding == "br":
            import brotli

            payload = brotli.Decompressor().process(payload, output_buffer_limit=max_size + 1)
            if len(payload) > max_size:
                raise ValueError(f"brotli payload inflates past {max_size} bytes")
        elif coding != "identity":
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
    return payload


def _inflate(payload: bytes, wbits: int, max_size: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(payload, max_size + 1)
    if len(out) > max_size:
        raise ValueError(f"payload inflates past {max_size} bytes (a compression bomb?)")
    if not inflater.eof and not out:
        raise zlib.error("incomplete or truncated stream")
    return out


def _to_archived(record, offset: int, length: int | None = None) -> ArchivedRecord:
    payload = record.raw_stream.read()  # reading through the stream completes the digest check
    http = record.http_headers
    status = None
    if http is not None and record.rec_type in ("response", "revisit"):
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    checker = record.digest_checker
    return ArchivedRecord(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
        record_type=record.rec_type, date=record.rec_headers.get_header("WARC-Date") or "", offset=offset,
        length=length, status=status, headers=list(http.headers) if http is not None else [], payload=payload,
        digest_passed=checker.passed, digest_problems=list(checker.problems),
        warc_headers=dict(record.rec_headers.headers))


def read_record_at(path: Path, offset: int) -> ArchivedRecord:
    with Path(path).open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh, check_digests=True)), None)
        if record is None:
            raise ArchiveLoadFailed(f"no record at {path}@{offset}")
        return _to_archived(record, offset)


def iter_records(path: Path) -> Iterator[ArchivedRecord]:
    """Every record of a WARC (or ARC) file; a damaged tail ends the iteration with a log line."""
    with Path(path).open("rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=True, arc2warc=True)
        try:
            for record in iterator:
                archived = _to_archived(record, 0)
                archived.offset, archived.length = iterator.get_record_offset(), iterator.get_record_length()
                yield archived
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            logger.error("%s: unreadable from offset %s on: %s", path, iterator.offset, exc)
            raise
