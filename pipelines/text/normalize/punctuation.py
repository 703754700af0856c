"""Lines without a word, and punctuation doubled by a careless copy.

Content farms leave lines that are only a bullet ("•") or a character lost in transcoding ("?",
"？？", "……"), and runs of marks where a copy script replaced one mark and kept the other:
"八,、夯实…", "…的基础,,不断…", "…工作,。".

A line of bullets, question marks and ellipses only says nothing and goes, before any rule reads
the page ("?" passes for a sentence and would end the page's header). A line of closing marks
("。”") is the end of the paragraph above, broken off, and stays; so do symbols ("+", "→"), which
the chrome rules judge.

A run of two different marks among , ， 、 。 (or a doubled comma) next to a Han character becomes
the one mark it stands for: 。 when a full stop is in it, else 、 when an enumeration comma is,
else ，. Three identical marks or more ("、、、", "。。。") are someone's ellipsis and stay, and so
does any run away from Han text (a CSV line, "1,,2").
"""
from __future__ import annotations

import re
from collections import Counter

from ._report import change

_BULLETS = frozenset("•·●○◦◆◇■□▪▫★☆※►▶▸‣⁃-–—*")
# Marks that stand alone as page furniture or as characters lost in transcoding. Not 。”）: a
# line of closing marks is the end of the paragraph above, broken off (kept, as written).
_LONE_MARKS = frozenset("?？…⋯.．~～!！_=#")
_BULLETS_ONLY = re.compile("[" + re.escape("".join(sorted(_BULLETS))) + r"\s]+")
_MARKS_ONLY = re.compile("[" + re.escape("".join(sorted(_BULLETS | _LONE_MARKS))) + r"\s]+")
_RUN = re.compile(r"[,，、。]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def wordless(line: str) -> str | None:
    """"bullet-only" or "punctuation-only" for a line of bullets, question marks, ellipses and the
    like only ("•", "?", "？？", "……"), else None. Symbols ("+", a page's "load more" button; "→")
    are left to the chrome rules."""
    if not _MARKS_ONLY.fullmatch(line):
        return None
    return "bullet-only" if _BULLETS_ONLY.fullmatch(line) else "punctuation-only"


def _replacement(run: str) -> str | None:
    if len(set(run)) == 1 and (len(run) > 2 or run[0] == "。"):
        return None  # "、、、", "。。": written that way
    return "。" if "。" in run else "、" if "、" in run else "，"


def repair_doubled(line: str) -> tuple[str, list[str]]:
    """The line with doubled punctuation next to Han text repaired, and each repair as "八,、→、"."""
    repairs: list[str] = []

    def _one(match: re.Match) -> str:
        run, start, end = match.group(), match.start(), match.end()
        beside = line[start - 1:start] + line[end:end + 1]
        replacement = _replacement(run) if _HAN.search(beside) else None
        if replacement is None:
            return run
        repairs.append(f"{run}→{replacement}")
        return replacement

    repaired = _RUN.sub(_one, line) if _RUN.search(line) else line
    return repaired, repairs


def clean_lines(lines: list[str]) -> tuple[list[str], list[dict]]:
    """Drop the lines without a word and repair doubled punctuation in the others, with a report."""
    kept: list[str] = []
    report: list[dict] = []
    repairs: Counter = Counter()
    for line in lines:
        why = wordless(line)
        if why:
            report.append(change("punctuation", "removed", line, why))
            continue
        line, done = repair_doubled(line)
        repairs.update(done)
        kept.append(line)
    report += [change("punctuation", "repaired", f"{what} ×{n}", "doubled-punctuation", count=n)
               for what, n in repairs.items()]
    return kept, report
