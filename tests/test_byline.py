"""The byline grammar: labels in both scripts, date forms with their time of day, Taiwanese reporter
bylines, link text that is no author, and the byline's date over dates in the body. Lines written
for these tests; no page is copied."""
from __future__ import annotations

import re

import pytest

from pipelines.text.extract import byline, extract_article, find_author, find_date, find_editor, find_source, trim_head

PARAS = [
    "梅雨季與颱風季接連到來，市政府工務局今天表示，全市一百座抽水站已於五月底前全數完成汛期前總體檢，整體妥善率達九成九。",
    "工務局指出，市區地勢低窪，部分地區仰賴抽水站將雨水排入河川，一旦抽水站失靈，短時間內就可能造成積淹水，不可輕忽。",
    "除了硬體設備，工務局也同步檢視人力調度，汛期期間各抽水站採二十四小時輪班，遇颱風或豪雨特報時將加派人員進駐。",
]
ZH_PARAS = [
    "国务院新闻办公室今天举行新闻发布会，介绍今年以来我国经济社会发展情况，发言人回答了记者提问。",
    "发言人表示，各地区各部门认真贯彻落实党中央决策部署，经济运行总体平稳，就业形势保持稳定，居民收入继续增长。",
    "发言人指出，下一步将继续深化改革扩大开放，着力稳就业、稳金融、稳外贸、稳外资、稳投资，推动高质量发展。",
]


def page(head: str, paras: list[str], title: str = "抽水站總體檢") -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>{head}'
            + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>")


# --- one label table, both scripts -------------------------------------------------------------

@pytest.mark.parametrize(("field", "simplified", "traditional"), [
    (find_author, ("撰文／王小明", "王小明"), ("執筆人：王小明", "王小明")),
    (find_author, ("本报记者 张三", "张三"), ("本報記者 張三", "張三")),
    (find_author, ("实习记者：李四", "李四"), ("實習記者：李四", "李四")),
    (find_editor, ("责任编辑 王五", "王五"), ("責任編輯：王五", "王五")),
    (find_source, ("稿源：新华社", "新华社"), ("來源：中央社", "中央社")),
])
def test_labels_in_both_scripts(field, simplified: tuple[str, str], traditional: tuple[str, str]):
    for line, value in (simplified, traditional):
        assert field([line]) == value, line


def test_published_label_in_both_scripts_keeps_the_time():
    assert find_date(["发布时间：2022-02-13 07:48"]) == "2022-02-13T07:48"
    assert find_date(["發布時間：2023/06/01 14:35"]) == "2023-06-01T14:35"
    assert find_date(["發佈日期：2023-06-01"]) == "2023-06-01"


def test_document_number_in_both_scripts_is_a_header_line():
    assert byline.find_docno(["文号：国办发〔2021〕12号"]) == "国办发〔2021〕12号"
    assert byline.find_docno(["發文字號：府授法字第1120001號"]) == "府授法字第1120001號"
    kept, dropped = trim_head(["發文字號：府授法字第1120001號", *PARAS], None)
    assert (kept, dropped) == (PARAS, [("發文字號：府授法字第1120001號", "byline")])


def test_traditional_labels_come_from_the_simplified_table():
    pattern = byline.label("source")
    for form in ("来源", "來源", "出處", "稿件來源"):
        assert re.fullmatch(pattern, form), form
    assert re.fullmatch(byline.label("author"), "作\u3000者")  # a label spaced out


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "date"), [
    ("2022-02-13 07:48:05 来源：新华日报", "2022-02-13T07:48"),
    ("时间：2004年10月21日14:18", "2004-10-21T14:18"),
    ("2024年6月1日 14时30分", "2024-06-01T14:30"),
    ("2022/02/13 07:48", "2022-02-13T07:48"),
    ("更新時間：2023-06-01 下午2:35", "2023-06-01T14:35"),
    ("作者： 来源： 发布日期： 9/17/2004 5:54:13 PM", "2004-09-17T17:54"),
    ("2023 11/ 17 20:52:15", "2023-11-17T20:52"),             # Xinhua's year / month/day / time spans
    ("民國112年6月1日", "2023-06-01"),
    ("中華民國112年6月", "2023-06"),
    ("日期：112/06/01", "2023-06-01"),
    ("发布日期：112-06-01 09:05", "2023-06-01T09:05"),
    ("日期：2004-10", "2004-10"),
    ("一九九八年三月于纽约", "1998-03"),
    ("二〇〇四年十月二十一日", "2004-10-21"),
    ("２００４年１０月２１日", "2004-10-21"),
])
def test_date_forms(line: str, date: str):
    assert find_date([line]) == date


