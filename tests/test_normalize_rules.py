"""One focused test per normalization rule, and the cases where a rule must NOT fire.

Pure strings only; the seed records and OpenCC's cases are exercised in test_normalize.py.
"""
from __future__ import annotations

import pytest

from pipelines.text.normalize import clean_record, normalize, script
from pipelines.text.normalize.encoding import realign_lost_indent
from pipelines.text.normalize.metadata import normalize_date
from pipelines.text.normalize.pinyin import is_reading, strip_annotations
from pipelines.text.normalize.title import strip_site_suffix

BODY = "这是一段正文,讲述机关党建工作的具体做法和成效。"  # a sentence: the article has begun


def kept(text: str, **kwargs) -> list[str]:
    return normalize(text, **kwargs).paragraphs


def whys(text: str, **kwargs) -> list[str]:
    return [entry["why"] for entry in normalize(text, **kwargs).report]


# --- pinyin annotations -------------------------------------------------------------------------

def test_pinyin_after_converted_traditional_characters_is_removed():
    assert strip_annotations("統(tǒng)籌(chóu)推進(jìn)")[0] == "統籌推進"


def test_pinyin_next_to_punctuation_is_removed():
    assert strip_annotations("“三筆奮書(shū)”,首頁(yè)。")[0] == "“三筆奮書”,首頁。"


@pytest.mark.parametrize("char, annotation", [("統", "tong"), ("麼", "mē"), ("們", "mén"), ("的", "de")])
def test_pinyin_without_tone_or_with_neutral_tone_still_counts(char: str, annotation: str):
    assert is_reading(char, annotation)


@pytest.mark.parametrize("text", ["人工智能(AI)", "部门党组(党委)", "《办法》(以下简称《办法》)", "方案(a)", "中(guó)"])
def test_parentheses_that_are_not_a_reading_stay(text: str):
    assert strip_annotations(text)[0] == text


def test_annotation_after_a_damaged_character_stays():
    # "|" is what is left of a character destroyed at the source: nothing to check the reading against
    assert strip_annotations("我覟楦哔|(zhì)量")[0] == "我覟楦哔|(zhì)量"


def test_pinyin_removal_is_reported_with_what_was_removed():
    entry = next(e for e in normalize("統(tǒng)籌(chóu)。").report if e["step"] == "pinyin")
    assert entry["text"] == "統(tǒng) 籌(chóu)" and entry["count"] == 2


# --- script ------------------------------------------------------------------------------------

def test_traditional_text_is_converted_and_original_kept():
    result = normalize("機關黨建工作。")
    assert result.script == "traditional"
    assert result.paragraphs == ["机关党建工作。"]
    assert result.original_paragraphs == ["機關黨建工作。"]


def test_simplified_text_with_qianlong_zhuzuo_and_surname_yu_is_untouched():
    text = "乾隆年间,於先生的著作流传很广。"
    result = normalize(text)
    assert result.script == "simplified"
    assert result.paragraphs == [text]
    assert not [e for e in result.report if e["step"] == "script"]


def test_mostly_simplified_text_with_stray_traditional_keeps_standard_simplified_characters():
    result = normalize("於先生研究乾隆时期的历史,写了很多著作,在各單位之间交流。")
    assert result.script == "mixed"
    assert result.paragraphs == ["於先生研究乾隆时期的历史,写了很多著作,在各单位之间交流。"]


def test_traditional_text_converts_yu_like_any_other_character():
    assert kept("關於這個問題。") == ["关于这个问题。"]


def test_keep_target_detects_but_does_not_convert():
    result = normalize("機關黨建。", script_target="keep")
    assert (result.script, result.paragraphs) == ("traditional", ["機關黨建。"])


def test_metadata_and_title_follow_the_body_conversion():
    result = normalize("正文內容很長。\n(作者:葉興宇,系調研室主任)", title="廣東湛江")
    assert result.title == "广东湛江"
    assert result.metadata["author"] == "叶兴宇"


@pytest.mark.parametrize("target, expected", [("zh-TW", "軟件開發。"), ("zh-HK", "軟件開發。")])
def test_simplified_to_traditional_targets(target: str, expected: str):
    # s2tw, not s2twp: the script changes, the vocabulary (软件 → 軟體) is the author's
    assert kept("软件开发。", script_target=target) == [expected]


def test_traditional_text_is_not_converted_towards_traditional():
    assert kept("麵條很好吃。", script_target="zh-TW") == ["麵條很好吃。"]


