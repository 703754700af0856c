"""Page kinds the extractor must tell apart, on hand-written fixture pages with full chrome
(tests/fixtures/pages: forum threads, a multi-post blog page, an endless feed, teaser and related
lists, an error page, a channel list, a table-bodied notice, official and Taiwanese news). Each
page's truth (.json beside it) was written before any extractor ran on it."""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest

from pipelines.text.extract import extract_article, read_page
from pipelines.text.extract.posts import find_posts
from pipelines.text.normalize.script import converter
from pipelines.text.process import process_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")


def truth(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


def f1(pred: str, gold: str) -> float:
    simplify = converter("t2s").convert
    p = collections.Counter(TOKEN.findall(simplify(pred)))
    g = collections.Counter(TOKEN.findall(simplify(gold)))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def process(name: str):
    return process_page((PAGES / f"{name}.html").read_bytes(), url=f"http://fixture.test/{name}.html")


ARTICLES = sorted(p.stem for p in PAGES.glob("*.html") if truth(p.stem)["kind"] == "article")
NO_ARTICLES = sorted(p.stem for p in PAGES.glob("*.html") if truth(p.stem)["kind"] == "no-article")


def test_the_fixture_set_has_every_kind():
    assert {"forum_discuz_thread", "forum_qa_thread", "blog_multipost", "news_endless_feed", "news_teasers",
            "table_article"} <= set(ARTICLES)
    assert {"error_404", "list_channel"} <= set(NO_ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_article_body_is_the_article_and_nothing_around_it(name):
    expected, result = truth(name), process(name)
    assert f1(result.text, expected["text"]) >= 0.95, result.text[:300]
    for chrome in expected["must_not_contain"]:
        assert converter("t2s").convert(chrome) not in result.text, chrome


@pytest.mark.parametrize("name", ARTICLES)
def test_title_is_the_headline(name):
    expected = truth(name)["title"]
    assert process(name).title == converter("t2s").convert(expected)


@pytest.mark.parametrize("name", NO_ARTICLES)
def test_error_and_list_pages_give_no_article_and_say_why(name):
    result = process(name)
    assert result.text == ""
    reasons = [step["reason"] for step in result.report if step["action"] == "no-article"]
    assert reasons and "no article on the page" in reasons[0]


def test_forum_thread_keeps_the_opening_post_never_the_replies():
    for name in ("forum_discuz_thread", "forum_qa_thread"):
        result = process(name)
        step = next(s for s in result.report if s["action"] == "one-post")
        assert step["kept"] == 1 and step["why"] == "first" and step["posts"] >= 3
        assert result.author == truth(name)["author"]  # the opening post's writer, from its header


def test_multi_post_page_keeps_the_post_its_title_names():
    expected, result = truth("blog_multipost"), process("blog_multipost")
    step = next(s for s in result.report if s["action"] == "one-post")
    assert (step["posts"], step["kept"], step["why"]) == (3, 2, "title")
    assert result.published == expected["published"]  # the named post's date, not the newest post's


def test_table_bodied_article_keeps_every_row_as_a_line():
    expected, result = truth("table_article"), process("table_article")
    rows = [line for line in result.text.splitlines() if line.startswith("|")]
    expected_rows = [line for line in expected["text"].splitlines() if " | " in line]
    assert len(rows) == len(expected_rows) >= 10
    assert [re.sub(r"[|\s]", "", r) for r in rows] == [re.sub(r"[|\s]", "", r) for r in expected_rows]


def test_pages_of_one_article_are_not_taken_for_post_lists():
    for name in ("news_endless_feed", "news_teasers", "official_promo", "gbk_old_portal", "tw_news"):
        page = read_page((PAGES / f"{name}.html").read_bytes().decode("utf-8", "replace"))
        assert page is not None
        assert find_posts(page.root, page.blocks, page.title) is None, name


def test_a_short_real_article_is_still_an_article():
    paragraph = "市气象台今天发布暴雨蓝色预警，预计未来六小时内全市大部分地区将出现短时强降水，请注意防范。"
    page = (f"<html><head><title>暴雨蓝色预警_某市新闻网</title></head><body><div id='nav'><a href='/'>首页</a>"
            f"<a href='/n'>新闻</a></div><h1>暴雨蓝色预警</h1><div class='content'><p>{paragraph}</p></div>"
            f"<div class='foot'>版权所有 某市新闻网</div></body></html>")
    result = extract_article(page)
    assert result.text == paragraph and result.method != "none"


def test_demo_sites_error_and_index_pages_give_no_article():
    """The five demo sites' own error pages (their 404 bodies, as a soft-404 would serve them) and home
    pages: other designs than the fixtures, the same answer."""
    import urllib.error
    import urllib.request

    from crawler.demo.catalog import SITE_IDS
    from crawler.demo.server import DemoSites

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def body_of(url: str) -> bytes:
        try:
            with opener.open(url, timeout=15) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.read()

    with DemoSites() as sites:
        for site in SITE_IDS:
            base = sites.base_url(site)
            for path in ("/no/such/article-4711.html", "/"):
                result = process_page(body_of(base + path), url=base + path)
                assert result.text == "", (site, path, result.text[:200])


def test_title_drops_the_site_owner_the_page_names_in_its_copyright_line():
    page = ("<html><head><title>我院举办2019年药学专业技能大赛 某某省中医药研究院附属医院</title></head><body>"
            "<div class='nav'><a href='/'>首页</a><a href='/a'>医院概况</a></div><div class='content'><p>"
            + "为提升药学人员专业能力，我院于近日举办药学专业技能大赛，各科室选派骨干参加比赛。" * 3 +
            "</p></div><div class='foot'>版权所有 某某省中医药研究院附属医院 Copyright © 2019</div></body></html>")
    assert extract_article(page).title == "我院举办2019年药学专业技能大赛"
    kept = page.replace("版权所有 某某省中医药研究院附属医院", "版权所有 某某医院集团")
    assert extract_article(kept).title == "我院举办2019年药学专业技能大赛 某某省中医药研究院附属医院"


def test_title_drops_a_site_name_glued_on_by_a_bare_dash_when_the_page_claims_the_text():
    page = ("<html><head><title>国产芯片厂商发布新一代存储控制器X9-ChipEye 芯视界</title></head><body>"
            "<div class='nav'><a href='/'>首页</a><a href='/news'>新闻</a></div><div class='content'><p>"
            + "国产芯片厂商近日发布新一代存储控制器，读写速度较上一代提升约一倍，功耗下降三成。" * 3 +
            "</p><div class='note'>本文为ChipEye芯视界 原创文章，禁止转载。</div></div></body></html>")
    # between Latin letters a bare '-' is no separator ('COVID-19'), unless the page claims the rest
    assert extract_article(page).title == "国产芯片厂商发布新一代存储控制器X9"
    # a name after a bare dash that the page never claims stays: it may be part of the headline
    unclaimed = page.replace("本文为ChipEye芯视界 原创文章，禁止转载。", "欢迎分享。")
    assert extract_article(unclaimed).title == "国产芯片厂商发布新一代存储控制器X9-ChipEye 芯视界"


def test_a_headline_set_above_the_text_wins_over_a_title_that_is_only_the_sections_name():
    from pipelines.text.extract.title import agreement
    assert agreement("海边小城的夜市", "海边小城的夜市每到傍晚就热闹起来。") == 1.0
    assert agreement("Page", "Page after page") == 0.0  # under three words agreement says nothing
    greeting = json.loads((PAGES / "greeting_title_table_layout.json").read_text(encoding="utf-8"))
    result = extract_article((PAGES / "greeting_title_table_layout.html").read_text(encoding="utf-8"))
    assert result.title == greeting["title"]
    assert any(step.get("action") == "title-from-page" for step in result.report)
