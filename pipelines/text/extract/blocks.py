"""The page as a sequence of paragraphs (blocks) with link text counted; prose tests and token bags."""
from __future__ import annotations

import collections
import logging
import re
from itertools import islice

from lxml import etree

from .html import _WS, _norm

logger = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section table tbody td "
    "tfoot th thead tr ul".split())
# rt/rp: ruby annotations (furigana, pinyin) are pronunciation aids, not text
_SKIP_TAGS = frozenset("script style noscript iframe textarea select option button head title svg canvas "
                       "object embed template rt rp".split())


class Block:
    """One paragraph of the page: its nearest block-level element, its text (white space collapsed)
    and how many of its characters are link text."""
    __slots__ = ("owner", "parts", "link_chars", "text", "_flat", "_key")

    def __init__(self, owner: etree._Element) -> None:
        self.owner = owner
        self.parts: list[str] = []  # raw text and tails, filled by the walk
        self.link_chars = 0
        self.text = ""
        self._flat: str | None = None
        self._key: str | None = None

    @property
    def flat(self) -> str:
        if self._flat is None:
            self._flat = _norm(self.text)
        return self._flat

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = _line_key(self.text)
        return self._key


def page_blocks(root: etree._Element) -> list[Block]:
    """Split a tree into paragraphs at block-level elements and <br>, in document order.

    A new paragraph starts at each block element's start and end and at each <br>; text inside
    <a> counts as link text; the content of _SKIP_TAGS is left out (their tails are not). The tree
    comes from parse_html, whose parser drops comments and processing instructions: iterwalk
    would skip them and their tails."""
    kept = []
    for block in _iterwalk_blocks(root):
        text = _WS.sub(" ", "".join(block.parts)).strip()
        if text:
            block.text = text
            kept.append(block)
    return kept


def _iterwalk_blocks(root: etree._Element) -> list[Block]:
    # A Block is only created when text other than white space arrives: the empty ones the
    # boundaries would open are dropped anyway. `opener` is the owner a paragraph opened now would have.
    blocks: list[Block] = []
    current: Block | None = None
    owner = opener = root
    in_link = False
    stack: list[tuple[etree._Element, bool, bool]] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            tag = el.tag.lower()
            if tag in _SKIP_TAGS:
                walker.skip_subtree()
                stack.append((owner, in_link, False))
                continue
            block = tag in _BLOCK_TAGS
            stack.append((owner, in_link, block))
            if block:
                owner = opener = el
                current = None
            elif tag == "br":
                opener = owner
                current = None
            if tag == "a":
                in_link = True
            text = el.text
        else:
            owner, in_link, block = stack.pop()
            if block:
                opener = owner
                current = None
            text = el.tail
        if text:
            if current is None:
                if text.isspace():  # white space opening a paragraph is stripped from it anyway
                    continue
                current = Block(opener)
                blocks.append(current)
            current.parts.append(text)
            if in_link:
                current.link_chars += len(text.strip())
    return blocks


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# one token per CJK, kana or hangul character (those scripts have no spaces), one per word otherwise
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_CJK_SENTENCE = re.compile(r"[。！？；…]|[，、].*[，、]")
_LATIN_SENTENCE = re.compile(r"[.!?;:]")


def is_prose(text: str) -> bool:
    """A sentence-like paragraph: enough CJK characters with sentence punctuation, or 8+ words."""
    if len(_CJK.findall(text)) >= 10:
        return bool(_CJK_SENTENCE.search(text))
    return len(_LETTER_WORD.findall(text)) >= 8 and bool(_LATIN_SENTENCE.search(text))


def token_bag(text: str) -> collections.Counter[str]:
    return collections.Counter(_TOKEN.findall(text or ""))


def _token_count(text: str) -> int:
    """sum(token_bag(text).values()), without counting each token."""
    return len(_TOKEN.findall(text or ""))


def _has_tokens(text: str, enough: int) -> bool:
    """_token_count(text) >= enough, reading no further than the enough-th token."""
    return sum(1 for _ in islice(_TOKEN.finditer(text or ""), enough)) >= enough


def _bag_f1(pred: collections.Counter[str], ref: collections.Counter[str]) -> float:
    common = sum((pred & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


_CELL_SEP = re.compile(r"\s*\|\s*")


def _line_key(line: str) -> str:
    """What to look for in the page: the longest cell of a table row, the line itself otherwise."""
    if "|" not in line:  # not a table row: the one cell is the line
        return _norm(line)[:16]
    cells = [c for c in _CELL_SEP.split(line) if c.strip()] or [line]
    return _norm(max(cells, key=len))[:16]


def _select_text(root: etree._Element, selector: str) -> str:
    from lxml.cssselect import CSSSelector, SelectorError

    try:
        matches = CSSSelector(selector)(root)
    except (SelectorError, SyntaxError, ValueError) as exc:
        logger.warning("bad CSS selector %r: %s", selector, exc)
        return ""
    lines = [b.text for el in matches for b in page_blocks(el)]
    return "\n".join(lines)
