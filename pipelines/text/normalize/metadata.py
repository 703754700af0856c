"""Byline, source, date, editor and document-number lines, moved out of the body into fields.

A metadata line starts with a label of the byline grammar (pipelines/text/byline_grammar.py, the
table extraction reads too: 作者:, 来源:, 责任编辑 /, 原标题:...), possibly inside brackets, holds
nothing but label-value pairs and no sentence, so a paragraph that merely mentions 责任编辑 stays in
the body. Labels are matched on the line's Simplified probe; values are
cut from the original line, so they are converted later together with the body. A reprint credit
("转自《北京科技报》") and a periodical's issue under the last paragraph ("——《北京之春》1998年3月号")
give the source.

Farm copies of journal papers carry their own header: a keyword line ("关键词：机关党建；组织力",
anywhere, its ；/; separators being no sentence), the journal's issue ("《党建研究》2019年第3期") and a
date with the author's name and no label ("2019-03-15 张三") above the article. They go into
keywords, journal, published and author.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..byline_grammar import DATE, LABELS, forms, full_date, words
from ._shapes import is_sentence

# The byline grammar's fields → metadata keys; None: a credit or counter that is dropped, not kept.
# Its 'other' words (发布, 分享, 打印) mark a byline line but label no value, so they open no
# label-value line here.
_FIELDS: dict[str, str | None] = {
    "author": "author", "reporter": "author", "correspondent": None, "editor": "editor", "source": "source",
    "published": "published", "docno": "doc_number", "original_title": "original_title",
    "affiliation": "author_affiliation", "signoff": None, "counter": None,
}
_LABELS: dict[str, str | None] = {form: _FIELDS[key] for key in _FIELDS for word in LABELS[key] for form in forms(word)}
# Labels that also open ordinary text (时间: in a meeting notice): trusted only above the article.
_HEADER_ONLY = frozenset(f for w in ("时间", "日期", "记者", "本报记者", "阅读", "浏览", "人气") for f in forms(w))
# The affiliation's labels join their value without a separator ("作者系…"); every other label needs
# one. The one-character 文 ('文/张三') is left to extraction, whose byline patterns check that a
# name follows: on a line of its own it also opens a desk's credit ('文/观察者网专栏作者 王文'),
# which this line grammar would cut at the wrong label.
_SEPARATED = [w for key in _FIELDS if key != "affiliation" for w in LABELS[key] if len(w) > 1]
_LABEL = re.compile(f"(?:(?P<joined>{words(LABELS['affiliation'])})"
                    rf"|(?P<label>{words(_SEPARATED)})\s*(?:[:：/／|｜]|\s(?=\S)))\s*")
_GAPS = re.compile(r"[ \t\u3000\xa0]+")
_OPEN, _CLOSE = "(（[【", ")）]】"
_MAX_LINE = 160
_VALUE_TRIM = " ,，;；:：、" + _OPEN + _CLOSE
# Where an author's name ends and the affiliation begins: "吕和顺,中共…", "赵 培：北京物资学院", "张三(北京大学)".
_NAME_END = re.compile(r"[,，;；:：(（]")
# Staff codes some portals append to editor names: "荀建国_NN7379".
_STAFF_CODE = re.compile(r"_[A-Za-z]{1,5}\d+$")
_AFFILIATION_VERB = re.compile(r"^[系为為是]\s*")
# the grammar's date with its time of day, and the 日 it leaves when no time follows
_DATE_TIME = rf"(?:{DATE.pattern})日?"
# A date (and time) opening a header line ("2021年05月06日 10:23 来源:人民网") or closing a value.
_LEADING_DATE = re.compile(rf"^{_DATE_TIME}\s*")
_TRAILING_DATE = re.compile(rf"\s+{_DATE_TIME}$")
# "转自《北京科技报》": where the article was first printed, a periodical's name in 《》.
_CREDIT = re.compile(r"^(?:转自|转载自|摘自|选自|原载于?|原刊于?|刊于)\s*[:：]?\s*(?P<value>《[^《》]{1,30}》[^。，,；;！!？?]{0,20})$")
# "——《北京之春》1998年3月号": the periodical and its issue, signed under the last paragraph.
_CLOSING_CREDIT = re.compile(r"^[—－-]{1,2}\s*(?P<value>《[^《》]{1,30}》\s*(?:(?:19|20)\d{2}\s*年)?\s*"
                             r"(?:第\s*\d{1,3}\s*期|\d{1,2}\s*月号|\d{1,2}\s*月\s*\d{1,2}\s*日))$")
# "关键词：A；B；C", "【关键词】A B C", "Key words: …": the label, then a list of short terms.
_KEYWORDS = re.compile(r"^(?:[\[【(（]\s*(?:关键词|关键字|关\s*键\s*词|主题词)\s*[\]】)）]\s*[:：]?|"
                       r"(?:关键词|关键字|关\s*键\s*词|主题词|key\s*words?)\s*(?:[:：]|>>|»))\s*(?P<value>\S.*)$", re.I)
_KEYWORDS_FIRST = frozenset("[【(（关主kK")
_KEYWORD_SPLIT = re.compile(r"[,，、;；\s]+")
_KEYWORD_MAX, _KEYWORDS_MAX = 20, 30   # characters a term, terms a line
_NOT_KEYWORDS = re.compile(r"[。！？!?]")
# "《党建研究》2019年第3期": the journal the article was printed in, above it.
_ISSUE = re.compile(r"^《[^《》]{1,30}》\s*(?:(?:19|20)\d{2}\s*年\s*)?(?:第\s*\d{1,3}\s*期|\d{1,3}\s*期|\d{1,2}\s*月号)"
                    r"(?:\s*[(（]\s*总第\s*\d{1,5}\s*期\s*[)）])?$")
_BYLINE_DATE_SEPARATORS = " |｜/／"
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\d{1,4}\s*号$")

# Common surnames (Simplified), for a bare author name under the title (seed 001: 符惠明).
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "夏侯", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙",
                      "宇文", "司徒", "端木", "独孤", "南宫", "西门")
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@dataclass
class Found:
    """What one metadata line gave: fields to keep, and the labels that were only dropped."""
    fields: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    why: str = "label-line"  # the rule that recognised the line, for the report


def clean_name(name: str) -> str:
    """"白 翔" → "白翔": sites pad two-character names to three; "张三 李四" stays two names."""
    parts = name.split()
    return "".join(parts) if parts and all(len(p) == 1 for p in parts) else name


def normalize_date(text: str) -> str | None:
    """The first full date in `text` as 'YYYY-MM-DD': a record's published field is the day."""
    found = full_date(text)
    return found[:10] if found else None


