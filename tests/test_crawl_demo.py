"""End to end: crawl the bundled demo sites over real HTTP, then read back the WARC files with
warcio, the database rows and the record files."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article, Capture, Page, Version
from archive.warcread import read_record_at
from crawler.demo.server import DemoSites
from tests.conftest import later_versions_from_new_captures, run_cli

pytestmark = pytest.mark.slow

PINYIN = re.compile(r"[\u3400-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def demo():
    with DemoSites() as sites:
        yield sites


@pytest.fixture(scope="module")
def crawled(demo, tmp_path_factory):
    """One crawl of the demo sites into a fresh collection (the `crawl` command, in a subprocess)."""
    data = tmp_path_factory.mktemp("collection")
    sources = data / "sources.toml"
    sources.write_text(demo.sources_toml(), encoding="utf-8")
    result = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return data, result


def warc_records(data: Path) -> list[tuple[str, object, bytes]]:
    out = []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                out.append((path.name, record.rec_headers, record.raw_stream.read(), record.http_headers))
    return out


def session(data: Path) -> Session:
    return Session(create_engine(f"sqlite:///{data / 'archive.db'}"))


def test_summary_is_printed(crawled):
    _, result = crawled
    assert "responses archived" in result.stdout and "records written" in result.stdout


def test_every_warc_file_passes_warcio_check(crawled):
    data, _ = crawled
    files = sorted((data / "warc").glob("*.warc.gz"))
    assert files and not list((data / "warc").glob("*.open"))
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_warcinfo_opens_each_file_and_sources_travel_with_it(crawled):
    data, _ = crawled
    by_file: dict[str, list[str]] = {}
    for name, headers, payload, _ in warc_records(data):
        by_file.setdefault(name, []).append(headers.get_header("WARC-Type"))
        if headers.get_header("WARC-Type") == "metadata" and "-derived-" not in name:
            assert payload == (data / "sources.toml").read_bytes()  # a first run has no site chrome list yet
    for name, types in by_file.items():
        assert types[0] == "warcinfo"
        if "-derived-" not in name:  # capture files carry the sources file right after warcinfo
            assert types[1] == "metadata"


def test_requests_and_responses_are_paired_and_digests_match(crawled):
    data, _ = crawled
    records = warc_records(data)
    responses = {h.get_header("WARC-Record-ID"): (h, p) for _, h, p, _ in records
                 if h.get_header("WARC-Type") == "response"}
    revisits = {h.get_header("WARC-Record-ID") for _, h, _, _ in records if h.get_header("WARC-Type") == "revisit"}
    requests = [h for _, h, _, _ in records if h.get_header("WARC-Type") == "request"]
    assert len(requests) == len(responses) + len(revisits)
    assert {req.get_header("WARC-Concurrent-To") for req in requests} == set(responses) | revisits
    for headers, payload in responses.values():
        expected = "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()
        assert headers.get_header("WARC-Payload-Digest") == expected
        assert headers.get_header("WARC-IP-Address") == "127.0.0.1"


def test_robots_redirect_404_and_requisites_are_archived(crawled, demo):
    data, _ = crawled
    statuses = {}
    for _, h, _, http in warc_records(data):
        if h.get_header("WARC-Type") == "response":
            statuses[h.get_header("WARC-Target-URI")] = int(http.get_statuscode())
    urls = list(statuses)
    assert any(u.endswith("/robots.txt") for u in urls)
    assert 301 in statuses.values() or 302 in statuses.values()
    assert 404 in statuses.values()
    assert any(u.endswith((".png", ".gif", ".jpg")) for u in urls)
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    assert not any("/private/" in u for u in urls)  # disallowed by robots.txt: never fetched


def test_compressed_payload_is_kept_as_transferred(crawled):
    data, _ = crawled
    gzipped = [(p, http) for _, h, p, http in warc_records(data)
               if h.get_header("WARC-Type") == "response" and http.get_header("Content-Encoding") == "gzip"]
    assert gzipped, "the demo portal serves gzip: at least one response must be stored compressed"
    payload, _ = gzipped[0]
    assert payload[:2] == b"\x1f\x8b" and gzip.decompress(payload)


def test_every_capture_row_points_at_its_record(crawled):
    data, _ = crawled
    with session(data) as s:
        captures = s.scalars(select(Capture)).all()
        assert captures
        for c in captures:
            record = read_record_at(data / "warc" / c.warc_filename, c.warc_offset)
            assert record.record_id == c.warc_record_id and record.status == c.status
            assert record.digest_passed is not False


def test_every_article_page_was_archived(crawled, demo):
    data, _ = crawled
    with session(data) as s:
        captured = set(s.scalars(select(Capture.url).where(Capture.status == 200)))
    expected = {u for urls in demo.article_urls().values() for u in urls}
    assert len(expected) >= 40
    assert expected <= captured, sorted(expected - captured)[:5]


def test_one_record_per_distinct_article(crawled, demo):
    data, _ = crawled
    files = sorted((data / "records").glob("*.txt"))
    assert len(files) == demo.distinct_articles()
    assert all(re.fullmatch(r"\d{3,}_[0-9a-f]{16}\.txt", f.name) for f in files)


def test_same_article_on_three_sites_is_one_record_with_all_urls(crawled):
    data, _ = crawled
    index = [json.loads(line) for line in (data / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    widest = max(index, key=lambda e: len(e["cluster"]["sources"]))
    assert len(widest["cluster"]["sources"]) >= 3
    assert len(widest["urls"]) >= 3 and widest["captures"]
    assert widest["canonical_url"] in {u["url"] for u in widest["urls"]}


def test_records_are_clean_simplified_text(crawled):
    import opencc

    to_simplified = opencc.OpenCC("t2s.json")
    data, _ = crawled
    for path in (data / "records").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        assert len(lines) >= 3 and lines[0].strip()
        assert not PINYIN.search(text), path.name
        assert to_simplified.convert(text) == text, path.name
        for chrome in ("责任编辑", "ICP备", "版权所有", "微信扫一扫", "网站首页", "手机版"):
            assert chrome not in text, (path.name, chrome)


def test_original_script_is_kept(crawled):
    data, _ = crawled
    with session(data) as s:
        mirror = s.scalars(select(Version).join(Page).where(Page.source_id == "mirror")).first()
        assert mirror is not None and mirror.original_text != mirror.text
        assert mirror.charset["charset"]


def test_second_run_is_a_recrawl(crawled, demo):
    data, _ = crawled
    before = {p.name: p.read_bytes() for p in (data / "records").glob("*")}
    result = run_cli("--data-dir", str(data), "crawl", "--sources", str(data / "sources.toml"), "--refetch-all")
    assert result.returncode == 0, result.stderr[-2000:]
    with session(data) as s:
        assert s.scalar(select(func.count(Article.id))) == demo.distinct_articles()
        revisits = s.scalar(select(func.count(Capture.id)).where(Capture.record_type == "revisit"))
        assert revisits >= 40
    assert later_versions_from_new_captures(data) == 0
    after = {p.name: p.read_bytes() for p in (data / "records").glob("*")}
    assert {k: v for k, v in after.items() if k != "index.jsonl"} == \
        {k: v for k, v in before.items() if k != "index.jsonl"}


def test_derived_text_is_archived_as_conversion_records(crawled):
    data, _ = crawled
    records = warc_records(data)
    responses = {h.get_header("WARC-Record-ID") for _, h, _, _ in records if h.get_header("WARC-Type") == "response"}
    conversions = [(name, h, p) for name, h, p, _ in records if h.get_header("WARC-Type") == "conversion"]
    with session(data) as s:
        assert len(conversions) == s.scalar(select(func.count(Version.id)))
    for name, headers, payload in conversions:
        assert "-derived-" in name  # never in a capture file
        assert headers.get_header("WARC-Refers-To") in responses
        assert headers.get_header("Article-Archive-Text-Digest").startswith("sha256:")
        assert "trafilatura" in headers.get_header("Article-Archive-Software")
        assert payload.decode("utf-8").strip()
