"""The mark a rebuild of the derived side (`reprocess`) leaves in a collection until it has finished.

`reprocess` empties the derived tables and fills them again from the WARC files; a process killed
half way leaves a database that holds part of the collection and looks whole. The mark is on disk
(and synced) before the first row goes and removed only after the records and index.jsonl are
written, so a half-rebuilt collection is never read as a whole one: the commands that read or extend
it refuse with one line naming the command that finishes the rebuild (running `reprocess` again,
which starts from the WARC files). Record files are only ever rewritten at the very end, so a
killed rebuild costs no record.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

from archive.fileio import sync_filesystem
from archive.errors import RebuildIncomplete

MARKER = ".reprocess-incomplete"



def mark(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / MARKER
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"reprocess started {datetime.datetime.now(datetime.UTC).isoformat()} by pid {os.getpid()}\n")
        fh.flush()
        os.fsync(fh.fileno())
    sync_filesystem(data_dir)


def unmark(data_dir: Path) -> None:
    (data_dir / MARKER).unlink(missing_ok=True)
    sync_filesystem(data_dir)


def check(data_dir: Path) -> None:
    if (data_dir / MARKER).exists():
        raise RebuildIncomplete(
            f"{data_dir} is half rebuilt: a reprocess started and did not finish (killed?); run "
            f"`article-archive --data-dir {data_dir} reprocess` to finish it")