def test_roc_numeric_date_only_after_a_label():
    assert find_date(["日期：112/06/01"]) == "2023-06-01"
    assert find_date(["112/06/01"]) is None
    assert find_date(["日期：12/06/01"]) is None  # a two-digit Gregorian year, not ROC 12


def test_a_number_after_the_date_is_no_time_of_day():
    assert find_date(["《光明日报》（ 2022年02月13日 02版）"]) == "2022-02-13"
    assert find_date(["2022年2月13日下午3:05"]) == "2022-02-13T15:05"


def test_a_labelled_date_wins_over_a_date_in_a_heading():
    lines = ["2004年10月20日国务院常务会议召开", "时间：2004年10月21日14:18 来源：新华社"]
    assert find_date(lines) == "2004-10-21T14:18"


# --- Taiwanese and Hong Kong reporter bylines ----------------------------------------------------

@pytest.mark.parametrize(("line", "author"), [
    ("記者王小明／台北報導", "王小明"),
    ("（中央社記者王小明台北1日電）", "王小明"),
    ("（中央社記者王小明華盛頓31日綜合外電報導）", "王小明"),
    ("（中央社駐歐洲特派員王小明布魯塞爾1日專電）", "王小明"),
    ("記者王小明、李大華／綜合報導", "王小明 李大華"),
    ("文／王小明、圖／李大華", "王小明"),
    ("【記者王小明／高雄報導】", "王小明"),
    ("〔記者王小明╱台北報導〕", "王小明"),
    ("聯合報記者王小明／台北報導", "王小明"),
    ("【王小明／台北報導】", "王小明"),
])
def test_taiwanese_reporter_bylines(line: str, author: str):
    assert find_author([line]) == author


def test_a_desk_or_a_dateline_without_reporter_names_nobody():
    assert find_author(["〔王大同／綜合報導〕"]) == "王大同"
    assert find_author(["〔即時新聞／綜合報導〕"]) is None
    assert find_author(["〔國際新聞中心／綜合報導〕"]) is None
    assert find_author(["（中央社記者王大同東京1日電）"]) == "王大同"
    assert find_author(["（中央社東京1日電）"]) is None
    assert find_author(["記者今天到台北報導"]) is None


def test_bracketed_byline_opening_the_first_paragraph_is_metadata():
    html = page("<p>2023/06/01 14:35</p>", [f"〔記者王小明／台北報導〕{PARAS[0]}", *PARAS[1:]])
    result = extract_article(html)
    assert result.author == "王小明"
    assert result.text.splitlines()[0] == PARAS[0]
    assert result.published == "2023-06-01T14:35"


def test_byline_as_a_separate_first_paragraph():
    result = extract_article(page("<p>記者陳美玲／台南報導</p>", PARAS))
    assert (result.author, result.text.splitlines()[0]) == ("陳美玲", PARAS[0])


# --- link text is no author --------------------------------------------------------------------

@pytest.mark.parametrize("line", ["作者：返回目录", "作者：上一章", "记者 回到顶部", "作者：网站首页", "作者：點擊查看",
                                  "作者：新華網"])
def test_link_text_and_outlets_are_no_authors(line: str):
    assert find_author([line]) is None


