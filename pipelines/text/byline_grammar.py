"""The byline grammar: the words that label a byline's fields and the forms a date is written in.

One table, read by extraction (extract/byline.py: who wrote a page, when, for which publication;
extract/trim.py: which lines around the body are header and footer) and by normalization
(normalize/metadata.py: which lines of the body are label-value lines to move into fields), so a
label or a date form added once is known to both.

`LABELS` names the labels of each field once, in Simplified Chinese; their Traditional forms are
generated from that list at import with OpenCC (s2t, s2tw and s2hk, whose word choices differ:
回復/回覆), plus Taiwan's standard 布 where OpenCC writes 佈 (發布時間, 公布). Generating rather than
writing each label twice keeps one list to maintain, and the forms cannot drift apart; OpenCC is
loaded by normalization in the same process anyway, so the cost is the ~0.1 s its three
dictionaries take once per process. A two-character label may be spaced out ('作　者').

Dates: 'YYYY-MM-DD', 'YYYY年M月D日', 'YYYY/MM/DD', 'YYYY.MM.DD', each with an optional time of day
('14:18', '14:18:05', '14时18分', '下午2:18', '2:18 PM'), 'M/D/YYYY h:mm AM' (ASP pages), the ROC
calendar ('民國112年6月1日' anywhere, '112/06/01' only after a date label), a year-month
('2003年5月', or '2003-05' after a label) and Chinese numerals ('一九九八年三月') on a dateline. A
date comes out as 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' when the line gives a time (no seconds, no
zone), or 'YYYY-MM' when the page says no more.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import opencc

_SPACES = re.compile(r"[\s\u3000]+")

# ---------------------------------------------------------------------------------------------
# The label table

LABELS: dict[str, tuple[str, ...]] = {
    # before a colon ('作者：张三', '作者： 放飞&心情') or a slash ('文／王小明', '撰文/张三')
    "author": ("作者", "本文作者", "撰文", "撰稿", "执笔", "执笔人", "采写", "文", "发文机关"),
    # reporter roles: also before a name with a space only, after an outlet ('本报记者张三', '新京报记者
    # 彭冲'), and before a name and a dateline ('記者王小明／台北報導', '中央社記者王小明台北1日電')
    "reporter": ("记者", "本报记者", "特约记者", "实习记者", "见习记者", "首席记者", "特派记者", "驻站记者",
                 "特派员"),
    # credited beside the reporter ('记者 张三 通讯员 李四'): extraction takes them for the author when
    # no one else is named, normalization keeps the reporter and drops them
    "correspondent": ("通讯员", "实习生"),
    "editor": ("责任编辑", "责编", "编辑", "主编", "网络编辑", "值班编辑", "实习编辑", "本文编辑"),
    "source": ("来源", "文章来源", "稿件来源", "新闻来源", "信息来源", "本文来源", "稿源", "出处"),
    # '时间' and '日期' alone too; '报名时间' or '截止时间' (a notice's deadlines) are not listed, and a
    # date label counts only where it starts a word (see WORD_START)
    "published": ("发布时间", "发布日期", "发表时间", "发表日期", "发稿时间", "更新时间", "更新日期", "成文日期",
                  "录入时间", "添加时间", "添加日期", "上传时间", "刊发时间", "出版日期", "时间", "日期", "发布于",
                  "发表于"),
    "docno": ("文号", "发文字号", "发文文号"),
    "original_title": ("原标题", "原题"),
    # joined to its value without a separator: '作者系中央党校教授'
    "affiliation": ("作者系", "作者为", "作者是"),
    # production credits and page counters: a byline line's, kept in no field ('审核：王五', '点击数：132')
    "signoff": ("送签", "签发", "审核", "审校", "校对", "监制", "终审", "复审", "初审", "编审", "核稿", "摄影", "供图"),
    "counter": ("点击", "点击数", "浏览次数", "阅读量", "字号", "索引号", "阅读", "浏览", "人气"),
    # no field of their own, and no label-value line either, but they mark a byline line:
    # '2005-04-05 06:40更新', '【字号 大 中 小】', '点击：132 【打印】【关闭】'
    "other": ("发布", "发表", "更新", "分享", "打印", "评论", "报道", "报导", "供稿"),
}

_CONVERTERS = tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


def forms(word: str) -> list[str]:
    """A Simplified word and its Traditional forms."""
    found = {word: None}
    for converter in _CONVERTERS:
        traditional = converter.convert(word)
        found[traditional] = None
        found[traditional.replace("佈", "布")] = None
    return list(found)


_GAP = "[ \t\u3000\xa0]*"


def words(items: Iterable[str]) -> str:
    """A regex alternation of the words in both scripts, longest first. A two-character word may be
    spaced out: templates pad '作者' to the width of '发布时间' ('作　者：', '来  源：')."""
    every = sorted({form for item in items for form in forms(item)}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_GAP.join(w) if len(w) == 2 else re.escape(w) for w in every) + ")"


def label(*fields: str) -> str:
    """The labels of these fields, as a regex alternation."""
    return words(w for f in fields for w in LABELS[f])


# A date label and the one-character '文' count only where they start a word, not right after a hanzi
# ('报名时间：', '本文/…', '原文：' are no bylines); the other labels also count glued to the value
# before them, as spans without white space join on many pages ('来源：证券时报网作者：李在山').
WORD_START = r"(?<![\u3400-\u9fff])"
HAN = r"[\u3400-\u9fff]"


# ---------------------------------------------------------------------------------------------
# Dates

_Y = r"(?P<y>(?:19|20)\d{2})"
# a time of day right after the date: '07:48', ' 14:18:05', '日14时18分', ' 星期四 下午2:18', ' 5:54:13 AM'
# (each white-space run follows a token of its own: no two runs compete over the same spaces)
_TIME = (r"\s*(?:[日号]\s*)?(?:[(（]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?\s*)?(?:T\s*)?"
         r"(?:(?P<half>上午|下午|晚上|早上|凌晨|中午)\s*)?"
         r"(?P<H>[01]?\d|2[0-3])\s*(?:[:：]|[时時点點](?=\s*\d))\s*(?P<M>[0-5]\d)(?!\d)"
         r"(?:\s*分)?(?:\s*[:：]\s*[0-5]\d(?!\d)|\s*[0-5]\d\s*秒)?(?:\s*(?P<ampm>[AaPp]\.?[Mm])\.?(?![A-Za-z]))?")
DATE = re.compile(rf"(?<!\d){_Y}\s*(?:[-/.]|年)\s*(?P<m>\d{{1,2}})\s*(?:[-/.]|月)\s*(?P<d>\d{{1,2}})(?!\d)"
                   rf"(?:{_TIME})?")
# month/day/year, trusted only with a 12-hour time after it (ASP pages: '9/17/2004 5:54:13 AM')
_US_DATE = re.compile(rf"(?<!\d)(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/{_Y}"
                      r"\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?\s*(?P<ampm>[AP]M)")
# Xinhua's template spreads the date over spans that join as '2023 11/ 17 20:52:15': trusted with the time
_SPLIT_DATE = re.compile(rf"(?<![\d/]){_Y}\s+(?P<m>\d{{1,2}})\s*/\s*(?P<d>\d{{1,2}})(?![\d/]){_TIME}")
_YEAR_MONTH = re.compile(rf"(?<!\d){_Y}\s*年\s*(?P<m>\d{{1,2}})\s*月(?![\d\s]*\d\s*日)")
# the Republic of China's calendar: year 1 is 1912; '民國112年6月1日' says so itself
_ROC = re.compile(r"(?:中华|中華)?(?:民国|民國)\s*(?P<y>\d{1,3})\s*年\s*(?P<m>\d{1,2})\s*月"
                  rf"(?:\s*(?P<d>\d{{1,2}})\s*日(?:{_TIME})?)?")
# '112/06/01', '112年6月1日' after a date label only; years 60-150 (1971-2061): any web page, and
# never a two-digit Gregorian year ('12/06/01')
_ROC_NUMERIC = re.compile(r"(?<!\d)(?P<y>[6-9]\d|1[0-4]\d|150)\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
                          rf"(?P<d>\d{{1,2}})(?!\d)(?:{_TIME})?")
# '2004-10', '2004.10', '2004年10月' after a date label
_LABELLED_MONTH = re.compile(rf"(?<!\d){_Y}\s*(?:[-/.]|年)\s*(?P<m>\d{{1,2}})(?!\d)\s*月?(?!\s*[-/.]?\s*\d)")
_HAN_DIGITS = "〇零一二三四五六七八九"
_HAN_VALUE = {**{c: i for i, c in enumerate("〇一二三四五六七八九")}, "零": 0}
_HAN_NUMBER = "[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
# '一九九八年三月', '二〇〇四年十月二十一日': old essays sign off this way; trusted on a dateline only
_HAN_DATE = re.compile(rf"(?P<y>[一二][{_HAN_DIGITS}]{{3}})\s*年\s*(?P<m>{_HAN_NUMBER})\s*月"
                       rf"(?:\s*(?P<d>{_HAN_NUMBER})\s*[日号])?")
_LABELLED = re.compile(rf"{WORD_START}{label('published')}(?:\s*[:：])?\s*")
# words that make a line with a date a dateline: every label but the one-character '文'
_META_WORDS = re.compile(rf"{words(w for f in LABELS for w in LABELS[f] if len(w) > 1)}|Posted|Published|Updated",
                         re.IGNORECASE)
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE_CHARS = re.compile(r"\d|年")  # no date without either


def _han_number(text: str) -> int:
    """'三' -> 3, '十' -> 10, '二十一' -> 21, and a year digit by digit: '一九九八' -> 1998."""
    if "十" not in text:
        return int("".join(str(_HAN_VALUE[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_HAN_VALUE[tens] if tens else 1) * 10 + (_HAN_VALUE[ones] if ones else 0)


def iso_date(y: str | int, m: str | int | None = None, d: str | int | None = None, hour: str | None = None,
         minute: str | None = None, half: str | None = None) -> str | None:
    year, month, day = int(y), int(m or 1), int(d or 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    iso = f"{year:04d}" + (f"-{month:02d}" if m else "") + (f"-{day:02d}" if d else "")
    if hour is None or minute is None or not d:
        return iso
    h = int(hour)
    half = (half or "").upper().replace(".", "")
    if half in ("PM", "下午", "晚上") or (half == "中午" and h < 11):
        h += 12 if h < 12 else 0
    elif half in ("AM", "凌晨", "早上", "上午") and h == 12:
        h = 0
    return f"{iso}T{h:02d}:{int(minute):02d}" if h < 24 else iso


def _from_match(found: re.Match, year_offset: int = 0) -> str | None:
    groups = found.groupdict()
    half = groups.get("ampm") or groups.get("half")
    return iso_date(int(groups["y"]) + year_offset, groups["m"], groups.get("d"), groups.get("H"), groups.get("M"), half)


def full_date(text: str) -> str | None:
    """The first full date in `text` (a Gregorian date, an ASP month/day/year, a 民國 date)."""
    for pattern, offset in ((DATE, 0), (_US_DATE, 0), (_SPLIT_DATE, 0), (_ROC, 1911)):
        for found in pattern.finditer(text):
            if found.group("d") and (iso := _from_match(found, offset)):
                return iso
    return None


def _labelled_date(line: str) -> str | None:
    """A date right after a date label: '发布时间：2022-2-3 04:22:18', '日期：112/06/01', '时间：2004-10'."""
    for label_match in _LABELLED.finditer(line):
        rest = line[label_match.end():]
        for pattern, offset in ((DATE, 0), (_US_DATE, 0), (_SPLIT_DATE, 0), (_ROC, 1911), (_ROC_NUMERIC, 1911)):
            if (found := pattern.match(rest)) and found.group("d") and (iso := _from_match(found, offset)):
                return iso
        for pattern, offset in ((_LABELLED_MONTH, 0), (_ROC, 1911)):
            if (found := pattern.match(rest)) and (iso := iso_date(int(found.group("y")) + offset, found.group("m"))):
                return iso
    return None


def _han_date(line: str) -> str | None:
    found = _HAN_DATE.search(line)
    if not found:
        return None
    year = _han_number(found.group("y"))
    day = _han_number(found.group("d")) if found.group("d") else None
    return iso_date(year, _han_number(found.group("m")), day)


def _first_date_match(line: str) -> re.Match | None:
    return DATE.search(line) or _US_DATE.search(line) or _SPLIT_DATE.search(line) or _ROC.search(line) \
        or _YEAR_MONTH.search(line) or _HAN_DATE.search(line)


def is_dateline(line: str) -> bool:
    """A dateline ('2003-7-24 钱江晚报', '发布时间：2022-02-13 04:22', '一九九八年三月于纽约'), not a
    sentence with a date in it: no sentence punctuation, and byline words or little else beside the date."""
    line = line.translate(FULL_WIDTH)
    if "，" in line or "。" in line or not _DATE_CHARS.search(line):
        return False
    if _labelled_date(line):
        return True
    found = _first_date_match(line)
    if not found:
        return False
    rest = line[:found.start()] + line[found.end():]
    return bool(_META_WORDS.search(line)) or len(_SPACES.sub("", rest)) <= 8


def find_date(lines: list[str], *, labelled: bool = False) -> str | None:
    """The byline's date among `lines`: a labelled date ('发布时间：…') first, then one on a dateline
    (a date with byline words or alone), then the first full date in any line, then a year-month
    ('1998年3月号' -> '1998-03'). With its time of day when the line gives one. `labelled`: only
    a date after a date label."""
    lines = [line for line in (line.translate(FULL_WIDTH) for line in lines) if _DATE_CHARS.search(line)]
    for line in lines:
        if iso := _labelled_date(line):
            return iso
    if labelled:
        return None
    datelines = [line for line in lines if is_dateline(line)]
    for line in datelines:
        if iso := full_date(line) or _han_date(line):
            return iso
    for line in lines:
        if iso := full_date(line):
            return iso
    for line in lines:
        for pattern, offset in ((_YEAR_MONTH, 0), (_ROC, 1911)):
            if (found := pattern.search(line)) and (iso := iso_date(int(found.group("y")) + offset, found.group("m"))):
                return iso
        if line in datelines and (iso := _han_date(line)):
            return iso
    return None

