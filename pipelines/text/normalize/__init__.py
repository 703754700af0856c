"""Text normalization: pinyin annotations, script, page chrome, metadata, whitespace.

Pure functions over text already extracted from a page (no Scrapy, no I/O). Each step lives in its
own module; this one composes them in the order that keeps every rule simple:

  whitespace → encoding (lost GBK indent byte) → pinyin → punctuation (wordless lines, doubled
  marks) → chrome + metadata (on a Simplified probe of each line; keyword-stuffing lines above and
  below the article by the model in spam.py) → title → script conversion (decided once for the
  whole document, on what is left of it: the article text)

Every change is reported, so a record's index entry says what was removed or converted and why.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import (chrome, chrome_lists, encoding, metadata, pinyin, punctuation, script, spam, title as titles,
               whitespace)
from ._report import change
from ._shapes import is_sentence

__all__ = ["Normalized", "normalize", "clean_record"]

_HEADER_PARAGRAPH_MIN = 80  # a line this long is article text even without a full stop


@dataclass
class Normalized:
    title: str | None
    paragraphs: list[str]            # normalized body, one paragraph per item, no title
    original_paragraphs: list[str]   # same paragraphs in the original script (before conversion)
    metadata: dict[str, str] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)
    script: str = "simplified"       # detected input script: simplified | traditional | mixed

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class _Page:
    """Working state of one document while the steps run."""
    lines: list[str]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)


def normalize(text: str, *, title: str | None = None, script_target: str = "zh-Hans",
              site_chrome: frozenset[str] = frozenset(), found: dict[str, str | None] | None = None) -> Normalized:
    """Normalize the main text of a page (one paragraph a line) and the title the extractor found.

    `site_chrome` holds lines known to repeat across many pages of the same site; they are dropped.
    `found`: metadata the extractor read from the page's structure (author, editor, source,
    published); it wins over what the text's lines say, and is cleaned as they are (pinyin
    annotations off, the script converted): a byline is record text too.
    """
    return _run(text, title, script_target, site_chrome, find_title=False, found=found)


def clean_record(text: str, *, script_target: str = "zh-Hans") -> Normalized:
    """Normalize an existing text record (like the seeds), finding its title line itself."""
    return _run(text, None, script_target, frozenset(), find_title=True)


def _run(text: str, title: str | None, target: str, site_chrome: frozenset[str], find_title: bool,
         found: dict[str, str | None] | None = None) -> Normalized:
    if target not in script.TARGETS:
        raise ValueError(f"unknown script target {target!r}; expected one of {script.TARGETS}")
    lines, report = _prepare(text)
    page = _Page(lines, report=report)
    page.title = _clean_title(title, page.report) if title else None
    survivors = _remove_anywhere(page, {whitespace.clean_line(line) for line in site_chrome})
    survivors = _take_title(page, survivors, find_title)
    _remove_header(page, survivors)
    _take_closing_credit(page)
    _take_bare_author(page)
    for key, value in (found or {}).items():
        if value:
            page.metadata[key] = pinyin.strip_annotations(value)[0]
    return _convert(page, target)


def _prepare(text: str) -> tuple[list[str], list[dict]]:
    lines, report = whitespace.split_paragraphs(text)
    lines, repaired = encoding.repair_lines(lines)
    lines, removed = pinyin.strip_lines(lines)
    lines, punctuated = punctuation.clean_lines(lines)
    return lines, report + repaired + removed + punctuated


def _clean_title(raw: str, report: list[dict]) -> str | None:
    cleaned, removed = pinyin.strip_annotations(whitespace.clean_line(raw))
    if removed:
        report.append(change("pinyin", "removed", " ".join(removed), "reading-of-preceding-char", count=len(removed)))
    cleaned, repairs = punctuation.repair_doubled(cleaned)
    report += [change("punctuation", "repaired", f"{repair} ×1", "doubled-punctuation", count=1) for repair in repairs]
    stripped = titles.strip_site_suffix(cleaned)
    if stripped != cleaned:
        report.append(change("title", "removed", cleaned[len(stripped):], "site-suffix"))
    return stripped or None


def _probes(lines: list[str]) -> list[str]:
    """Each line in Simplified script, only for matching rules: one pattern then covers both scripts."""
    probes = script.converter("t2s").convert("\n".join(lines)).split("\n")
    return probes if len(probes) == len(lines) else lines


def _header_end(probes: list[str]) -> int:
    """Index of the first line of article text; the lines above it are the page header."""
    for index, probe in enumerate(probes):
        if is_sentence(probe) or len(probe) >= _HEADER_PARAGRAPH_MIN:
            return index
    return len(probes)


# The header is decided only after the rules that hold anywhere and after the title line are
# gone: the output, normalized again, then has the same header, and nothing more is removed.
def _remove_anywhere(page: _Page, site_chrome: set[str]) -> list[tuple[str, str]]:
    """Drop chrome and move metadata lines that are recognisable anywhere on a page."""
    probes = _probes(page.lines)
    whys = _chrome_lines(page.lines, probes, site_chrome)
    survivors: list[tuple[str, str]] = []
    for index, (line, probe) in enumerate(zip(page.lines, probes)):
        if index in whys:
            page.report.append(change("chrome", "removed", line, whys[index]))
        elif not _take_metadata(page, line, probe, in_header=False):
            survivors.append((line, probe))
    return survivors


def _chrome_lines(lines: list[str], probes: list[str], site_chrome: set[str]) -> dict[int, str]:
    """Why each chrome line goes, by index: single lines first, then the blocks they help to see."""
    whys = {i: why for i, (line, probe) in enumerate(zip(lines, probes))
            if (why := "site-repeated-line" if line in site_chrome else chrome.classify(probe))}
    lists = chrome_lists.link_lists(probes)
    related = chrome.related_blocks(probes, frozenset(whys) | frozenset(lists))
    whys = {**lists, **whys, **related}
    tail = chrome_lists.page_lists(probes, whys)
    whys = {**tail, **whys}
    return {**_keyword_lines(lines, probes, whys), **whys}


def _keyword_lines(lines: list[str], probes: list[str], whys: dict[int, str]) -> dict[int, str]:
    """Keyword-stuffing lines (spam.py) above the article's first paragraph or below its last.

    Between paragraphs a run of short terms is more likely the article's own list (names of the
    prize winners, the units taking part), so it stays; so does every line of a text without a
    sentence (a glossary, a list of terms). Keyword lines with a label ("关键词：…") are the
    article's keywords: metadata, not spam. Only the lines up to the first paragraph and from the
    last one are read: a stuffed line can be long or hold a "?", so it does not end the search.
    """
    def stuffed(i: int) -> bool:
        return spam.is_keyword_stuffing(probes[i]) and metadata.parse_line(probes[i], lines[i], in_header=True) is None

    found: dict[int, str] = {}
    ends: list[int] = []
    for order in (range(len(probes)), range(len(probes) - 1, -1, -1)):
        for i in order:
            if i in whys or i in found:
                continue
            if stuffed(i):
                found[i] = "keyword-stuffing"
            elif is_sentence(probes[i]) or len(probes[i]) >= _HEADER_PARAGRAPH_MIN:
                ends.append(i)
                break
    if not ends:  # no article to be above or below: a page that is a list of terms stays whole
        return {}
    return dict(sorted(found.items()))


def _take_title(page: _Page, survivors: list[tuple[str, str]], find_title: bool) -> list[tuple[str, str]]:
    """Remove the title line: behind a "标题" label, repeated by the extractor, or (for a record
    without a separate title) its first line when that looks like a title."""
    labelled = _take_labelled_title(page, survivors)
    if labelled is not None:
        return labelled
    if not survivors:
        return survivors
    first = survivors[0][0]
    if page.title and first == page.title:
        page.report.append(change("title", "removed", first, "title-repeated-in-text"))
        return survivors[1:]
    if find_title and page.title is None:
        # Header metadata above the title ("2019-03-15 张三", "《党建研究》2019年第3期") is no title:
        # the first line after it is; the header step moves it into fields.
        lead = 0
        while lead < len(survivors) - 1 and metadata.parse_line(survivors[lead][1], survivors[lead][0],
                                                                in_header=True) is not None:
            lead += 1
        line = survivors[lead][0]
        if titles.looks_like_title(line):
            page.title = line
            page.report.append(change("title", "taken", line, "first-line" if not lead else "first-line-after-header"))
            return survivors[:lead] + survivors[lead + 1:]
    return survivors


def _take_labelled_title(page: _Page, survivors: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """Content farms print "标题 X" above the article: X is the title. None when there is no label."""
    header_end = _header_end([probe for _, probe in survivors])
    for index, (line, _) in enumerate(survivors[:header_end]):
        label_title = titles.title_label(line)
        if label_title is not None:
            page.title = page.title or label_title
            label = line[: len(line) - len(label_title)].strip()
            page.report.append(change("chrome", "removed label", label, "title-label"))
            return survivors[:index] + survivors[index + 1:]
    return None


def _remove_header(page: _Page, survivors: list[tuple[str, str]]) -> None:
    """Menus and metadata that are recognisable only above the article's first sentence."""
    header_end = _header_end([probe for _, probe in survivors])
    directory = chrome_lists.header_directory([probe for _, probe in survivors[:header_end]])
    kept: list[str] = []
    for index, (line, probe) in enumerate(survivors):
        in_header = index < header_end
        why = chrome.classify_header(probe) if in_header else None
        if index in directory and metadata.parse_line(probe, line, in_header=True) is None:
            why = "link-directory"
        if why:
            page.report.append(change("chrome", "removed", line, why))
        elif not (in_header and _take_metadata(page, line, probe, in_header=True)):
            kept.append(_unlabel(page, line))
    page.lines = kept


