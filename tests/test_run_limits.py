"""A scheduled run always ends: --max-pages and --max-duration stop it, as a normal end."""
from __future__ import annotations

import json

import pytest

from crawler.demo.server import DemoSites
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def test_max_pages_ends_the_run_normally(tmp_path):
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        result = run_cli("--data-dir", str(tmp_path / "d"), "crawl", "--sources", str(sources),
                         "--max-pages", "30", "--json")
        total = sum(len(urls) for urls in sites.article_urls().values())
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["status"] == "closespider_pagecount"
    # at most 30 requests were sent (Scrapy's own page count let the ones in flight finish: 181 for 150)
    assert summary["fetched"] == 30 and summary["pages"] < total  # stopped early, what it had is kept
    assert summary["records_written"] == summary["articles"] > 0


def test_max_pages_summary_says_why_it_stopped(tmp_path):
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        result = run_cli("--data-dir", str(tmp_path / "d"), "crawl", "--sources", str(sources), "--max-pages", "25")
    assert result.returncode == 0, result.stderr[-2000:]
    first = result.stdout.splitlines()[0]
    assert "closespider_pagecount (stopped at --max-pages): 25 responses archived" in first, first
