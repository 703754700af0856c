"""What the Traditional-script mirror does to a page: OpenCC s2t, plus pinyin after each
character whose form changed (``统筹`` → ``統(tǒng)籌(chóu)``), as in seeds 000 and 003.

Only text between tags is converted; tags, attributes, scripts and styles pass through
untouched, the way the real converting proxies behave.
"""
from __future__ import annotations

import functools
import re

import opencc
from pypinyin import Style, pinyin

_TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_TEXT = re.compile(r"<(script|style)\b", re.I)


@functools.cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def annotate(text: str) -> str:
    """Traditional text with the tone-marked reading after each converted character."""
    converted = _s2t().convert(text)
    if len(converted) != len(text):
        # OpenCC's s2t maps phrase to phrase of equal length; fall back to per-character
        # conversion should a dictionary entry ever break that, so the pinyin stays aligned.
        converted = "".join(_s2t().convert(ch) for ch in text)
    # Read the Simplified text as a whole so that polyphones get their reading in context.
    readings = pinyin(text, style=Style.TONE, errors=lambda chunk: [""] * len(chunk))
    out = []
    for simplified, traditional, reading in zip(text, converted, readings):
        out.append(traditional)
        if traditional != simplified and reading and reading[0]:
            out.append(f"({reading[0]})")
    return "".join(out)


def annotate_html(page: str) -> str:
    """Apply :func:`annotate` to every text node of an HTML page."""
    parts = _TAG_OR_TEXT.split(page)
    out = []
    raw = False
    for part in parts:
        if part.startswith("<"):
            if _RAW_TEXT.match(part):
                raw = True
            elif re.match(r"</(script|style)\s*>", part, re.I):
                raw = False
            out.append(part)
        elif raw or not part.strip():
            out.append(part)
        else:
            out.append(annotate(part))
    return "".join(out)
