"""Bylines, datelines and sources: who wrote a page, when, and which publication it credits.

find_author, find_editor, find_source and find_docno read their labels from the one byline grammar
(pipelines/text/byline_grammar.py), as normalization's label-value lines do; find_date and
is_dateline are that grammar's own. This module adds what the page's markup says: meta tags, the
URL's date, htmldate.
"""
from __future__ import annotations

import logging
import re

from lxml import etree

from ..byline_grammar import DATE, HAN, LABELS, WORD_START, forms, iso_date, label, words
from .html import _WS, _meta

logger = logging.getLogger(__name__)

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

_ROLE = label("reporter", "correspondent")
_OUTLET = rf"(?:{words(('本报', '本刊', '本台', '本网', '本社'))}|{HAN}{{1,8}}?{words(('报', '社', '台', '网', '频道'))})"
_COLON = r"\s*[:：]\s*"
_SLASH = r"\s*[/／╱]\s*"
# a handle after an explicit label ('放飞&心情', 'ggjjzhzz') as well as names
_NAME_OR_HANDLE = (rf"[\u3400-\u9fff·]{{2,12}}(?:[ \u3000、，,]+{_NAME})*(?=\s|$|[)）])|"
                   r"[^\s:：,，|<>=\"']{2,20}(?=\s|$)")
_LONG_AUTHOR_LABEL = words(w for w in LABELS["author"] if len(w) > 1)
_AUTHOR_PATTERNS = (
    re.compile(rf"{_LONG_AUTHOR_LABEL}{_COLON}(?P<n>{_NAME_OR_HANDLE})"),
    re.compile(rf"(?:{_LONG_AUTHOR_LABEL}|{WORD_START}文)(?:{_COLON}|{_SLASH})(?P<n>{_NAMES}){_NAME_END}"),
    # '記者王小明／台北報導', '【記者王小明、李大華／綜合報導】': the slash and the report word end the names
    re.compile(rf"{_ROLE}\s*(?P<n>{_NAMES}){_SLASH}{HAN}{{0,8}}?{_REPORT}"),
    # '【王小明／台北報導】', '〔王小明╱綜合報導〕': the same in brackets without the role; a desk
    # ('〔即時新聞／綜合報導〕') is no name (see _DESK)
    re.compile(rf"[【〔（(\[]\s*(?P<n>{_NAMES}){_SLASH}{HAN}{{0,8}}?{_REPORT}\s*[】〕）)\]]"),
    # '（中央社記者王小明台北1日電）', '（中央社駐歐洲特派員王小明布魯塞爾1日專電）': names run into the
    # place; a three-character name is likeliest
    re.compile(rf"{_OUTLET}(?:{words(('驻',))}{HAN}{{1,4}}?)?{_ROLE}"
               rf"(?P<n>(?:{_NAME}[、，,])*(?:{HAN}{{3}}|{HAN}{{2}}|{HAN}{{4}})){HAN}{{2,4}}?"
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
    rf"[（(]\s*(?:(?:{HAN}{{0,8}}{_ROLE}\s*)(?P<a>{_NAMES})|(?P<b>{_NAMES})\s*{HAN}{{2,4}}{_REPORT}|"
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



def _meta_date(meta: dict[str, str]) -> str | None:
    value = _meta(meta, *_META_DATE_NAMES)
    found = DATE.search(value or "")
    return iso_date(*found.group("y", "m", "d")) if found else None


def _url_date(url: str | None) -> str | None:
    found = _URL_DATE.search(url or "")
    return iso_date(*found.group("y", "m", "d")) if found else None


# ---------------------------------------------------------------------------------------------
# What the markup says

_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)(?:/|_|\.|\d)")
_META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                    "publishdate", "publish_date", "publishtime", "dc.date.issued", "dc.date")

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