def _value(key: str, raw: str) -> dict[str, str] | None:
    """The field(s) one label's value gives, None when the value shows the line is text after all.

    An author value may carry the affiliation after a comma; a date value must be only a date, so
    "时间:3月5日 地点:北京" in a meeting notice stays in the text.
    """
    value = raw.strip(_VALUE_TRIM)
    if not value:
        return {}
    if key == "published":
        date = _LEADING_DATE.match(value)
        return {"published": normalize_date(value) or ""} if date and date.end() == len(value) else None
    trailing = _TRAILING_DATE.search(value)
    if trailing:  # "来源:人民日报 2021-05-06": the date is the publication date
        return (_value(key, value[: trailing.start()]) or {}) | {"published": normalize_date(trailing.group()) or ""}
    if key == "author":
        return _author(value)
    if key == "editor":
        return {"editor": clean_name(_STAFF_CODE.sub("", value))}
    return {key: value}


def _author(value: str) -> dict[str, str]:
    """"吕和顺,中共北京市…副书记" → the name, and the affiliation after it."""
    name, rest = (_NAME_END.split(value, maxsplit=1) + [""])[:2]
    affiliation = _AFFILIATION_VERB.sub("", rest.strip(_VALUE_TRIM))
    return {"author": clean_name(name.strip())} | ({"author_affiliation": affiliation} if affiliation else {})


def _strip_brackets(text: str) -> tuple[str, int]:
    """The line without the brackets around it, and how many characters were cut at the start."""
    start = len(text) - len(text.lstrip(_OPEN + " "))
    return text[start:].rstrip(_CLOSE + " "), start


