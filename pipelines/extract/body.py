"""The article body: a selector hint, else trafilatura on a tree without layout tables, with a second
opinion from the densest-block heuristic and readability-lxml."""
from __future__ import annotations

import collections
import logging
import re

import lxml.html
from lxml import etree

from .blocks import Block, _bag_f1, _has_tokens, _token_count, _select_text, is_prose, page_blocks, token_bag
from .html import parse_html
from .tables import _layout_parts

logger = logging.getLogger(__name__)

def _trafilatura_text(root: etree._Element, url: str | None) -> str:
    import trafilatura

    # Comments are not the article. deduplicate stays off: its cache spans documents, so a page's
    # text would depend on what the same process extracted before, and reprocessing must give the
    # same bytes for the same input.
    doc = trafilatura.bare_extraction(root, url=url, include_comments=False, include_tables=True,
                                      deduplicate=False, with_metadata=False)
    return (doc.text or "") if doc is not None else ""


def _readability_text(root: etree._Element) -> str:
    from readability import Document

    # readability mutates the tree it is given, so it gets a serialized copy
    summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    fragment = parse_html(f"<html><body>{summary}</body></html>")
    return "\n".join(b.text for b in page_blocks(fragment)) if fragment is not None else ""


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


def _majority(bags: list[collections.Counter[str]]) -> collections.Counter[str]:
    """Tokens at least two extractors agree on (count: the second-highest count)."""
    ref: collections.Counter[str] = collections.Counter()
    for token in set().union(*bags):
        counts = sorted((b[token] for b in bags), reverse=True)
        if counts[1]:
            ref[token] = counts[1]
    return ref


# trafilatura output shorter than this many tokens (a caption, a byline) gets a second opinion; a
# short but real article (a 60-word blog post) must not be replaced by a longer page dump
_TOO_LITTLE_TOKENS = 50


def _second_opinion(primary: str, prepared: etree._Element, blocks: list[Block]) -> tuple[str, str]:
    """Pick among trafilatura, densest-block and readability by agreement."""
    candidates = {"trafilatura": primary, "densest-block": densest_block_text(blocks)}
    if _token_count(candidates["densest-block"]) < 2 * max(1, _token_count(primary)):
        return primary, "trafilatura"
    try:
        candidates["readability"] = _readability_text(prepared)
    except Exception as exc:  # readability raises assorted errors on odd trees; the others still stand
        logger.warning("readability failed: %s", exc)
        candidates["readability"] = ""
    bags = {name: token_bag(text) for name, text in candidates.items()}
    ref = _majority(list(bags.values()))
    if not ref:  # no two agree: the biggest non-empty opinion is all there is
        name = max(bags, key=lambda n: sum(bags[n].values()))
    else:
        name = max(bags, key=lambda n: _bag_f1(bags[n], ref))
    return candidates[name], name


_WORD = re.compile(r"[^\W_]")


def _body(root: etree._Element, url: str | None, body_selector: str | None,
          blocks: list[Block]) -> tuple[str, str, list[dict]]:
    report: list[dict] = []
    if body_selector:
        selected = _select_text(root, body_selector)
        if selected:
            return selected, "selector", report
        report.append({"step": "extract", "action": "selector-miss", "selector": body_selector})
        logger.info("body selector %r matched nothing at %s; using heuristics", body_selector, url)
    # The extractors get the page with its layout tables turned into divs. Rather than a copy of
    # the tree, `root` itself is turned for the time they read it and turned back afterwards:
    # trafilatura.bare_extraction copies a tree it is given before it prunes anything, and
    # readability reads a serialization, so nothing else changes `root` meanwhile.
    turned, owned = _layout_parts(root)
    if turned:
        report.append({"step": "extract", "action": "layout-tables", "count": turned})
    tags = [el.tag for el in owned]
    for el in owned:
        el.tag = "div"
    try:
        return _extract_prepared(root, url, blocks, report)
    finally:
        for el, tag in zip(owned, tags):
            el.tag = tag


def _extract_prepared(prepared: etree._Element, url: str | None, blocks: list[Block],
                      report: list[dict]) -> tuple[str, str, list[dict]]:
    try:
        text = _trafilatura_text(prepared, url)
    except Exception as exc:  # a third-party failure on one page must not lose the page
        logger.warning("trafilatura failed on %s: %s", url, exc)
        text = ""
    if _has_tokens(text, _TOO_LITTLE_TOKENS):
        return text, "trafilatura", report
    chosen, method = _second_opinion(text, prepared, blocks)
    if not _WORD.search(chosen):  # '<<<>>>', a run of U+FFFD: debris, not an article
        return "", "none", report
    if method != "trafilatura":
        report.append({"step": "extract", "action": "fallback", "extractor": method,
                       "reason": "trafilatura returned too little"})
    return chosen, method, report
