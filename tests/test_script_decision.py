"""The script decision rests on the article text: language switchers, Japanese banners and cookie
notices that extraction let into a Traditional article are removed before it, and kana count only
in the prose lines, so one banner line of kana does not keep a Traditional article unconverted.
Texts written for the purpose."""
from __future__ import annotations

import pytest

from pipelines.text.normalize import chrome, normalize, script

# A short Traditional article: the kana of one banner line outweighs 5% of its Han characters.
ARTICLE = ["機關黨建工作要圍繞中心、服務大局。", "各級黨組織要把學習貫徹落實到實處，推動工作取得實效。"]
CONVERTED = ["机关党建工作要围绕中心、服务大局。", "各级党组织要把学习贯彻落实到实处，推动工作取得实效。"]


def whys(result) -> list[str]:
    return [e["why"] for e in result.report if e["step"] == "chrome"]


@pytest.mark.parametrize("banner", ["日本語 | English | 中文", "繁體中文 简体中文 English 日本語 한국어",
                                    "日本語で読む", "日本語版はこちら", "切換到 English", "English version"])
def test_language_switcher_is_removed_and_the_article_converted(banner: str):
    result = normalize("\n".join([banner, *ARTICLE]))
    assert result.paragraphs == CONVERTED
    assert result.script == "traditional" and whys(result) == ["language-switcher"]


@pytest.mark.parametrize("notice", [
    "本網站使用Cookie以提升您的瀏覽體驗，繼續瀏覽即表示您同意我們的Cookie政策。",
    "当サイトではクッキーを使用しています。サイトを閲覧し続けることで、クッキーの使用に同意したものとみなします。",
    "We use cookies to improve your experience. By continuing you agree to our privacy policy.",
])
def test_cookie_notice_is_removed_and_the_article_converted(notice: str):
    result = normalize("\n".join([*ARTICLE, notice]))
    assert result.paragraphs == CONVERTED and whys(result) == ["cookie-notice"]


def test_kana_banner_that_no_rule_removes_does_not_decide_the_script():
    # Not a switcher nor a notice: it stays, but the kana share is read on the prose lines only.
    banner = "ようこそ　このページについて　おすすめコンテンツ"
    result = normalize("\n".join([banner, *ARTICLE]))
    assert result.paragraphs[1:] == CONVERTED
    assert not [e for e in result.report if e["why"] == "japanese-kana"]


def test_japanese_article_is_still_left_alone():
    text = "東京で新しい法律ができました。業務の歴史を学ぶことが大切です。\n日本語 | English | 中文"
    result = normalize(text)
    assert result.paragraphs == ["東京で新しい法律ができました。業務の歴史を学ぶことが大切です。"]
    assert ("script", "japanese-kana") in {(e["step"], e["why"]) for e in result.report}


def test_kana_share_is_measured_on_prose_lines():
    assert script.prose("おすすめコンテンツ\n機關黨建工作。\n標題") == "機關黨建工作。"
    assert script.prose("標題\n小標題") == "標題\n小標題"  # no prose: the whole text
    assert script.plan("おすすめコンテンツ\n" + "\n".join(ARTICLE), "zh-Hans").config == "t2s"


@pytest.mark.parametrize("line", [
    "語言：韓語",                                                    # a song's language in a discography
    "欧盟要求网站在使用Cookie前征得用户同意。",                        # an article sentence about cookies
    "他会说中文、英文和日文三种语言。",
    "中文",
])
def test_lines_about_languages_or_cookies_that_are_content_stay(line: str):
    probe = script.converter("t2s").convert(line)
    assert chrome.classify(probe) is None
