"""Limits (crawler/middlewares/limits.py and the spider): what one response or one page may cost.

Real crawls of the fault site with small limits (DOWNLOAD_MAXSIZE of 1 MiB instead of 50 MiB,
a 3 s body deadline (long enough for a 3 MB page on a busy machine, so that
the size limit, not the clock, cuts it), 64 KiB of headers, 40 links a page, depth 3, 3 redirects): every limit
hit is archived (marked truncated) or logged, counted in the crawl_runs row, and the crawl goes on.
"""
from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.faults import FaultSite, gzip_bomb, huge_blocks
from crawler.middlewares.limits import truncation_reason
from crawler.url_identity import strip_session_ids
from tests.conftest import captures, run_cli, run_measured, versions

pytestmark = pytest.mark.slow

MIB = 1 << 20
LIMITED = ("-s", f"DOWNLOAD_MAXSIZE={MIB}", "-s", "DOWNLOAD_WARNSIZE=0", "-s", "DOWNLOAD_TIMEOUT=8",
           "-s", "ARCHIVE_MAX_BODY_SECONDS=3", "-s", "ARCHIVE_MAX_HEADER_BYTES=65536",
           "-s", "ARCHIVE_MAX_LINKS_PER_PAGE=40", "-s", "DEPTH_LIMIT=3", "-s", "REDIRECT_MAX_TIMES=3",
           "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
# Start pages besides the index (start pages are index pages: Scrapy follows their redirects).
STARTS = ("/", "/links?n=300", "/big-headers?kb=100", "/big-headers?kb=32", "/big-headers?kb=0&line=40",
          "/big-headers?kb=0&line=100", "/redirect-chain/1", "/huge?mb=3")


def sources_starting_at(site: FaultSite, paths) -> str:
    starts = json.dumps([site.url(p) for p in paths])
    return re.sub(r"^start_urls = .*$", f"start_urls = {starts}", site.sources_toml(), count=1, flags=re.M)


@dataclass
class Crawl:
    data: Path
    result: subprocess.CompletedProcess
    base: str
    hits: dict[str, int]


@pytest.fixture(scope="module")
def limited(tmp_path_factory) -> Crawl:
    data = tmp_path_factory.mktemp("limits")
    with FaultSite() as site:
        sources = data / "sources.toml"
        sources.write_text(sources_starting_at(site, STARTS), encoding="utf-8")
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--json", *LIMITED)
        return Crawl(data, result, site.base_url(), dict(site.hits))


def run_stats(data: Path) -> dict:
    with sqlite3.connect(data / "archive.db") as db:
        (stats,) = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(stats)


def responses(data: Path) -> dict[str, list[tuple[str | None, dict[str, str], bytes]]]:
    """(WARC-Truncated, HTTP headers, payload as stored) of every response record, by URL."""
    out: dict[str, list] = {}
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    out.setdefault(record.rec_headers.get_header("WARC-Target-URI"), []).append(
                        (record.rec_headers.get_header("WARC-Truncated"),
                         {k.lower(): v for k, v in record.http_headers.headers}, record.raw_stream.read()))
    return out


def test_the_limited_crawl_finishes(limited):
    assert limited.result.returncode == 0, limited.result.stderr[-3000:]
    assert "Traceback" not in limited.result.stderr
    assert json.loads(limited.result.stdout.strip().splitlines()[-1])["status"] == "finished"
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check",
                            *map(str, sorted((limited.data / "warc").glob("*.warc.gz")))],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


# -- response size ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, mb", [("/huge?mb=2", 2), ("/huge?mb=2&chunked=1", 2), ("/huge?mb=3", 3)])
def test_oversized_body_is_archived_truncated_by_length(limited, path, mb):
    """Scrapy alone cancels the download (declared length: before the first byte) and keeps nothing;
    here the first DOWNLOAD_MAXSIZE bytes (and the chunk that crossed it) are archived."""
    [(truncated, headers, payload)] = responses(limited.data)[limited.base + path]
    head, block, tail, count = huge_blocks(mb)
    assert truncated == "length"
    assert MIB < len(payload) < MIB + 256 * 1024
    assert (head + block * count + tail).startswith(payload)
    assert limited.base + path not in versions(limited.data)           # part of a page is no version
    assert f"stopped {limited.base}{path} after" in limited.result.stderr
    assert limited.hits[path] == 1                                      # stopped, not retried