def test_japanese_text_is_not_converted():
    text = "東京で新しい法律ができました。業務の歴史です。"
    assert kept(text) == [text]


def test_converters_are_cached():
    assert script.converter("t2s") is script.converter("t2s")


# --- page chrome --------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["- 首頁(yè)", "- English", "- 登錄", "- 民文"])
def test_navigation_items_are_removed(line: str):
    assert kept(f"{line}\n{BODY}") == [BODY]


def test_counter_line_is_removed_but_a_lone_section_number_stays():
    assert kept(f"1 1 1\n{BODY}\n2\n{BODY}") == [BODY, "2", BODY]


@pytest.mark.parametrize("line", ["打印 糾錯", "共產黨員網 打印 糾錯", "微信掃一掃 ×", "收聽本文 00:00/00:00",
                                  "分享讓更多人看到", "【打印本页】【关闭窗口】"])
def test_share_print_listen_widgets_are_removed(line: str):
    assert kept(f"{BODY}\n{line}") == [BODY]


@pytest.mark.parametrize("line", ["手機版", "歡迎使用手機瀏覽"])
def test_mobile_banners_are_removed(line: str):
    assert kept(f"{line}\n{BODY}") == [BODY]


@pytest.mark.parametrize("line", [
    "中央和國家機關工委旗幟雜志社版權所有 人民網 中國共產黨新聞網承建 版權聲明",
    "轉載請注明來源,京ICP備18060497號-1,京公網安備11010102006249號",
    "違法和不良信息舉報電話:(010)64068010",
    "Copyright © 2004-2023 puapp.net All Rights Reserved",
])
def test_copyright_licence_and_tip_off_lines_are_removed(line: str):
    assert kept(f"{BODY}\n{line}") == [BODY]


def test_sentence_about_copyright_stays():
    text = "作品发表后,版权所有人有权要求转载者注明出处。"
    assert kept(text) == [text]


def test_content_farm_chrome_is_removed():
    page = f"网站首页  词典首页\n请输入您要查询的论文:\n{BODY}\n更新时间:2024/12/22 16:16:22"
    assert kept(page) == [BODY]


def test_related_links_block_and_footer_blurb_are_removed():
    page = (f"{BODY}\n随便看\n科学优质学术资源、百科知识分享平台,免费提供各类资源检索和在线阅读服务。\n"
            "Copyright © 2004-2023 puapp.net All Rights Reserved")
    assert kept(page) == [BODY]


def test_article_continuing_after_a_links_block_stays():
    page = f"{BODY}\n推荐阅读\n股指跌出五年半新低\n2004年股市的悲欢离合\n{BODY}\n{BODY}"
    assert kept(page) == [BODY, BODY, BODY]


def test_seo_keyword_list_is_removed():
    spam = "西平县| 固始县| 察雅县| 宝山区| 东兰县| 龙井市| 亳州市| 湖州市| 游戏|"
    assert kept(f"{BODY}\n{spam}") == [BODY]


def test_markdown_table_row_is_content():
    row = "| 2004年 | SBS | 中奖事件 | 医生 | 反转剧,特别出演 |"
    assert kept(f"{BODY}\n{row}") == [BODY, row]


def test_contribution_email_line_is_removed():
    assert kept(f"- 投稿郵箱:qizhixmt@126.com\n{BODY}") == [BODY]


def test_site_repeated_lines_are_removed():
    assert kept(f"{BODY}\n本站所有文章仅供学习参考。", site_chrome=frozenset({"本站所有文章仅供学习参考。"})) == [BODY]


def test_leftover_html_tags_are_removed_but_comparisons_stay():
    assert kept("<p>取得“1+1>2”的效应。</p><br/>") == ["取得“1+1>2”的效应。"]


@pytest.mark.parametrize("heading", ["一、加强调查研究,掌握实情、把握规律", "“两项机制”的重大意义", "浙江省直机关党员进社区"])
def test_headings_and_captions_stay(heading: str):
    assert kept(f"{BODY}\n{heading}\n{BODY}") == [BODY, heading, BODY]


@pytest.mark.parametrize("line", ["“责任编辑”这个岗位要求把好每一篇稿件的政治关。", "他说,责任编辑:要对稿件负责。",
                                  "“打印 纠错”按钮设在每篇文章下面。"])
def test_quoted_chrome_words_inside_sentences_stay(line: str):
    assert kept(f"{BODY}\n{line}") == [BODY, line]