def _take_metadata(page: _Page, line: str, probe: str, in_header: bool) -> bool:
    found = metadata.parse_line(probe, line, in_header=in_header)
    if found is None:
        return False
    _record_metadata(page, line, found)
    return True


def _take_closing_credit(page: _Page) -> None:
    """"——《北京之春》1998年3月号" under the last paragraph: where the text was printed."""
    while page.lines:
        found = metadata.closing_credit(_probes(page.lines[-1:])[0], page.lines[-1])
        if found is None:
            return
        _record_metadata(page, page.lines.pop(), found, why="closing-credit")


def _record_metadata(page: _Page, line: str, found: metadata.Found, why: str | None = None) -> None:
    for key, value in found.fields.items():
        page.metadata.setdefault(key, value)
    moved = ", ".join(found.fields) or "nothing kept"
    page.report.append(change("metadata", f"moved to {moved}", line, why or found.why,
                              **({"dropped": "、".join(found.dropped)} if found.dropped else {})))


def _unlabel(page: _Page, line: str) -> str:
    """"范文 Y": the label is chrome, the text after it the first paragraph."""
    body = titles.body_label(line)
    if body is None:
        return line
    page.report.append(change("chrome", "removed label", line[: len(line) - len(body)].strip(), "body-label"))
    return body


