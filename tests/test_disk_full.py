"""A full disk stops the crawl with a clear error and a non-zero exit, and leaves nothing that a
later run misreads: once there is room again, the next run recovers and the collection verifies."""
from __future__ import annotations

import subprocess

import pytest

from crawler.demo.server import DemoSites
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {made.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=False)


def test_disk_full_stops_cleanly_and_next_run_recovers(small_disk):
    data = small_disk / "data"
    with DemoSites() as sites:
        sources = small_disk.parent / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        full = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
        assert full.returncode != 0
        assert "No space left on device" in full.stderr or "database or disk is full" in full.stderr
        assert "stopping the crawl" in full.stderr and "Traceback" not in full.stderr

        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
        again = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
        assert again.returncode == 0, again.stderr[-3000:]
        assert "recovered" in again.stderr  # the file the full disk left open was checked and closed
        distinct = sites.distinct_articles()
    assert not list((data / "warc").glob("*.open"))
    verified = run_cli("--data-dir", str(data), "verify", "--all")
    assert verified.returncode == 0, verified.stdout[-3000:]
    records = sorted(p.name for p in (data / "records").glob("*.txt"))
    assert len(records) == distinct, (records, (data / "records" / "index.jsonl").read_text()[:3000])
