"""Main text, title, byline and date extraction: synthetic pages for each rule, real pages for the whole."""
from __future__ import annotations

import collections
import json
import re
import statistics
from pathlib import Path

import pytest

import pipelines.text.extract as extract
from pipelines.text.decode import decode_html
from pipelines.text.extract import (densest_block_text, extract_article, find_author, find_date, find_editor,
                               page_blocks, parse_html, trim_head, trim_tail)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

PARAS = [
    "国务院新闻办公室今天举行新闻发布会，介绍今年以来我国经济社会发展情况，发言人回答了记者提问。",
    "发言人表示，各地区各部门认真贯彻落实党中央决策部署，经济运行总体平稳，就业形势保持稳定，居民收入继续增长。",
    "发言人指出，下一步将继续深化改革扩大开放，着力稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期，推动高质量发展。",
    "他强调，要坚持以人民为中心的发展思想，切实保障和改善民生，让改革发展成果更多更公平惠及全体人民。",
]
NAV = ["首页", "国内", "国际", "财经", "社会", "体育", "娱乐", "科技", "汽车", "房产"]


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: real-page tests need the client's shared folder beside the checkout")
    return path


def portal_page(title: str = "经济运行总体平稳", site: str = "--时政频道--某某网") -> str:
    """An old portal: everything in nested layout tables, navigation as a row of links."""
    nav = "".join(f'<td><a href="/{i}">{n}</a></td>' for i, n in enumerate(NAV))
    related = "".join(f'<li><a href="/r{i}">相关新闻标题第{i}条很长很长的链接文字</a></li>' for i in range(8))
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<html><head><meta charset="utf-8"><title>{title}{site}</title></head><body>'
            f'<table width="960"><tr>{nav}</tr></table>'
            '<table width="960"><tr><td width="700"><table><tr><td>'
            f'<h1>{title}</h1><p>2022年02月13日07:48 | 来源：新华日报</p><p>本报记者 张三 李四</p>{paras}'
            '<p>（责任编辑：王五）</p></td></tr></table></td>'
            f'<td width="260"><ul>{related}</ul></td></tr></table>'
            '<table><tr><td>版权所有 某某网 京ICP备12345678号</td></tr></table></body></html>')


def test_layout_tables_give_the_article_without_navigation():
    result = extract_article(portal_page())
    for para in PARAS:
        assert para in result.text
    assert "娱乐" not in result.text and "相关新闻" not in result.text
    assert result.method == "trafilatura"


def test_title_date_byline_and_editor_lines_leave_the_body_for_the_metadata():
    result = extract_article(portal_page())
    assert result.text.splitlines()[0] == PARAS[0]
    assert "王五" not in result.text and "2022" not in result.text
    assert (result.title, result.author, result.published) == ("经济运行总体平稳", "张三 李四", "2022-02-13T07:48")
    assert (result.editor, result.source) == ("王五", "新华日报")
    assert any(r["action"] == "drop-line" and r["reason"] == "byline" for r in result.report)


@pytest.mark.parametrize(("doc_title", "expected"), [
    ("习近平的重要文章谈了啥--理论·党建--人民网", "习近平的重要文章谈了啥"),
    ("劳伦斯：一个无法定义的“洛克菲勒”-搜狐财经", "劳伦斯：一个无法定义的“洛克菲勒”"),
    ("COVID-19 cases rise - BBC News", "COVID-19 cases rise"),
    ("多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业", "播客热潮迅速蔓延 挑逗传统传媒业"),
])
def test_title_drops_site_and_channel_names(doc_title: str, expected: str):
    html = f"<html><head><title>{doc_title}</title></head><body><p>{PARAS[0]}</p></body></html>"
    assert extract_article(html).title == expected


def test_title_is_never_the_site_name():
    html = ('<html><head><title>松花江网</title></head><body><h1>松花江网</h1>'
            f'<h2>土豆不“土” 土豆无“土”</h2><p>{PARAS[0]}</p></body></html>')
    assert extract_article(html).title == "土豆不“土” 土豆无“土”"
    assert extract_article(html.replace("<h2>土豆不“土” 土豆无“土”</h2>", "")).title is None


def test_heading_confirmed_by_title_wins():
    html = (f'<html><head><title>土豆不“土” 松花江网</title><meta property="og:site_name" content="松花江网">'
            f'</head><body><h1>松花江网</h1><h1>土豆不“土”</h1><p>{PARAS[0]}</p></body></html>')
    assert extract_article(html).title == "土豆不“土”"


