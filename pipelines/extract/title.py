"""The article's title from the page: headings, `<title>` and og:title with site names split off."""
from __future__ import annotations

import re

from lxml import etree

from .blocks import _select_text
from .html import _WS, _meta, _norm

# Between a title and its site/channel names: spaced dashes and bars, doubled marks, and a bare
# '-' or '_' only next to CJK (so 'COVID-19' stays whole while '洛克菲勒”-搜狐财经' splits).
_SITE_SEPARATORS = re.compile(
    r"\s+[-–—|｜丨·:»«/]\s+|--+|__+|——|[|｜丨»«]"
    r"|(?<=[\u3000-\u9fff\uff00-\uffef])[-_·—<>](?=\S)|(?<=\S)[-_·—<>](?=[\u3000-\u9fff])")
_MIN_TITLE_CHARS = 4


_DOMAIN = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+/?$")
_SITE_LIKE = re.compile(r"(?:网|网站|频道|博客|论坛|百科全书|新闻|日报|晚报|在线|官网|首页|门户|"
                        r"中文网|政府|News|Online|Blog)$", re.IGNORECASE)
_TRAILING_SITE_WORD = re.compile(r"\s+[^\s]{2,8}$")


def _site_like(segment: str, site_names: set[str]) -> bool:
    # a long segment ending in '网' is a title that mentions a website, not a site name
    segment = segment.strip()
    return (_norm(segment) in site_names or bool(_DOMAIN.match(segment))
            or (len(segment) <= 12 and bool(_SITE_LIKE.search(segment))))


def _clean_doc_title(title: str, site_names: set[str]) -> str:
    """`<title>` without the site/channel names: '正文__商贸_产业资讯_新浪网' -> '正文'."""
    parts = [p.strip() for p in _SITE_SEPARATORS.split(title) if p and p.strip()]
    keep = [p for p in parts if not _site_like(p, site_names)] or parts[:1]
    longest = max(keep, key=len)
    # the article title is the first long segment; channel names are short
    first = next(p for p in keep if len(p) >= 0.5 * len(longest))
    trailing = _TRAILING_SITE_WORD.search(first)
    if trailing and _site_like(trailing.group(0), site_names) and len(first) > 2 * len(trailing.group(0)):
        first = first[:trailing.start()]  # '土豆不“土” 松花江网': a site name after a plain space
    return first.strip()


# A column or feature label before the headline: '棱镜|…', '新华全媒+丨…', '【不忘初心 牢记使命】…',
# '（推动高质量发展·一线见闻）…', a forum's '主题: …'. A name before '：' is left alone: '茉莉：…' is as
# often the author of an essay as a column.
_LEADING_LABEL = re.compile(r"^(?:[^\s|丨｜【】（）()]{1,8}\s*[|丨｜]|【[^】]{1,14}】|[（(][^）)]{2,16}[)）]|"
                            r"(?:主题|主題|标题|標題)\s*[:：])\s*(?=\S)")
# what a headline must keep after its label goes: a real title, not another label
_LABEL_REST = re.compile(r"^[^【\[（(].{5,}")
# private-use characters: icon fonts' glyphs ('投身外交(3)\ue004')
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# separators and marks left hanging at the end: '谁来为无序拆房“埋单”？- -'
_TRAILING_MARKS = re.compile(r"(?:\s*[-–—|｜丨_:：·]+)+\s*$")


def headline(title: str | None) -> str | None:
    """A title without a leading column label, icon glyphs and hanging separators."""
    if not title:
        return title
    title = _TRAILING_MARKS.sub("", _PRIVATE_USE.sub("", title)).strip()
    label = _LEADING_LABEL.match(title)
    if label and (_LABEL_REST.match(title[label.end():]) or label.group().rstrip()[-1] in ":："):
        title = title[label.end():]
    return title or None


