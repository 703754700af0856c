"""`scrapy crawl articles -a sources=FILE` works from the checkout root, as Scrapy users expect."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import DemoSites
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("how", ["argument and setting", "argument alone"])
def test_scrapy_crawl_from_the_checkout_root(tmp_path, how):
    """`-a sources=FILE` alone works too: the loopback demo sites' `allow_private_addresses` reaches
    the DNS resolver, which Scrapy makes before the spider (it fetched nothing, and exited 0)."""
    data = tmp_path / "data"
    scrapy = Path(sys.executable).parent / "scrapy"
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        setting = ["-s", f"ARCHIVE_SOURCES={sources}"] if how == "argument and setting" else []
        result = subprocess.run([str(scrapy), "crawl", "articles", "-a", f"sources={sources}", *setting,
                                 "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
                                cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "ARTICLE_ARCHIVE_DATA_DIR": str(data)})
        distinct = sites.distinct_articles()
    assert result.returncode == 0, result.stderr[-3000:]
    assert list((data / "warc").glob("*.warc.gz")) and (data / "archive.db").exists()
    assert len(list((data / "records").glob("*.txt"))) == distinct
