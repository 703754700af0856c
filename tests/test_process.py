"""process_page: bytes in, normalized text + metadata + charset record + report out, whatever the bytes."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import pipelines.text.process as process
from pipelines.text.extract import Extracted
from pipelines.text.process import found_metadata, process_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

PARAS = [
    "国务院新闻办公室今天举行新闻发布会，介绍今年以来我国经济社会发展情况，发言人回答了记者提问。",
    "发言人表示，各地区各部门认真贯彻落实党中央决策部署，经济运行总体平稳，就业形势保持稳定，居民收入继续增长。",
    "发言人指出，下一步将继续深化改革扩大开放，着力稳就业、稳金融、稳外贸，推动经济高质量发展。",
]
PAGE = ("<html><head><title>经济运行总体平稳_时政频道_某某网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>国内</a> <a href='/b'>国际</a></div>"
        "<h1>经济运行总体平稳</h1><p>2022-02-13 07:48 来源：新华日报</p><p>本报记者 张三</p>"
        + "".join(f"<p>{p}</p>" for p in PARAS) + "</body></html>")


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: real-page tests need the client's shared folder beside the checkout")
    return path


def test_gbk_page_without_charset_comes_out_as_clean_text():
    result = process_page(PAGE.encode("gbk"), url="http://example.cn/a.html")
    assert result.charset["charset"] == "gb18030"
    assert result.charset["method"] == "detected"
    assert PARAS[1] in result.text
    assert result.title == "经济运行总体平稳"
    assert (result.author, result.published) == ("张三", "2022-02-13T07:48")
    assert "首页" not in result.text


def test_http_charset_is_recorded_even_when_overruled():
    result = process_page(PAGE.encode("gbk"), http_charset="utf-8")
    assert result.charset["declared"]["http"] == "utf-8"
    assert result.charset["charset"] == "gb18030"


def test_empty_body():
    result = process_page(b"")
    assert (result.text, result.title, result.extractor) == ("", None, "none")
    assert result.charset["confidence"] == 0.0


def test_binary_body_served_as_html_does_not_raise():
    body = b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + os.urandom(8192)
    result = process_page(body, http_charset="iso-8859-1")
    assert result.charset["confidence"] < 0.3
    assert isinstance(result.text, str)


def test_result_serializes_to_json():
    result = process_page(PAGE.encode("utf-8"))
    record = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert record["extractor"] == "trafilatura"
    assert {"step", "action"} <= set(record["report"][0])


def test_report_says_what_extraction_dropped():
    result = process_page(PAGE.encode("utf-8"))
    dropped = [r["text"] for r in result.report if r.get("action") == "drop-line"]
    assert "本报记者 张三" in dropped


def test_settings_reach_the_steps(monkeypatch):
    seen = {}
    real = process.normalize

    def spy(text, *, title=None, script_target="zh-Hans", **kw):
        seen["script_target"] = script_target
        return real(text, title=title, script_target=script_target, **kw)

    monkeypatch.setattr(process, "normalize", spy)
    html = PAGE.replace(f"<p>{PARAS[2]}</p>", f"<div id='x'><p>{PARAS[2]}</p></div>")
    result = process_page(html.encode("utf-8"), body_selector="#x", script_target="keep")
    assert seen["script_target"] == "keep"
    assert (result.extractor, result.text) == ("selector", PARAS[2])


def test_page_structure_wins_over_text_metadata():
    from pipelines.text.normalize import normalize

    extracted = Extracted("标题", "张三", "2022-02-13", "正文", "trafilatura", editor=None, source="新华日报")
    body = "作者：李四\n" + "这是一段足够长的正文，用来检验署名的取舍是否正确。" * 3 + "\n责任编辑：王五"
    merged = normalize(body, title="标题", found=found_metadata(extracted)).metadata
    assert {k: merged.get(k) for k in ("author", "published", "source", "editor")} == \
        {"author": "张三", "published": "2022-02-13", "source": "新华日报", "editor": "王五"}


def test_a_byline_from_the_page_is_cleaned_like_the_text():
    """Pinyin annotations and Traditional script in the page's own byline go as in the text."""
    from pipelines.text.normalize import normalize

    found = {"author": "葉(yè)興(xīng)宇", "editor": "陳(chén)曉", "source": None, "published": None}
    merged = normalize("這是一段足夠長的正文，用來檢驗署名的清理。" * 3, title="標題", found=found).metadata
    assert (merged["author"], merged["editor"]) == ("叶兴宇", "陈晓")


def test_wayback_page_end_to_end():
    path = shared_file("corpus", "multilingual-snippets", "html", "archive.org.he.xinhuanet.com.25340717.html")
    result = process_page(path.read_bytes(), url=path.as_uri())
    assert result.charset["method"] == "meta"
    assert result.title == "话剧《约定无期限》河北各市巡演结束"
    assert result.published == "2012-06-04T09:20"
    assert "秦皇岛、承德、张家口等10个设区市演出" in result.text


def test_extract_command_prints_one_json_line_per_file(capsys):
    from crawler.cli import main

    path = shared_file("corpus", "zh-articles", "original")
    files = sorted(path.glob("*.html"))[:2]
    assert main(["extract", "--jsonl", *map(str, files)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [Path(r["file"]).name for r in lines] == [f.name for f in files]
    assert all(len(r["text"]) > 200 for r in lines)