def test_labels_give_title_and_first_paragraph():
    result = clean_record(f"标题 建立“两项机制”推动发展\n范文 {BODY}")
    assert result.title == "建立“两项机制”推动发展"
    assert result.paragraphs == [BODY]


# --- prompts, captions and lists around the article (lines from real pages) -----------------------

# NetEase's hot list: rank and view count glued together ("1" + "63675"), then the headline.
RANKED = ["- 163675成龙参观张北草原天路当地下通知封路？官方回应", '- 239523女子喝醉后惨遭"捡尸"强奸 酒吧门口竟有人常蹲守',
          "- 334174河南马戏团脱逃老虎到动物园时已死亡 死因待鉴定", "- 431542男子夜晚尾随搭讪女孩 被拒后暴踹其面部殴打20秒",
          "- 81537720多岁妈妈6.5万卖掉双胞胎儿子:还信用卡 买手机"]
MENU = ["- 推荐", "- 娱乐", "- 体育", "- 财经", "- 时尚", "- 科技", "- 军事", "- 汽车"]


def removed(text: str, **kwargs) -> dict[str, str]:
    """Removed or moved line → the rule's name."""
    return {e["text"]: e["why"] for e in normalize(text, **kwargs).report if e["step"] in ("chrome", "metadata")}


def test_ranked_hot_list_is_removed():
    ranked = RANKED[:4] + ["- 526777高校现\"天价热水\"1吨70元 校方:已调整为1吨55元", "- 620558四川内江市威远县发生5.4级地震 重庆成"]
    page = "\n".join([BODY, *ranked])
    assert kept(page) == [BODY]
    assert removed(page)["- 620558四川内江市威远县发生5.4级地震 重庆成"] == "ranked-list"


@pytest.mark.parametrize("items", [
    ["- 1000元以下的机型", "- 2000元以下的机型", "- 3000元以下的机型", "- 4000元以下的机型"],  # same "count": tiers
    ["- 100周年纪念", "- 200周年纪念", "- 300周年纪念"],                                        # too short a run
    ["- 2019年营收增长", "- 2020年营收持平", "- 2021年营收下降", "- 2022年营收回升"],          # not ranked 1, 2, 3
])
def test_numbered_list_items_in_an_article_stay(items: list[str]):
    page = "\n".join([BODY, *items, BODY])
    assert kept(page) == [BODY, *items, BODY]


def test_channel_menu_below_the_article_is_removed():
    page = "\n".join([BODY, *MENU])
    assert kept(page) == [BODY]
    assert removed(page)["- 科技"] == "channel-menu"


def test_reaction_buttons_below_the_article_are_removed():
    page = "\n".join([BODY, "- 好文", "- 钦佩", "- 喜欢", "- 泪奔", "- 可爱", "- 思考"])
    assert kept(page) == [BODY]


@pytest.mark.parametrize("page", [
    "\n".join([BODY, "- 新闻", "- 体育", "- 财经", "- 娱乐", BODY]),                # inside the article
    "\n".join([BODY, "本报设有以下栏目：", "- 新闻", "- 体育", "- 财经", "- 娱乐"]),  # a list it introduces
    "\n".join([BODY, "需要准备的材料", "- 身份证", "- 户口本", "- 照片", "- 申请表"]),  # not channel names
])
def test_short_list_items_that_are_content_stay(page: str):
    assert kept(page) == page.split("\n")


def test_leftovers_around_page_lists_below_the_article_go_with_them():
    page = "\n".join([BODY, *MENU, "+", "加载更多新闻", "热点新闻", "态度原创", "跟贴排行", "点击排行", *RANKED])
    assert kept(page) == [BODY]
    assert removed(page)["热点新闻"] == removed(page)["+"] == "after-page-lists"


def test_short_last_line_without_page_lists_stays():
    assert kept(f"{BODY}\n（完）") == [BODY, "（完）"]


def test_everything_below_the_comments_notice_goes():
    page = "\n".join([BODY, "网友评论仅供其表达个人看法，并不表明网易立场。", "这群人那个身边没有智囊？",
                      "目前没有跟贴，欢迎你发表观点", *MENU])
    assert kept(page) == [BODY]
    assert removed(page)["这群人那个身边没有智囊？"] == "below-comments-notice"


def test_sentence_about_readers_comments_stays():
    line = "网友评论称，这一做法值得推广。"
    assert kept(f"{BODY}\n{line}\n{BODY}") == [BODY, line, BODY]


