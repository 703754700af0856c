"""robots.txt is obeyed by every request, also by those that arrive together for a host whose
robots.txt is still downloading (crawler/middlewares/robots.py: Scrapy 2.19's own middleware
lets all but the first of them through unchecked)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo import catalog
from crawler.demo.server import DemoSites
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

QIZHI = catalog.SITES["qizhi"]
# Start URLs are requested together, before any robots.txt is known: the first one waits for the
# download, the others wait behind it.
FORBIDDEN_STARTS = ("/private/index.html", "/search/index.html", "/private/index2.html", "/search/?q=党建")


@pytest.fixture(scope="module")
def demo():
    with DemoSites() as sites:
        yield sites


def _targets(data: Path) -> list[str]:
    urls = []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            urls += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                     if r.rec_type in ("request", "response")]
    return urls


def test_requests_waiting_together_for_robots_txt_are_all_checked(demo, tmp_path):
    spec = dataclasses.replace(QIZHI, start_paths=("/index.html", *FORBIDDEN_STARTS))
    sources = tmp_path / "sources.toml"
    sources.write_text(catalog.source_table(spec, demo.base_url("qizhi")), encoding="utf-8")
    result = run_cli("--data-dir", str(tmp_path), "crawl", "--sources", str(sources), "--archive-only",
                     "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
    assert result.returncode == 0, result.stderr[-3000:]
    targets = _targets(tmp_path)
    assert any(u.endswith("/robots.txt") for u in targets)
    assert any(u.endswith("/index.html") for u in targets)  # the allowed start URL was crawled
    leaked = [u for u in targets if u.split("/", 3)[3].startswith(("private/", "search/"))]
    assert leaked == []
    base = demo.base_url("qizhi")
    refused = [line for line in result.stderr.splitlines() if "Forbidden by robots.txt" in line]
    for path in FORBIDDEN_STARTS[:3]:  # each one said in the log
        assert any(f"not fetched: {base}{path} " in line for line in refused), (path, refused)
