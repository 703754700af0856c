"""Derived text written back into the archive as WARC `conversion` records.

Each new version's text goes into its own WARC files (prefix `<WARC_PREFIX>-derived`), never into
a capture file, with WARC-Refers-To naming the response record it was derived from and fields
naming the extractor, the software versions and the settings — so the WARC files alone carry the
provenance of every record.
"""
from __future__ import annotations

import json
from pathlib import Path

from archive.models import Version
from archive.warc import RotatingWarcWriter, warc_date

FIELD_PREFIX = "Article-Archive-"


class DerivedTextWriter:
    def __init__(self, warc_dir: Path, prefix: str, max_size: int, warcinfo: dict[str, str]) -> None:
        self.writer = RotatingWarcWriter(warc_dir, prefix=f"{prefix}-derived", max_size=max_size,
                                         warcinfo={**warcinfo, "description": "text derived from the response "
                                                   "records named by WARC-Refers-To"})

    def write(self, url: str, version: Version) -> None:
        text = ((version.title + "\n") if version.title else "") + version.text + "\n"
        fields = {
            "WARC-Date": warc_date(version.created_at),
            "WARC-Refers-To": version.warc_record_id,
            f"{FIELD_PREFIX}Text-Digest": version.text_digest,
            f"{FIELD_PREFIX}Extractor": version.extractor or "",
            f"{FIELD_PREFIX}Software": json.dumps(version.software, ensure_ascii=False, sort_keys=True),
            f"{FIELD_PREFIX}Settings": json.dumps(version.settings, ensure_ascii=False, sort_keys=True),
            f"{FIELD_PREFIX}Charset": json.dumps(version.charset, ensure_ascii=False, sort_keys=True),
        }
        record = self.writer.conversion_record(url, text.encode("utf-8"), "text/plain; charset=utf-8", fields)
        self.writer.write([record])

    def write_metadata(self, uri: str, payload: bytes, content_type: str) -> None:
        """A `metadata` record of something that shaped the texts after it (a learned site chrome list)."""
        self.writer.write([self.writer.metadata_record(uri, payload, content_type, {})])

    def close(self) -> None:
        self.writer.close()
