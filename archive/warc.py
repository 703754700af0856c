"""Writing WARC/1.1 files: one gzip member per record, size-based rotation, fixity on close.

A file is written as `<name>.warc.gz.open` and renamed to `<name>.warc.gz` when closed, at which
point its SHA-256 goes into `manifest-sha256.txt` (sha256sum format). A closed file is never
opened for writing again, so its fixity holds for as long as the collection exists.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import socket
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.digests import file_sha256

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
GZIP_LEVEL = 6
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
MANIFEST = "manifest-sha256.txt"
WARC_VERSION = "WARC/1.1"


@dataclass(frozen=True)
class RecordLocation:
    """Where one record landed, and its identity."""

    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    block_digest: str | None


def warc_date(moment: datetime) -> str:
    """WARC/1.1 allows sub-second precision; keep microseconds so captures sort exactly."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_digest(payload: bytes) -> str:
    """The WARC payload digest warcio would write: `sha1:<base32>`."""
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


class RotatingWarcWriter:
    """Appends records to the current WARC file and starts a new one past `max_size` bytes."""

    def __init__(self, directory: Path, *, prefix: str, max_size: int, warcinfo: dict[str, str],
                 hostname: str | None = None, preamble: list[tuple[str, bytes, str]] = ()) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.warcinfo = warcinfo
        self.hostname = hostname or socket.gethostname()
        # (uri, payload, content type) written as `metadata` records after each file's warcinfo:
        # the sources file travels with the bytes it shaped, so `reprocess` needs nothing else.
        self.preamble = list(preamble)
        self._builder = RecordBuilder(warc_version=WARC_VERSION)
        self._serial = 0
        self._fh = None       # unbuffered: each write() below is one system call
        self._size = 0
        self._name: str | None = None
        self.broken: str | None = None  # why writing stopped (disk full...): nothing more is written

    # -- file lifecycle -------------------------------------------------------------------------
    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self._name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}.warc.gz"
        self._serial += 1
        self._fh = open(self.directory / (self._name + OPEN_SUFFIX), "xb", buffering=0)
        self._size = 0
        info = self._builder.create_warcinfo_record(self._name, self.warcinfo)
        info_id = info.rec_headers.get_header("WARC-Record-ID")
        self._append([info, *(self.metadata_record(uri, payload, content_type, {"WARC-Warcinfo-ID": info_id})
                              for uri, payload, content_type in self.preamble)])
        logger.info("opened WARC file %s", self._name)

    def close(self) -> None:
        """Close the current file: fsync, rename to its final name, record its SHA-256.

        After a write failure the file is left `.open`: the next run's recovery checks it and
        indexes its records again, since their capture rows may not have been written either.
        """
        if self._fh is None:
            return
        if self.broken:
            self._fh.close()
            self._fh = self._name = None
            return
        os.fsync(self._fh.fileno())
        self._fh.close()
        open_path = self.directory / (self._name + OPEN_SUFFIX)
        final_path = self.directory / self._name
        os.replace(open_path, final_path)
        with (self.directory / MANIFEST).open("a", encoding="utf-8") as manifest:
            manifest.write(f"{file_sha256(final_path)}  {self._name}\n")
        logger.info("closed WARC file %s (%d bytes)", self._name, final_path.stat().st_size)
        self._fh = self._name = None

    # -- records --------------------------------------------------------------------------------
    def write(self, records: list) -> list[RecordLocation]:
        """Write records back to back in one file (a request and its response stay together)."""
        if self.broken:
            raise OSError(f"WARC writing stopped earlier: {self.broken}")
        if self._fh is None:
            self._open_next()
        locations = self._append(records)
        if self._size >= self.max_size:
            self.close()
        return locations

    def _append(self, records: list) -> list[RecordLocation]:
        """Build the gzip members in memory, then write them with one system call, so that a
        failure (disk full) can be undone: the file is cut back to where these records began."""
        buffer = BytesIO()
        plain = BytesIO()
        writer = WARCWriter(plain, gzip=False, warc_version=WARC_VERSION)
        locations = []
        for record in records:
            start = buffer.tell()
            plain.seek(0)
            plain.truncate()
            writer.write_record(record)
            # One gzip member per record, at level 6: warcio's own wrapper uses level 9, which costs
            # about twice the CPU for a few percent of size on HTML.
            member = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16)
            buffer.write(member.compress(plain.getbuffer()))
            buffer.write(member.flush())
            headers = record.rec_headers
            locations.append(RecordLocation(
                filename=self._name, offset=self._size + start, length=buffer.tell() - start,
                record_id=headers.get_header("WARC-Record-ID"),
                payload_digest=headers.get_header("WARC-Payload-Digest"),
                block_digest=headers.get_header("WARC-Block-Digest")))
        data = buffer.getbuffer()
        try:
            written = 0
            while written < len(data):
                written += self._fh.write(data[written:])
        except OSError as exc:
            self.broken = str(exc)
            try:
                os.ftruncate(self._fh.fileno(), self._size)
            except OSError:
                logger.error("%s: could not cut back a partly written record; recovery will", self._name)
            raise
        self._size += len(data)
        return locations

    def response_record(self, url: str, *, fetched_at: datetime, status_line: str,
                        headers: list[tuple[str, str]], body: bytes, ip_address: str | None,
                        digest: str | None = None, extra: dict[str, str] | None = None):
        http_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
        # A digest computed by the caller is passed in so warcio does not hash the payload twice.
        fields = {"WARC-Date": warc_date(fetched_at), "WARC-Payload-Digest": digest or payload_digest(body)}
        if ip_address:
            fields["WARC-IP-Address"] = ip_address
        fields.update(extra or {})
        return self._builder.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                                http_headers=http_headers, warc_headers_dict=fields)

    def revisit_record(self, url: str, *, fetched_at: datetime, status_line: str,
                       headers: list[tuple[str, str]], ip_address: str | None, not_modified: bool,
                       refers_to: str, refers_to_date: datetime, digest: str, extra: dict[str, str] | None = None):
        """A revisit: the server said 304, or sent the very payload already archived."""
        http_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
        fields = {"WARC-Date": warc_date(fetched_at), "WARC-Refers-To": refers_to}
        if ip_address:
            fields["WARC-IP-Address"] = ip_address
        fields.update(extra or {})
        record = self._builder.create_revisit_record(url, digest, url, warc_date(refers_to_date),
                                                     http_headers=http_headers, warc_headers_dict=fields)
        if not_modified:
            record.rec_headers.replace_header("WARC-Profile", PROFILE_NOT_MODIFIED)
        return record

    def request_record(self, url: str, *, fetched_at: datetime, request_line: str,
                       headers: list[tuple[str, str]], body: bytes, concurrent_to: str):
        http_headers = StatusAndHeaders(request_line, headers, is_http_request=True)
        fields = {"WARC-Date": warc_date(fetched_at), "WARC-Concurrent-To": concurrent_to}
        return self._builder.create_warc_record(url, "request", payload=BytesIO(body), length=len(body),
                                                http_headers=http_headers, warc_headers_dict=fields)

    def conversion_record(self, url: str, payload: bytes, content_type: str, fields: dict[str, str]):
        """Text derived from a response record (named by WARC-Refers-To in `fields`)."""
        return self._builder.create_warc_record(url, "conversion", payload=BytesIO(payload), length=len(payload),
                                                warc_content_type=content_type, warc_headers_dict=fields)

    def metadata_record(self, url: str, payload: bytes, content_type: str, fields: dict[str, str]):
        return self._builder.create_warc_record(url, "metadata", payload=BytesIO(payload), length=len(payload),
                                                warc_content_type=content_type, warc_headers_dict=fields)
