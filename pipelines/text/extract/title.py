"""The article's title from the page: headings, `<title>` and og:title with site names split off."""
from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from .blocks import Block, _select_text, is_prose
from .html import _WS, _meta, _norm
from .trim import meta_line

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


class PageTitle(NamedTuple):
    text: str | None
    confirmed: bool  # a heading the `<title>`/og:title repeats, or the user's selector: the page's own word


def page_title(root: etree._Element, meta: dict[str, str], title_selector: str | None = None) -> PageTitle:
    """The article's title (headline() of what _page_title finds) and whether the page confirms it."""
    text, confirmed = _page_title(root, meta, title_selector)
    return PageTitle(headline(text), confirmed)


def _page_title(root: etree._Element, meta: dict[str, str],
                title_selector: str | None = None) -> tuple[str | None, bool]:
    """A heading the `<title>`/og:title confirms, else their cleaned text, else the first heading that
    is not a site's name; never the site's name (None when the site's name is all the page offers).
    A lesser heading (h3) counts only when the `<title>` confirms it: forum software sets the thread
    title in one."""
    if title_selector and (found := _select_text(root, title_selector)):
        return found.splitlines()[0], True
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
            return max(confirmed, key=lambda h: len(_norm(h))), True
    for candidate in (og, doc_title):
        cleaned = _clean_doc_title(candidate, site_names) if candidate else ""
        if len(cleaned) >= 2 and not _site_like(cleaned, site_names):
            return _without_owner(cleaned, root), False
    return next((h for h in headings if not _site_like(h, site_names)), None), False


_OWNER_LINE = re.compile(r"版权所有|版權所有|Copyright|©|主办|主辦|来源|來源|原创|原創|转载|轉載")
# the title's last part after a bare '-' or '_' ('…GPU-EDN 电子技术设计'), else its last word after a plain space
_LAST_WORDS = (re.compile(r"[-_]([^-_]{2,20})$"), re.compile(r"\s+(\S{2,20})$"))


def _without_owner(title: str, root: etree._Element) -> str:
    """`<title>` text without a last word (after a plain space, or a bare '-' or '_') that the page
    names as its owner or the article's source: '…大赛 湖南省中医药研究院附属医院' beside '版权所有
    湖南省中医药研究院附属医院', '…调研工作 东区办事处' beside '来源于：东区办事处', '…一块顶十块GPU-EDN
    电子技术设计' beside '本文为EDN电子技术设计 原创文章，禁止转载'."""
    for last in filter(None, (pattern.search(title) for pattern in _LAST_WORDS)):
        word = _norm(last.group(1))
        if len(title) - len(last.group(0)) < 6 or not word:
            continue
        for text in root.itertext():
            if len(text) <= 200 and word in _norm(text) and _OWNER_LINE.search(text):
                return title[:last.start()].strip()
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


# How a headline set in the page looks when no <h1>-<h3> carries it: another heading, bold or
# large type, or an element whose class or id says it is a title ('post-title', 'news_tit').
_EMPHASIS_TAGS = frozenset("h1 h2 h3 h4 h5 h6 b strong big".split())
_TITLE_CLASS = re.compile(r"title|headline|heading", re.IGNORECASE)
# how far before the body's first paragraph a headline may stand (date, byline, share row between)
_HEADLINE_REACH = 8
_HEADLINE_MAX_CHARS = 80
# Latin words and CJK/kana character pairs: the unit in which a title and its text agree
_UNSPACED_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD = re.compile(r"[^\W_]+")


def _grams(text: str) -> set[str]:
    text = text.lower()
    grams = set(_WORD.findall(_UNSPACED_RUN.sub(" ", text)))
    for run in _UNSPACED_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else grams.add(run)
    return grams


def agreement(title: str | None, body: str) -> float:
    """The share of the title's words (CJK: character pairs) that the body uses. A headline is about
    its article; a site's greeting, a section's name or a blog's name is not ('海姑娘' over a text
    on Hunan cooking: 0.0, its headline '湘菜粤菜 兵分两路': 0.88). Under three words it says
    nothing ('Page', 'Mähne'): 0.0."""
    grams = _grams(title or "")
    if len(grams) < 3:
        return 0.0
    flat = _norm(body).lower()
    return sum(gram in flat for gram in grams) / len(grams)


def _emphasized(block: Block) -> bool:
    """Whether the block is set as a heading: its element, an element inside it holding most of its
    text, or its parent is a heading, bold, large type or named a title."""
    owner = block.owner
    for el in (owner, owner.getparent()):
        if el is not None and isinstance(el.tag, str) and (
                el.tag.lower() in _EMPHASIS_TAGS or _TITLE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}")):
            return True
    flat = block.flat
    for el in owner.iter("b", "strong", "big", "font", "span"):
        styled = el.tag != "span" or _TITLE_CLASS.search(el.get("class", ""))
        if el.tag == "font" and not el.get("size"):
            styled = False
        if styled and len(_norm(el.text_content())) >= 0.6 * len(flat):
            return True
    return False


def _is_link_name(root: etree._Element, text: str) -> bool:
    flat = _norm(text)
    return any(_norm(a.text_content()) == flat for a in root.iter("a"))


def headline_near_body(root: etree._Element, blocks: list[Block], body: list[str], title: PageTitle) -> str | None:
    """A headline set in the page just above the article when the title found in the markup is
    not the article's: a `<title>` no heading confirms (the site's greeting, a section or blog name)
    whose words the text uses less, or that is the text of one of the page's links (its section in the
    menu or the breadcrumb), where an emphasized short line before the body uses them. Returns that
    line, or None to keep the title."""
    if title.confirmed or not body:
        return None
    start = _norm(body[0])[:12]
    first = next((i for i, block in enumerate(blocks) if start and block.flat.startswith(start)), None)
    if first is None:
        return None
    # the article's prose, not a line that repeats a heading
    text = "\n".join(line for line in body if is_prose(line))
    own = agreement(title.text, text)
    if title.text and _is_link_name(root, title.text):
        own = 0.0  # a section's or the site's name in its own menu says nothing about this article
    # Walking up from the body past date and byline lines: the nearest emphasized line must agree
    # with the text, then on up through the emphasized lines that agree too, since a headline stands
    # above the author's or the unit's name set in bold beneath it.
    found = None
    for block in reversed(blocks[max(0, first - _HEADLINE_REACH):first]):
        line = headline(block.text.lstrip("*#■●◆·"))
        if line and meta_line(line, None):
            continue
        fits = bool(line) and 4 <= len(_norm(line)) <= _HEADLINE_MAX_CHARS and line[-1] not in "。.;；,，:：" \
            and _emphasized(block)
        if not fits and not found:
            continue
        # it must agree with the text more than the found title does, and by at least half its words
        if fits and (agrees := agreement(line, text)) >= 0.5 and agrees > own + 0.25:
            found = line
        else:
            break
    return found
