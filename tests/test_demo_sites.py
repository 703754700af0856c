"""The bundled demo sites and the fault site, checked over real HTTP on loopback."""
from __future__ import annotations

import gzip
import html
import http.client
import re
import time
import tomllib
import urllib.error
import urllib.request
import urllib.robotparser
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime

import opencc
import pytest

from crawler.demo import content
from crawler.demo.catalog import SITE_IDS, SITES
from crawler.demo.faults import FaultSite
from crawler.demo.hanzi import annotate
from crawler.demo.server import DemoSites

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
SHARED = ("zhejiang-window", "party-business-integration", "model-organs", "three-meetings-one-lesson")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # let the test see the 3xx itself
        return None


# No proxies: the sites live on loopback and an http_proxy in the environment must not interfere.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def page_text(body: bytes, encoding: str) -> str:
    """Visible text of a page, roughly: tags out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", body.decode(encoding)))


def url_of(sites: DemoSites, site: str, article_id: str) -> str:
    for placement in content.placements()[site]:
        if placement.article.id == article_id:
            return sites.base_url(site) + placement.path
    raise LookupError(f"{article_id} is not on {site}")


@pytest.fixture(scope="session")
def sites():
    with DemoSites() as running:
        yield running


@pytest.fixture(scope="session")
def faults():
    with FaultSite() as running:
        yield running


@pytest.fixture()
def fresh_sites():
    """Sites of their own for tests that mutate them."""
    with DemoSites() as running:
        yield running


# -- the demo sites ------------------------------------------------------------------------------

def test_qizhi_pages_are_gb2312_bytes(sites):
    status, headers, body = fetch(url_of(sites, "qizhi", "zhejiang-window"))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=GB2312"
    assert b'content="text/html;charset=GB2312"' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gb18030")
    assert "<title>以机关党建高质量发展助力“重要窗口”建设--理论·党建--人民网</title>" in text
    assert 'class="rm_txt_con cf"' in text
    assert "（来源：《旗帜》2020年第12期，作者系浙江省委常委、秘书长、省直机关工委书记）" in text
    assert "签发：" in text and "京ICP备18060497号-1" in text and "举报电话" in text


def test_farm_page_without_any_charset(sites):
    placement = next(p for p in content.placements()["farm"] if p.charset == "none")
    status, headers, body = fetch(sites.base_url("farm") + placement.path)
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b"charset" not in body.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert placement.article.paragraphs[0] in body.decode("gb18030")


@pytest.mark.parametrize("mode, declared", [("header-latin1", "ISO-8859-1"), ("header-utf8", "utf-8")])
def test_farm_pages_with_a_wrong_charset(sites, mode, declared):
    placement = next(p for p in content.placements()["farm"] if p.charset == mode)
    status, headers, body = fetch(sites.base_url("farm") + placement.path)
    assert status == 200
    assert headers.get_content_charset() == declared.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert placement.article.title in body.decode("gbk")


def test_farm_chrome_and_labels(sites):
    status, _, body = fetch(url_of(sites, "farm", "two-mechanisms"))
    text = page_text(body, "gbk")
    assert status == 200
    for chrome in ("网站首页", "词典首页", "请输入您要查询的论文：", "标题", "范文", "随便看",
                   "Copyright © 2004-2023", "更新时间："):
        assert chrome in text
    assert "（作者：吕和顺，中共北京市直机关工委常务副书记）" in text


def test_robots_txt_keeps_the_crawler_out_of_private(sites):
    base = sites.base_url("qizhi")
    status, _, body = fetch(base + "/robots.txt")
    assert status == 200
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode("ascii").splitlines())
    assert not robots.can_fetch("article-archive", base + "/private/index.html")
    assert robots.can_fetch("article-archive", url_of(sites, "qizhi", "zhejiang-window"))
    # The index links there and the path matches a follow pattern: only robots.txt stops a crawler.
    _, _, index = fetch(base + "/index.html")
    assert b'href="/private/index.html"' in index
    assert any(re.search(p, "/private/index.html") for p in SITES["qizhi"].follow_patterns)
    assert fetch(base + "/private/index.html")[0] == 200
    assert not any("/private/" in url for url in sites.article_urls()["qizhi"])


def test_every_site_has_robots_txt(sites):
    for site in SITE_IDS:
        status, headers, _ = fetch(sites.base_url(site) + "/robots.txt")
        assert (site, status, headers.get_content_type()) == (site, 200, "text/plain")


def test_moved_article_answers_301_to_its_new_url(sites):
    placement = next(p for p in content.placements()["qizhi"] if p.old_path)
    base = sites.base_url("qizhi")
    index_pages = b"".join(fetch(base + path)[2] for path in ("/index.html", "/index2.html", "/index3.html"))
    assert f'href="{placement.old_path}"'.encode() in index_pages
    status, headers, _ = fetch(base + placement.old_path)
    assert status == 301
    assert headers["Location"] == base + placement.path
    assert fetch(base + placement.path)[0] == 200
    assert base + placement.path in sites.article_urls()["qizhi"]
    assert base + placement.old_path not in sites.article_urls()["qizhi"]


def test_dead_link_gets_a_real_404_page(sites):
    base = sites.base_url("qizhi")
    _, _, index = fetch(base + "/index3.html")
    dead = "/n1/2020/1101/c433287-31913562.html"
    assert f'href="{dead}"'.encode() in index
    status, headers, body = fetch(base + dead)
    assert status == 404
    assert headers.get_content_type() == "text/html"
    text = body.decode("gbk")
    assert "页面不存在" in text and "旗帜网" in text and "京ICP备" in text


def test_etag_and_last_modified_give_304(sites):
    url = url_of(sites, "qizhi", "model-organs")
    status, headers, body = fetch(url)
    assert status == 200 and body
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag and modified
    status, headers, body = fetch(url, {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers["ETag"] == etag
    assert fetch(url, {"If-Modified-Since": modified})[0] == 304
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2000), usegmt=True)
    assert fetch(url, {"If-Modified-Since": earlier})[0] == 200
    assert fetch(url, {"If-None-Match": '"something-else"'})[0] == 200


def test_head_sends_headers_only(sites):
    url = url_of(sites, "www12371", "party-affairs-cadres")
    _, get_headers, body = fetch(url)
    status, headers, head_body = fetch(url, method="HEAD")
    assert (status, head_body) == (200, b"")
    assert headers["Content-Length"] == str(len(body))
    assert headers["ETag"] == get_headers["ETag"]


def test_gzip_when_asked(sites):
    url = url_of(sites, "www12371", "model-organs")
    _, plain_headers, plain = fetch(url)
    status, headers, packed = fetch(url, {"Accept-Encoding": "gzip, deflate"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(packed) == plain
    assert headers["ETag"] != plain_headers["ETag"]
    # The gzip representation's tag still validates the page.
    assert fetch(url, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})[0] == 304
    assert "Content-Encoding" not in plain_headers


def test_at_least_40_article_pages_all_answer_200(sites):
    urls = sites.article_urls()
    assert set(urls) == set(SITE_IDS)
    every = [url for site_urls in urls.values() for url in site_urls]
    assert len(every) >= 40
    assert sites.distinct_articles() >= 12
    for site, site_urls in urls.items():
        for url in site_urls:
            status, headers, _ = fetch(url)
            assert (url, status, headers.get_content_type()) == (url, 200, "text/html")
            path = url[len(sites.base_url(site)):]
            assert any(re.search(p, path) for p in SITES[site].article_patterns), url


def test_index_pages_reach_every_article(sites):
    """Following only index pages (as the sources file says) finds every article URL."""
    for site in SITE_IDS:
        spec, base = SITES[site], sites.base_url(site)
        queue, seen, found = list(spec.start_paths), set(), set()
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            status, _, body = fetch(base + path)
            assert status == 200, base + path
            for href in re.findall(rb'href="(/[^"]*)"', body):
                target = href.decode()
                if any(re.search(p, target) for p in spec.article_patterns):
                    found.add(target)
                elif any(re.search(p, target) for p in spec.follow_patterns) \
                        and not target.startswith(spec.disallowed):
                    queue.append(target)
        expected = {u[len(base):] for u in sites.article_urls()[site]}
        moved = {p.old_path for p in content.placements()[site] if p.old_path}
        assert expected <= found | {p.path for p in content.placements()[site] if p.old_path in found}
        assert found - expected - moved <= {"/n1/2020/1101/c433287-31913562.html"}


def test_same_paragraphs_on_official_portal_mobile_and_mirror(sites):
    t2s = opencc.OpenCC("t2s")
    for article_id in SHARED:
        paragraphs = content.articles()[article_id].paragraphs
        texts = {
            "qizhi": page_text(fetch(url_of(sites, "qizhi", article_id))[2], "gbk"),
            "www12371": page_text(fetch(url_of(sites, "www12371", article_id))[2], "utf-8"),
            "m12371": page_text(fetch(url_of(sites, "m12371", article_id))[2], "utf-8"),
            "mirror": t2s.convert(PINYIN.sub("", page_text(fetch(url_of(sites, "mirror", article_id))[2], "utf-8"))),
        }
        for site, text in texts.items():
            missing = [p[:20] for p in paragraphs if p not in text]
            assert not missing, (article_id, site, missing)


def test_mirror_annotates_only_converted_characters(sites):
    status, _, body = fetch(url_of(sites, "mirror", "zhanjiang-three-strokes"))
    text = body.decode("utf-8")
    assert status == 200
    assert "首頁(yè)" in text and "English" in text and "登錄(lù)" in text
    assert "統(tǒng)籌(chóu)" in text
    assert "分享讓更多人看到" in text                      # the mirror's own line: no pinyin
    assert "湛江(" not in text and "English(" not in text  # unchanged characters stay bare
    assert annotate("统筹推进") == "統(tǒng)籌(chóu)推進(jìn)"


def test_mirror_text_round_trips_through_opencc():
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for placement in content.placements()["mirror"]:
        for paragraph in placement.article.paragraphs:
            assert t2s.convert(s2t.convert(paragraph)) == paragraph
            assert t2s.convert(PINYIN.sub("", annotate(paragraph))) == paragraph


def test_mobile_site_mirrors_the_portal_paths(sites):
    www, mobile = sites.article_urls()["www12371"], sites.article_urls()["m12371"]
    strip = lambda urls, site: {u[len(sites.base_url(site)):] for u in urls}  # noqa: E731
    assert strip(www, "www12371") == strip(mobile, "m12371")
    url = url_of(sites, "m12371", "party-affairs-cadres")
    text = fetch(url)[2].decode("utf-8")
    desktop = url_of(sites, "www12371", "party-affairs-cadres")
    assert f'<link rel="canonical" href="{desktop}">' in text
    assert f'href="{desktop}">电脑版</a>' in text
    for chrome in ("手机版", "欢迎使用手机浏览", "打印", "纠错", "微信扫一扫", "×", "收听本文 00:00/00:00",
                   "来源：《党建研究》2021年第5期", "符惠明"):
        assert chrome in page_text(text.encode(), "utf-8")
    spam = re.compile(r"<p>(?:[\u4e00-\u9fff]+\| ){10,}")
    assert spam.search(text), "SEO spam line"
    assert not spam.search(fetch(url_of(sites, "m12371", "model-organs"))[2].decode("utf-8"))


def test_farm_copies_are_near_duplicates():
    originals = content.articles()
    changed = 0
    for placement in content.placements()["farm"]:
        original = originals[placement.article.id]
        diffs = sum(a != b for a, b in zip(original.paragraphs, placement.article.paragraphs))
        assert len(original.paragraphs) == len(placement.article.paragraphs)
        assert diffs <= 2
        changed += diffs > 0 or original.title != placement.article.title
    assert changed >= 4


def test_pages_link_css_js_favicon_and_real_images(sites):
    magic = {"image/png": b"\x89PNG", "image/gif": b"GIF89a", "image/jpeg": b"\xff\xd8\xff",
             "image/x-icon": b"\x00\x00\x01\x00"}
    for site in SITE_IDS:
        spec, base = SITES[site], sites.base_url(site)
        pages = [base + spec.start_paths[0], sites.article_urls()[site][0], base + "/no/such/page.html"]
        for page in pages:
            body = fetch(page)[2]
            css = re.search(rb'<link[^>]+href="([^"]+\.css)"', body).group(1).decode()
            js = re.search(rb'<script[^>]+src="([^"]+\.js)"', body).group(1).decode()
            assert b'href="/favicon.ico"' in body
            assert fetch(base + css)[1].get_content_type() == "text/css"
            assert fetch(base + js)[1].get_content_type() == "application/javascript"
            for src in set(re.findall(rb'<img[^>]+src="(/[^"?]+)', body)):
                status, headers, data = fetch(base + src.decode())
                assert status == 200, base + src.decode()
                assert data.startswith(magic[headers.get_content_type()])
        status, headers, data = fetch(base + "/favicon.ico")
        assert status == 200 and data.startswith(magic[headers.get_content_type()])


def test_pages_link_across_sites_with_real_ports(sites):
    text = fetch(url_of(sites, "mirror", "zhejiang-window"))[2].decode("utf-8")
    origin = url_of(sites, "qizhi", "zhejiang-window")
    assert f'href="{origin}"' in text
    qizhi_index = fetch(sites.base_url("qizhi") + "/index.html")[2]
    assert f'href="{sites.base_url("www12371")}/index.shtml"'.encode() in qizhi_index


def test_sitemap_and_feed_list_the_portal_articles(sites):
    base = sites.base_url("www12371")
    robots = fetch(base + "/robots.txt")[2].decode()
    assert f"Sitemap: {base}/sitemap.xml" in robots
    sitemap, feed = fetch(base + "/sitemap.xml")[2].decode(), fetch(base + "/rss/djyj.xml")[2].decode()
    for url in sites.article_urls()["www12371"]:
        assert f"<loc>{url}</loc>" in sitemap
        assert f"<link>{url}</link>" in feed


def test_sources_toml_describes_every_site(sites):
    parsed = tomllib.loads(sites.sources_toml())
    sources = {s["id"]: s for s in parsed["source"]}
    assert list(sources) == list(SITE_IDS)
    fields = {"id", "name", "priority", "start_urls", "allowed_domains", "article_patterns", "follow_patterns",
              "script", "mirror_of", "allow_private_addresses"}
    for site, source in sources.items():
        assert fields <= set(source), site
        base = sites.base_url(site)
        assert source["allowed_domains"] == [base.removeprefix("http://")]
        assert source["priority"] in ("official", "mirror", "farm")
        assert source["allow_private_addresses"] is True
        assert all(url.startswith(base + "/") and fetch(url)[0] == 200 for url in source["start_urls"])
        assert source["hints"]["body_selector"]
        for url in sites.article_urls()[site]:
            path = url.removeprefix(base)
            assert any(re.search(p, path) for p in source["article_patterns"]), path
            assert not any(re.search(p, path) for p in source["follow_patterns"]), path
    assert sources["m12371"]["mirror_of"] == "www12371"
    assert {s["script"] for s in sources.values()} == {"zh-Hans"}  # records end up Simplified


# -- mutations between crawls ----------------------------------------------------------------------

def test_edit_changes_text_etag_and_last_modified(fresh_sites):
    url = url_of(fresh_sites, "www12371", "efficient-services")
    _, before, _ = fetch(url)
    path = url.removeprefix(fresh_sites.base_url("www12371"))
    fresh_sites.edit("www12371", path, ["第一段修订后的内容。", "第二段新增的内容。"])
    status, after, body = fetch(url, {"If-None-Match": before["ETag"]})
    assert status == 200
    text = body.decode("utf-8")
    assert "第二段新增的内容。" in text and "高频“一件事”" not in text
    assert after["ETag"] != before["ETag"]
    assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(before["Last-Modified"])
    assert fetch(url, {"If-None-Match": after["ETag"]})[0] == 304
    assert fresh_sites.placement(url).article.paragraphs == ("第一段修订后的内容。", "第二段新增的内容。")


@pytest.mark.parametrize("status", [404, 410])
def test_delete_answers_an_error_page(fresh_sites, status):
    url = url_of(fresh_sites, "farm", "community-service")
    fresh_sites.delete("farm", url.removeprefix(fresh_sites.base_url("farm")), status=status)
    got, _, body = fetch(url)
    assert got == status and "页面不存在" in body.decode("gbk")
    assert url not in fresh_sites.article_urls()["farm"]


def test_redirect_moves_an_article(fresh_sites):
    base = fresh_sites.base_url("mirror")
    old = url_of(fresh_sites, "mirror", "digital-party-building").removeprefix(base)
    new = url_of(fresh_sites, "mirror", "model-organs").removeprefix(base)
    fresh_sites.redirect("mirror", old, new)
    status, headers, _ = fetch(base + old)
    assert (status, headers["Location"]) == (301, base + new)
    assert base + old not in fresh_sites.article_urls()["mirror"]
    with pytest.raises(KeyError):
        fresh_sites.edit("mirror", "/no/such/page.html", ["x"])


# -- the fault site --------------------------------------------------------------------------------

def test_fault_index_links_every_route(faults):
    body = fetch(faults.url("/"))[2]
    for route in ("/status/500", "/status/503", "/status/429", "/slow?seconds=1", "/empty", "/binary",
                  "/gbk-nocharset", "/redirect-loop", "/truncated", "/article/1.html", "/article/2.html"):
        assert f'href="{route}"'.encode() in body
    assert fetch(faults.url("/article/1.html"))[0] == 200


@pytest.mark.parametrize("code, retry_after", [(500, None), (503, "1"), (429, "1"), (404, None)])
def test_fault_status_codes(faults, code, retry_after):
    status, headers, _ = fetch(faults.url(f"/status/{code}"))
    assert status == code
    assert headers.get("Retry-After") == retry_after


def test_fault_slow_waits(faults):
    started = time.monotonic()
    status, _, body = fetch(faults.url("/slow?seconds=1"))
    assert status == 200 and body
    assert time.monotonic() - started >= 0.95


def test_fault_empty_and_binary(faults):
    status, headers, body = fetch(faults.url("/empty"))
    assert (status, body, headers["Content-Length"]) == (200, b"", "0")
    status, headers, body = fetch(faults.url("/binary"))
    assert status == 200 and headers.get_content_type() == "text/html" and len(body) > 1000
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_fault_gbk_page_without_charset(faults):
    status, headers, body = fetch(faults.url("/gbk-nocharset"))
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b"charset" not in body.lower()
    assert "机关党员干部下沉社区" in body.decode("gbk")


def test_fault_redirect_loop(faults):
    status, headers, _ = fetch(faults.url("/redirect-loop"))
    assert (status, headers["Location"]) == (302, faults.url("/redirect-loop/b"))
    status, headers, _ = fetch(faults.url("/redirect-loop/b"))
    assert (status, headers["Location"]) == (302, faults.url("/redirect-loop"))


def test_fault_truncated_body(faults):
    connection = http.client.HTTPConnection("127.0.0.1", faults.port, timeout=10)
    try:
        connection.request("GET", "/truncated")
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) > 1000
        with pytest.raises(http.client.IncompleteRead):
            response.read()
    finally:
        connection.close()


def test_fault_site_sources_entry_parses(faults):
    source = tomllib.loads(faults.sources_toml())["source"][0]
    assert source["start_urls"] == [faults.url("/")]
    for path in ("/gbk-nocharset", "/slow?seconds=1", "/status/503", "/redirect-loop/b"):
        assert any(re.search(p, path) for p in source["article_patterns"]), path


# -- the fault site: routes for the limits ------------------------------------------------------------

def test_fault_index_links_the_new_routes(faults):
    from crawler.demo.faults import MORE_FAULT_LINKS

    body = fetch(faults.url("/"))[2].decode("utf-8")
    for route in MORE_FAULT_LINKS:
        assert f'href="{html.escape(route)}"' in body, route
    copies = fetch(faults.url("/?copies=2"))[2].decode("utf-8")
    assert 'href="/drip?copy=2"' in copies and 'href="/huge?mb=2&amp;copy=1"' in copies


def test_fault_sources_entry_covers_the_new_routes(faults):
    from crawler.demo.faults import MORE_FAULT_LINKS

    source = tomllib.loads(faults.sources_toml())["source"][0]
    paths = [*MORE_FAULT_LINKS, "/redirect-offsite/2", "/calendar/2031/12", "/list?sid=" + "a" * 32, "/item/7",
             "/links?n=10", "/redirect-chain/3", "/drip?copy=3", "/huge?mb=2&copy=1"]
    for path in paths:
        assert any(re.search(p, path) for p in source["article_patterns"]), path
    assert not any(re.search(p, "/xxe-probe") for p in source["article_patterns"])
    assert tomllib.loads(faults.sources_toml(copies=3))["source"][0]["start_urls"] == [faults.url("/?copies=3")]


def test_fault_site_counts_requests():
    with FaultSite() as site:
        fetch(site.url("/article/1.html"))
        fetch(site.url("/status/404"))
        fetch(site.url("/status/404"))
        assert site.hits == {"/article/1.html": 1, "/status/404": 2}


def test_fault_drip_sends_one_byte_at_a_time(faults):
    from crawler.demo.faults import drip_page

    connection = http.client.HTTPConnection("127.0.0.1", faults.port, timeout=10)
    try:
        started = time.monotonic()
        connection.request("GET", "/drip?interval=0.02")
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) == len(drip_page())
        first = response.read(1)
        assert first == drip_page()[:1]
        assert first + response.read() == drip_page()
        assert time.monotonic() - started >= 0.02 * (len(drip_page()) - 2)
    finally:
        connection.close()


def test_fault_reset_mid_body(faults):
    connection = http.client.HTTPConnection("127.0.0.1", faults.port, timeout=10)
    try:
        connection.request("GET", "/reset")
        response = connection.getresponse()
        promised = int(response.headers["Content-Length"])
        with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
            response.read()
        assert promised > 1000
    finally:
        connection.close()


def test_fault_redirect_chain_into_another_host():
    with FaultSite() as other, FaultSite(offsite=other.url("/article/1.html")) as site:
        status, headers, _ = fetch(site.url("/redirect-offsite"))
        assert (status, headers["Location"]) == (302, site.url("/redirect-offsite/2"))
        status, headers, _ = fetch(site.url("/redirect-offsite/2"))
        assert (status, headers["Location"]) == (302, other.url("/article/1.html"))
    with FaultSite() as alone:   # by default: the same server under another name
        assert fetch(alone.url("/redirect-offsite/2"))[1]["Location"] == f"http://localhost:{alone.port}/article/1.html"


def test_fault_redirect_chain_ends(faults):
    assert fetch(faults.url("/redirect-chain/1"))[1]["Location"] == faults.url("/redirect-chain/2")
    assert fetch(faults.url("/redirect-chain/50"))[0] == 200


def test_fault_calendar_links_next_month_forever(faults):
    status, _, body = fetch(faults.url("/calendar/2024/01"))
    assert status == 200 and b'href="/calendar/2024/02"' in body
    assert b'href="/calendar/2025/01"' in fetch(faults.url("/calendar/2024/12"))[2]
    assert b'href="/calendar/9000/01"' in fetch(faults.url("/calendar/8999/12"))[2]
    assert fetch(faults.url("/calendar/2024/13"))[0] == 404


def test_fault_session_list_links_itself_with_a_new_sid(faults):
    sids = set()
    for _ in range(3):
        body = fetch(faults.url("/list?sid=" + "0" * 32))[2].decode("utf-8")
        sids.update(re.findall(r'href="/list\?sid=([0-9a-f]{32})"', body))
    assert len(sids) == 3


@pytest.mark.parametrize("query", ["mb=1", "mb=1&chunked=1"])
def test_fault_huge_page(faults, query):
    from crawler.demo.faults import huge_blocks

    head, block, tail, count = huge_blocks(1)
    status, headers, body = fetch(faults.url(f"/huge?{query}"))
    assert status == 200 and body == head + block * count + tail
    assert (1 << 20) <= len(body) < (1 << 20) + len(block) + len(head) + len(tail)
    if "chunked" in query:
        assert headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in headers
    else:
        assert int(headers["Content-Length"]) == len(body)
    assert body.decode("utf-8").rstrip().endswith("</html>")


def test_fault_gzip_bomb(faults):
    import zlib

    status, headers, body = fetch(faults.url("/bomb?mb=8"))   # urllib does not inflate it
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert len(body) < 20_000
    inflater, size = zlib.decompressobj(zlib.MAX_WBITS | 16), 0
    data = body
    while data:
        size += len(inflater.decompress(data, 1 << 20))
        data = inflater.unconsumed_tail
    assert inflater.eof and 8 << 20 <= size < (8 << 20) + 1000
    assert gzip.decompress(body).startswith(b"<!DOCTYPE html>")   # and the CRC and size trailer hold
    assert len(fetch(faults.url("/bomb"))[2]) < 600_000              # the default: 512 MiB inflated


def test_fault_pdf_is_a_real_pdf(faults):
    status, headers, body = fetch(faults.url("/doc.pdf"))
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)", body).group(1))
    assert body[xref:].startswith(b"xref\n0 6\n")
    for number, offset in enumerate(re.findall(rb"(\d{10}) 00000 n", body[xref:]), 1):
        assert body[int(offset):].startswith(b"%d 0 obj" % number)


def test_fault_nested_page(faults):
    from crawler.demo.faults import NESTED_ARTICLE, NESTED_DEPTH

    status, _, body = fetch(faults.url("/nested"))
    text = body.decode("utf-8")
    assert status == 200 and text.count("<div") >= NESTED_DEPTH and "</div>" not in text
    assert content.articles()[NESTED_ARTICLE].paragraphs[0] in html.unescape(text)


def test_fault_unknown_charset(faults):
    from crawler.demo.faults import UNKNOWN_CHARSET_ARTICLE

    status, headers, body = fetch(faults.url("/unknown-charset"))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=x-unknown-cp"
    assert b"charset" not in body.lower()
    assert content.articles()[UNKNOWN_CHARSET_ARTICLE].title in body.decode("gbk")


def test_fault_big_headers(faults):
    connection = http.client.HTTPConnection("127.0.0.1", faults.port, timeout=10)
    try:
        connection.request("GET", "/big-headers?kb=5&line=20")
        response = connection.getresponse()
        assert len([k for k in response.headers if k.startswith("X-Filler-")]) == 5
        assert len(response.headers["X-Long"]) == 20 * 1024
        assert response.read() == b"<html><body><p>big headers</p></body></html>"
    finally:
        connection.close()


def test_fault_links_and_items(faults):
    body = fetch(faults.url("/links?n=3"))[2].decode("utf-8")
    assert re.findall(r'href="(/item/\d+)"', body) == ["/item/1", "/item/2", "/item/3"]
    assert fetch(faults.url("/item/2"))[0] == 200


def test_fault_entities_page(faults):
    status, _, body = fetch(faults.url("/entities"))
    text = body.decode("utf-8")
    assert status == 200
    assert '<!ENTITY xxe SYSTEM "file:///etc/passwd">' in text and "&lol9;" in text
    assert f'<!ENTITY net SYSTEM "{faults.url("/xxe-probe")}">' in text
    assert "<title>../../../../tmp/article-archive-escape</title>" in text


def test_fault_site_on_ipv6_loopback():
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with FaultSite(host="::1") as site:
        assert site.base_url() == f"http://[::1]:{site.port}"
        assert fetch(site.url("/article/1.html"))[0] == 200
        assert tomllib.loads(site.sources_toml())["source"][0]["allowed_domains"] == [f"[::1]:{site.port}"]