def test_channel_tagged_links_under_a_heading_are_removed():
    page = "\n".join([BODY, "更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）", "推荐新闻",
                      '- 【 新闻 】 暴徒叫嚣"死守理大一辈子" 港网友:在...', "- 【 军事 】 出鞘：国庆阅兵坦克真的“简配”了？",
                      "- 【 财经 】 绿地员工不买房将被除名？", "新媒体实验室", "新浪新闻意见反馈留言板", "400-052-0066 欢迎批评指正"])
    assert kept(page) == [BODY]


def test_tagged_list_items_that_are_not_channels_stay():
    items = ["- 【通知】关于调整作息时间的通知", "- 【公告】关于招聘工作人员的公告", "- 【提示】关于防范诈骗的提示"]
    assert kept("\n".join([BODY, *items, BODY])) == [BODY, *items, BODY]


def test_csdn_follow_block_is_removed():
    page = "\n".join([BODY, "- 相关文章", "- 最新报道", "- CSDN官方微信", "- 扫描二维码,向CSDN吐槽",
                      "- 微信号：CSDNnews", "微博关注"])
    assert kept(page) == [BODY]


@pytest.mark.parametrize("line, why", [
    ("是否“确认”跳转到登录页？", "login-prompt"),
    ("電郵新聞頭條新聞就在您的每日新聞信裡", "newsletter-prompt"),
    ("订阅", "share-print-widget"),
    ("微博关注", "share-print-widget"),
    ("分享到：", "share-print-widget"),
    ("微信扫一扫 关注该公众号", "share-print-widget"),
    ("- 微信号：CSDNnews", "account-handle"),
    ("微信号 FViewXFG", "account-handle"),
    ("- CSDN官方微信", "follow-prompt"),
    ("扫描下方二维码解锁更多技能", "follow-prompt"),
    ("相关资讯请关注:逆水寒专区", "follow-prompt"),
])
def test_login_subscribe_and_follow_prompts_are_removed(line: str, why: str):
    page = f"{BODY}\n{line}"
    assert kept(page) == [BODY]
    assert removed(page)[line] == why


@pytest.mark.parametrize("line", ["扫描二维码支付已经成为很多人的习惯。", "扫描二维码即可乘车",
                                  "很多读者通过微信号CSDNnews了解行业新闻。", "他每天都订阅三份报纸，关注国际新闻。",
                                  "用户需要登录后才能查看全部内容。", "关于新闻信息服务的管理规定"])
def test_sentences_mentioning_weixin_subscribe_or_login_stay(line: str):
    assert kept(f"{BODY}\n{line}\n{BODY}") == [BODY, line, BODY]


@pytest.mark.parametrize("line, why", [
    ("▲图片来自视频截图。", "image-credit"),
    ("图片来源：每经记者 张蕊 摄", "image-credit"),
    ("图片均来自网络", "image-credit"),
    ("姚明场边支招周琦。视频截图", "image-credit"),
    ("“救命啊SOS”纸团。沙坪坝区公安分局供图 华龙网", "image-credit"),
    ("共享充电宝。视觉中国 资料", "image-credit"),
    ("[图片说明1：漫画/冷洁]", "image-caption"),
])
def test_image_credits_and_captions_are_removed(line: str, why: str):
    page = f"{BODY}\n{line}\n{BODY}"
    assert kept(page) == [BODY, BODY]
    assert removed(page)[line] == why


@pytest.mark.parametrize("line", [
    "资料图：无性婚姻能走多远？",                                  # a heading the page prints as its lead
    "图为山西品牌丝路行（南美站）启动仪式。（刘通摄）",             # a caption that describes: kept
    "他出示了手机截图。",
    "★旅客还可以选择11月30日出发，到岘港体验东南亚风情，全程为4晚5天。资料图",  # content with a credit glued on
    "图片说明",
])
def test_caption_like_lines_that_are_content_stay(line: str):
    assert kept(f"{BODY}\n{line}\n{BODY}") == [BODY, line, BODY]


def test_contact_footer_at_the_end_is_removed():
    footer = ["地 址：北京市朝阳区大屯路甲11号", "邮政编码：100101", "电子信箱：gsc@igsnrr.ac.cn", "电 话：010-64870663",
              "传 真：010-64870663"]
    page = "\n".join([BODY, *footer])
    assert kept(page) == [BODY]
    assert removed(page)["电 话：010-64870663"] == "contact-footer"


