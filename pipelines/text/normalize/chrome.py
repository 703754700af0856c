"""Page chrome: lines that belong to the site, not to the article.

Every rule looks at a whole line (anchored patterns, token sets, sentence punctuation), never at a
substring somewhere in it, so that a paragraph quoting “责任编辑” or a heading such as
一、加强调查研究 is kept. Rules read the line's Simplified probe, so one pattern covers both scripts.
Prompts and image credits are in chrome_prompts; runs of lines (hot lists, menus, contact
footers) in chrome_lists.
"""
from __future__ import annotations

import re

from ._shapes import is_sentence
from .chrome_prompts import PROMPT_RULES


# A heading that opens a block of links to other articles, alone or as a list item ("- 相关文章").
TAIL_MARKER = re.compile(r"^(?:[-•·*]\s*)?(?:随便看|相关阅读|相关文章|相关新闻|相关链接|推荐阅读|猜你喜欢|热门文章|热门推荐|"
                         r"热点推荐|延伸阅读|往期回顾|往期推荐|更多精彩|相关推荐|最新文章|热门阅读|精彩推荐|推荐新闻|"
                         r"为您推荐|最新报道|点击排行|跟贴排行)\s*[:：]?$")
# NetEase's notice above the readers' comments: everything below it is comments and chrome.
COMMENTS_NOTICE = re.compile(r"^网友评论仅供(?:其|网友)?表达个人看法[，,]\s*并不表明[^。]{1,20}[。.]?$")
_NAV_WORDS = ("首页|网站首页|返回首页|民文|english|english version|登录|注册|举报专区|网站地图|联系我们|"
              "关于我们|手机版|移动版|电脑版|繁体|简体|繁体版|简体版|无障碍|rss|订阅")
# Language names as language switchers print them (on the Simplified probe: 繁體中文 → 繁体中文,
# 日本語 → 日本语), and the words around them ("日本语で読む", "English version").
_LANGUAGES = (r"(?:简体中文|繁体中文|中文|汉语|华语|简体|繁体|简|繁|繁中|简中|正体中文|english|en|英文|英语|"
              r"日本语|日本語|日文|日语|にほんご|한국어|韩文|韩语|韩国语|français|francais|法文|法语|deutsch|德文|德语|"
              r"español|espanol|西班牙文|西班牙语|русский|俄文|俄语|العربية|阿拉伯文|阿拉伯语|português|葡萄牙文|"
              r"葡萄牙语|italiano|意大利文|意大利语|ไทย|泰文|泰语|tiếng việt|越南文|越南语|bahasa indonesia|"
              r"bahasa melayu|粤语|zh|zh-cn|zh-tw|zh-hk|jp|ja|kr|ko|fr|de|es|ru|ar|pt)")
_LANGUAGE_ITEM = rf"{_LANGUAGES}\s*(?:版|版本|网站|网页|页面|サイト|ページ|version|edition|site)?"
_LANGUAGE_SWITCH = re.compile(
    rf"^(?:{_LANGUAGE_ITEM}(?:\s*[|｜/／·•,，、]\s*|\s+)){{1,12}}{_LANGUAGE_ITEM}$"
    rf"|^(?:切换到|切换至|切换|选择语言|语言|language|言語|switch to|read in|阅读|浏览)?\s*[:：]?\s*{_LANGUAGES}\s*"
    r"(?:版|版本|网站|网页|页面|で読む|で見る|で表示する|で表示|版はこちら|はこちら|サイトへ|サイト|ページ|version|edition|site)"
    r"\s*[>›»→]*$|^(?:切换到|切换至|选择语言|switch to|read in)\s*[:：]?\s*" + _LANGUAGES + r"\s*[>›»→]*$",
    re.I)
_SWITCHER_MAX = 120
# The characters a switcher line can start with: most lines are rejected without the regex.
_SWITCHER_FIRST = frozenset(word[0] for word in re.findall(r"[^|()?:]+", _LANGUAGES + "|切换|选择|switch|read|阅读|浏览")
                            if word)
