"""Atomic file writes: a reader never sees half a record or half an index."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same directory, fsync it, then rename over `path`."""
    with atomic_file(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def atomic_file(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Stream into a temporary file beside `path`; it replaces `path` only if the block succeeds.

    For outputs too large to hold in memory (indexes, packages): a reader sees the old file or the
    complete new one, never a partial one, and a failure leaves no temporary file behind.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        text = "b" not in mode
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": ""} if text else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