@pytest.mark.parametrize("lines", [
    ["电话：0471-4825916", BODY],                                                 # inside a notice
    ["联 系 人：张三", "电 话：010-12345678", "传 真：010-12345679", "邮 箱：a@b.cn"],    # a notice's contact
    ["※ 联系电话：0471-4825916"],                                                  # one line alone
])
def test_contact_lines_of_a_notice_stay(lines: list[str]):
    assert kept("\n".join([BODY, *lines])) == [BODY, *lines]


def test_blog_sidebar_of_links_above_the_article_is_removed():
    sidebar = ["Cityscape[mahoiling行记]", "洞庭一叶[个人主页]", "汉网[汉民族服饰]", "湖湘文化论坛[红网]", "中国先秦史论坛",
               "春秋战国[全球中文网]", "王阳明全集", "岳麓书院数字博物馆"]
    page = "\n".join([*sidebar, "陈天华《警世钟》", "长梦千年何日醒，睡乡谁遣警钟鸣？"])
    assert kept(page) == ["陈天华《警世钟》", "长梦千年何日醒，睡乡谁遣警钟鸣？"]
    assert removed(page)["汉网[汉民族服饰]"] == "link-directory"


@pytest.mark.parametrize("header", [
    ["张三访谈[组图]", "李四访谈[组图]", "王五访谈[组图]"],   # titles marked as photo sets
    ["简介[编辑]", "背景[编辑]", "经历[编辑]"],              # wiki section headings
    ["甲方案[13]", "乙方案[14-15]", "丙方案[16]"],           # citation marks
])
def test_bracketed_header_lines_that_are_not_a_sidebar_stay(header: list[str]):
    assert kept("\n".join([*header, BODY])) == [*header, BODY]


# --- metadata ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, field, value", [
    ("作者:张三", "author", "张三"),
    ("(作者:吕和顺,中共北京市直机关工委常务副书记)", "author", "吕和顺"),
    ("(作者:吕和顺,中共北京市直机关工委常务副书记)", "author_affiliation", "中共北京市直机关工委常务副书记"),
    ("(作者系浙江省委常委)", "author_affiliation", "浙江省委常委"),
    ("（作者为中共山西省直机关工委副书记)", "author_affiliation", "中共山西省直机关工委副书记"),
    ("来源:《党建研究》2021年第5期", "source", "《党建研究》2021年第5期"),
    ("(来源:《旗帜》2020年第12期,作者系浙江省委常委)", "source", "《旗帜》2020年第12期"),
    ("发布时间:2021-5-6 10:00", "published", "2021-05-06"),
    ("责任编辑 / 宋明晏", "editor", "宋明晏"),
    ("( 编辑:白 翔 送签:白 翔 签发:张三 )", "editor", "白翔"),
    ("（原标题：关于某某工作的通知）", "original_title", "关于某某工作的通知"),
])
def test_metadata_lines_move_into_fields(line: str, field: str, value: str):
    result = normalize(f"{BODY}\n{line}")
    assert result.paragraphs == [BODY]
    assert result.metadata[field] == value
    assert any(e["step"] == "metadata" and e["text"] == line for e in result.report)


def test_header_date_and_document_number_move_into_fields():
    result = normalize(f"国办发〔2021〕12号\n2021年05月06日 10:23 来源:人民网\n{BODY}", title="关于某事的通知")
    assert result.metadata == {"doc_number": "国办发〔2021〕12号", "published": "2021-05-06", "source": "人民网"}
    assert result.paragraphs == [BODY]


def test_meeting_notice_time_line_in_the_body_stays():
    line = "时间:2021年3月5日 地点:北京"
    assert kept(f"{BODY}\n{line}") == [BODY, line]


@pytest.mark.parametrize("body, line, value", [
    (BODY, "转自《北京科技报》", "《北京科技报》"),
    (BODY, "摘自《读者》2005年第3期", "《读者》2005年第3期"),
    ("機關黨建工作的具體做法。", "轉自《北京科技報》", "《北京科技报》"),
])
def test_reprint_credit_moves_into_source(body: str, line: str, value: str):
    result = normalize(f"{body}\n{line}")
    assert len(result.paragraphs) == 1
    assert result.metadata["source"] == value


def test_periodical_issue_under_the_last_paragraph_is_the_source():
    result = normalize(f"{BODY}\n——《北京之春》1998年3月号")
    assert result.paragraphs == [BODY]
    assert result.metadata["source"] == "《北京之春》1998年3月号"
    assert removed(f"{BODY}\n——《北京之春》1998年3月号")["——《北京之春》1998年3月号"] == "closing-credit"


