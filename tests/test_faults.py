"""Bad input never stops the crawl: each fault is archived or logged, counted, and nothing crashes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo import content
from crawler.demo.faults import GBK_ARTICLE, FaultSite
from tests.conftest import captures, run_cli, versions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("faults")
    with FaultSite() as site:
        (data / "sources.toml").write_text(site.sources_toml(), encoding="utf-8")
        # a 0.5 s timeout (the /slow page must time out quickly) at the polite pace: without waits
        # between requests, the seconds the reactor spends on the gzip bomb fire the 0.5 s timeout
        # of every request waiting beside it
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(data / "sources.toml"),
                         "-s", "DOWNLOAD_TIMEOUT=0.5", "-s", "RETRY_TIMES=1", polite=True)
        base = site.base_url()
    return data, result, base


def test_the_crawl_finishes_and_reports(crawled):
    data, result, _ = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "responses archived" in result.stdout


def test_server_errors_are_archived_each_attempt(crawled):
    data, _, base = crawled
    seen = captures(data)
    assert seen[base + "/status/500"] == [500, 500]  # first try and one retry, both archived
    assert seen[base + "/status/429"] == [429, 429]
    assert seen[base + "/status/404"] == [404]


def test_timeout_is_logged_not_archived(crawled):
    data, result, base = crawled
    assert base + "/slow?seconds=1" not in captures(data)
    assert "fetch failed, nothing archived" in result.stderr and "slow?seconds=1" in result.stderr


def test_gbk_page_without_charset_is_decoded(crawled):
    data, _, base = crawled
    text = versions(data)[base + "/gbk-nocharset"]
    assert content.articles()[GBK_ARTICLE].paragraphs[0][:20] in text


def test_empty_and_binary_pages_are_archived_not_recorded(crawled):
    data, result, base = crawled
    seen, texts = captures(data), versions(data)
    assert seen[base + "/empty"] == [200] and seen[base + "/binary"] == [200]
    assert base + "/empty" not in texts and base + "/binary" not in texts
    assert "/empty: no article text on the page" in result.stderr
    assert "/binary: the bytes do not decode as text" in result.stderr


def test_truncated_body_is_archived_as_truncated(crawled):
    data, _, base = crawled
    truncated = []
    for path in (data / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_headers.get_header("WARC-Truncated"):
                    truncated.append((record.rec_headers.get_header("WARC-Target-URI"),
                                      record.rec_headers.get_header("WARC-Truncated")))
    # /reset (cut mid-body) and the limits' length/time truncations are the fault site's others
    assert (base + "/truncated", "disconnect") in truncated
    assert all(value in ("disconnect", "length", "time") for _, value in truncated)
    assert base + "/truncated" not in versions(data)


def test_redirect_loop_ends(crawled):
    data, _, base = crawled
    seen = captures(data)
    assert seen[base + "/redirect-loop"] == [302] and seen[base + "/redirect-loop/b"] == [302]


def test_warc_files_pass_warcio_check(crawled):
    data, _, _ = crawled
    files = sorted((data / "warc").glob("*.warc.gz"))
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_ordinary_articles_still_recorded(crawled):
    data, _, base = crawled
    texts = versions(data)
    assert base + "/article/1.html" in texts and base + "/article/2.html" in texts
