"""Removal of pinyin annotations that mirror sites put after converted characters: 統(tǒng)籌(chóu).

An annotation is removed only when it is a reading of the character right before it, so that
人工智能(AI), 党组(党委) and (以下简称…) stay. pypinyin (imported on first use: it is slow to load)
lists every reading with heteronym=True; tone marks must agree unless either side has none
(tone-less annotations, neutral-tone readings). Damaged text where an annotation follows a
non-Han character (哔|(zhì)) has no character to check against and is left as it is.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._report import change

_PINYIN_LETTERS = "a-zü\u0261āáǎàēéěèêīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_ANNOTATION = re.compile(rf"(?P<char>[\u3400-\u9fff\uf900-\ufaff])[(（](?P<reading>[{_PINYIN_LETTERS}]{{1,7}})[)）]")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))  # grave, acute, macron, caron


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.replace("v", "ü").replace("\u0261", "g"))
    return unicodedata.normalize("NFC", decomposed.translate(_TONE_MARKS))


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every tone-marked reading pypinyin knows for one character (empty when it knows none)."""
    from pypinyin import Style, pinyin  # lazy: loading the dictionaries takes ~0.15 s

    found = pinyin(char, style=Style.TONE, heteronym=True, errors=lambda _: [])
    return frozenset(found[0]) if found else frozenset()


def is_reading(char: str, annotation: str) -> bool:
    """True when `annotation` is a pinyin reading of `char`, tolerating a missing tone on either side."""
    known = readings(char)
    if annotation in known:
        return True
    bare = _toneless(annotation)
    annotation_has_tone = bare != unicodedata.normalize("NFC", annotation.replace("v", "ü"))
    return any(_toneless(r) == bare and (not annotation_has_tone or _toneless(r) == r) for r in known)


def strip_annotations(line: str) -> tuple[str, list[str]]:
    """The line without proven annotations, and the annotations removed (with their character)."""
    removed: list[str] = []

    def _drop(match: re.Match) -> str:
        if not is_reading(match["char"], match["reading"]):
            return match.group()
        removed.append(match.group())
        return match["char"]

    return _ANNOTATION.sub(_drop, line), removed


def strip_lines(lines: list[str]) -> tuple[list[str], list[dict]]:
    out, report = [], []
    for line in lines:
        cleaned, removed = strip_annotations(line)
        if removed:
            report.append(change("pinyin", "removed", " ".join(removed), "reading-of-preceding-char",
                                 count=len(removed)))
        out.append(cleaned)
    return out, report
