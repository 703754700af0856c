"""The article body's candidates: a selector hint, else trafilatura (balanced and precision modes),
readability-lxml and the densest-block heuristic, all on a tree without layout tables; choice.py
picks among them."""
from __future__ import annotations

import collections
import logging
import re
from itertools import islice

import lxml.html
from lxml import etree

from .blocks import Block, _has_tokens, _select_text, is_prose, page_blocks
from .html import parse_html
from .tables import _is_layout_table, _layout_parts
from .trim import _TABLE_ROW, _locate

logger = logging.getLogger(__name__)

def _trafilatura_text(root: etree._Element, url: str | None, favor_precision: bool = False) -> str:
    import trafilatura

    # Comments are not the article. deduplicate stays off: its cache spans documents, so a page's
    # text would depend on what the same process extracted before, and reprocessing must give the
    # same bytes for the same input.
    doc = trafilatura.bare_extraction(root, url=url, include_comments=False, include_tables=True,
                                      deduplicate=False, with_metadata=False,
                                      favor_precision=favor_precision)
    return (doc.text or "") if doc is not None else ""


def _readability_text(root: etree._Element) -> str:
    from readability import Document

    # readability mutates the tree it is given, so it gets a serialized copy
    summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    fragment = parse_html(f"<html><body>{summary}</body></html>")
    if fragment is None:
        return ""
    _rows_as_lines(fragment)
    return "\n".join(b.text for b in page_blocks(fragment))


def _rows_as_lines(fragment: etree._Element) -> None:
    """Each row of a data table in readability's output as one '| cell | cell |' line, as trafilatura
    prints tables (page_blocks would give every cell a line of its own)."""
    for table in [t for t in fragment.iter("table") if not _is_layout_table(t)]:
        for row in [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]:
            cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
            tail = row.tail
            row.clear()
            row.tag, row.text, row.tail = "p", "| " + " | ".join(cells) + " |", tail


def densest_block_text(blocks: list[Block], alpha: float = 0.2, gap: int = 400) -> str:
    """The run of prose paragraphs inside the element that holds the most prose net of chrome.

    Every paragraph credits its characters to all its ancestors, as good (prose, few links) or bad
    (everything else); the element maximizing good - alpha * bad is the article's container. Inside
    it, paragraphs separated from the main run by more than `gap` characters of chrome are dropped.
    """
    good: collections.Counter = collections.Counter()
    bad: collections.Counter = collections.Counter()
    judged = []
    for block in blocks:
        text = block.text
        prose = block.link_chars < 0.3 * len(text) and is_prose(text)
        judged.append((block, text, prose))
        for el in (block.owner, *block.owner.iterancestors()):
            (good if prose else bad)[el] += len(text)
    if not good:
        return ""
    best = max(good, key=lambda el: good[el] - alpha * bad[el])
    inside = {best, *best.iterdescendants()}
    return "\n".join(_main_run([j for j in judged if j[0].owner in inside], gap))


def _main_run(judged: list[tuple[Block, str, bool]], gap: int) -> list[str]:
    segments: list[list[tuple[Block, str, bool]]] = [[]]
    chrome = 0
    for item in judged:
        if item[2]:
            if segments[-1] and chrome > gap:
                segments.append([])
            segments[-1].append(item)
            chrome = 0
        elif segments[-1]:
            segments[-1].append(item)
            chrome += len(item[1])
    weight = [sum(len(t) for _, t, p in seg if p) for seg in segments]
    lines = []
    for seg, w in zip(segments, weight):
        if w < 0.3 * max(weight):
            continue
        while seg and not seg[-1][2]:
            seg = seg[:-1]
        lines += [t for b, t, _ in seg if b.link_chars <= 0.5 * len(t)]
    return lines


def body_candidates(root: etree._Element, url: str | None, blocks: list[Block],
                    report: list[dict]) -> dict[str, str]:
    """Every extractor's reading of the page's body (choice.CANDIDATES), before edge trimming.

    The extractors get the page with its layout tables turned into divs. Rather than a copy of the
    tree, `root` itself is turned for the time they read it and turned back afterwards:
    trafilatura.bare_extraction copies a tree it is given before it prunes anything, and
    readability reads a serialization, so nothing else changes `root` meanwhile."""
    turned, owned = _layout_parts(root)
    if turned:
        report.append({"step": "extract", "action": "layout-tables", "count": turned})
    tags = [el.tag for el in owned]
    for el in owned:
        el.tag = "div"
    try:
        return {"trafilatura": _guarded("trafilatura", _trafilatura_text, root, url),
                "trafilatura-precision": _guarded("trafilatura", _trafilatura_text, root, url,
                                                  favor_precision=True),
                "readability": _guarded("readability", _readability_text, root),
                "densest-block": densest_block_text(blocks)}
    finally:
        for el, tag in zip(owned, tags):
            el.tag = tag


def _guarded(name: str, extractor, *args, **kwargs) -> str:
    try:
        return extractor(*args, **kwargs)
    except Exception as exc:  # a third-party failure on one page must not lose the page
        logger.warning("%s failed: %s", name, exc)
        return ""


def selected_text(root: etree._Element, body_selector: str, url: str | None, report: list[dict]) -> str:
    """The text of a site's `body_selector` hint; empty (and reported) when it matches nothing."""
    selected = _select_text(root, body_selector)
    if not selected:
        report.append({"step": "extract", "action": "selector-miss", "selector": body_selector})
        logger.info("body selector %r matched nothing at %s; using heuristics", body_selector, url)
    return selected