def test_gzip_bomb_is_refused_at_the_decompressed_limit(limited):
    [(truncated, headers, payload)] = responses(limited.data)[limited.base + "/bomb"]
    assert payload == gzip_bomb(512) and truncated is None             # the compressed bytes, as sent
    assert headers["content-encoding"] == "gzip"
    assert re.search(r"Ignored response <200 \S+/bomb> because its body \(531569 B compressed, \d+ B "
                     r"decompressed so far\) exceeded DOWNLOAD_MAXSIZE \(1048576 B\)", limited.result.stderr)
    assert limited.base + "/bomb" not in versions(limited.data)


def test_gzip_bomb_does_not_exhaust_memory(tmp_path):
    """4 GiB inflated from 4 MiB: the crawl refuses it having inflated at most DOWNLOAD_MAXSIZE
    (the default 50 MiB here), so the crawler's peak memory stays far below the bomb."""
    gzip_bomb(4096)  # build it before the crawl asks (the site runs in this process)
    with FaultSite() as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_starting_at(site, ["/bomb?mb=4096"]), encoding="utf-8")
        result, peak_mb = run_measured(["--data-dir", str(tmp_path / "data"), "crawl", "--sources", str(sources),
                                        "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0"])
        bomb_url = site.url("/bomb?mb=4096")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "exceeded DOWNLOAD_MAXSIZE (52428800 B) during decompression" in result.stderr
    assert peak_mb < 600, f"the crawl peaked at {peak_mb:.0f} MB"
    assert run_stats(tmp_path / "data")["limits/decompressed_too_large"] == 1
    [(_, _, payload)] = responses(tmp_path / "data")[bomb_url]
    assert payload == gzip_bomb(4096)


# -- body time ----------------------------------------------------------------------------------------

def test_dripping_body_is_archived_truncated_by_time(limited):
    [(truncated, _, payload)] = responses(limited.data)[limited.base + "/drip"]
    assert truncated == "time" and 1 <= len(payload) <= 5  # a byte a second for 3 s, then the cut
    assert "still arriving after 3 s (ARCHIVE_MAX_BODY_SECONDS)" in limited.result.stderr


# -- header size --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/big-headers?kb=100", "/big-headers?kb=0&line=100", "/big-headers?kb=1024"])
def test_oversized_headers_are_refused(limited, path):
    assert limited.base + path not in captures(limited.data)
    assert limited.hits[path] == 1                                      # refused, not retried
    assert f"refused {limited.base}{path}: its response headers exceed 65536 bytes" in limited.result.stderr


@pytest.mark.parametrize("path, name, count", [("/big-headers?kb=32", "x-filler-000031", 32),
                                               ("/big-headers?kb=0&line=40", "x-long", 1)])
def test_headers_within_the_limit_are_archived(limited, path, name, count):
    """Twisted alone drops any header line over 16 KiB; up to the limit they are archived."""
    [(truncated, headers, _)] = responses(limited.data)[limited.base + path]
    assert truncated is None and name in headers


def test_limit_hits_are_counted_in_the_run_row(limited):
    stats = run_stats(limited.data)
    assert stats["limits/truncated_length"] == 3
    assert stats["limits/truncated_time"] == 1
    assert stats["limits/headers_too_large"] == 3
    assert stats["limits/decompressed_too_large"] == 1
    assert stats["limits/links_capped"] == 1
    assert stats["depth/request_ignored_count"] >= 1


# -- links, depth, redirects, session ids -----------------------------------------------------------

