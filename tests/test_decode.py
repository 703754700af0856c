"""Charset decisions: declarations, decoys, BOMs, mis-declared and undeclared pages, garbage."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from pipelines.text.decode import decode_html, normalize_label, plausibility, prescan_declarations

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

ARTICLE = ("据新华社北京电，国务院新闻办公室今天举行新闻发布会，介绍我国经济社会发展情况。"
           "发言人表示，今年以来各地区各部门认真贯彻落实党中央决策部署，经济运行总体平稳，"
           "就业形势保持稳定，居民收入继续增长，人民生活水平不断提高。")


def page(body: str, head: str = "", title: str = "新闻发布会") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><p>{body}</p></body></html>"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: real-page tests need the client's shared folder beside the checkout")
    return path


def test_gbk_page_without_any_declaration_is_detected_as_gb18030():
    decoded = decode_html(page(ARTICLE).encode("gbk"))
    assert decoded.charset == "gb18030"
    assert decoded.method == "detected"
    assert ARTICLE in decoded.text
    assert decoded.replacements == 0


def test_meta_charset_wins_when_it_verifies():
    decoded = decode_html(page(ARTICLE, '<meta charset="gb2312">').encode("gbk"))
    assert (decoded.charset, decoded.method) == ("gb18030", "meta")
    assert decoded.confidence >= 0.9


def test_wrongly_declared_utf8_on_gbk_bytes_falls_back_to_detection():
    decoded = decode_html(page(ARTICLE, '<meta charset="utf-8">').encode("gbk"))
    assert decoded.charset == "gb18030"
    assert decoded.method == "detected"
    assert ARTICLE in decoded.text


def test_latin1_http_header_on_gbk_bytes_is_not_believed():
    # servers default to ISO-8859-1; reading GBK that way gives 'ÖÐ¹ú'-style mojibake
    decoded = decode_html(page(ARTICLE).encode("gbk"), http_charset="ISO-8859-1")
    assert decoded.charset == "gb18030"
    assert decoded.declared["http"] == "ISO-8859-1"


def test_valid_utf8_beats_a_gbk_declaration():
    decoded = decode_html(page(ARTICLE, '<meta charset="gbk">').encode("utf-8"), http_charset="gbk")
    assert decoded.charset == "utf-8"
    assert ARTICLE in decoded.text


def test_charset_inside_script_is_a_decoy():
    head = ('<script src="/wombat.js" charset="utf-8"></script>'
            "<script>document.write('<meta charset=\"utf-8\">');</script>"
            "<!-- <meta charset=\"big5\"> -->"
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    body = page(ARTICLE, head).encode("gbk")
    assert prescan_declarations(body)[0] == ["gb2312"]
    decoded = decode_html(body)
    assert (decoded.charset, decoded.method) == ("gb18030", "meta")


def test_gb2312_label_decodes_characters_only_gbk_has():
    text = "朱镕基总理" + ARTICLE  # 镕 is outside GB2312 but in GBK/GB18030
    decoded = decode_html(page(text, '<meta charset="gb2312">').encode("gb18030"))
    assert "朱镕基" in decoded.text


def test_utf8_bom_overrides_declarations():
    body = codecs.BOM_UTF8 + page(ARTICLE, '<meta charset="gbk">').encode("utf-8")
    decoded = decode_html(body, http_charset="gbk")
    assert (decoded.charset, decoded.method, decoded.confidence) == ("utf-8", "bom", 1.0)
    assert not decoded.text.startswith("\ufeff")


def test_utf16_bom():
    decoded = decode_html(codecs.BOM_UTF16_LE + page(ARTICLE).encode("utf-16-le"))
    assert decoded.charset == "utf-16-le"
    assert ARTICLE in decoded.text


def test_big5_page_is_not_read_as_gbk():
    traditional = "據新華社北京電，國務院新聞辦公室今天舉行新聞發布會，介紹我國經濟社會發展情況。發言人表示，經濟運行總體平穩。"
    decoded = decode_html(page(traditional, title="新聞發布會").encode("big5"))
    assert decoded.charset == "big5hkscs"
    assert traditional in decoded.text


@pytest.mark.parametrize("body", [b"", b"   \r\n\t "])
def test_empty_body(body: bytes):
    decoded = decode_html(body)
    assert decoded.text == ""
    assert decoded.confidence == 0.0
    assert decoded.method == "empty"


def test_binary_served_as_html_returns_low_confidence():
    body = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096)
    decoded = decode_html(body, http_charset="text/html")
    assert decoded.confidence < 0.3
    assert isinstance(decoded.text, str)


def test_random_high_bytes_without_nul_do_not_raise():
    decoded = decode_html(bytes(range(0x80, 0x100)) * 40)
    assert decoded.confidence < 0.5


@pytest.mark.parametrize(("label", "codec"), [
    ("GB2312", "gb18030"), ("x-gbk", "gb18030"), ("Big5", "big5hkscs"), ("ISO-8859-1", "cp1252"),
    ("utf8", "utf-8"), ("Shift_JIS", "cp932"), ("text/html; charset=GBK", "gb18030"), ("text/html", None),
    ("base64", None), ("utf-7", None), ("binary", None), ("", None),
])
def test_labels_map_to_safe_superset_codecs(label: str, codec: str | None):
    assert normalize_label(label) == codec


def test_plausibility_flags_mojibake():
    assert plausibility(ARTICLE) == 1.0
    assert plausibility(ARTICLE.encode("utf-8").decode("gbk", "replace")) < 0.5
    assert plausibility(ARTICLE.encode("gbk").decode("cp1252", "replace")) < 0.5


def test_wayback_page_with_decoy_charset_decodes_as_gb2312():
    decoded = decode_html(shared_file("corpus", "multilingual-snippets", "html",
                                      "archive.org.he.xinhuanet.com.25340717.html").read_bytes())
    assert decoded.declared["meta"] == ["gb2312"]
    assert decoded.charset == "gb18030"
    assert "话剧《约定无期限》河北各市巡演结束" in decoded.text


def test_every_zh_article_decodes_cleanly():
    folder = shared_file("corpus", "zh-articles", "original")
    for path in sorted(folder.glob("*.html")):
        decoded = decode_html(path.read_bytes())
        assert decoded.charset in {"utf-8", "gb18030"}, path.name
        # a handful of bytes were already broken at the source; mis-decoding breaks thousands
        assert decoded.replacements <= 20, (path.name, decoded.charset, decoded.replacements)


def test_plausibility_counts_as_over_the_whole_text():
    """plausibility counts most signals among the non-ASCII characters only (a speed-up): it
    must give exactly what counting over the whole text gives, controls and mojibake included."""
    import random
    import re

    from pipelines.text import decode

    debris = re.compile(r"[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")

    def reference(text: str) -> float:
        text = decode._sample(text)
        non_ascii = len(text) - len(text.encode("ascii", "ignore"))
        if not non_ascii:
            return 1.0
        bad = len(debris.findall(text)) + sum(map(len, decode._LATIN_MOJIBAKE.findall(text)))
        hanzi = len(decode._HANZI.findall(text))
        if hanzi >= 20 and len(decode._KANA_HANGUL.findall(text)) < hanzi / 10:
            bad += max(0, len(decode._rare_hanzi().findall(text)) - hanzi // 12) * 2
        return max(0.0, 1.0 - bad / non_ascii)

    rng = random.Random(7)
    alphabet = ("\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x9f\xa0\xa1\xc3\xa9\xe2\u20ac\u2019\ufffd\ue000\uf8ff"
                "中国的丝鿿龘あ한abc <>")
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(2000)]
    page = "<p>中华人民共和国成立七十周年，这是一段正常的中文。</p>".encode("utf-8")
    samples += [page.decode(codec, "replace") for codec in ("utf-8", "gb18030", "big5hkscs", "cp1252", "latin-1")]
    assert [decode.plausibility(s) for s in samples] == [reference(s) for s in samples]
    assert len({decode.plausibility(s) for s in samples}) > 50  # the samples do tell texts apart
