"""Edge trimming (title, byline and date lines at the top; editor, source, copyright at the bottom)
and the page paragraphs around the body, where bylines are looked for."""
from __future__ import annotations

import re

from .blocks import Block, _CJK, _CJK_SENTENCE, _line_key, is_prose
from ..byline_grammar import is_dateline, label, words
from .byline import _valid_names, find_author, find_docno, find_editor, find_source, is_link_text
from .html import _norm

_HEAD_LINES = 8
# short lines (kickers, column labels, breadcrumbs) tolerated before a byline that ends the header
_MAX_UNEXPLAINED = 2
_SHORT_LINE = 40
# '（原标题：…）': portals that re-title a story name the source's title on the first line
_ORIGINAL_TITLE = re.compile(r"^[-\s]*[（(]?原标题[:：]")
_COLUMN_LABEL = re.compile(r"^[【\[][^】\]]{1,12}[】\]]$")
_BREADCRUMB = re.compile(r"当前位置|您的位置|你的位置|现在位置|^首页\s*[>»›]|(?:[>»›].{1,12}){2,}")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# '〔記者王小明／台北報導〕梅雨季…', '（中央社記者王小明台北1日電）行政院…': Taiwanese and Hong Kong
# papers open the first paragraph with the byline in brackets; an unbracketed news-agency dateline
# ('新华社北京11月17日电 记者17日…') is part of the text
_LEADING_BYLINE = re.compile(r"^\s*[（(【〔\[][^（()）【】〔〕\[\]]{2,40}[）)】〕\]]\s*")
# two- or three-character names only: four hanzi alone on a line are as often a heading ('编者按语')
_BARE_NAMES = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[ \u3000][\u4e00-\u9fff]{2,3}){0,3}$")
# Strong markers end the article wherever they stand in its last part; weak ones (a source or
# editor line, a share button) only when little follows them, since '来源：国家统计局' can also be a
# chart caption in the middle of a data story.
_STRONG_END = re.compile(
    r"^[|｜\s【\[]*(?:.{0,12}版权(?:与免责)?声明|.{0,12}免责声明|反侵权公告|版权所有|Copyright|©|"
    r"相关\S{0,4}(?:新闻|阅读|文章|报道|链接|资讯|推荐)|延伸阅读|推荐阅读|热门推荐|你可以使用这个链接引用|"
    r"This entry was posted|Related posts)", re.IGNORECASE)
_WEAK_END = re.compile(
    rf"^[|｜\s【\[（(]*(?:{words(('上一篇', '下一篇', '返回搜狐', '分享到', '分享让', '责任编辑', '文章来源', '打印', '关闭', '本文发表于'))}|"
    rf"{label('editor', 'source')}\s*[:：]|Share this)", re.IGNORECASE)
_WEAK_TAIL_LINES = 3
_WEAK_TAIL_SHARE = 0.15
# only cut at a marker in the last part of the text, and never more than this share of it
_TAIL_SHARE = 0.4


def meta_line(line: str, title: str | None) -> str | None:
    """Why `line` (near the top) is metadata rather than body, or None."""
    if _ORIGINAL_TITLE.match(line):
        return "original title"
    flat, flat_title = _norm(line), _norm(title or "")
    if flat_title and min(4, len(flat_title)) <= len(flat) <= len(flat_title) + 16 \
            and (flat_title in flat or flat in flat_title):
        return "title"
    if len(line) > 80 or is_prose_sentence(line):
        return None
    if is_dateline(line):
        return "date"
    if find_author([line]) or find_editor([line]) or find_source([line]) or find_docno([line]):
        return "byline"
    if is_link_text(line):
        return "link text"
    if _COLUMN_LABEL.match(line.strip()):
        return "column label"
    if _BREADCRUMB.search(line) and not is_prose(line):
        return "breadcrumb"
    return None


def is_prose_sentence(line: str) -> bool:
    return len(_CJK.findall(line)) >= 24 and bool(_CJK_SENTENCE.search(line))


def _chrome_row(line: str) -> bool:
    """A table row of short cells (navigation rendered as '| a | b |'), as opposed to a data row."""
    return bool(_TABLE_ROW.match(line)) and not is_prose(line)


