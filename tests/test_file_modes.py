"""Files the archive writes for people and other tools follow the umask like any other file: a
replay service or a colleague must be able to read records, index.jsonl, CDXJ and WACZ files."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_atomic_files_follow_the_umask(tmp_path: Path):
    code = ("import os, sys; from pathlib import Path; from archive.fileio import write_atomic; "
            "write_atomic(Path(sys.argv[1]), 'x')")
    root = Path(__file__).resolve().parents[1]
    for umask, expected in ((0o022, 0o644), (0o027, 0o640), (0o077, 0o600)):
        target = tmp_path / f"record-{umask:o}.txt"
        subprocess.run([sys.executable, "-c", f"import os; os.umask({umask}); " + code, str(target)],
                       check=True, cwd=root)
        assert target.stat().st_mode & 0o777 == expected, (oct(umask), oct(target.stat().st_mode))