# A site's cookie banner: cookies, this site or "we use", and a consent or privacy word, in one line.
_COOKIE_WORD = re.compile("cookie|クッキー", re.I)
_COOKIE_NOTICE = re.compile(
    r"^(?=.*(?:cookie|クッキー))(?=.*(?:本网站|本站|本网|我们的网站|我们使用|this (?:web)?site|our (?:web)?site|we use|"
    r"当サイト|本サイト|このサイト|当ウェブサイト))(?=.*(?:同意|接受|继续浏览|继续使用|了解更多|隐私|accept|agree|consent|"
    r"privacy|プライバシー|同意する)).{0,300}$", re.I)
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("navigation", re.compile(rf"^[-–•·*]\s*(?:{_NAV_WORDS})$", re.I)),
    ("mobile-banner", re.compile(r"^(?:手机版|手机浏览|欢迎使用手机浏览|欢迎访问手机版|返回电脑版|切换到电脑版|"
                                 r"进入手机版|下载客户端|打开客户端|打开app|app下载)$", re.I)),
    # "1 1 1" (share counters); a lone number is kept: articles number their sections that way.
    ("counter", re.compile(r"^\d{1,4}(?: \d{1,4})+$")),
    ("search-box", re.compile(r"^请输入[^。，,]{0,12}(?:关键词|关键字|查询的\w{0,6}|搜索内容)\s*[:：]?$")),
    ("contribution-email", re.compile(r"^(?:[-•·*]\s*)?投稿(?:邮箱|信箱|邮件|热线|电话)\s*[:：]")),
    ("update-time", re.compile(r"^(?:更新时间|最后更新|修改时间|最后修改)\s*[:：]\s*[\d\-/.:： 年月日]+$")),
    ("pager", re.compile(r"^(?:上一篇|下一篇|上一条|下一条)\s*[:：]")),
    ("related-links", TAIL_MARKER),
    *PROMPT_RULES,
)
# Whether any of _LINE_RULES matches, in one regex call: most lines match none, and then the
# rules need not be tried one by one.
_ANY_LINE_RULE = re.compile("|".join(
    f"(?i:{pattern.pattern})" if pattern.flags & re.IGNORECASE else f"(?:{pattern.pattern})"
    for _, pattern in _LINE_RULES))
# Characters no widget, time or site token has: a line with one is not a widget line.
_NOT_IN_WIDGETS = ("，", "。")
# Footer lines: copyright, ICP and police licences, tip-off numbers. Keyed together with the
# absence of sentence punctuation: an article sentence about copyright ends in 。.
_FOOTER = re.compile(r"版权所有|版权声明|copyright|©|all rights reserved|icp备|icp证|公网安备|"
                     r"违法和不良信息|举报电话|举报邮箱|网站标识码|技术支持\s*[:：]", re.I)
_FOOTER_MAX = 200

# Share, print and listen widgets: a line made only of these tokens, site names and times.
_WIDGET_TOKENS = frozenset(
    "打印 纠错 我要纠错 分享 分享到 收藏 关闭 关闭窗口 打印本页 关闭本页 打印文章 字号 大 中 小 默认 放大 缩小 "
    "微信扫一扫 扫一扫 × x 微信 微博 新浪微博 qq空间 qq 复制链接 返回顶部 收听本文 听新闻 朗读 "
    "分享让更多人看到 转发 点赞 在看 评论 订阅 立即订阅 免费订阅 关注 加关注 关注我们 微博关注 微信关注 "
    "关注该公众号 加载更多 加载更多新闻".split())
_TOKEN_SPLIT = re.compile(r"[\s|｜/、【】\[\]()（）]+")
_TIME_TOKEN = re.compile(r"^\d{1,2}:\d{2}$")
_SITE_TOKEN = re.compile(r"^[\u4e00-\u9fff]{2,10}网$|^\w{0,6}首页$")

# Menu items at the top of a page: "- 首頁", short and without punctuation.
_HEADER_NAV = re.compile(r"^[-–•·*]\s*[^\s，,。：:；;！!？?]{1,10}$")
_SEO_SPLIT = re.compile(r"\s*[|｜]\s*")
_LINK_MAX = 40    # a linked title, date or counter under a related-links heading
_BLURB_MAX = 150  # a site's one-sentence self-description in the footer


