"""Titles: the site suffix a page title carries, the "标题"/"范文" labels of content farms, and the
shape of a title line in a record that has no separate title."""
from __future__ import annotations

import re

from ._shapes import is_sentence

# Separators sites put between the title, the section and the site name:
# "…实践路径--理论·党建--人民网", "…_共产党员网", "… - 新华网", "…|求是网".
_SEPARATOR = re.compile(r"\s*(?:-{2,}|_+|\s[-–|｜]\s|[|｜])\s*")
_SITE = re.compile(r"(?:[网網]|[网網]站|在[线線]|[频頻][道]|客[户戶]端|[门門][户戶]|[报報]|[新][闻聞])$|"
                   r"^[\w.-]+\.(?:com|cn|net|org|gov)(?:\.cn)?$", re.I)
_SECTION_MAX = 10  # "理论·党建": section names between title and site are short
_TITLE_LABEL = re.compile(r"^(?:标题|標題|题目|題目)[\s:：]+(?P<rest>\S.*)$")
_BODY_LABEL = re.compile(r"^(?:范文|範文|正文)[\s:：]+(?P<rest>\S.*)$")
_TITLE_MAX = 80
_NOT_TITLE_END = tuple(",，、:：;；")


def strip_site_suffix(title: str) -> str:
    """The title without a trailing site name and the section names just before it."""
    cuts = list(_SEPARATOR.finditer(title))
    parts = _SEPARATOR.split(title)
    if len(parts) < 2 or not _SITE.search(parts[-1].strip()):
        return title
    keep = len(parts) - 1
    while keep > 1 and len(parts[keep - 1]) <= _SECTION_MAX and not is_sentence(parts[keep - 1]):
        keep -= 1
    stripped = title[: cuts[keep - 1].start()].strip()
    return stripped or title


def title_label(line: str) -> str | None:
    """"标题 X" → X."""
    match = _TITLE_LABEL.match(line)
    return match["rest"] if match else None


def body_label(line: str) -> str | None:
    """"范文 Y" → Y: the label is chrome, the text after it is the first paragraph."""
    match = _BODY_LABEL.match(line)
    return match["rest"] if match else None


def looks_like_title(line: str) -> bool:
    """Short, no sentence punctuation, not a list item, not ending like a clause."""
    return (2 <= len(line) <= _TITLE_MAX and "。" not in line and not line.endswith(_NOT_TITLE_END)
            and not line.startswith(("- ", "• ")))