def _name_line(line: str, pending: list[tuple[str, str]]) -> bool:
    """'茉莉' alone on the line after a short title-like line: the essay's author."""
    return bool(pending) and not _chrome_row(pending[-1][0]) and bool(_BARE_NAMES.match(line.strip())) \
        and _valid_names(line) == " ".join(line.split())


def trim_head(lines: list[str], title: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop title/date/byline lines among the first few, with the short lines (kicker, label,
    navigation row) between them; stop at the first paragraph of prose."""
    dropped: list[tuple[str, str]] = []
    pending: list[tuple[str, str]] = []
    for line in lines[:_HEAD_LINES]:
        why = meta_line(line, title) or ("author line" if _name_line(line, pending) else None)
        if why:
            dropped += pending + [(line, why)]
            pending = []
        elif (len(line) <= _SHORT_LINE and len(pending) < _MAX_UNEXPLAINED) or _chrome_row(line):
            pending.append((line, "before byline" if not _chrome_row(line) else "navigation row"))
        else:
            break
    if not dropped:  # no header found, but a navigation row at the very top is never the article
        while len(dropped) < len(lines) - 1 and _chrome_row(lines[len(dropped)]):
            dropped.append((lines[len(dropped)], "navigation row"))
    kept = lines[len(dropped):]
    if kept and (found := _LEADING_BYLINE.match(kept[0])) and found.end() < len(kept[0]) \
            and find_author([found.group().strip()]):
        dropped.append((found.group().strip(), "byline"))
        kept = [kept[0][found.end():], *kept[1:]]
    return kept, dropped


def trim_tail(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Cut at the first end-of-article marker (copyright, related links, editor line) near the end,
    then drop trailing byline/source/editor lines."""
    total = sum(len(line) for line in lines) or 1
    seen, dropped = 0, []
    for i, line in enumerate(lines):
        rest = total - seen
        strong = _STRONG_END.match(line) and rest <= _TAIL_SHARE * total
        weak = _WEAK_END.match(line) and len(lines) - i <= _WEAK_TAIL_LINES and rest <= _WEAK_TAIL_SHARE * total
        if i > 0 and seen / total >= 1 - _TAIL_SHARE and (strong or weak):
            dropped = [(x, "after end-of-article marker") for x in lines[i:]]
            lines = lines[:i]
            break
        seen += len(line)
    while len(lines) > 1 and len(dropped) < 40:
        last = lines[-1]
        if len(last) > _SHORT_LINE or not (find_author([last]) or find_editor([last]) or find_source([last])):
            break
        dropped.insert(0, (last, "byline"))
        lines = lines[:-1]
    return lines, dropped


def _locate(blocks: list[Block], line: str, start: int = 0) -> int | None:
    key = _line_key(line)
    if not key:
        return None
    first = key[0]
    for i in range(start, len(blocks)):
        # a block whose text lacks the key's first character cannot hold the key: no need to
        # compute its white-space-free form
        if first in blocks[i].text and key in blocks[i].flat:
            return i
    return None


def _is_anchor(line: str) -> bool:
    return is_prose(line) and len(_line_key(line)) >= 8


def surrounding_lines(blocks: list[Block], body: list[str], before: int = 8,
                      after: int = 6) -> tuple[list[str], list[str]]:
    """Page paragraphs just before the body's first line and just after its last one."""
    # anchor on prose: a short first or last line ('- 关注') also occurs in menus elsewhere
    if not body:
        return [], []
    first_anchor = next((line for line in body if _is_anchor(line)), None)
    if first_anchor is None:
        first_anchor, last_anchor = body[0], body[-1]
    else:
        last_anchor = next(line for line in reversed(body) if _is_anchor(line))
    first = _locate(blocks, first_anchor)
    if first is None:
        return [], []
    last = _locate(blocks, last_anchor, first)
    last = first if last is None else last
    in_body = {_line_key(line) for line in body}
    head = [b.text for b in blocks[max(0, first - 4 * before):first] if b.key not in in_body][-before:]
    tail = [b.text for b in blocks[last + 1:last + 1 + 4 * after] if b.key not in in_body][:after]
    return head, tail
