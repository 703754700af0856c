"""reprocess turns other crawlers' WARC files (wget, warcio, pywb samples) into records, or says
clearly why a file gave none; nothing crashes."""
from __future__ import annotations

import pytest

from tests.conftest import SHARED, run_cli, shared_path

pytestmark = pytest.mark.slow

SAMPLES = sorted((SHARED / "corpus" / "warc-samples").glob("*/*.*arc*")) if SHARED.exists() else []


@pytest.mark.parametrize("name", [p.relative_to(SHARED).as_posix() for p in SAMPLES] or ["absent"])
def test_sample_gives_records_or_a_clear_report(name, tmp_path):
    path = shared_path(*name.split("/")) if name != "absent" else shared_path("corpus", "warc-samples")
    result = run_cli("--data-dir", str(tmp_path), "reprocess", "--warc", str(path))
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    records = list((tmp_path / "records").glob("*.txt"))
    if records:
        assert result.returncode == 0
        index = (tmp_path / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(index) == len(records)
        assert all(r.read_text(encoding="utf-8").strip() for r in records)
    else:
        assert result.returncode == 1
        assert f"problem: {path.name}" in result.stdout


def test_iana_sample_records_point_back_at_the_sample(tmp_path):
    path = shared_path("corpus", "warc-samples", "pywb", "iana.warc.gz")
    result = run_cli("--data-dir", str(tmp_path), "reprocess", "--warc", str(path))
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    import json

    entries = [json.loads(line) for line in (tmp_path / "records" / "index.jsonl").read_text().splitlines()]
    assert entries and all(c["warc_file"] == str(path.resolve()) for e in entries for c in e["captures"])
    verified = run_cli("--data-dir", str(tmp_path), "verify", "--all")
    assert verified.returncode == 0, verified.stdout[-2000:]  # digests and re-derived text of a foreign WARC
