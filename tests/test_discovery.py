"""A site needs only its address: a source with start URLs and no article patterns is crawled with
discovery, the page kind model (pipelines/text/pagekind.py) telling its articles from its index
pages, the decision written into each response's WARC record (crawler/middlewares/pagekind.py).

The demo crawled both ways against the same running sites gives the same records, byte for byte;
the pages differ by two, named below. The model's held-out precision and recall on real pages
(bench/pagekind_cv.py) are checked where ../shared is present."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoSites
from crawler.middlewares.pagekind import HEADER
from crawler.sources import parse_sources
from pipelines.text.pagekind import shipped_model, url_features, URL_FEATURES
from tests.conftest import ROOT, SHARED, copy_collection, redis_up, run_cli

sys.path.insert(0, str(ROOT / "bench"))

# What a crawl by patterns records and discovery cannot: a link to an article that answers 404
# (never seen, so nothing says it was an article) and an article address that redirects (the
# article is recorded at its target; the redirect is archived but is no page of its own).
ONLY_WITH_PATTERNS = {"/n1/2020/1101/c433287-31913562.html": 404, "/n1/2021/0318/c1001-32054219.html": 301}


def test_a_source_without_patterns_is_valid_and_discovers():
    sources = parse_sources(b'[[source]]\nid = "a"\nstart_urls = ["http://example.cn/"]\n', "s.toml")
    source = sources.sources[0]
    assert source.discovers and not source.is_article("http://example.cn/2021/0304/c1-2.html")
    with_patterns = parse_sources(b'[[source]]\nid = "a"\nstart_urls = ["http://example.cn/"]\n'
                                  b"article_patterns = ['^/a/']\n", "s.toml").sources[0]
    assert not with_patterns.discovers and with_patterns.is_article("http://example.cn/a/1.html")


def test_the_shipped_model_reads_every_demo_page_as_what_it_is():
    from pagekind_cv import demo_pages

    model = shipped_model()
    wrong = [(page.url, page.kind) for page in demo_pages()
             if page.kind != "other" and (model.article.p(page.page) >= 0.5) != (page.kind == "article")]
    assert not wrong


def test_url_features_see_the_shapes_of_article_addresses():
    features = dict(zip(URL_FEATURES, url_features("http://www.gov.cn/zhengce/content/2021-03/04/content_5590439.htm")))
    assert features["date_in_path"] == 1.0 and features["last_has_digits"] == 1.0
    index = dict(zip(URL_FEATURES, url_features("http://www.gov.cn/zhengce/")))
    assert index["ends_in_slash"] == 1.0 and index["date_in_path"] == 0.0


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus (real article pages)")
def test_held_out_precision_and_recall_of_article_are_at_least_095():
    from pagekind_cv import labelled_pages, report

    figures = report(labelled_pages(SHARED / "corpus"))
    precision, recall = figures["all"]["held_out"]
    assert precision >= 0.95 and recall >= 0.95, figures["all"]
    for family in ("zh-articles", "zh-pages-raw", "web-pages-other"):
        assert figures[family]["held_out"][1] >= 0.9, (family, figures[family])


@pytest.fixture(scope="module")
def demo():
    with DemoSites() as sites:
        yield sites


@pytest.fixture(scope="module")
def both_ways(demo, tmp_path_factory):
    """The demo sites crawled by patterns and by discovery, the same sites (same addresses)."""
    out = {}
    for name, patterns in (("patterns", True), ("discover", False)):
        data = tmp_path_factory.mktemp(name) / "data"
        data.mkdir()
        sources = data.parent / "sources.toml"
        sources.write_text(demo.sources_toml(patterns=patterns), encoding="utf-8")
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        out[name] = data
    return out


def _pages(data: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(data / "archive.db") as db:
        return {url.split("/", 3)[3]: status for url, status in db.execute("SELECT url, last_status FROM pages")}


def _records(data: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((data / "records").glob("*.txt"))}


@pytest.mark.slow
def test_discovery_gives_the_demos_records_byte_for_byte(both_ways):
    by_patterns, discovered = _records(both_ways["patterns"]), _records(both_ways["discover"])
    assert len(by_patterns) == 14 and discovered == by_patterns


@pytest.mark.slow
def test_discovery_records_the_same_pages_but_two_it_cannot_know(both_ways):
    by_patterns, discovered = _pages(both_ways["patterns"]), _pages(both_ways["discover"])
    only = {"/" + url: status for url, status in by_patterns.items() if url not in discovered}
    assert only == ONLY_WITH_PATTERNS
    assert set(discovered) <= set(by_patterns)


@pytest.mark.slow
def test_every_page_of_a_discovered_site_carries_its_kind_in_its_warc_record(both_ways):
    kinds = {}
    for path in sorted((both_ways["discover"] / "warc").glob("article-archive-2*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200" and \
                        "text/html" in (record.http_headers.get_header("Content-Type") or ""):
                    kinds[record.rec_headers.get_header("WARC-Target-URI")] = record.rec_headers.get_header(HEADER)
    assert kinds and all(kinds.values()), [u for u, k in kinds.items() if not k]
    articles = {u for u, k in kinds.items() if k.startswith("article;")}
    recorded = {json.loads(line)["canonical_url"] for line in
                (both_ways["discover"] / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()}
    assert recorded <= articles
    assert all("model=sha256:" in k for k in kinds.values())


@pytest.mark.slow
def test_reprocess_of_a_discovered_collection_reads_the_decisions_from_the_warc(both_ways, tmp_path):
    copy = copy_collection(both_ways["discover"], tmp_path / "copy")
    result = run_cli("--data-dir", str(copy), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert _records(copy) == _records(both_ways["discover"])
    verified = run_cli("--data-dir", str(copy), "verify", "--all")
    assert verified.returncode == 0, verified.stdout[-2000:]


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 (the split crawl's frontier)")
def test_a_discovering_crawl_split_over_processes_decides_the_same_and_reprocess_reads_it(demo, both_ways, tmp_path):
    """Each process of a split crawl reads the pages it fetches and hands the others their links as
    pages to read; the decisions are in the WARC records, so reprocess makes the same records."""
    data = tmp_path / "data"
    sources = tmp_path / "sources.toml"
    sources.write_text(demo.sources_toml(patterns=False), encoding="utf-8")
    split = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--archive-only",
                    "--processes", "2", "--frontier-url", "redis://127.0.0.1:6379/0")
    assert split.returncode == 0, split.stdout + split.stderr[-3000:]
    rebuilt = run_cli("--data-dir", str(data), "reprocess")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr[-2000:]
    assert _records(data) == _records(both_ways["patterns"])