def test_body_selector_overrides_heuristics():
    html = portal_page().replace(f"<p>{PARAS[2]}</p>", f'<div class="lead"><p>{PARAS[2]}</p></div>')
    result = extract_article(html, body_selector="div.lead")
    assert (result.method, result.text) == ("selector", PARAS[2])


def test_selector_that_matches_nothing_falls_back_and_says_so():
    result = extract_article(portal_page(), body_selector="#no-such-id")
    assert result.method == "trafilatura"
    assert PARAS[1] in result.text
    assert any(r["action"] == "selector-miss" for r in result.report)


def test_title_selector():
    html = portal_page().replace("<h1>", '<h1 class="t">').replace("</h1>", "</h1><p class='st'>副标题在这里</p>")
    assert extract_article(html, title_selector="p.st").title == "副标题在这里"


def test_when_trafilatura_returns_nothing_a_second_extractor_takes_over(monkeypatch):
    monkeypatch.setattr(extract.body, "_trafilatura_text", lambda root, url, **modes: "")
    result = extract_article(portal_page())
    assert result.method in {"densest-block", "readability"}
    assert PARAS[1] in result.text and "相关新闻" not in result.text
    assert {"step": "extract", "action": "choose", "extractor": result.method} in result.report


def test_densest_block_prefers_prose_over_link_lists():
    root = parse_html(portal_page())
    text = densest_block_text(page_blocks(root))
    assert PARAS[0] in text and PARAS[3] in text
    assert "相关新闻" not in text and "首页" not in text


@pytest.mark.parametrize("html", ["", "   ", "\x00\x01\x02", "<?xml version='1.0' encoding='gbk'?>", "<<<>>>",
                                  "\ufffd" * 100, "<html><body></body></html>"])
def test_garbage_gives_an_empty_result_not_an_exception(html: str):
    result = extract_article(html)
    assert result.text == ""
    assert result.method == "none"


def test_xml_declaration_with_encoding_is_parsed():
    html = f"<?xml version='1.0' encoding='gbk'?><html><body><p>{PARAS[0]}</p></body></html>"
    assert parse_html(html) is not None


def test_junk_before_html_does_not_hide_the_title():
    html = (f'<text id="x" encoding="gbk">\n<html><head><title>真正的标题_某某网</title></head>'
            f'<body><p>{PARAS[0]}</p></body></html>')
    assert extract_article(html).title == "真正的标题"


def test_ruby_annotations_are_not_text():
    root = parse_html("<html><body><p><ruby>統<rt>tǒng</rt></ruby>"
                      "<ruby>籌<rp>(</rp><rt>chóu</rt><rp>)</rp></ruby></p></body></html>")
    assert [b.text for b in page_blocks(root)] == ["統籌"]


@pytest.mark.parametrize(("line", "author"), [
    ("本报记者 葛灵丹", "葛灵丹"),
    ("光明日报记者 王建宏 张文攀", "王建宏 张文攀"),
    ("新京报记者 彭冲 山东冠县报道", "彭冲"),
    ("作者： 放飞&心情 振威将军(从一品)", "放飞&心情"),
    ("执笔人：闵乐夫 赵兰波 刘韬", "闵乐夫 赵兰波 刘韬"),
    ("ggjjzhzz 发表于 2005-9-15 11:46:00", "ggjjzhzz"),
    ("记者从市教育局获悉，今年全市新增学位两万个。", None),
    ("记者调查 民意调查", None),
    ("作者： size=\"20\" 来源：", None),
])
def test_bylines(line: str, author: str | None):
    assert find_author([line]) == author


def test_editor_line():
    assert find_editor(["（责任编辑：王五）"]) == "王五"
    assert find_editor(["【编辑:刘欢】 返回搜狐，查看更多"]) == "刘欢"


@pytest.mark.parametrize(("line", "date"), [
    ("2022年02月13日07:48 | 来源：新华日报", "2022-02-13T07:48"),
    ("发布时间：2022-2-3 04:22:18", "2022-02-03T04:22"),
    ("——《北京之春》1998年3月号", "1998-03"),
    ("作者： 来源： 发布日期： 9/17/2004 5:54:13 AM", "2004-09-17T05:54"),
    ("2022年13月45日", None),
    ("共有2022个评论", None),
])
def test_dates(line: str, date: str | None):
    assert find_date([line]) == date


