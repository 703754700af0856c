"""`article-archive sources suggest URL`: a [[source]] table read off a sample crawl of a site
(crawler/suggest.py), its patterns generalized from the URLs the page kind model read
(crawler/url_patterns.py). Saved as is, the table crawls the site's articles and no index page as
an article: checked on every demo site."""
from __future__ import annotations

import re
import sqlite3
import tomllib

import pytest

from crawler.demo.pages import INDEX
from crawler.demo.server import DemoSites
from crawler.url_patterns import generalize
from tests.conftest import LOOPBACK_CRAWL, run_cli

START = {"qizhi": "/index.html", "www12371": "/index.shtml", "m12371": "/index.shtml", "farm": "/index.html",
         "mirror": "/index.html"}


def test_articles_of_one_shape_become_one_pattern_that_spares_the_index_pages():
    articles = ["http://x.cn/n1/2021/0304/c433287-31913562.html", "http://x.cn/n1/2020/1101/c1001-3191356.html"]
    index = ["http://x.cn/index.html", "http://x.cn/GB/1001/index2.html"]
    patterns, uncovered = generalize(articles, avoid=index)
    assert [p.regex for p in patterns] == [r"^/n1/\d{4}/\d{4}/c\d+-\d+\.html$"] and not uncovered
    assert patterns[0].count == 2 and len(patterns[0].examples) == 2
    # next year's article, from a channel the sample never saw, matches too
    assert re.search(patterns[0].regex, "/n1/2027/0101/c99-1.html")


def test_a_pattern_that_would_match_an_index_page_is_made_strict_or_left_out():
    # one shape for both: /a/<digits>.html; the index pages have short numbers, the articles long ones
    articles = ["http://x.cn/a/1234567.html", "http://x.cn/a/7654321.html"]
    index = ["http://x.cn/a/2.html"]
    patterns, _ = generalize(articles, avoid=index)
    assert [p.regex for p in patterns] == [r"^/a/\d{7}\.html$"]
    patterns, uncovered = generalize(["http://x.cn/a/12.html"], avoid=["http://x.cn/a/34.html"])
    assert not patterns and uncovered == ["http://x.cn/a/12.html"]


def test_index_pages_keep_their_channel_names():
    index = ["http://x.cn/djyj/index.shtml", "http://x.cn/news/index.shtml"]
    patterns, _ = generalize(index, words=True)
    assert [p.regex for p in patterns] == [r"^/(?:djyj|news)/index\.shtml$"]


@pytest.fixture(scope="module")
def demo():
    with DemoSites() as sites:
        yield sites


@pytest.mark.slow
@pytest.mark.parametrize("site", sorted(START))
def test_the_suggested_table_saved_as_is_crawls_the_sites_articles_and_no_index_page(demo, site, tmp_path):
    suggested = run_cli("sources", "suggest", demo.base_url(site) + START[site], "--pages", "300",
                        "--allow-private-addresses", *(f"--set={v}" for v in LOOPBACK_CRAWL[1::2]))
    assert suggested.returncode == 0, suggested.stderr[-2000:]
    table = tomllib.loads(suggested.stdout)["source"][0]
    assert table["article_patterns"] and table["follow_patterns"], suggested.stdout
    assert "# " in suggested.stdout and "pages, e.g." in suggested.stdout  # the counts and examples behind each
    if site == "www12371":  # started from its home page only: the sitemap robots.txt names, and the feed it links
        assert {demo.base_url(site) + "/sitemap.xml", demo.base_url(site) + "/rss/djyj.xml"} <= set(table["start_urls"])
    sources = tmp_path / "sources.toml"
    sources.write_text(suggested.stdout, encoding="utf-8")
    data = tmp_path / "data"
    crawled = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr[-2000:]
    with sqlite3.connect(data / "archive.db") as db:
        pages = {url for (url,) in db.execute("SELECT url FROM pages")}
        with_text = {url for (url,) in db.execute("SELECT DISTINCT p.url FROM pages p JOIN versions v ON v.page_id = p.id")}
    assert with_text == set(demo.article_urls()[site])
    state = demo._state(site)
    index_pages = {state.base + path for path, resource in state.routes.items() if resource.kind == INDEX}
    assert not pages & index_pages