@pytest.mark.parametrize("page", [
    f"{BODY}\n学而时习之，不亦说乎。\n——《论语·学而》",           # a quotation's source, no issue
    f"{BODY}\n——《北京之春》1998年3月号\n{BODY}",                   # not under the last paragraph
    f"{BODY}\n转自《人民日报》的这篇评论引起了广泛讨论。",          # a sentence
])
def test_quotation_sources_and_sentences_naming_a_periodical_stay(page: str):
    result = normalize(page)
    assert result.paragraphs == page.split("\n")
    assert "source" not in result.metadata


def test_bare_name_under_the_title_is_the_author():
    result = clean_record(f"机关党务干部提升能力素质的实践路径\n符惠明\n{BODY}")
    assert result.metadata["author"] == "符惠明"
    assert result.paragraphs == [BODY]


def test_short_heading_under_the_title_is_not_an_author():
    result = clean_record(f"一篇文章的标题\n前言\n{BODY}")
    assert "author" not in result.metadata
    assert result.paragraphs == ["前言", BODY]


@pytest.mark.parametrize("text, date", [("2021年5月6日", "2021-05-06"), ("2021/12/22 16:16", "2021-12-22"),
                                        ("2021-13-01", None)])
def test_dates_are_normalized(text: str, date: str | None):
    assert normalize_date(text) == date


# --- whitespace, entities, encoding --------------------------------------------------------------

def test_entities_are_decoded_once_and_twice_escaped():
    assert kept("甲&nbsp;乙&amp;丙 &amp;nbsp;丁。R&D") == ["甲 乙&丙 丁。R&D"]


def test_entity_that_lost_its_ampersand_is_decoded():
    assert kept("甲?nbsp;乙。") == ["甲 乙。"]


def test_indentation_zero_width_and_blank_lines():
    assert kept("\u3000\u3000第一段\u200b。\n\n   \n\u00a0第二段  有空格。") == ["第一段。", "第二段 有空格。"]


def test_lost_gbk_indent_byte_is_realigned_at_a_line_start():
    assert realign_lost_indent("?。ㄗ髡邽橹泄采轿魇≈睓C關工委") == "（作者為中共山西省直機關工委"


def test_damage_in_the_middle_of_a_line_is_left():
    line = "兄弟?。▍^(qū)、市)的經驗"
    assert realign_lost_indent(line) is None
    assert kept(line, script_target="keep") == ["兄弟?。▍^(qū)、市)的經驗"]


# --- titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, title", [
    ("机关党务干部提升能力素质的实践路径--理论·党建--人民网", "机关党务干部提升能力素质的实践路径"),
    ("推动机关党建和业务工作相互促进_共产党员网", "推动机关党建和业务工作相互促进"),
    ("中央军委主席签署命令 - 新华网", "中央军委主席签署命令"),
    ("COVID-19疫苗研发进展", "COVID-19疫苗研发进展"),
    ("主标题——副标题", "主标题——副标题"),
])
def test_site_suffix_is_stripped_from_titles(raw: str, title: str):
    assert strip_site_suffix(raw) == title


def test_title_is_normalized_like_the_body():
    assert normalize(BODY, title="  統(tǒng)籌(chóu)推進(jìn)--理論·黨建--人民網").title == "统筹推进"


def test_title_repeated_as_first_line_is_dropped():
    assert kept(f"文章标题\n{BODY}", title="文章标题") == [BODY]


@pytest.mark.parametrize("text, title", [
    (f"手機版\n歡迎使用手機瀏覽\n1 1 1\n機關黨建的實踐路徑\n{BODY}", "机关党建的实践路径"),
    (f"- 首頁(yè)\n- English\n廣東湛江:“三筆奮書(shū)”增添成色\n{BODY}", "广东湛江:“三笔奋书”增添成色"),
    (f"推动机关党建和业务工作相互促进\n{BODY}", "推动机关党建和业务工作相互促进"),
    (f"- 投稿郵箱:a@b.com\n{BODY}", None),
])
def test_clean_record_finds_the_title_line(text: str, title: str | None):
    assert clean_record(text).title == title


# --- idempotence -------------------------------------------------------------------------------

def test_clean_output_is_a_fixed_point():
    text = f"推动机关党建和业务工作相互促进\n{BODY}\n一、加强调查研究,掌握实情、把握规律\n{BODY}"
    result = clean_record(text)
    assert "\n".join([result.title, *result.paragraphs]) == text
    assert result.report == [{"step": "title", "action": "taken", "text": "推动机关党建和业务工作相互促进",
                              "why": "first-line"}]