def parse_line(probe: str, original: str, *, in_header: bool) -> Found | None:
    """The metadata of a label-value line, or None when the line is article text."""
    source = original if len(original) == len(probe) else probe  # values from the original script
    keywords = keyword_line(probe, source)
    if keywords is not None:
        return keywords
    if len(probe) > _MAX_LINE or is_sentence(probe):
        return None
    if in_header and _DOC_NUMBER.match(probe):
        return Found({"doc_number": original})
    if in_header and _ISSUE.match(probe):
        return Found({"journal": source}, why="journal-issue")
    credit = _CREDIT.match(probe)
    if credit:
        return Found({"source": source[credit.start("value"):credit.end("value")].strip()})
    inner, offset = _strip_brackets(probe)
    found = Found()
    date = _LEADING_DATE.match(inner) if in_header else None
    if date:  # "2021年05月06日 10:23 来源:人民网"
        found.fields["published"] = normalize_date(date.group()) or ""
        inner, offset = inner[date.end():], offset + date.end()
    if inner and not _read_labels(found, inner, source[offset:], in_header):
        byline = _dated_byline(inner, source[offset:], dated="published" in found.fields) if in_header else None
        if byline is None:
            return None
        found.fields.update(byline)
        found.why = "date-and-author"
    found.fields = {name: value for name, value in found.fields.items() if value}
    return found


def keyword_line(probe: str, source: str) -> Found | None:
    """"关键词：机关党建；组织力；政治建设" → keywords, anywhere on the page; None for other lines.

    The value must be a list of short terms: "关键词：…" opening a sentence is text.
    """
    match = _KEYWORDS.match(probe) if len(probe) <= _MAX_LINE and probe[:1] in _KEYWORDS_FIRST else None
    if not match:
        return None
    raw = source[match.start("value"):].strip(_VALUE_TRIM)
    value = raw.rstrip("。.").strip(_VALUE_TRIM)
    terms = [t for t in _KEYWORD_SPLIT.split(value) if t]
    # A full stop only at the end, and not after commas: "A，B，C。" is a sentence, "A；B；C。" a list.
    sentence = _NOT_KEYWORDS.search(value) or (raw != value and re.search(r"[,，]", value))
    if not terms or len(terms) > _KEYWORDS_MAX or sentence or any(len(t) > _KEYWORD_MAX for t in terms):
        return None
    return Found({"keywords": value}, why="keywords-line")


def _dated_byline(inner: str, source: str, dated: bool) -> dict[str, str] | None:
    """"2019-03-15 张三" (the date already read: `dated`) or "张三 2019-03-15": a header line of a
    date and the author's name without a label. None when the rest is not a name."""
    if _LABEL.match(inner):
        return None
    fields: dict[str, str] = {}
    names, names_source = inner, source
    if not dated:
        trailing = _TRAILING_DATE.search(inner)
        if not trailing:
            return None
        fields["published"] = normalize_date(trailing.group()) or ""
        names, names_source = inner[: trailing.start()], source[: trailing.start()]
    names, names_source = names.strip(_BYLINE_DATE_SEPARATORS), names_source.strip(_BYLINE_DATE_SEPARATORS)
    if not is_bare_name(names):
        return None
    return {"author": "、".join(n for n in re.split(r"[\s、,，]+", names_source) if n)} | fields


def closing_credit(probe: str, original: str) -> Found | None:
    """The source of a text whose last line is "——《北京之春》1998年3月号", else None.

    Only a periodical with its issue: "——《论语》" under a quotation is the quotation's source.
    """
    match = _CLOSING_CREDIT.match(probe)
    if not match:
        return None
    source = original if len(original) == len(probe) else probe
    return Found({"source": source[match.start("value"):match.end("value")]})


def _read_labels(found: Found, inner: str, source: str, in_header: bool) -> bool:
    """Add the label-value pairs of `inner` to `found`; False when `inner` is not only such pairs.

    `source` is `inner` as written on the page (same positions), where the values are cut from.
    """
    labels = list(_LABEL.finditer(inner))
    if not labels or labels[0].start() != 0:
        return False
    ends = [match.start() for match in labels[1:]] + [len(inner)]
    for match, end in zip(labels, ends):
        label = _GAPS.sub("", match["joined"] or match["label"])
        if label in _HEADER_ONLY and not in_header:
            return False
        key = _LABELS[label]
        if key is None:
            found.dropped.append(label)
            continue
        values = _value(key, source[match.end():end])
        if values is None:
            return False
        for name, value in values.items():
            found.fields.setdefault(name, value)
    return True


def is_bare_name(probe: str) -> bool:
    """A line that is only a person's name (or names), as bylines under a title are printed."""
    names = [n for n in re.split(r"[\s、,，]+", probe) if n]
    return bool(names) and len(names) <= 4 and all(_is_name(n) for n in names)


def _is_name(word: str) -> bool:
    if not _NAME.match(word):
        return False
    return word[0] in _SURNAMES or (word[:2] in _COMPOUND_SURNAMES and len(word) >= 3)
