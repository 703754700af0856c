"""Canonical URLs, and the spider's resolution of links."""
import pytest

from pipelines.text.urls import canonical_url


def test_fragment_tracking_and_default_port_removed():
    assert canonical_url("HTTP://WWW.Example.cn:80/a.html?utm_source=x&id=3&spm=1#top") == \
        "http://www.example.cn/a.html?id=3"


def test_index_file_dropped():
    assert canonical_url("https://www.example.cn/special/index.html") == "https://www.example.cn/special/"


def test_mirror_host_mapped_to_main_host():
    aliases = {"m.example.cn": "www.example.cn"}
    assert canonical_url("https://m.example.cn/2021/ARTI1.shtml", aliases) == \
        canonical_url("https://www.example.cn/2021/ARTI1.shtml", aliases)


def test_meaningful_query_kept():
    assert canonical_url("http://a.cn/show.php?id=12&page=2") == "http://a.cn/show.php?id=12&page=2"


# -- the spider's link resolution: its fast path must give what urljoin gives ------------------

LINK_CASES = ["/a/1.html", "/a/1.html?x=1&y=/z#frag", "/a/b c.html", "/a/%E4%B8%AD.html", "/中文/页.html",
              "/a/1.html#", "/?q=/.x", "/a/./b.html", "/a/../b.html", "//other.example/x", "/a\t/1.html",
              "/a\n1.html", "/a\\b.html", "/", "/a/1.html\u3000", "relative/p.html", "../up.html",
              "http://h.example/a/1.html", "?page=2", "/a;p=1/x"]


@pytest.mark.parametrize("base_href", [None, "http://mirror.example:8081/base/"])
def test_link_fast_path_equals_urljoin(base_href):
    from urllib.parse import urljoin

    from scrapy.http import HtmlResponse

    from crawler.spiders.articles import ArticlesSpider, _origin

    head = f'<base href="{base_href}">' if base_href else ""
    response = HtmlResponse("http://site.example:8080/n1/2021/p.html", body=f"<html><head>{head}</head></html>",
                            encoding="utf-8")
    base = base_href or response.url
    for href in LINK_CASES:
        expected = urljoin(base, href.strip()).split("#", 1)[0]
        got = ArticlesSpider._absolute(response, href, _origin(response))
        assert got == (expected if expected.startswith("http") else None), href
