"""Bylines, datelines and sources: who wrote a page, when, and which publication it credits.

One grammar. `LABELS` names the labels of each byline field once, in Simplified Chinese; their
Traditional forms are generated from that list at import with OpenCC (s2t, s2tw and s2hk, whose
word choices differ: 回復/回覆), plus Taiwan's standard 布 where OpenCC writes 佈 (發布時間, 公布).
Generating rather than writing each label twice keeps one list to maintain, and the forms cannot
drift apart; OpenCC is loaded by normalization in the same process anyway, so the cost is the
~0.1 s its three dictionaries take once per process. A two-character label may be spaced out
('作　者').

find_author, find_editor, find_source, find_docno and find_date read their labels from this
table, and so do trim.py's header and footer rules (`label`, `words`, `is_dateline`).

Dates: 'YYYY-MM-DD', 'YYYY年M月D日', 'YYYY/MM/DD', 'YYYY.MM.DD', each with an optional time of day
('14:18', '14:18:05', '14时18分', '下午2:18', '2:18 PM'), 'M/D/YYYY h:mm AM' (ASP pages), the ROC
calendar ('民國112年6月1日' anywhere, '112/06/01' only after a date label), a year-month
('2003年5月', or '2003-05' after a label) and Chinese numerals ('一九九八年三月') on a dateline. A
date comes out as 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' when the line gives a time (no seconds, no
zone), or 'YYYY-MM' when the page says no more.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import opencc
from lxml import etree

from .html import _WS, _meta, _norm

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# The label table

LABELS: dict[str, tuple[str, ...]] = {
    # before a colon ('作者：张三', '作者： 放飞&心情') or a slash ('文／王小明', '撰文/张三')
    "author": ("作者", "本文作者", "撰文", "撰稿", "执笔", "执笔人", "采写", "文", "发文机关"),
    # reporter roles: also before a name with a space only, after an outlet ('本报记者张三', '新京报记者
    # 彭冲'), and before a name and a dateline ('記者王小明／台北報導', '中央社記者王小明台北1日電')
    "reporter": ("记者", "特约记者", "实习记者", "见习记者", "首席记者", "特派记者", "驻站记者", "特派员",
                 "通讯员", "实习生"),
    "editor": ("责任编辑", "责编", "编辑", "主编", "网络编辑", "值班编辑", "实习编辑", "本文编辑"),
    "source": ("来源", "文章来源", "稿件来源", "新闻来源", "信息来源", "本文来源", "稿源", "出处"),
    # '时间' and '日期' alone too; '报名时间' or '截止时间' (a notice's deadlines) are not listed, and a
    # date label counts only where it starts a word (see _OPEN)
    "published": ("发布时间", "发布日期", "发表时间", "发表日期", "发稿时间", "更新时间", "更新日期", "成文日期",
                  "录入时间", "添加时间", "添加日期", "上传时间", "刊发时间", "出版日期", "时间", "日期", "发布于",
                  "发表于"),
    "docno": ("文号", "发文字号", "发文文号"),
    # no field of their own, but they mark a byline line: '2005-04-05 06:40更新', '【字号 大 中 小】',
    # '点击：132 【打印】【关闭】'
    "other": ("发布", "发表", "更新", "点击", "浏览", "阅读", "字号", "分享", "打印", "评论", "报道", "报导", "摄影",
              "供稿"),
}

_CONVERTERS = tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


def forms(word: str) -> list[str]:
    """A Simplified word and its Traditional forms."""
    found = {word: None}
    for converter in _CONVERTERS:
        traditional = converter.convert(word)
        found[traditional] = None
        found[traditional.replace("佈", "布")] = None
    return list(found)


_GAP = "[ \t\u3000\xa0]*"


def words(items: Iterable[str]) -> str:
    """A regex alternation of the words in both scripts, longest first. A two-character word may be
    spaced out: templates pad '作者' to the width of '发布时间' ('作　者：', '来  源：')."""
    every = sorted({form for item in items for form in forms(item)}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_GAP.join(w) if len(w) == 2 else re.escape(w) for w in every) + ")"


def label(*fields: str) -> str:
    """The labels of these fields, as a regex alternation."""
    return words(w for f in fields for w in LABELS[f])


# A date label and the one-character '文' count only where they start a word, not right after a hanzi
# ('报名时间：', '本文/…', '原文：' are no bylines); the other labels also count glued to the value
# before them, as spans without white space join on many pages ('来源：证券时报网作者：李在山').
_OPEN = r"(?<![\u3400-\u9fff])"
_HAN = r"[\u3400-\u9fff]"

# ---------------------------------------------------------------------------------------------
# Names

_NAME = r"[\u3400-\u9fff·]{2,4}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"
_REPORT = words(("报道", "报导", "综合报道", "综合报导"))
_NAME_END = rf"(?=\s|$|[)）】〕\]。，,、/／╱]|{_REPORT}|摄|攝)"
# words that fill a name slot in templates and menus but are nobody's name
_TEMPLATE_WORDS = (
    "本文 本报 本刊 本台 本网 记者 编辑 通讯员 实习生 来源 作者 摄影 报道 综合 新华社 中新社 中央社 路透社 法新社 美联社 "
    "共同社 转载 原创 网友 匿名 佚名 "
    "未知 责任编辑 发表于 发布 日期 时间 点击 评论 消息 通知 公告 新闻 推荐 热点 专题 图片 视频 简介 看点 简评 导读 摘要 "
    "正文 原文 全文 标签 相关 声明 编者按 前言 引言 结语 附件").split()
# link text, which stands alone on a line as often as a name does
_LINK_WORDS = (
    "首页 登录 注册 分享 打印 关闭 返回 更多 下载 收藏 搜索 目录 "
    # chapter pages of book and serial sites ('上一章 | 目录 | 下一章', '返目录' under the chapter title)
    "返目录 回目录 返回目录 上一章 下一章 上一页 下一页 上页 下页 尾页 末页 上一篇 下一篇 上篇 下篇 书签 封面 章节 "
    # the tool row of portal article pages ('【打印本页】【关闭窗口】【返回顶部】')
    "打印本页 关闭窗口 返回顶部 顶部 加入收藏 字体 纠错 转发 复制链接 发表评论 我要评论 查看评论 "
    # forum and blog posts ('回复 | 引用 | 举报', the first post's '楼主')
    "回复 引用 举报 楼主 沙发 板凳 置顶 精华 只看楼主 留言 主页 个人主页 博客 登陆 退出 "
    # site navigation rows ('网站首页 | 联系我们 | 网站地图')
    "网站首页 返回首页 回首页 联系我们 关于我们 网站地图 导航 帮助").split()
_LINKS = frozenset(form for w in _LINK_WORDS for form in forms(w))
_NOT_NAMES = frozenset(form for w in _TEMPLATE_WORDS for form in forms(w)) | _LINKS
_NOT_IN_NAMES = tuple(dict.fromkeys(f for w in ("记者", "编辑", "报道", "报导", "来源") for f in forms(w)))
# link text of the same rows in other wordings: '返回列表', '回到顶部', '点击查看', '进入专题', '查看全文'
_NAVIGATION = re.compile(rf"^{words(('返', '回到', '回首', '点此', '点击', '进入', '查看', '上一', '下一', '前一', '后一'))}|"
                         rf"{words(('目录', '首页', '顶部', '列表', '本页', '全文', '主页', '窗口'))}$")
_LINK_SEP = re.compile(r"[\s|｜/／>»<«·•【】\[\]()（）]+")
# a newsroom desk or an outlet in a name slot: '〔即時新聞／綜合報導〕', '〔國際新聞中心／綜合報導〕', '财经频道',
# '作者：新华网' (not '社': '建社' is a given name; the news agencies are listed above)
_DESK = re.compile(rf"{words(('新闻', '中心', '频道', '小组', '编辑部', '编译', '报', '网'))}$")
_NAME_SEP = re.compile(r"[ \u3000、，,]+")


def is_link_text(line: str) -> bool:
    """'返目录', '【打印本页】【关闭窗口】', '上一章 | 目录 | 下一章': a line of nothing but link text."""
    parts = [p for p in _LINK_SEP.split(line) if p]
    return bool(parts) and len(line) <= 40 and all(p in _LINKS or _NAVIGATION.search(p) for p in parts)


def _valid_names(raw: str) -> str | None:
    names = [n for n in _NAME_SEP.split(raw.strip()) if n and n not in _NOT_NAMES]
    names = [n for n in names if not any(stop in n for stop in _NOT_IN_NAMES) and not _NAVIGATION.search(n)
             and not _DESK.search(n)]
    return " ".join(names) if names else None


# ---------------------------------------------------------------------------------------------
# Authors, editors, sources, document numbers

_ROLE = label("reporter")
_OUTLET = rf"(?:{words(('本报', '本刊', '本台', '本网', '本社'))}|{_HAN}{{1,8}}?{words(('报', '社', '台', '网', '频道'))})"
_COLON = r"\s*[:：]\s*"
_SLASH = r"\s*[/／╱]\s*"
# a handle after an explicit label ('放飞&心情', 'ggjjzhzz') as well as names
_NAME_OR_HANDLE = (rf"[\u3400-\u9fff·]{{2,12}}(?:[ \u3000、，,]+{_NAME})*(?=\s|$|[)）])|"
                   r"[^\s:：,，|<>=\"']{2,20}(?=\s|$)")
_LONG_AUTHOR_LABEL = words(w for w in LABELS["author"] if len(w) > 1)
_AUTHOR_PATTERNS = (
    re.compile(rf"{_LONG_AUTHOR_LABEL}{_COLON}(?P<n>{_NAME_OR_HANDLE})"),
    re.compile(rf"(?:{_LONG_AUTHOR_LABEL}|{_OPEN}文)(?:{_COLON}|{_SLASH})(?P<n>{_NAMES}){_NAME_END}"),
    # '記者王小明／台北報導', '【記者王小明、李大華／綜合報導】': the slash and the report word end the names
    re.compile(rf"{_ROLE}\s*(?P<n>{_NAMES}){_SLASH}{_HAN}{{0,8}}?{_REPORT}"),
    # '【王小明／台北報導】', '〔王小明╱綜合報導〕': the same in brackets without the role; a desk
    # ('〔即時新聞／綜合報導〕') is no name (see _DESK)
    re.compile(rf"[【〔（(\[]\s*(?P<n>{_NAMES}){_SLASH}{_HAN}{{0,8}}?{_REPORT}\s*[】〕）)\]]"),
    # '（中央社記者王小明台北1日電）', '（中央社駐歐洲特派員王小明布魯塞爾1日專電）': names run into the
    # place; a three-character name is likeliest
    re.compile(rf"{_OUTLET}(?:{words(('驻',))}{_HAN}{{1,4}}?)?{_ROLE}"
               rf"(?P<n>(?:{_NAME}[、，,])*(?:{_HAN}{{3}}|{_HAN}{{2}}|{_HAN}{{4}})){_HAN}{{2,4}}?"
               rf"\d{{1,2}}日{words(('专', '综合外'))}?[电電]"),
    # '本报记者张三', '新京报记者 彭冲', '记者：张三', '记者 张三' - not '记者调查' or '记者从市教育局获悉'
    re.compile(rf"(?:{_OUTLET}\s*{_ROLE}\s*|{_ROLE}[:：\s]\s*)(?P<n>{_NAMES}){_NAME_END}"),
    # '新华社巴黎12月9日电（记者唐霁）': a reporter credit alone in brackets
    re.compile(rf"[（(【〔\[]\s*{_ROLE}\s*(?P<n>{_NAMES})\s*[)）】〕\]]"),
    # a forum post's header: 'ggjjzhzz 发表于 2005-9-15 11:46:00', '山城老周 发表于 昨天 10:32'; a handle
    # is taken whole or not at all ('阿强修车铺', not '强修车铺')
    re.compile(rf"(?<![\u3400-\u9fff·\w])(?P<n>[\u3400-\u9fff·]{{2,12}}|[A-Za-z][\w.-]{{2,30}})\s*"
               rf"{words(('发表于',))}\s*(?=\d|{words(('昨天', '前天', '今天'))})"),
    re.compile(rf"由\s*(?P<n>{_NAME}|[A-Za-z][\w.-]{{2,30}})\s*{words(('张贴', '发表', '发布'))}"),
    re.compile(rf"\d{{1,2}}:\d{{2}}\s*\[\s*(?P<n>{_NAMES})\s*\]"),
    re.compile(r"^(?:By|BY)\s+(?P<n>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})$"),
)
# '责任编辑：王五', '【编辑:刘欢】', '责任编辑 王五' (but not '编辑 部'), and in brackets without the colon:
# '（松花江网编辑 孙桂芳）'
_EDITOR = re.compile(rf"(?:{label('editor')}\s*[:：/／]|{words(('责任编辑', '责编'))}[ \u3000]+)\s*(?P<n>{_NAMES})|"
                     rf"^[（(【][^）)】]{{0,12}}{words(('编辑', '责编'))}\s*(?P<m>{_NAMES})\s*[)）】]$")
_SOURCE = re.compile(rf"{label('source')}{_COLON}[\[【]?\s*(?P<n>[^\s|丨\]】<>=\"'\-—]{{2,24}})(?![=\w])")
_DOCNO = re.compile(rf"{label('docno')}{_COLON}(?P<n>[^\s|｜]{{2,40}})")
# '《光明日报》（ 2022年02月13日 02版）': the print edition a web story comes from
_PRINT_EDITION = re.compile(r"^[—-]*\s*《(?P<n>[^》]{2,16})》\s*[（(][^）)]*\d{4}[^）)]*[)）]\s*$")
# '（记者 胡晓蓉）', '（姚峰 上海报道）', '（常书香 马丹阳）' closing the last paragraph; a lone word in
# brackets ('（朝鲜文）') is not a byline
_TRAILING_ATTRIBUTION = re.compile(
    rf"[（(]\s*(?:(?:{_HAN}{{0,8}}{_ROLE}\s*)(?P<a>{_NAMES})|(?P<b>{_NAMES})\s*{_HAN}{{2,4}}{_REPORT}|"
    rf"(?P<c>{_NAME}(?:[ \u3000、，,]+{_NAME})+))\s*[)）]\s*$")


def find_author(lines: list[str]) -> str | None:
    for line in lines:
        for pattern in _AUTHOR_PATTERNS:
            found = pattern.search(line)
            if not found:
                continue
            raw = found.group("n")
            if re.match(_REPORT, line[found.end("n"):].lstrip()) and " " in raw.strip():
                raw = raw.strip().rsplit(" ", 1)[0]  # '彭冲 山东冠县报道': the last word is the place
            if names := _valid_names(raw):
                return names
    return None


def find_editor(lines: list[str]) -> str | None:
    for line in lines:
        if (found := _EDITOR.search(line)) and (names := _valid_names(found.group("n") or found.group("m"))):
            return names
    return None


def find_source(lines: list[str]) -> str | None:
    for line in lines:
        if found := _SOURCE.search(line) or _PRINT_EDITION.match(line):
            return found.group("n")
    return None


def find_docno(lines: list[str]) -> str | None:
    """'文号：国办发〔2021〕12号' -> '国办发〔2021〕12号'."""
    for line in lines:
        if found := _DOCNO.search(line):
            return found.group("n")
    return None


def _trailing_attribution(body: list[str]) -> str | None:
    for line in reversed(body[-2:]):
        found = _TRAILING_ATTRIBUTION.search(line)
        if found and (names := _valid_names(found.group("a") or found.group("b") or found.group("c"))):
            return names
    return None


# ---------------------------------------------------------------------------------------------
# Dates

_Y = r"(?P<y>(?:19|20)\d{2})"
# a time of day right after the date: '07:48', ' 14:18:05', '日14时18分', ' 星期四 下午2:18', ' 5:54:13 AM'
# (each white-space run follows a token of its own: no two runs compete over the same spaces)
_TIME = (r"\s*(?:[日号]\s*)?(?:[(（]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?\s*)?(?:T\s*)?"
         r"(?:(?P<half>上午|下午|晚上|早上|凌晨|中午)\s*)?"
         r"(?P<H>[01]?\d|2[0-3])\s*(?:[:：]|[时時点點](?=\s*\d))\s*(?P<M>[0-5]\d)(?!\d)"
         r"(?:\s*分)?(?:\s*[:：]\s*[0-5]\d(?!\d)|\s*[0-5]\d\s*秒)?(?:\s*(?P<ampm>[AaPp]\.?[Mm])\.?(?![A-Za-z]))?")
_DATE = re.compile(rf"(?<!\d){_Y}\s*(?:[-/.]|年)\s*(?P<m>\d{{1,2}})\s*(?:[-/.]|月)\s*(?P<d>\d{{1,2}})(?!\d)"
                   rf"(?:{_TIME})?")
# month/day/year, trusted only with a 12-hour time after it (ASP pages: '9/17/2004 5:54:13 AM')
_US_DATE = re.compile(rf"(?<!\d)(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/{_Y}"
                      r"\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?\s*(?P<ampm>[AP]M)")
# Xinhua's template spreads the date over spans that join as '2023 11/ 17 20:52:15': trusted with the time
_SPLIT_DATE = re.compile(rf"(?<![\d/]){_Y}\s+(?P<m>\d{{1,2}})\s*/\s*(?P<d>\d{{1,2}})(?![\d/]){_TIME}")
_YEAR_MONTH = re.compile(rf"(?<!\d){_Y}\s*年\s*(?P<m>\d{{1,2}})\s*月(?![\d\s]*\d\s*日)")
# the Republic of China's calendar: year 1 is 1912; '民國112年6月1日' says so itself
_ROC = re.compile(r"(?:中华|中華)?(?:民国|民國)\s*(?P<y>\d{1,3})\s*年\s*(?P<m>\d{1,2})\s*月"
                  rf"(?:\s*(?P<d>\d{{1,2}})\s*日(?:{_TIME})?)?")
# '112/06/01', '112年6月1日' after a date label only; years 60-150 (1971-2061): any web page, and
# never a two-digit Gregorian year ('12/06/01')
_ROC_NUMERIC = re.compile(r"(?<!\d)(?P<y>[6-9]\d|1[0-4]\d|150)\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
                          rf"(?P<d>\d{{1,2}})(?!\d)(?:{_TIME})?")
# '2004-10', '2004.10', '2004年10月' after a date label
_LABELLED_MONTH = re.compile(rf"(?<!\d){_Y}\s*(?:[-/.]|年)\s*(?P<m>\d{{1,2}})(?!\d)\s*月?(?!\s*[-/.]?\s*\d)")
_HAN_DIGITS = "〇零一二三四五六七八九"
_HAN_VALUE = {**{c: i for i, c in enumerate("〇一二三四五六七八九")}, "零": 0}
_HAN_NUMBER = "[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
# '一九九八年三月', '二〇〇四年十月二十一日': old essays sign off this way; trusted on a dateline only
_HAN_DATE = re.compile(rf"(?P<y>[一二][{_HAN_DIGITS}]{{3}})\s*年\s*(?P<m>{_HAN_NUMBER})\s*月"
                       rf"(?:\s*(?P<d>{_HAN_NUMBER})\s*[日号])?")
_LABELLED = re.compile(rf"{_OPEN}{label('published')}(?:\s*[:：])?\s*")
# words that make a line with a date a dateline: every label but the one-character '文'
_META_WORDS = re.compile(rf"{words(w for f in LABELS for w in LABELS[f] if len(w) > 1)}|Posted|Published|Updated",
                         re.IGNORECASE)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE_CHARS = re.compile(r"\d|年")  # no date without either
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)(?:/|_|\.|\d)")
_META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                    "publishdate", "publish_date", "publishtime", "dc.date.issued", "dc.date")


def _han_number(text: str) -> int:
    """'三' -> 3, '十' -> 10, '二十一' -> 21, and a year digit by digit: '一九九八' -> 1998."""
    if "十" not in text:
        return int("".join(str(_HAN_VALUE[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_HAN_VALUE[tens] if tens else 1) * 10 + (_HAN_VALUE[ones] if ones else 0)


def _iso(y: str | int, m: str | int | None = None, d: str | int | None = None, hour: str | None = None,
         minute: str | None = None, half: str | None = None) -> str | None:
    year, month, day = int(y), int(m or 1), int(d or 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    iso = f"{year:04d}" + (f"-{month:02d}" if m else "") + (f"-{day:02d}" if d else "")
    if hour is None or minute is None or not d:
        return iso
    h = int(hour)
    half = (half or "").upper().replace(".", "")
    if half in ("PM", "下午", "晚上") or (half == "中午" and h < 11):
        h += 12 if h < 12 else 0
    elif half in ("AM", "凌晨", "早上", "上午") and h == 12:
        h = 0
    return f"{iso}T{h:02d}:{int(minute):02d}" if h < 24 else iso


def _from_match(found: re.Match, year_offset: int = 0) -> str | None:
    groups = found.groupdict()
    half = groups.get("ampm") or groups.get("half")
    return _iso(int(groups["y"]) + year_offset, groups["m"], groups.get("d"), groups.get("H"), groups.get("M"), half)


def _full_date(text: str) -> str | None:
    """The first full date in `text` (a Gregorian date, an ASP month/day/year, a 民國 date)."""
    for pattern, offset in ((_DATE, 0), (_US_DATE, 0), (_SPLIT_DATE, 0), (_ROC, 1911)):
        for found in pattern.finditer(text):
            if found.group("d") and (iso := _from_match(found, offset)):
                return iso
    return None


def _labelled_date(line: str) -> str | None:
    """A date right after a date label: '发布时间：2022-2-3 04:22:18', '日期：112/06/01', '时间：2004-10'."""
    for label_match in _LABELLED.finditer(line):
        rest = line[label_match.end():]
        for pattern, offset in ((_DATE, 0), (_US_DATE, 0), (_SPLIT_DATE, 0), (_ROC, 1911), (_ROC_NUMERIC, 1911)):
            if (found := pattern.match(rest)) and found.group("d") and (iso := _from_match(found, offset)):
                return iso
        for pattern, offset in ((_LABELLED_MONTH, 0), (_ROC, 1911)):
            if (found := pattern.match(rest)) and (iso := _iso(int(found.group("y")) + offset, found.group("m"))):
                return iso
    return None


def _han_date(line: str) -> str | None:
    found = _HAN_DATE.search(line)
    if not found:
        return None
    year = _han_number(found.group("y"))
    day = _han_number(found.group("d")) if found.group("d") else None
    return _iso(year, _han_number(found.group("m")), day)


def _first_date_match(line: str) -> re.Match | None:
    return _DATE.search(line) or _US_DATE.search(line) or _SPLIT_DATE.search(line) or _ROC.search(line) \
        or _YEAR_MONTH.search(line) or _HAN_DATE.search(line)


def is_dateline(line: str) -> bool:
    """A dateline ('2003-7-24 钱江晚报', '发布时间：2022-02-13 04:22', '一九九八年三月于纽约'), not a
    sentence with a date in it: no sentence punctuation, and byline words or little else beside the date."""
    line = line.translate(_FULL_WIDTH)
    if "，" in line or "。" in line or not _DATE_CHARS.search(line):
        return False
    if _labelled_date(line):
        return True
    found = _first_date_match(line)
    if not found:
        return False
    rest = line[:found.start()] + line[found.end():]
    return bool(_META_WORDS.search(line)) or len(_norm(rest)) <= 8


def find_date(lines: list[str], *, labelled: bool = False) -> str | None:
    """The byline's date among `lines`: a labelled date ('发布时间：…') first, then one on a dateline
    (a date with byline words or alone), then the first full date in any line, then a year-month
    ('1998年3月号' -> '1998-03'). With its time of day when the line gives one. `labelled`: only
    a date after a date label."""
    lines = [line for line in (line.translate(_FULL_WIDTH) for line in lines) if _DATE_CHARS.search(line)]
    for line in lines:
        if iso := _labelled_date(line):
            return iso
    if labelled:
        return None
    datelines = [line for line in lines if is_dateline(line)]
    for line in datelines:
        if iso := _full_date(line) or _han_date(line):
            return iso
    for line in lines:
        if iso := _full_date(line):
            return iso
    for line in lines:
        for pattern, offset in ((_YEAR_MONTH, 0), (_ROC, 1911)):
            if (found := pattern.search(line)) and (iso := _iso(int(found.group("y")) + offset, found.group("m"))):
                return iso
        if line in datelines and (iso := _han_date(line)):
            return iso
    return None


def _meta_date(meta: dict[str, str]) -> str | None:
    value = _meta(meta, *_META_DATE_NAMES)
    found = _DATE.search(value or "")
    return _iso(*found.group("y", "m", "d")) if found else None


def _url_date(url: str | None) -> str | None:
    found = _URL_DATE.search(url or "")
    return _iso(*found.group("y", "m", "d")) if found else None


# ---------------------------------------------------------------------------------------------
# What the markup says

_NOT_A_PERSON = re.compile(r"[./@_\d]|网|報|报|網|Team|Inc")
_SPACED_HANZI = re.compile(r"^[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,3}$")


def _meta_author(meta: dict[str, str]) -> str | None:
    value = _meta(meta, "citation_author", "dc.creator", "article:author", "author")
    if value and _SPACED_HANZI.match(value):
        value = _WS.sub("", value)  # citation metadata spaces a Chinese name: '赵 培'
    # CMS templates fill this with the site, the software ('Discuz Team') or a user id ('L_104485')
    if value and len(value) <= 30 and not _NOT_A_PERSON.search(value):
        return value
    return None


def _htmldate(root: etree._Element) -> str | None:
    from htmldate import find_date as htmldate_find

    try:
        return htmldate_find(root, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate is a heuristic helper; its failure leaves the date unknown
        logger.debug("htmldate failed: %s", exc)
        return None
