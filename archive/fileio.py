"""Atomic file writes: a reader never sees half a record or half an index."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask() -> int:
    # os.umask can only be read by setting it; set it straight back (at import, before any thread)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates its files 0600 whatever the umask; a record, the index, a CDXJ or a WACZ must be
# readable as any other file the user writes (a replay service, a colleague): 0666 less the umask.
_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: str | bytes, *, sync: bool = True) -> None:
    """Write to a temporary file in the same directory, fsync it, then rename over `path`.
    `sync=False` leaves the fsync to the caller (sync_filesystem once after many files)."""
    with atomic_file(path, "wb", sync=sync) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def sync_filesystem(path: Path) -> None:
    """Flush every file written on `path`'s file system to disk: one syncfs(2) instead of one
    fsync per file when thousands were written (each fsync waits for its own journal commit).
    Where syncfs is not available, sync(2)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if _syncfs is None or _syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def _load_syncfs():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # not Linux/glibc
        return None


_syncfs = _load_syncfs()


@contextmanager
def atomic_file(path: Path, mode: str = "wb", *, sync: bool = True) -> Iterator[IO]:
    """Stream into a temporary file beside `path`; it replaces `path` only if the block succeeds.

    For outputs too large to hold in memory (indexes, packages): a reader sees the old file or the
    complete new one, never a partial one, and a failure leaves no temporary file behind.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        text = "b" not in mode
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": ""} if text else {})) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
