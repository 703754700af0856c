"""CDXJ indexes of WARC files, the form pywb and ReplayWeb.page look captures up in.

One line per response, revisit, resource and metadata record, sorted (byte order) so replay tools
can binary-search it:

    <SURT url key> <14-digit timestamp> {"url", "mime", "status", "digest", "length", "offset", "filename"}

`filename` is the WARC file's base name: a replay tool resolves it against its own archive folder.
The `metadata` record holding the sources file (urn:article-archive:sources) is indexed too, so a
replay tool can serve the configuration that shaped the crawl beside the pages it fetched.
The lines are written by webrecorder's cdxj-indexer, the indexer py-wacz uses for WACZ packages, so
our index is the one the replay tools would compute themselves.
"""
from __future__ import annotations

from pathlib import Path
from typing import TextIO

from archive.fileio import atomic_file

WARC_DIR = "warc"
# Named explicitly: py-wacz appends "warcinfo" to cdxj-indexer's class-level default on import.
INDEXED_RECORDS = "response,revisit,resource,metadata"


def collection_warc_files(data_dir: Path) -> list[Path]:
    """The collection's closed WARC files in name (= creation time) order; `.open` files are still
    being written, so they are never indexed or packaged."""
    return sorted((Path(data_dir) / WARC_DIR).glob("*.warc.gz"))


class _CountingWriter:
    """Counts the lines cdxj-indexer's sorting writer hands on (it drops exact duplicates)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def write_cdxj_to(warc_files: list[Path], out: TextIO) -> int:
    """Write the sorted CDXJ lines of `warc_files` to an open text stream; returns lines written."""
    from cdxj_indexer.main import CDXJIndexer

    counter = _CountingWriter(out)
    # sort=True sorts in memory and spills to merged temporary files past 32 MB, so the size of
    # the collection is bounded by disk, not memory.
    indexer = CDXJIndexer(counter, [str(p) for p in warc_files], sort=True, records=INDEXED_RECORDS)
    indexer.process_all()
    return counter.lines


def write_cdxj(warc_files: list[Path], out_path: Path) -> int:
    """Index `warc_files` into `out_path` (replaced atomically); returns the number of lines."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out_path, "w") as fh:
        return write_cdxj_to(list(warc_files), fh)
