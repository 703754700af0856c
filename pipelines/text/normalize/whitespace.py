"""Entities, leftover HTML tags, invisible characters and spacing: one paragraph a line.

Extractors and old scrapers leave `&nbsp;`, `<br>`, zero-width spaces and full-width (U+3000)
indentation in text. They carry no content, so they are removed before any rule looks at a line.
"""
from __future__ import annotations

import html
import re
from collections import Counter

from ._report import change

# Only well-formed entities: a bare "&" in "R&D" or "A&B" is text, not markup.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# An entity whose "&" a bad decoder swallowed together with the byte before it ("張?zhí)矣?nbsp;").
# Only the common named ones: "?nbsp;" cannot be anything else.
_DAMAGED_ENTITY = re.compile(r"\?(?P<name>(?:nbsp|ensp|emsp|amp|quot|lt|gt|ldquo|rdquo|hellip|middot|mdash);)")
# A tag needs a letter right after "<", so "1+1>2" and "<<书名>>" are left alone.
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
# NBSP, ideographic space (indentation) and the other fixed-width spaces become one plain space.
_SPACES = re.compile("[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")


def unescape(text: str) -> tuple[str, Counter]:
    """Decode entities, twice at most, because some pages escape them twice (`&amp;nbsp;`)."""
    seen: Counter = Counter()

    def _one(match: re.Match) -> str:
        seen[match.group()] += 1
        return html.unescape(match.group())

    def _damaged(match: re.Match) -> str:
        seen[match.group() + " (lost &)"] += 1
        return html.unescape("&" + match["name"])

    text = _DAMAGED_ENTITY.sub(_damaged, text)
    for _ in range(2):
        text, n = _ENTITY.subn(_one, text)
        if not n:
            break
    return text, seen


def clean_line(line: str) -> str:
    """Tags, invisible characters and spacing of one line; the line's words are untouched."""
    line = _TAG.sub(" ", line)
    line = _INVISIBLE.sub("", line)
    return _SPACES.sub(" ", line).strip()


def split_paragraphs(text: str) -> tuple[list[str], list[dict]]:
    """One cleaned paragraph per non-empty line, and the report of what was removed."""
    text, entities = unescape(text)
    report = [change("entities", "decoded", f"{name} ×{n}", "html-entity") for name, n in entities.items()]
    tags, invisible, indented = Counter(), 0, 0
    lines: list[str] = []
    for raw in text.splitlines():
        tags.update(_TAG.findall(raw))
        invisible += len(_INVISIBLE.findall(raw))
        line = clean_line(raw)
        if line:
            indented += raw[:1] in ("\u3000", " ", "\t", "\u00a0")
            lines.append(line)
    report += [change("html", "removed", f"{tag} ×{n}", "leftover-tag") for tag, n in tags.items()]
    if invisible:
        report.append(change("whitespace", "removed", f"{invisible} zero-width characters", "invisible"))
    if indented:
        report.append(change("whitespace", "stripped", f"indentation of {indented} lines", "indentation"))
    return lines, report