def test_links_per_page_are_capped(limited):
    items = [path for path in limited.hits if path.startswith("/item/")]
    assert 30 <= len(items) <= 40, len(items)                         # 40 hrefs read; "/" is one of them
    assert re.search(r"/links\?n=300 has 301 links: only the first 40 are read", limited.result.stderr)


def test_calendar_trap_stops_at_depth_limit(limited):
    months = [path for path in limited.hits if path.startswith("/calendar/")]
    assert 1 <= len(months) <= 3
    assert "DEPTH_LIMIT 3" in limited.result.stderr


def test_redirect_chain_stops_at_redirect_max_times(limited):
    seen = captures(limited.data)
    chain = [f"{limited.base}/redirect-chain/{n}" for n in range(1, 5)]
    assert all(seen.get(url) == [302] for url in chain), {u: seen.get(u) for u in chain}
    assert limited.base + "/redirect-chain/5" not in seen
    assert f"not fetched: {limited.base}/redirect-chain/4 (max redirections reached)" in limited.result.stderr


def test_session_id_trap_is_one_url(limited):
    assert {p: n for p, n in limited.hits.items() if p.startswith("/list")} == {"/list": 1}


# -- units ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("http://a.cn/list?sid=c5fea21ca353d4333beb26cbf25451a8", "http://a.cn/list"),
    ("http://a.cn/list?page=2&sid=c5fea21ca353d4333beb26cbf25451a8", "http://a.cn/list?page=2"),
    ("http://a.cn/list?sid=3", "http://a.cn/list?sid=3"),                       # a section id, kept
    ("http://a.cn/a.jsp;jsessionid=0A1B2C3D4E5F?id=7", "http://a.cn/a.jsp?id=7"),
    ("http://a.cn/a.php?PHPSESSID=abc&id=7", "http://a.cn/a.php?id=7"),
    ("http://a.cn/a.asp?ASPSESSIONIDQQ=XYZ&x=1", "http://a.cn/a.asp?x=1"),
    ("http://a.cn/n1/2020/1101/c433287-31913562.html", "http://a.cn/n1/2020/1101/c433287-31913562.html"),
    ("http://a.cn/s?q=%E5%85%9A%E5%BB%BA", "http://a.cn/s?q=%E5%85%9A%E5%BB%BA"),
])
def test_strip_session_ids(url, expected):
    assert strip_session_ids(url) == expected


@pytest.mark.parametrize("flags, reason", [([], None), (["dataloss"], "disconnect"),
                                           (["download_stopped", "truncated:length"], "length"),
                                           (["download_stopped", "truncated:time"], "time"),
                                           (["partial"], None), (["download_stopped"], None)])
def test_truncation_reason(flags, reason):
    assert truncation_reason(HtmlResponse("http://a.cn/", body=b"x", flags=flags)) == reason


def test_undecodable_content_encoding_is_a_clean_refusal():
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.limits import DecompressionLimitMiddleware

    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": MIB})
    crawler.stats.open_spider()
    middleware = DecompressionLimitMiddleware.from_crawler(crawler)
    request = Request("http://a.cn/p.html")
    broken = Response(request.url, body=b"\x1f\x8b\x08\x00 not gzip at all",
                      headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}, request=request)
    with pytest.raises(IgnoreRequest, match="undecodable Content-Encoding gzip"):
        middleware.process_response(request, broken)
    bomb = Response(request.url, body=gzip_bomb(8), headers={"Content-Encoding": "gzip"}, request=request)
    with pytest.raises(IgnoreRequest, match="exceeded DOWNLOAD_MAXSIZE"):
        middleware.process_response(request, bomb)
    fine = Response(request.url, body=gzip.compress(b"<p>x</p>"), headers={"Content-Encoding": "gzip"}, request=request)
    assert middleware.process_response(request, fine).body == b"<p>x</p>"
    assert crawler.stats.get_value("limits/undecodable_content_encoding") == 1
    assert crawler.stats.get_value("limits/decompressed_too_large") == 1