def test_link_text_under_the_title_is_neither_author_nor_text():
    # a chapter page of a book site: '返目录' under the chapter title, where an essay puts its author's
    # bare name ('茉莉')
    html = ('<html><head><meta charset="utf-8"><title>某某书屋</title></head><body><p>第一章 风雪夜归人</p>'
            '<p>返目录</p>' + "".join(f"<p>{p}</p>" for p in ZH_PARAS) + "</body></html>")
    result = extract_article(html)
    assert result.author is None
    assert "返目录" not in result.text
    assert result.text.splitlines()[0] == ZH_PARAS[0]


def test_a_forum_handle_is_taken_whole():
    assert find_author(["阿强修车铺 发表于 2023-5-12 10:47"]) == "阿强修车铺"
    assert find_author(["该论文发表于《自然》杂志"]) is None


# --- the byline's date over the body's -----------------------------------------------------------

def test_byline_date_wins_over_a_date_in_the_body():
    # the dateline sits above the headline, and the body opens with a dated heading line
    html = ('<html><head><meta charset="utf-8"><title>经济运行总体平稳</title></head><body>'
            '<div class="info">时间：2004年10月21日14:18 来源：新华社</div><h1>经济运行总体平稳</h1>'
            '<p>2004年10月20日 国务院常务会议</p>' + "".join(f"<p>{p}</p>" for p in ZH_PARAS) + "</body></html>")
    assert extract_article(html).published == "2004-10-21T14:18"


def test_declared_date_takes_the_bylines_time_of_the_same_day():
    html = ('<html><head><meta charset="utf-8"><title>经济运行总体平稳</title>'
            '<meta property="article:published_time" content="2022-02-13"></head><body>'
            '<div class="info">2022-02-13 07:48 来源：新华日报</div><h1>经济运行总体平稳</h1>'
            + "".join(f"<p>{p}</p>" for p in ZH_PARAS) + "</body></html>")
    assert extract_article(html).published == "2022-02-13T07:48"
    assert extract_article(html.replace("2022-02-13 07:48", "2022-02-12 07:48")).published == "2022-02-13"


# --- one grammar: extraction and normalization read the same table --------------------------------

from pipelines.text import byline_grammar  # noqa: E402
from pipelines.text.normalize import metadata  # noqa: E402

_FINDERS = {"author": find_author, "editor": find_editor, "source": find_source}


@pytest.mark.parametrize("field", sorted(_FINDERS))
def test_every_label_of_a_field_is_read_by_extraction_and_by_normalization(field: str):
    """A label added to byline_grammar.LABELS is known to both readers, in both scripts: no second list
    to forget. (The one-character 文 is extraction's alone, see metadata._SEPARATED.)"""
    for word in byline_grammar.LABELS[field]:
        if len(word) == 1:
            continue
        for form in byline_grammar.forms(word):
            line = f"{form}：王小明"
            assert _FINDERS[field]([line]) == "王小明", line
            found = metadata.parse_line(line, line, in_header=True)
            assert found is not None and found.fields.get(field) == "王小明", line


@pytest.mark.parametrize("line, fields, dropped", [
    ("执笔：王小明", {"author": "王小明"}, []),                  # a label extraction knew before normalization did
    ("作\u3000者：王小明", {"author": "王小明"}, []),              # spaced out to the width of 发布时间
    ("记者 王小明 通讯员 李大华", {"author": "王小明"}, ["通讯员"]),  # the correspondent is credited, not the author
    ("稿源：人民日报  更新时间：2021-05-06 10:23", {"source": "人民日报", "published": "2021-05-06"}, []),
    ("审核：赵六  点击数：132", {}, ["审核", "点击数"]),
])
def test_normalization_reads_label_value_lines_with_the_grammar(line, fields, dropped):
    found = metadata.parse_line(line, line, in_header=True)
    assert found is not None and found.fields == fields and found.dropped == dropped


@pytest.mark.parametrize("text, date", [
    ("发布时间：2021-05-06 10:23", "2021-05-06"), ("5/6/2021 10:23:00 AM", "2021-05-06"),
    ("民國110年5月6日", "2021-05-06"), ("2021年5月", None)])
def test_normalization_dates_are_the_grammars_full_dates_cut_to_the_day(text, date):
    assert metadata.normalize_date(text) == date