def page_title(root: etree._Element, meta: dict[str, str], title_selector: str | None = None) -> str | None:
    """The article's title (headline() of what _page_title finds)."""
    return headline(_page_title(root, meta, title_selector))


def _page_title(root: etree._Element, meta: dict[str, str], title_selector: str | None = None) -> str | None:
    """A heading the `<title>`/og:title confirms, else their cleaned text, else the first heading that
    is not a site's name; never the site's name (None when the site's name is all the page offers).
    A lesser heading (h3) counts only when the `<title>` confirms it: forum software sets the thread
    title in one."""
    if title_selector and (found := _select_text(root, title_selector)):
        return found.splitlines()[0]
    site_names = {_norm(s) for s in (_meta(meta, "og:site_name", "application-name") or "",) if s}
    doc_title = _WS.sub(" ", "".join(root.xpath("(//title)[1]//text()"))).strip()
    if len(doc_title) <= 8 and _site_like(doc_title, site_names):
        site_names.add(_norm(doc_title))  # '<title>松花江网</title>': the whole title is the site
    og = _meta(meta, "og:title", "twitter:title")
    headings = [(h.tag, _WS.sub(" ", h.text_content()).strip()) for h in root.iter("h1", "h2", "h3")]
    lesser = [h for tag, h in headings if len(h) >= _MIN_TITLE_CHARS and _norm(h) not in site_names]
    headings = [h for tag, h in headings if tag != "h3" and len(h) >= _MIN_TITLE_CHARS and _norm(h) not in site_names]
    for reference in filter(None, (doc_title, og)):
        longest = max((len(_norm(p)) for p in _SITE_SEPARATORS.split(reference) if p), default=0)
        confirmed = [h for h in headings if _repeats(h, reference, site_names)] or \
            [h for h in lesser if _repeats(h, reference, site_names) and len(_norm(h)) >= 0.6 * longest]
        if confirmed:  # the heading covering most of the reference, not a channel name it also lists
            return max(confirmed, key=lambda h: len(_norm(h)))
    for candidate in (og, doc_title):
        cleaned = _clean_doc_title(candidate, site_names) if candidate else ""
        if len(cleaned) >= 2 and not _site_like(cleaned, site_names):
            return _without_owner(cleaned, root)
    return next((h for h in headings if not _site_like(h, site_names)), None)


_OWNER_LINE = re.compile(r"版权所有|版權所有|Copyright|©|主办|主辦|来源|來源")
_LAST_WORD = re.compile(r"\s+(\S{2,20})$")


def _without_owner(title: str, root: etree._Element) -> str:
    """`<title>` text without a last word (after a plain space) that the page names as its owner or
    the article's source: '…大赛 湖南省中医药研究院附属医院' beside '版权所有 湖南省中医药研究院附属医院',
    '…调研工作 东区办事处' beside '来源于：东区办事处'."""
    last = _LAST_WORD.search(title)
    if not last or len(title) - len(last.group(0)) < 6:
        return title
    word = last.group(1)
    for text in root.itertext():
        if word in text and _OWNER_LINE.search(text) and len(text) <= 200:
            return title[:last.start()]
    return title


def _repeats(heading: str, reference: str, site_names: set[str]) -> bool:
    """Whether `reference` (a <title> or og:title) repeats `heading` as (nearly) one whole segment: the
    article's heading. A heading that is only the site-name suffix ('松花江网') or one word of a
    segment (a section name, 'Politik') does not count."""
    flat = _norm(heading)
    if _is_suffix(heading, reference):
        return False
    segments = [p for p in _SITE_SEPARATORS.split(reference) if p and p.strip()] + [reference]
    return any(flat in _norm(seg) and len(flat) >= 0.6 * len(_norm(seg)) and not _site_like(seg, site_names)
               for seg in segments)


def _is_suffix(heading: str, title: str) -> bool:
    h, t = _norm(heading), _norm(title)
    return t.endswith(h) and len(h) < 0.5 * len(t)