def _take_bare_author(page: _Page) -> None:
    """Names printed alone right under the title (seed 001: 符惠明) are the byline."""
    names: list[str] = []
    while (page.title and len(page.lines) > 1 and page.lines[0] not in page.title
           and metadata.is_bare_name(_probes(page.lines[:1])[0])):
        names.append(page.lines.pop(0))
        page.report.append(change("metadata", "moved to author", names[-1], "bare-name-under-title"))
    if names and "author" not in page.metadata:
        page.metadata["author"] = "、".join(metadata.clean_name(n) for n in names)


def _convert(page: _Page, target: str) -> Normalized:
    lines = ([page.title] if page.title else []) + page.lines
    content = "\n".join(lines)
    plan = script.plan(content, target)
    converted = plan.apply(content).split("\n") if lines else []
    if len(converted) != len(lines):  # OpenCC keeps line breaks; never trust that blindly
        converted = [plan.apply(line) for line in lines]
    meta = {key: plan.apply(value) for key, value in page.metadata.items()}
    if plan.config:
        extra = {"kept": "standard Simplified characters (乾 於 著…)"} if plan.protect else {}
        page.report.append(change("script", f"converted {plan.config}", _sample_changes(lines, converted),
                                  plan.reason, **extra))
    elif plan.reason == "japanese-kana":
        page.report.append(change("script", "kept", "kana present", plan.reason))
    title = converted.pop(0) if page.title else None  # after the sample: the two lists stay in step
    return Normalized(title, converted, list(page.lines), meta, page.report, plan.script)


def _sample_changes(before: list[str], after: list[str]) -> str:
    """A few "統→统" pairs, enough for a reader to see what the conversion did."""
    pairs: dict[str, None] = {}
    for old, new in zip(before, after):
        if len(old) == len(new):
            pairs.update(dict.fromkeys(f"{a}→{b}" for a, b in zip(old, new) if a != b))
    sample = " ".join(list(pairs)[:12])
    return sample + (f" … ({len(pairs)} kinds)" if len(pairs) > 12 else "")