def _widget_kind(probe: str) -> str | None:
    """"share-print-widget" or "navigation" for a line made only of widget tokens, site names and
    times ("共产党员网 打印 纠错", "收听本文 00:00/00:00", "网站首页 词典首页"), else None."""
    if any(char in probe for char in _NOT_IN_WIDGETS):  # a token holding one matches nothing below
        return None
    tokens = [t.rstrip(":：") for t in _TOKEN_SPLIT.split(probe.lower()) if t.rstrip(":：")]
    if not tokens or not all(t in _WIDGET_TOKENS or _TIME_TOKEN.match(t) or _SITE_TOKEN.match(t) for t in tokens):
        return None
    if any(t in _WIDGET_TOKENS or _TIME_TOKEN.match(t) for t in tokens):
        return "share-print-widget"
    return "navigation" if any(t.endswith("首页") for t in tokens) else None


def _is_seo_list(probe: str) -> bool:
    """A run of place names or keywords separated by "|", of any subject.

    A line opening with "|" is a table row as trafilatura prints tables: content, kept.
    """
    if probe.count("|") + probe.count("｜") < 4:  # fewer than five parts, whatever the split
        return False
    parts = [p for p in _SEO_SPLIT.split(probe) if p]
    if len(parts) < 5 or probe.startswith(("|", "｜")) or is_sentence(probe):
        return False
    return sum(len(p) <= 12 for p in parts) >= 0.8 * len(parts)


def _is_cookie_notice(probe: str) -> bool:
    # the lookaheads read the whole line three times: only where a cookie is named
    return bool(_COOKIE_WORD.search(probe)) and bool(_COOKIE_NOTICE.match(probe))


def _is_footer(probe: str) -> bool:
    return len(probe) <= _FOOTER_MAX and not is_sentence(probe) and bool(_FOOTER.search(probe))


def classify(probe: str) -> str | None:
    """The name of the chrome rule a line matches anywhere on the page, or None for article text."""
    if _ANY_LINE_RULE.match(probe):
        for name, pattern in _LINE_RULES:
            if pattern.match(probe):
                return name
    widget = _widget_kind(probe)
    if widget:
        return widget
    if len(probe) <= _SWITCHER_MAX and probe[:1].lower() in _SWITCHER_FIRST and _LANGUAGE_SWITCH.match(probe):
        return "language-switcher"
    if _is_cookie_notice(probe):
        return "cookie-notice"
    if _is_footer(probe):
        return "footer"
    if _is_seo_list(probe):
        return "seo-keyword-list"
    return None


def classify_header(probe: str) -> str | None:
    """Rules that hold only above the article's first sentence, where menus sit: "- 民文"."""
    return "navigation" if _HEADER_NAV.match(probe) else None


def _is_link_item(probe: str) -> bool:
    """A line of a links block: another article's title, a date, a view count; no sentence."""
    return len(probe) <= _LINK_MAX and not is_sentence(probe)


def related_blocks(probes: list[str], chrome_lines: frozenset[int] = frozenset()) -> dict[int, str]:
    """Lines of related-links blocks, by index, with the rule that removes them.

    Under a heading (随便看, 相关阅读...) the link lines go. When nothing but chrome and at most
    one short blurb follow them (the content farm's "免费提供…服务。"), the rest of the page goes
    too; otherwise the article continues after the block and is kept. A heading above the
    article's first sentence is a stray menu word: only the heading goes, the lead stays.
    Below NetEase's comments notice everything goes. `chrome_lines`: lines other rules remove.
    """
    drop: dict[int, str] = {}
    first_sentence = next((i for i, p in enumerate(probes) if is_sentence(p) and i not in chrome_lines), len(probes))
    for start, probe in enumerate(probes):
        if start in drop or start < first_sentence:
            continue
        if COMMENTS_NOTICE.match(probe):
            drop.update(dict.fromkeys(range(start + 1, len(probes)), "below-comments-notice"))
            drop[start] = "comments-notice"
            break
        if not TAIL_MARKER.match(probe):
            continue
        end = start + 1
        while end < len(probes) and (end in chrome_lines or _is_link_item(probes[end])) \
                and not TAIL_MARKER.match(probes[end]):
            end += 1
        drop.update(dict.fromkeys(range(start + 1, end), "related-link-item"))
        if _only_chrome_left(probes[end:], {i - end for i in chrome_lines if i >= end}):
            drop.update(dict.fromkeys(range(end, len(probes)), "after-related-links"))
    return drop


def _only_chrome_left(rest: list[str], chrome_lines: set[int]) -> bool:
    blurbs = [p for i, p in enumerate(rest) if not (i in chrome_lines or _is_link_item(p) or classify(p))]
    return len(blurbs) <= 1 and all(len(p) <= _BLURB_MAX for p in blurbs)
