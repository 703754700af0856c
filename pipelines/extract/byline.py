"""Bylines, datelines and sources: who wrote a page, when, and which publication it credits."""
from __future__ import annotations

import logging
import re

from lxml import etree

from .html import _WS, _meta

logger = logging.getLogger(__name__)

_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"
# words that fill a name slot in templates and menus but are nobody's name
_NOT_NAMES = frozenset("本文 本报 本刊 本台 本网 记者 编辑 通讯员 实习生 来源 作者 摄影 报道 综合 新华社 中新社 "
                       "转载 原创 网友 匿名 佚名 未知 责任编辑 发表于 发布 日期 时间 点击 评论 消息 通知 公告 新闻 "
                       "首页 登录 注册 分享 打印 关闭 返回 更多 推荐 热点 专题 图片 视频 简介 看点 简评 导读 摘要 "
                       "正文 原文 全文 目录 标签 相关 声明 编者按 前言 引言 结语 附件 下载 收藏 搜索".split())
# '本报记者张三' / '新京报记者 彭冲' / '记者：张三', but not '记者调查' (a menu) or '记者从市教育局获悉'
_ROLE = r"(?:(?:特约|实习|首席)?记者|实习生|通讯员)"
_REPORTER = rf"(?:(?:本报|本刊|本台|本网|[\u4e00-\u9fff]{{1,8}}(?:报|社|台|网|频道))\s*{_ROLE}\s*|{_ROLE}[:：\s]\s*)"
_NAME_END = r"(?=\s|$|[)）】\]。，,]|报道|摄)"
_AUTHOR_PATTERNS = (
    # after an explicit label, a forum handle ('放飞&心情', 'ggjjzhzz') counts as well as names
    re.compile(rf"(?:作\s*者|撰\s*文|执笔人?|发文机关)\s*[:：]\s*(?P<n>[\u4e00-\u9fff·]{{2,12}}"
               rf"(?:[ \u3000、，,]+{_NAME})*(?=\s|$|[)）])|[^\s:：,，|<>=\"']{{2,20}}(?=\s|$))"),
    re.compile(rf"{_REPORTER}(?P<n>{_NAMES}){_NAME_END}"),
    re.compile(rf"(?:^|[\s(（【\[])文\s*[/／]\s*(?P<n>{_NAMES}){_NAME_END}"),
    re.compile(rf"(?P<n>{_NAME}|[A-Za-z][\w.-]{{2,30}})\s*发表于"),
    re.compile(rf"由\s*(?P<n>{_NAME}|[A-Za-z][\w.-]{{2,30}})\s*(?:张贴|发表|发布)"),
    re.compile(rf"\d{{1,2}}:\d{{2}}\s*\[\s*(?P<n>{_NAMES})\s*\]"),
    re.compile(r"^(?:By|BY)\s+(?P<n>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})$"),
)
# '责任编辑：王五', and in brackets without the colon: '（松花江网编辑 孙桂芳）'
_EDITOR = re.compile(rf"(?:责任编辑|责编|编辑|主编)\s*[:：]\s*(?P<n>{_NAMES})|"
                     rf"^[（(【][^）)】]{{0,12}}(?:编辑|责编)\s*(?P<m>{_NAMES})\s*[)）】]$")
_SOURCE = re.compile(r"(?:文章来源|稿件来源|稿源|来源|出处)\s*[:：]\s*[\[【]?\s*(?P<n>[^\s|丨\]】<>=\"'\-—]{2,24})(?![=\w])")
# '（记者 胡晓蓉）', '（姚峰 上海报道）', '（常书香 马丹阳）' closing the last paragraph; a lone word in
# brackets ('（朝鲜文）') is not a byline
# '《光明日报》（ 2022年02月13日 02版）': the print edition a web story comes from
_PRINT_EDITION = re.compile(r"^[—-]*\s*《(?P<n>[^》]{2,16})》\s*[（(][^）)]*\d{4}[^）)]*[)）]\s*$")
_TRAILING_ATTRIBUTION = re.compile(
    rf"[（(]\s*(?:(?:[\u4e00-\u9fff]{{0,8}}记者\s*)(?P<a>{_NAMES})|(?P<b>{_NAMES})\s*[\u4e00-\u9fff]{{2,4}}报道|"
    rf"(?P<c>{_NAME}(?:[ \u3000、，,]+{_NAME})+))\s*[)）]\s*$")

_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
                   r"(?P<d>\d{1,2})(?!\d)")
# month/day/year, trusted only with a 12-hour time after it (ASP pages: '9/17/2004 5:54:13 AM')
_US_DATE = re.compile(r"(?<!\d)(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})"
                      r"(?=\s+\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M)")
_YEAR_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?![\d\s]*\d\s*日)")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)(?:/|_|\.|\d)")
_META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                    "publishdate", "publish_date", "publishtime", "dc.date.issued", "dc.date")


_NAME_SEP = re.compile(r"[ \u3000、，,]+")


def _valid_names(raw: str) -> str | None:
    names = [n for n in _NAME_SEP.split(raw.strip()) if n and n not in _NOT_NAMES]
    names = [n for n in names if not any(stop in n for stop in ("记者", "编辑", "报道", "来源"))]
    return " ".join(names) if names else None


def find_author(lines: list[str]) -> str | None:
    for line in lines:
        for pattern in _AUTHOR_PATTERNS:
            found = pattern.search(line)
            if not found:
                continue
            raw = found.group("n")
            if line[found.end("n"):].lstrip().startswith("报道") and " " in raw.strip():
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


def _iso(y: str, m: str | None = None, d: str | None = None) -> str | None:
    year, month, day = int(y), int(m or 1), int(d or 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}" + (f"-{month:02d}" if m else "") + (f"-{day:02d}" if d else "")


def find_date(lines: list[str]) -> str | None:
    """The first full date in `lines`, else the first year-month ('1998年3月号' -> '1998-03')."""
    for line in lines:
        if (found := _DATE.search(line)) and (iso := _iso(*found.group("y", "m", "d"))):
            return iso
        if (found := _US_DATE.search(line)) and (iso := _iso(*found.group("y", "m", "d"))):
            return iso
    for line in lines:
        if (found := _YEAR_MONTH.search(line)) and (iso := _iso(*found.group("y", "m"))):
            return iso
    return None


def _meta_date(meta: dict[str, str]) -> str | None:
    value = _meta(meta, *_META_DATE_NAMES)
    found = _DATE.search(value or "")
    return _iso(*found.group("y", "m", "d")) if found else None


def _url_date(url: str | None) -> str | None:
    found = _URL_DATE.search(url or "")
    return _iso(*found.group("y", "m", "d")) if found else None


def _trailing_attribution(body: list[str]) -> str | None:
    for line in reversed(body[-2:]):
        found = _TRAILING_ATTRIBUTION.search(line)
        if found and (names := _valid_names(found.group("a") or found.group("b") or found.group("c"))):
            return names
    return None


_NOT_A_PERSON = re.compile(r"[./@_\d]|网|报|Team|Inc")
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
