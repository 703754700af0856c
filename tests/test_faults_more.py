"""More faults and hostile input, crawled for real: each is archived (whole, or marked truncated) or
refused with a log line, counted in the run's crawl_runs row, and never stops the crawl.

One crawl of the fault site (every route linked from its index) with a second fault site as the
target of the off-site redirect; the tests read the WARC files, the database and the log back.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo import content
from crawler.demo.faults import (
    ENTITIES_ARTICLE,
    NESTED_ARTICLE,
    RESET_ARTICLE,
    UNKNOWN_CHARSET_ARTICLE,
    FaultSite,
    article_page,
    drip_page,
    entities_page,
    gzip_bomb,
    huge_blocks,
    nested_page,
    tiny_pdf,
)
from tests.conftest import captures, run_cli, run_measured, versions

pytestmark = pytest.mark.slow

DEPTH_LIMIT = 6
ESCAPE = Path("/tmp/article-archive-escape")   # what the hostile title would name, were it a path
SETTINGS = ("-s", "DOWNLOAD_TIMEOUT=10", "-s", "ARCHIVE_MAX_BODY_SECONDS=4", "-s", "RETRY_TIMES=1",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"DEPTH_LIMIT={DEPTH_LIMIT}")


@dataclass
class Crawl:
    data: Path
    result: subprocess.CompletedProcess
    base: str
    hits: dict[str, int]
    offsite_hits: dict[str, int]
    offsite_url: str

    @property
    def summary(self) -> dict:
        return json.loads(self.result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Crawl:
    data = tmp_path_factory.mktemp("faults-more")
    escaped_before = ESCAPE.exists()
    with FaultSite() as offsite, FaultSite(offsite=offsite.url("/article/1.html")) as site:
        sources = data / "sources.toml"
        sources.write_text(site.sources_toml(), encoding="utf-8")
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--json", *SETTINGS)
        crawl = Crawl(data, result, site.base_url(), dict(site.hits), dict(offsite.hits),
                      offsite.url("/article/1.html"))
    assert escaped_before or not ESCAPE.exists(), "a page title became a file path"
    return crawl


# -- reading the collection back --------------------------------------------------------------------

def run_stats(data: Path) -> dict:
    with sqlite3.connect(data / "archive.db") as db:
        (stats,) = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(stats)


@dataclass
class Record:
    uri: str
    truncated: str | None
    status: str
    headers: dict[str, str]
    payload: bytes   # as stored: Content-Encoding still applied


def responses(data: Path) -> dict[str, list[Record]]:
    """Response records by target URI, payloads as stored (a gzip bomb stays compressed)."""
    out: dict[str, list[Record]] = {}
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                out.setdefault(uri, []).append(Record(
                    uri, record.rec_headers.get_header("WARC-Truncated"), record.http_headers.get_statuscode(),
                    {k.lower(): v for k, v in record.http_headers.headers}, record.raw_stream.read()))
    return out


def only(records: dict[str, list[Record]], url: str) -> Record:
    assert len(records.get(url, [])) == 1, (url, [r.status for r in records.get(url, [])])
    return records[url][0]


# -- the run ----------------------------------------------------------------------------------------

def test_the_crawl_finishes_and_reports(crawled):
    assert crawled.result.returncode == 0, crawled.result.stderr[-3000:]
    assert "Traceback" not in crawled.result.stderr
    summary = crawled.summary
    assert summary["status"] == "finished"
    assert summary["fetched"] >= 30 and summary["errors"] >= 1   # give-ups (429, 503...) are counted


def test_every_fault_is_counted_in_the_run_row(crawled):
    stats = run_stats(crawled.data)
    assert stats["archive/truncated"] >= 3                  # /truncated, /reset (disconnect), /drip (time)
    assert stats["limits/truncated_time"] == 1
    assert stats["text/skipped_truncated"] >= 3
    assert stats["limits/decompressed_too_large"] == 1      # /bomb
    assert stats["limits/headers_too_large"] == 1           # /big-headers
    assert stats["scope/redirect_refused"] == 1             # /redirect-offsite/2 -> another host
    assert stats["depth/request_ignored_count"] >= 1        # /calendar
    assert stats["limits/session_id_duplicates"] >= 1       # /list?sid=
    assert stats.get("spider/fetch_gave_up", 0) == 0        # nothing here ends in a bare failure


def test_warc_files_pass_warcio_check(crawled):
    files = sorted((crawled.data / "warc").glob("*.warc.gz"))
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


# -- each fault --------------------------------------------------------------------------------------

def test_drip_is_archived_truncated_by_time(crawled):
    record = only(responses(crawled.data), crawled.base + "/drip")
    assert record.truncated == "time" and record.status == "200"
    assert record.payload and drip_page().startswith(record.payload) and record.payload != drip_page()
    assert crawled.base + "/drip" not in versions(crawled.data)       # part of a page is no version
    assert crawled.hits["/drip"] == 1                                  # stopped, so not retried
    assert re.search(r"stopped \S+/drip after \d+ bytes: still arriving after 4 s", crawled.result.stderr)


def test_reset_mid_body_is_archived_as_disconnect(crawled):
    record = only(responses(crawled.data), crawled.base + "/reset")
    page = article_page(RESET_ARTICLE, charset_meta='<meta charset="utf-8">').encode("utf-8")
    assert record.truncated == "disconnect"
    assert record.payload == page[: len(page) // 2]
    assert crawled.base + "/reset" not in versions(crawled.data)


def test_redirect_chain_into_another_host_is_not_followed(crawled):
    seen = captures(crawled.data)
    assert seen[crawled.base + "/redirect-offsite"] == [302]
    assert seen[crawled.base + "/redirect-offsite/2"] == [302]
    assert crawled.offsite_hits == {}, "the other host was contacted"
    assert (f"redirect out of scope, not followed: {crawled.base}/redirect-offsite/2 -> {crawled.offsite_url}"
            in crawled.result.stderr)


def test_calendar_trap_ends_at_the_depth_limit(crawled):
    months = [url for url in captures(crawled.data) if "/calendar/" in url]
    assert 3 <= len(months) <= DEPTH_LIMIT
    assert "depth limit reached on" in crawled.result.stderr and "(a crawler trap?)" in crawled.result.stderr


def test_session_id_trap_is_one_url(crawled):
    fetched = {path: n for path, n in crawled.hits.items() if path.startswith("/list")}
    assert fetched == {"/list": 1}, fetched


def test_huge_page_within_the_limit_is_archived_whole(crawled):
    head, block, tail, count = huge_blocks(2)
    whole = head + block * count + tail
    records = responses(crawled.data)
    for url in (crawled.base + "/huge?mb=2", crawled.base + "/huge?mb=2&chunked=1"):
        record = only(records, url)
        assert record.truncated is None and record.payload == whole, url
    # Twisted keeps Transfer-Encoding (a connection header) from Scrapy: the de-chunked body is stored
    # with no header claiming chunked framing, and no Content-Length either.
    chunked = only(records, crawled.base + "/huge?mb=2&chunked=1")
    assert "transfer-encoding" not in chunked.headers and "content-length" not in chunked.headers


def test_gzip_bomb_is_archived_compressed_then_refused(crawled):
    record = only(responses(crawled.data), crawled.base + "/bomb")
    assert record.payload == gzip_bomb(512)            # as sent: ~0.5 MB, never inflated to disk
    assert record.headers["content-encoding"] == "gzip" and record.truncated is None
    assert "exceeded DOWNLOAD_MAXSIZE (52428800 B) during decompression" in crawled.result.stderr
    assert crawled.base + "/bomb" not in versions(crawled.data)


def test_pdf_is_archived_not_recorded(crawled):
    record = only(responses(crawled.data), crawled.base + "/doc.pdf")
    assert record.payload == tiny_pdf() and record.headers["content-type"] == "application/pdf"
    assert record.payload.startswith(b"%PDF-1.4") and record.payload.rstrip().endswith(b"%%EOF")
    assert crawled.base + "/doc.pdf" not in versions(crawled.data)
    assert "/doc.pdf: no text extracted" in crawled.result.stderr


def test_deeply_nested_html_is_archived_and_survived(crawled):
    record = only(responses(crawled.data), crawled.base + "/nested")
    assert record.payload == nested_page()
    text = versions(crawled.data).get(crawled.base + "/nested")
    if text is None:  # libxml2 stops building the tree at depth 256: the article is past it
        assert "/nested: no article text on the page" in crawled.result.stderr
    else:
        assert content.articles()[NESTED_ARTICLE].paragraphs[0][:20] in text


def test_unknown_charset_is_decoded_by_detection(crawled):
    record = only(responses(crawled.data), crawled.base + "/unknown-charset")
    assert record.headers["content-type"] == "text/html; charset=x-unknown-cp"
    text = versions(crawled.data)[crawled.base + "/unknown-charset"]
    assert content.articles()[UNKNOWN_CHARSET_ARTICLE].paragraphs[0][:20] in text


def test_entities_are_not_expanded_and_nothing_is_fetched_for_them(crawled):
    text = versions(crawled.data)[crawled.base + "/entities"]
    assert content.articles()[ENTITIES_ARTICLE].paragraphs[0][:20] in text
    assert "root:" not in text and "lollollol" not in text and len(text) < 5000
    assert not any(path.startswith("/xxe-probe") for path in crawled.hits)
    assert not any(path.startswith(("file:", "/etc/")) for path in crawled.hits)


def test_nothing_from_a_page_becomes_a_file_path(crawled):
    allowed = re.compile(r"(archive\.db(-wal|-shm|-journal)?|\.lock|sources\.toml|"
                         r"warc/[A-Za-z0-9._-]+\.warc\.gz|warc/manifest-sha256\.txt|"
                         r"records/\d{3,}_[0-9a-f]{16}\.txt|records/index\.jsonl)")
    names = [p.relative_to(crawled.data).as_posix() for p in crawled.data.rglob("*") if p.is_file()]
    assert names and all(allowed.fullmatch(n) for n in names), [n for n in names if not allowed.fullmatch(n)]
    index = [json.loads(line) for line in (crawled.data / "records" / "index.jsonl").read_text().splitlines()]
    hostile = next(e for e in index if e["canonical_url"].endswith("/entities"))
    assert re.fullmatch(r"\d{3,}_[0-9a-f]{16}\.txt", hostile["file"])       # named from seq and URL hash
    assert hostile["title"].startswith("../")                             # the title kept, as text only


def test_oversized_headers_are_refused_once_not_retried(crawled):
    assert crawled.hits["/big-headers?kb=1024"] == 1
    assert crawled.base + "/big-headers?kb=1024" not in captures(crawled.data)
    assert "its response headers exceed 262144 bytes (ARCHIVE_MAX_HEADER_BYTES); nothing archived" \
        in crawled.result.stderr


def test_the_first_faults_still_behave(crawled):
    seen = captures(crawled.data)
    assert seen[crawled.base + "/status/500"] == [500, 500]
    assert only(responses(crawled.data), crawled.base + "/truncated").truncated == "disconnect"
    texts = versions(crawled.data)
    assert crawled.base + "/article/1.html" in texts and crawled.base + "/gbk-nocharset" in texts


# -- the collection read back by reprocess ----------------------------------------------------------

def test_reprocess_of_the_fault_collection_is_bounded_and_agrees(crawled, tmp_path):
    """`reprocess` reads the same hostile bytes back from the WARC files: the gzip bomb must not be
    inflated there either, and pages the crawl refused to record (truncated) stay unrecorded."""
    (tmp_path / "warc").mkdir()
    for path in (crawled.data / "warc").glob("*.warc.gz"):
        shutil.copy(path, tmp_path / "warc" / path.name)
    result, peak_mb = run_measured(["--data-dir", str(tmp_path), "reprocess"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert peak_mb < 600, f"reprocess peaked at {peak_mb:.0f} MB"
    assert set(versions(tmp_path)) == set(versions(crawled.data))


def test_entities_parse_without_expansion_or_network():
    """pipelines.text.extract.parse_html: lxml's HTML parser with no_network, huge_tree off; the
    internal DTD subset of /entities is not expanded and its external entities are not loaded."""
    from pipelines.text.extract import parse_html
    from pipelines.text.process import process_page

    with FaultSite() as probe:
        body = entities_page(probe.url("/xxe-probe"))
        root = parse_html(body.decode("utf-8"))
        text = root.text_content()
        assert "root:" not in text and "lollollol" not in text
        result = process_page(body, url=probe.url("/entities"), http_charset="utf-8")
        assert "root:" not in result.text and len(result.text) < 5000
        assert content.articles()[ENTITIES_ARTICLE].paragraphs[0][:20] in result.text
        assert probe.hits == {}