def test_trim_head_keeps_a_first_paragraph_that_starts_with_a_date():
    lines = ["2020年11月18日上午11点半，得知自己减刑释放的于欢还没缓过神来，被送到了冠县高速路口，妈妈和姐姐已在路口候他多时。",
             PARAS[0]]
    assert trim_head(lines, "于欢出狱的一天") == (lines, [])


def test_trim_tail_cuts_copyright_but_not_the_article():
    lines = [*PARAS, "版权声明：本网所有作品，未经授权不得转载。", "联系电话：010-12345678"]
    kept, dropped = trim_tail(lines)
    assert kept == PARAS
    assert [why for _, why in dropped] == ["after end-of-article marker"] * 2


def test_wayback_xinhuanet_page():
    path = shared_file("corpus", "multilingual-snippets", "html", "archive.org.he.xinhuanet.com.25340717.html")
    result = extract_article(decode_html(path.read_bytes()).text)
    assert result.title == "话剧《约定无期限》河北各市巡演结束"
    assert result.published == "2012-06-04T09:20"
    assert "一个约定，信守15年，感人至深；一段真情，延续15年" in result.text
    assert "ICP证010042号" not in result.text and "copyright (c) 2000" not in result.text.lower()


def test_people_daily_title_loses_its_channel_suffix():
    path = shared_file("corpus", "zh-pages-raw", "html")
    pages = [p for p in sorted(path.glob("*.html")) if "郑板桥" in decode_html(p.read_bytes()).text[:3000]]
    if not pages:
        pytest.skip("the people.com.cn page about 郑板桥 is not in this copy of zh-pages-raw")
    result = extract_article(decode_html(pages[0].read_bytes()).text)
    assert result.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"


_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")


def _f1(pred: str, gold: str) -> float:
    p, g = collections.Counter(_TOKEN.findall(pred)), collections.Counter(_TOKEN.findall(gold))
    common = sum((p & g).values())
    return 0.0 if not common else 2 * common / (sum(p.values()) + sum(g.values()))


def test_zh_articles_mean_f1():
    folder = shared_file("corpus", "zh-articles")
    scores = []
    for path in sorted((folder / "original").glob("*.html")):
        gold = (folder / "cleaned" / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace")
        scores.append(_f1(extract_article(decode_html(path.read_bytes()).text).text, gold))
    assert statistics.mean(scores) >= 0.93
    assert min(scores) > 0.5  # no page lost outright


def test_snippets_on_the_chinese_news_pages():
    folder = shared_file("corpus", "multilingual-snippets")
    truth = json.loads((folder / "evaldata_subset.json").read_text(encoding="utf-8"))
    for item in truth.values():
        if not re.search(r"xinhuanet|banyuetan", item["file"]):
            continue
        text = extract_article(decode_html((folder / "html" / item["file"]).read_bytes()).text).text
        for snippet in item["with"]:
            assert snippet in text, (item["file"], snippet)
        for snippet in item["without"]:
            assert snippet not in text, (item["file"], snippet)


def test_original_title_and_navigation_rows_leave_the_head():
    lines = ["| 首页 | 新闻 | 体育 | 娱乐 |", "（原标题：单项奖金100万美元，获奖者什么来头？）", *PARAS]
    kept, dropped = trim_head(lines, "获奖者什么来头")
    assert kept == PARAS
    assert [why for _, why in dropped] == ["navigation row", "original title"]


def test_leading_navigation_row_goes_even_without_a_byline():
    kept, dropped = trim_head(["| 艺术通史 | 作品赏析 | 艺术人物 |", *PARAS], None)
    assert (kept, [why for _, why in dropped]) == (PARAS, ["navigation row"])


def test_print_edition_and_bracketed_editor_at_the_end():
    lines = [*PARAS, "《光明日报》（ 2022年02月13日 02版）", "（松花江网编辑 孙桂芳）"]
    kept, dropped = trim_tail(lines)
    assert kept == PARAS
    assert find_editor([line for line, _ in dropped]) == "孙桂芳"
    assert extract.find_source([line for line, _ in dropped]) == "光明日报"


def test_header_without_any_title_markup_gives_the_title():
    html = ("<html><body><div><p>北京市儿童心理素质发展现状调查研究报告</p><p>2003年5月</p>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>")
    result = extract_article(html)
    assert (result.title, result.published) == ("北京市儿童心理素质发展现状调查研究报告", "2003-05")
    assert result.text.splitlines()[0] == PARAS[0]
