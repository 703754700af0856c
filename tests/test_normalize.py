"""pipelines.text.normalize end to end: the public interface, the five seed records against the gold,
OpenCC's own conversion cases, idempotence, the report and speed.

Focused tests of single rules (including rules that must not fire) are in test_normalize_rules.py.
Data under ../shared is read by path; without it those tests skip and say why.
"""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest

from tests.conftest import shared_path

import pipelines.text.normalize as normalize_pkg
from pipelines.text.normalize import Normalized, clean_record, normalize, script, whitespace

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = ["000_5f8109f256347c20", "001_82782359ecc673a1", "002_b233b12359aeba46",
         "003_8f2e49a18708e3a0", "004_b2d1b783c370c15a"]
TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")
PINYIN_LEFT = re.compile(r"[\u3400-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
CHROME = ["投稿邮箱", "手机版", "欢迎使用手机浏览", "微信扫一扫", "收听本文", "打印 纠错", "西平县|", "网站首页",
          "请输入您要查询", "随便看", "Copyright", "更新时间", "分享让更多人看到", "版权所有", "ICP备", "举报电话",
          "责任编辑", "编辑:", "签发", "举报专区", "&nbsp;"]




def seed_text(stem: str) -> str:
    return shared_path("seeds", f"{stem}.txt").read_text(encoding="utf-8")


def gold(stem: str) -> dict:
    return json.loads(shared_path("checks", "seeds_gold.json").read_text(encoding="utf-8"))[stem]


def record(result: Normalized) -> str:
    """What `article-archive clean` writes: the title line, then one paragraph a line."""
    return "\n".join(([result.title] if result.title else []) + result.paragraphs)


def f1(pred: str, truth: str) -> float:
    p, g = collections.Counter(TOKEN.findall(pred)), collections.Counter(TOKEN.findall(truth))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


# --- public interface -------------------------------------------------------------------------

def test_public_exports_are_deliberate():
    assert set(normalize_pkg.__all__) == {"Normalized", "normalize", "clean_record"}


def test_normalized_text_joins_paragraphs():
    result = normalize("第一段。\n第二段。")
    assert result.paragraphs == ["第一段。", "第二段。"]
    assert result.text == "第一段。\n第二段。"


def test_normalize_takes_title_apart_from_text():
    result = normalize("正文第一段。", title="標(biāo)題(tí)")
    assert result.title == "标题"
    assert result.paragraphs == ["正文第一段。"]


def test_empty_text():
    result = normalize("")
    assert (result.title, result.paragraphs, result.original_paragraphs, result.metadata) == (None, [], [], {})
    assert result.script == "simplified"


def test_unknown_script_target_is_refused():
    with pytest.raises(ValueError, match="zh-CN"):
        normalize("文本。", script_target="zh-CN")


def test_report_entries_are_json_and_complete():
    result = clean_record(seed_text("000_5f8109f256347c20"))
    json.dumps(result.report, ensure_ascii=False)
    steps = {entry["step"] for entry in result.report}
    assert {"pinyin", "script", "chrome", "metadata"} <= steps
    for entry in result.report:
        assert {"step", "action", "text", "why"} <= entry.keys()
        assert len(entry["text"]) <= 80


# --- the seed records against the gold ----------------------------------------------------------

@pytest.mark.parametrize("stem", SEEDS)
def test_seed_matches_gold(stem: str):
    result, expected = clean_record(seed_text(stem)), gold(stem)
    assert result.title == expected["title"]
    body = [p for p in result.paragraphs if p not in expected["optional"]]
    assert f1("\n".join(body), "\n".join(expected["body"])) >= 0.97
    flat = json.dumps(result.metadata, ensure_ascii=False)
    for key, value in expected["metadata"].items():
        assert value in flat, key


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_output_has_no_chrome_pinyin_or_traditional(stem: str):
    text = record(clean_record(seed_text(stem)))
    assert not [c for c in CHROME if c in text]
    assert not PINYIN_LEFT.search(text)
    assert script.converter("t2s").convert(text) == text


@pytest.mark.parametrize("stem", SEEDS)
def test_cleaning_a_cleaned_seed_changes_nothing(stem: str):
    once = record(clean_record(seed_text(stem)))
    assert record(clean_record(once)) == once


def test_clean_seed_004_comes_out_unchanged():
    text = seed_text("004_b2d1b783c370c15a")
    result = clean_record(text)
    assert record(result) == "\n".join(line.strip() for line in text.splitlines() if line.strip())
    assert result.script == "simplified"
    assert not [e for e in result.report if e["step"] not in ("title",)]


def test_seed_metadata_fields():
    assert clean_record(seed_text("001_82782359ecc673a1")).metadata["author"] == "符惠明"
    assert clean_record(seed_text("002_b233b12359aeba46")).metadata["author"] == "吕和顺"
    assert clean_record(seed_text("003_8f2e49a18708e3a0")).metadata["author"] == "叶兴宇"
    assert clean_record(seed_text("000_5f8109f256347c20")).metadata["source"] == "《旗帜》2020年第12期"


def test_seed_damage_that_cannot_be_proven_stays():
    result = clean_record(seed_text("003_8f2e49a18708e3a0"))
    assert any("?cè)趺醋觥" in p for p in result.paragraphs)


def test_seed_original_paragraphs_keep_the_page_script():
    result = clean_record(seed_text("003_8f2e49a18708e3a0"))
    assert result.script in ("traditional", "mixed")
    assert len(result.original_paragraphs) == len(result.paragraphs)
    assert result.original_paragraphs[0].startswith("湛江市直機關工委")
    assert result.paragraphs[0].startswith("湛江市直机关工委")


# --- OpenCC's own cases -------------------------------------------------------------------------

def _opencc_cases(config: str) -> list[tuple[str, str]]:
    path = SHARED / "corpus" / "opencc-cases" / "test" / "testcases" / "testcases.fixed.json"
    if not path.exists():
        return []
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return [(c["input"], c["expected"][config]) for c in cases if config in c["expected"]]


def _one_paragraph_a_line(text: str) -> list[str]:
    return [line for line in map(whitespace.clean_line, text.splitlines()) if line]


@pytest.mark.parametrize("source, expected", _opencc_cases("t2s") or [pytest.param("", "", marks=pytest.mark.skip(
    reason=f"OpenCC cases not found under {SHARED / 'corpus' / 'opencc-cases'}"))])
def test_opencc_t2s_cases(source: str, expected: str):
    assert normalize(source, script_target="zh-Hans").paragraphs == _one_paragraph_a_line(expected)


@pytest.mark.parametrize("config, target", [("s2tw", "zh-TW"), ("s2hk", "zh-HK")])
def test_opencc_simplified_to_traditional_cases(config: str, target: str):
    cases = _opencc_cases(config)
    if not cases:
        pytest.skip(f"OpenCC cases not found under {SHARED / 'corpus' / 'opencc-cases'}")
    # Inputs already written in Traditional are left alone by design (no conversion of a
    # Traditional text towards Traditional), so only the Simplified inputs are compared.
    simplified = [(s, e) for s, e in cases if script.detect(s) != script.TRADITIONAL]
    assert simplified
    for source, expected in simplified:
        assert normalize(source, script_target=target).paragraphs == _one_paragraph_a_line(expected), source


def test_opencc_golden_document_to_taiwan_script():
    golden = shared_path("corpus", "opencc-cases", "test", "golden")
    source = (golden / "input" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    expected = (golden / "output" / "us_constitution_zhs.s2tw.txt").read_text(encoding="utf-8")
    result = normalize(source, script_target="zh-TW")
    assert f1(result.text, expected) > 0.99
    assert script.detect(result.text) == script.TRADITIONAL


# --- idempotence and speed ------------------------------------------------------------------------

def test_normalize_is_idempotent_on_its_output():
    first = normalize("　　統(tǒng)籌(chóu)推進(jìn)工作。\n打印 糾錯\n（作者：張三，某某大學教授）",
                      title="文章標題_共产党员网")
    second = normalize(first.text, title=first.title)
    assert (second.title, second.paragraphs) == (first.title, first.paragraphs)
    assert [e for e in second.report if e["step"] != "script"] == []


# A NetEase page as the extractor leaves it: caption credit, article, comments notice and the
# comments below it, channel menu, hot list, then a blog sidebar, a contact footer and a credit.
NETEASE = [
    "姚明场边支招周琦。视频截图",
    "新京报讯2019年篮球世界杯17-32名排位赛，中国男篮以77比73战胜韩国队，保住进军东京奥运会的希望。",
    "比赛中一个镜头引起了大家的注意，周琦在一次暂停后准备上场时，姚明拉住他在耳边说了几句话。",
    "分享到：", "网友评论仅供其表达个人看法，并不表明网易立场。", "这群人那个身边没有智囊？",
    "- 推荐", "- 娱乐", "- 体育", "- 财经", "- 时尚", "- 科技", "- 军事", "- 汽车", "热点新闻", "态度原创",
    "- 163675成龙参观张北草原天路当地下通知封路？官方回应", '- 239523女子喝醉后惨遭"捡尸"强奸 酒吧门口竟有人常蹲守',
    "- 334174河南马戏团脱逃老虎到动物园时已死亡 死因待鉴定", "- 431542男子夜晚尾随搭讪女孩 被拒后暴踹其面部殴打20秒",
]
CREDITED = ["汉网[汉民族服饰]", "湖湘文化论坛[红网]", "春秋战国[全球中文网]", "陈天华《警世钟》",
            "长梦千年何日醒，睡乡谁遣警钟鸣？", "▲图片来自视频截图。", "- 微信号：CSDNnews", "转自《北京科技报》",
            "[图片说明1：漫画/冷洁]", "地 址：北京市朝阳区大屯路甲11号", "电子信箱：gsc@igsnrr.ac.cn", "电 话：010-64870663"]


@pytest.mark.parametrize("page, body", [(NETEASE, NETEASE[1:3]), (CREDITED, CREDITED[3:5])])
def test_page_chrome_goes_in_one_pass(page: list[str], body: list[str]):
    first = normalize("\n".join(page))
    assert first.paragraphs == body
    second = normalize(first.text)
    assert second.paragraphs == first.paragraphs
    assert [e for e in second.report if e["step"] in ("chrome", "metadata")] == []
