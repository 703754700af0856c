"""Repair of one provable kind of damage left by GBK mirrors: a lost indentation byte.

Some mirrors lost the first byte of a paragraph's full-width indentation (GBK A1 A1). The
decoder showed the stray byte as "?" and, now one byte out of step, paired every following byte
with the wrong neighbour: " ?。ㄗ髡邽橹..." instead of "（作者為中...". Putting the lost A1 back
re-aligns the line. The repair is proven only at a line start: there "?。" cannot be text, and
the one character the lost byte can complete is the indentation, which carries no content.
Damage in the middle of a line (兄弟?。▍^) has no such proof and is left as it is.
"""
from __future__ import annotations

import re

from ._report import change

_LOST_INDENT = re.compile(r"^\s*\?(?=。)")
_IDEOGRAPHIC_SPACE_LEAD = b"\xa1"


def realign_lost_indent(line: str) -> str | None:
    """The repaired line, or None when the line does not show this damage or does not repair."""
    match = _LOST_INDENT.match(line)
    if not match:
        return None
    try:
        raw = line[match.end():].encode("gbk")
        repaired = (_IDEOGRAPHIC_SPACE_LEAD + raw).decode("gbk")
    except UnicodeError:  # not a GBK byte stream after all: no proof, no repair
        return None
    return repaired.lstrip("\u3000 ") if repaired.startswith("\u3000") else None


def repair_lines(lines: list[str]) -> tuple[list[str], list[dict]]:
    out, report = [], []
    for line in lines:
        repaired = realign_lost_indent(line)
        if repaired is None:
            out.append(line)
            continue
        report.append(change("encoding", "realigned", line, "lost-gbk-indent-byte"))
        out.append(repaired)
    return out, report
