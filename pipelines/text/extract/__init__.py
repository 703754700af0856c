"""Main-text extraction from decoded HTML: body text, title, author, publication date.

The body: a per-site CSS selector hint (`body_selector`) when it matches; else every extractor's
candidate (body.py: trafilatura balanced and precision, readability-lxml, the densest-block
heuristic, on a tree whose *layout* tables were turned into divs), each with the data-table rows
another kept put back, ad and promo boxes dropped and its edges trimmed (title, date, byline,
source and navigation lines at the top; copyright notices, related links, editor and source lines
at the bottom), and the one a model of their measured features predicts best (choice.py). A page
of several posts is first cut down to the one that is the article (posts.py). The trimmed lines'
values feed the metadata and every dropped line is in the report.

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
from .body import (body_candidates, densest_block_text, has_words, no_article, selected_text, with_table_rows,
                   without_boxes)
from .choice import shipped_model
from ..byline_grammar import find_date
from .byline import (_htmldate, _meta_author, _meta_date, _trailing_attribution, _url_date, find_author, find_editor,
                     find_source)
from .html import _norm, meta_tags, parse_html
from .posts import PostList, find_posts, keep_one_post, post_author
from .tables import unlayout_tables
from .title import PageTitle, headline_near_body, page_title
from .trim import _SHORT_LINE, surrounding_lines, trim_head, trim_tail

__all__ = ["Block", "Extracted", "densest_block_text", "extract_article", "find_author", "find_date", "find_editor",
           "find_source", "is_prose", "meta_tags", "no_article", "page_blocks", "page_title", "parse_html", "token_bag",
           "trim_head", "trim_tail", "unlayout_tables"]

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True)
class Extracted:
    title: str | None
    author: str | None
    published: str | None          # YYYY-MM-DD, YYYY-MM-DDTHH:MM with the byline's time, YYYY-MM or YYYY
    text: str                      # body paragraphs, one a line, no title/date/author lines
    method: str                    # "selector", one of choice.CANDIDATES, or "none"
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
    # The byline's date first: a labelled one ('发布时间：…') in the header lines trimmed off the body
    # or in the page lines just before it, else any in the header lines; then what the publisher
    # declared in <meta>, which the dateline just before the body gives its time of day when both
    # name the same day; then that dateline, the URL, htmldate's reading of <time> elements, JSON-LD
    # and the like (no free-text guessing: extensive_search off). A date in the body's last lines
    # or below them ('《北京之春》1998年3月号') only when nothing else says, a labelled one first.
    if byline := find_date(zones.head + zones.before, labelled=True) or find_date(zones.head):
        return byline
    near, declared = find_date(zones.before), _meta_date(meta)
    if declared:
        return near if near and near[:10] == declared else declared
    return near or _url_date(url) or _htmldate(root) or find_date(zones.last + zones.after)


@dataclass(frozen=True)
class Trimmed:
    """One candidate body with its edges trimmed off."""
    body: list[str]
    head: list[tuple[str, str]]   # (line, why) dropped at the top
    tail: list[tuple[str, str]]   # (line, why) dropped at the bottom
    table_rows: int = 0           # data-table rows put back from another candidate

    @property
    def text(self) -> str:
        return "\n".join(self.body)


def trimmed(text: str, title: str | None, by_text: dict[str, Block]) -> Trimmed:
    body, boxes = without_boxes(_lines(text), by_text)
    body, head = trim_head(body, title)
    body, tail = trim_tail(body)
    return Trimmed(body, head, tail + boxes)


def _with_table_rows(candidates: dict[str, Trimmed], blocks: list[Block]) -> dict[str, Trimmed]:
    """Each candidate with the data-table rows another one kept inside it (body.with_table_rows)."""
    filled = {}
    for name, cand in candidates.items():
        others = [other.body for key, other in candidates.items() if key != name]
        body, added = with_table_rows(cand.body, others, blocks)
        filled[name] = Trimmed(body, cand.head, cand.tail, added) if added else cand
    return filled


@dataclass
class ReadPage:
    """What extraction reads from a page before it picks a body: bench/quality.py fits the choice on it."""
    root: etree._Element
    blocks: list[Block]
    meta: dict[str, str]
    title: str | None
    candidates: dict[str, Trimmed]    # by extractor name; just "selector" when a hint matched
    report: list[dict]
    posts: PostList | None = None     # the page's post list, when it is a thread or a multi-post page
    title_confirmed: bool = False     # a heading the <title>/og:title repeats, or the title selector's


def read_page(html: str, url: str | None = None, *, body_selector: str | None = None,
              title_selector: str | None = None) -> ReadPage | None:
    root = parse_html(html)
    if root is None:
        return None
    report: list[dict] = []
    blocks = page_blocks(root)
    meta = meta_tags(root)
    title, title_confirmed = page_title(root, meta, title_selector)
    posts = find_posts(root, blocks, title) if not body_selector else None
    if posts is not None:
        report.append({"step": "extract", "action": "one-post", "posts": len(posts.posts),
                       "kept": posts.posts.index(posts.chosen) + 1, "why": posts.why})
        keep_one_post(posts)
        blocks = page_blocks(root)
    selected = selected_text(root, body_selector, url, report) if body_selector else ""
    texts = {"selector": selected} if selected else body_candidates(root, url, blocks, report)
    by_text: dict[str, Block] = {}
    for block in blocks:
        by_text.setdefault(block.text, block)
    candidates = {name: trimmed(text, title, by_text) for name, text in texts.items()}
    if not selected:
        candidates = _with_table_rows(candidates, blocks)
    return ReadPage(root, blocks, meta, title, candidates, report, posts, title_confirmed)


def extract_article(html: str, url: str | None = None, *, body_selector: str | None = None,
                    title_selector: str | None = None) -> Extracted:
    page = read_page(html, url, body_selector=body_selector, title_selector=title_selector)
    if page is None:
        return Extracted(None, None, None, "", "none")
    report = page.report
    method = next(iter(page.candidates)) if len(page.candidates) == 1 else \
        shipped_model().choose({name: cand.text for name, cand in page.candidates.items()})
    chosen = page.candidates[method]
    if not has_words(chosen.text):
        method, chosen = "none", Trimmed([], [], [])
    elif method != "selector":
        report.append({"step": "extract", "action": "choose", "extractor": method})
        if chosen.table_rows:
            report.append({"step": "extract", "action": "table-rows-kept", "count": chosen.table_rows})
    body, dropped_head, dropped_tail = chosen.body, chosen.head, chosen.tail
    if (set_above := headline_near_body(page.root, page.blocks, body, PageTitle(page.title, page.title_confirmed))):
        report.append({"step": "extract", "action": "title-from-page", "title": set_above, "instead-of": page.title})
        if len(body) > 1 and _norm(body[0]) and _norm(body[0]) in _norm(set_above):
            # the text opens with its headline: as the article states it, without the page's label
            set_above = body[0] if len(_norm(body[0])) >= 0.5 * len(_norm(set_above)) else set_above
            dropped_head, body = dropped_head + [(body[0], "title")], body[1:]
    for line, why in dropped_head + dropped_tail:
        report.append({"step": "extract", "action": "drop-line", "text": line, "reason": why})
    title = set_above or _title_from_header(page.title, dropped_head)
    zones = _zones(page.blocks, body, dropped_head, dropped_tail)
    edge = zones.head + zones.before + zones.last + zones.after
    # a thread's opening post is signed by its writer's handle, in no byline
    thread_author = post_author(page.posts.chosen) if page.posts and page.posts.why == "first" else None
    return Extracted(title=title, author=_author(zones, page.meta) or thread_author,
                     published=_published(zones, page.meta, url, page.root),
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
