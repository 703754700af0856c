"""Main-text extraction from decoded HTML: body text, title, author, publication date.

The body, by order of evidence:
1. a per-site CSS selector hint (`body_selector`), when it matches;
2. trafilatura (balanced mode, tables kept, comments and cross-document dedup off) on a tree whose
   *layout* tables were turned into divs: old Chinese portals put the whole page in nested tables,
   and a table trafilatura keeps comes out as one long dump of navigation cells;
3. only when trafilatura returns nothing or next to nothing: a second opinion from a densest-block
   heuristic and readability-lxml, picked by agreement (the candidate closest to what at least two
   of the three extractors agree on). Running them on every page would triple the cost for nothing.
The body is then trimmed at its edges: title, date, byline, source and navigation lines at the top;
copyright notices, related links, editor and source lines at the bottom. Their values feed the
metadata and every dropped line is in the report.

Title: a heading the `<title>`/og:title confirms, else `<title>` without its site and channel names
(`--理论·党建--人民网`), never the site's name. Author and date: Chinese bylines and datelines
(作者：, 本报记者, 文/, 发表于, （记者 某某）, '2022-02-13 07:48 来源：…') in the trimmed lines and the page
paragraphs around the body, then `<meta>` tags, the URL, and htmldate for what markup says.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree

from .blocks import Block, is_prose, page_blocks, token_bag
from .body import _body, densest_block_text
from .byline import (_htmldate, _meta_author, _meta_date, _trailing_attribution, _url_date, find_author, find_date,
                     find_editor, find_source)
from .html import meta_tags, parse_html
from .tables import unlayout_tables
from .title import page_title
from .trim import _SHORT_LINE, surrounding_lines, trim_head, trim_tail

__all__ = ["Block", "Extracted", "densest_block_text", "extract_article", "find_author", "find_date", "find_editor",
           "find_source", "is_prose", "meta_tags", "page_blocks", "page_title", "parse_html", "token_bag",
           "trim_head", "trim_tail", "unlayout_tables"]

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True)
class Extracted:
    title: str | None
    author: str | None
    published: str | None          # YYYY-MM-DD (YYYY-MM or YYYY when the page says no more)
    text: str                      # body paragraphs, one a line, no title/date/author lines
    method: str                    # "selector" | "trafilatura" | "densest-block" | "readability" | "none"
    editor: str | None = None
    source: str | None = None      # the publication the page credits (来源：...)
    report: tuple[dict, ...] = ()  # what extraction dropped or decided, and why


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class _Zones:
    """Where bylines and datelines are looked for, best evidence first."""
    head: list[str]     # header lines trimmed off the body
    head_names: list[str]  # of which bare author-name lines
    before: list[str]   # page paragraphs just before the body, nearest first
    last: list[str]     # the body's last two lines
    after: list[str]    # footer lines trimmed off the body, then page paragraphs after it


def _zones(blocks: list[Block], body: list[str], dropped_head: list[tuple[str, str]],
           dropped_tail: list[tuple[str, str]]) -> _Zones:
    before, after = surrounding_lines(blocks, body)
    return _Zones(head=[line for line, _ in dropped_head],
                  head_names=[line for line, why in dropped_head if why == "author line"], before=before[::-1],
                  last=body[-2:],
                  after=[line for line, _ in dropped_tail] + after)


def _author(zones: _Zones, meta: dict[str, str]) -> str | None:
    # several byline lines in the header ('本报实习生 甲 乙' / '本报记者 丙') all name authors
    in_head = [names for line in zones.head if (names := find_author([line]))] + zones.head_names
    if in_head:
        return " ".join(dict.fromkeys(" ".join(in_head).split()))
    short_last = [line for line in zones.last if len(line) <= _SHORT_LINE]
    return (find_author(zones.before) or _trailing_attribution(zones.last) or find_author(short_last)
            or find_author(zones.after) or _meta_author(meta))


def _published(zones: _Zones, meta: dict[str, str], url: str | None, root: etree._Element) -> str | None:
    # Chinese datelines next to the body first, then what the publisher declared, then htmldate's
    # reading of <time> elements, JSON-LD and the like (no free-text guessing: extensive_search off);
    # a date in the last lines ('《北京之春》1998年3月号') only when nothing else says
    return (find_date(zones.head) or _meta_date(meta) or find_date(zones.before) or _url_date(url)
            or _htmldate(root) or find_date(zones.last + zones.after))


def extract_article(html: str, url: str | None = None, *, body_selector: str | None = None,
                    title_selector: str | None = None) -> Extracted:
    root = parse_html(html)
    if root is None:
        return Extracted(None, None, None, "", "none")
    blocks = page_blocks(root)
    text, method, report = _body(root, url, body_selector, blocks)
    meta = meta_tags(root)
    title = page_title(root, meta, title_selector)
    body, dropped_head = trim_head(_lines(text), title)
    body, dropped_tail = trim_tail(body)
    for line, why in dropped_head + dropped_tail:
        report.append({"step": "extract", "action": "drop-line", "text": line, "reason": why})
    title = _title_from_header(title, dropped_head)
    zones = _zones(blocks, body, dropped_head, dropped_tail)
    edge = zones.head + zones.before + zones.last + zones.after
    return Extracted(title=title, author=_author(zones, meta), published=_published(zones, meta, url, root),
                     text="\n".join(body), method=method, editor=find_editor(edge),
                     source=find_source(zones.head + zones.before + zones.after), report=tuple(report))


def _title_from_header(title: str | None, dropped_head: list[tuple[str, str]]) -> str | None:
    """When the header names an author but never repeats the page title (a generic `<title>` such as
    '显示' or the site's name), the short line right before the byline is the article's title."""
    if any(why == "title" for _, why in dropped_head):
        return title
    for i, (line, why) in enumerate(dropped_head):
        if why in ("byline", "author line") and i > 0 and dropped_head[i - 1][1] == "before byline":
            return dropped_head[i - 1][0]
    if title is None:  # no title anywhere in the markup: the first short line of the header
        return next((line for line, why in dropped_head if why == "before byline"), None)
    return title
