"""The article's title from the page: headings, `<title>` and og:title with site names split off."""
from __future__ import annotations

import re

from lxml import etree

from .blocks import _select_text
from .html import _WS, _meta, _norm

# Between a title and its site/channel names: spaced dashes and bars, doubled marks, and a bare
# '-' or '_' only next to CJK (so 'COVID-19' stays whole while '洛克菲勒”-搜狐财经' splits).
_SITE_SEPARATORS = re.compile(
    r"\s+[-–—|｜·:»«/]\s+|--+|__+|——|[|｜»«]"
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


def page_title(root: etree._Element, meta: dict[str, str], title_selector: str | None = None) -> str | None:
    """The article's title: a heading the `<title>`/og:title confirms, else their cleaned text, else the
    first heading; never the site's name (None when the site's name is all the page offers)."""
    if title_selector and (found := _select_text(root, title_selector)):
        return found.splitlines()[0]
    site_names = {_norm(s) for s in (_meta(meta, "og:site_name", "application-name") or "",) if s}
    doc_title = _WS.sub(" ", "".join(root.xpath("(//title)[1]//text()"))).strip()
    if len(doc_title) <= 8 and _site_like(doc_title, site_names):
        site_names.add(_norm(doc_title))  # '<title>松花江网</title>': the whole title is the site
    og = _meta(meta, "og:title", "twitter:title")
    headings = [_WS.sub(" ", h.text_content()).strip() for h in root.iter("h1", "h2")]
    headings = [h for h in headings if len(h) >= _MIN_TITLE_CHARS and _norm(h) not in site_names]
    for reference in filter(None, (doc_title, og)):
        confirmed = [h for h in headings if _repeats(h, reference, site_names)]
        if confirmed:  # the heading covering most of the reference, not a channel name it also lists
            return max(confirmed, key=lambda h: len(_norm(h)))
    for candidate in (og, doc_title):
        cleaned = _clean_doc_title(candidate, site_names) if candidate else ""
        if len(cleaned) >= 2 and not _site_like(cleaned, site_names):
            return cleaned
    return headings[0] if headings else None


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