_WORD = re.compile(r"[^\W_]")


def has_words(text: str) -> bool:
    """False for '<<<>>>' or a run of U+FFFD: debris, not an article."""
    return bool(_WORD.search(text))


def with_table_rows(chosen: list[str], others: list[list[str]], blocks: list[Block]) -> tuple[list[str], int]:
    """The chosen body with the data-table rows another extractor kept inside it put back.

    Precision-minded extractors (trafilatura's precision mode, readability) leave tables out, and
    the choice often prefers them, while a table between two of the article's own paragraphs is
    part of the article (figures, lists of names). A row counts as inside when the page holds it
    after the body's first line and before its last one. Returns the lines and how many were added."""
    if len(chosen) < 2:
        return chosen, 0
    placed = [(_locate(blocks, line), line) for line in chosen]
    located = [index for index, _ in placed if index is not None]
    if len(located) < 2:
        return chosen, 0
    first, last = min(located), max(located)
    have = set(chosen)
    # rows are found by their whole text: a row's cells recur in other rows ('临床医学' in two)
    where: dict[str, list[int]] = {}
    for index in range(first + 1, last):
        if _TABLE_ROW.match(blocks[index].text):
            where.setdefault(blocks[index].text, []).append(index)
    rows: dict[int, str] = {}
    for lines in others:
        for line in lines:
            if line not in have and line in where:
                for index in where[line]:
                    rows.setdefault(index, line)
    if not rows:
        return chosen, 0
    merged: list[str] = []
    pending = sorted(rows.items())
    for index, line in placed:
        while pending and index is not None and pending[0][0] < index:
            merged.append(pending.pop(0)[1])
        merged.append(line)
    return merged + [line for _, line in pending], len(rows)


# A page whose best body is this short is an article only when it has a sentence and does not say
# that the page is missing. The shortest real bodies measured, over the 208 pages with truth in
# ../shared/corpus, hold 95 prose characters (a photo page's one caption) or 192 tokens without a
# sentence the prose test knows (Japanese, Urdu); a one-sentence news brief holds ~45.
_SHORT_BODY_PROSE_CHARS = 60
_SHORT_BODY_TOKENS = 120
# What soft-404 pages say, on the five demo sites' error templates and the error fixture alike
# (pages answered 200 that only say the article is gone); checked only in a short body.
_NOT_FOUND = re.compile(r"页面不存在|不存在或已|已被?删除|找不到(?:该|您要的)?页面|無法找到|頁面不存在|"
                        r"\b404\b|page not found|not found", re.IGNORECASE)


def no_article(body: list[str], title: str | None) -> str | None:
    """Why the chosen body is not an article (an error, list or menu page), or None. An error page's
    headline is often all it says ('您要查看的页面不存在或已删除！'), so the title is read too."""
    text = "\n".join(body)
    prose = sum(len(line) for line in body if is_prose(line))
    if prose >= _SHORT_BODY_PROSE_CHARS or _has_tokens(text, _SHORT_BODY_TOKENS):
        return None
    if not prose:
        return f"no article on the page: no sentence in its {len(body)} lines (a list or menu page)"
    if found := _NOT_FOUND.search(f"{title or ''}\n{text}"):
        return f"no article on the page: it says {found.group(0)!r} (an error page)"
    return None


# Class and id words of boxes that are never the article: advertising, app and promo boxes, share
# bars (readability-lxml and trafilatura prune the same families by the same kind of pattern).
_BOX_WORDS = re.compile(r"(?:^|[-_\s])(?:ad|ads|advert\w*|adbox|promo\w*|banner|sponsor\w*|share\w*|"
                        r"download|qrcode|app-?promo|appdown\w*)(?:$|[-_\s\d])", re.IGNORECASE)
_LINK_LINE_SHARE = 0.5
# a box is small and close around the line: an article's own container may carry a share bar's
# class words ('js-share-container'), a box the size of a paragraph or two does not hold an article
_BOX_DEPTH = 3
_BOX_MAX_CHARS = 300


def without_boxes(body: list[str], by_text: dict[str, Block]) -> tuple[list[str], list[tuple[str, str]]]:
    """The body without lines the page shows as links or inside an ad, promo or share box.

    A body line is looked up among the page's paragraphs by its text (`by_text`: the first
    paragraph of each text, built once per page); it goes when most of that paragraph is link text
    and it is not a sentence ('點我下載APP 按我看活動辦法'), or when an element around it is named as a
    box (`class="ad-box"`, `id="appPromo"`). Lines not found in the page stay."""
    kept, dropped = [], []
    for line in body:
        block = by_text.get(line)
        why = None
        if block is not None:
            if block.link_chars >= _LINK_LINE_SHARE * len(line) and not is_prose(line):
                why = "link line"
            elif any(_BOX_WORDS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
                     and len(el.text_content()) <= _BOX_MAX_CHARS
                     for el in islice((block.owner, *block.owner.iterancestors()), _BOX_DEPTH)):
                why = "inside an ad or promo box"
        if why:
            dropped.append((line, why))
        else:
            kept.append(line)
    return (kept, dropped) if kept else (body, [])
