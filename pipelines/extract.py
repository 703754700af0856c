"""Main-text extraction from decoded HTML: body text, title, author, publication date.

The body, by order of evidence:
1. a per-site CSS selector hint (`body_selector`), when it matches;
2. trafilatura (balanced mode, tables kept, comments and cross-document dedup off) on a tree whose
   *layout* tables were turned into divs: old Chinese portals put the whole page in nested tables,
   and a table trafilatura keeps comes out as one long dump of navigation cells;
3. only when trafilatura returns nothing or next to nothing: a second opinion from a densest-block
   heuristic and readability-lxml, picked by agreement (the candidate closest to what at least two
   of the three extractors agree on). Running them on every page would triple the cost for nothing.
The body is then trimmed at its edges: title, date, byline, source and navigation lines at the top;
copyright notices, related links, editor and source lines at the bottom. Their values feed the
metadata and every dropped line is in the report.

Title: a heading the `<title>`/og:title confirms, else `<title>` without its site and channel names
(`--理论·党建--人民网`), never the site's name. Author and date: Chinese bylines and datelines
(作者：, 本报记者, 文/, 发表于, （记者 某某）, '2022-02-13 07:48 来源：…') in the trimmed lines and the page
paragraphs around the body, then `<meta>` tags, the URL, and htmldate for what markup says.
"""
from __future__ import annotations

import collections
import logging
import re
from dataclasses import dataclass
from itertools import islice

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True)
class Extracted:
    title: str | None
    author: str | None
    published: str | None          # YYYY-MM-DD (YYYY-MM or YYYY when the page says no more)
    text: str                      # body paragraphs, one a line, no title/date/author lines
    method: str                    # "selector" | "trafilatura" | "densest-block" | "readability" | "none"
    editor: str | None = None
    source: str | None = None      # the publication the page credits (来源：...)
    report: tuple[dict, ...] = ()  # what extraction dropped or decided, and why


# ---------------------------------------------------------------------------------------------
# Parsing

# A page that declares an encoding inside a Unicode string makes lxml refuse it outright.
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# XML 1.0 forbids these; libxml2 would otherwise drop or mangle the text around them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# the same characters one by one: `in` looks for one faster than the regex scans for the class
_BAD_CHAR_LIST = (*map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")
_DOC_START = re.compile(r"<!doctype|<html[\s>]", re.IGNORECASE)
_HEAD_TAGS = re.compile(r"<(?:head|body|meta|title)[\s>]", re.IGNORECASE)
# Junk before <html> (a crawler's wrapper element, a PHP warning) makes libxml2 move <title> and
# <meta> into the body; it is dropped when short and free of real document parts.
_MAX_JUNK_PREFIX = 2048


# lxml.html's own class lookup is a Python method called for every element proxy lxml creates
# (ours, trafilatura's and htmldate's walks: ~8,000 calls a page); this C-level one gives every
# element the same HtmlElement class. Only <form>, <input>, <select>, <textarea> and <label> lose
# their form-handling subclasses, which nothing that reads these trees uses.
_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity)


def _safe_parser() -> lxml.html.HTMLParser:
    # One parser per call: lxml parsers must not be shared between threads. The HTML parser never
    # loads external entities or DTDs (XMLParser's resolve_entities has no HTML counterpart);
    # no_network and huge_tree=False keep it from fetching anything or building unbounded trees.
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
                                  collect_ids=False, default_doctype=False)
    parser.set_element_class_lookup(_CLASS_LOOKUP)
    return parser


def _strip_leading_junk(html: str) -> str:
    start = _DOC_START.search(html, 0, _MAX_JUNK_PREFIX)
    if start and start.start() > 0 and not _HEAD_TAGS.search(html, 0, start.start()):
        return html[start.start():]
    return html


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML safely; None when there is no document at all."""
    cleaned = _strip_leading_junk(_XML_DECL.sub("", html or "", count=1))
    if any(char in cleaned for char in _BAD_CHAR_LIST):
        cleaned = _BAD_CHARS.sub("", cleaned)
    if not cleaned.strip():
        return None
    try:
        return lxml.html.document_fromstring(cleaned, parser=_safe_parser())
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparsable HTML: %s", exc)
        return None


# ---------------------------------------------------------------------------------------------
# Text blocks: the page as a sequence of paragraphs, with link text counted

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section table tbody td "
    "tfoot th thead tr ul".split())
# rt/rp: ruby annotations (furigana, pinyin) are pronunciation aids, not text
_SKIP_TAGS = frozenset("script style noscript iframe textarea select option button head title svg canvas "
                       "object embed template rt rp".split())
_WS = re.compile(r"\s+")


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


# ---------------------------------------------------------------------------------------------
# Prose detection and token bags (shared by the densest-block extractor and the agreement vote)

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


# ---------------------------------------------------------------------------------------------
# Layout tables

_TABLE_PARTS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
# A cell this long is a page region, not a datum.
_LAYOUT_CELL_CHARS = 200


def _link_density(el: etree._Element) -> float:
    total = len(el.text_content().strip())
    links = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return links / total if total else 1.0


def _is_layout_table(table: etree._Element) -> bool:
    # nested tables, a cell holding paragraphs or a long text, or a grid of links (navigation);
    # iter() rather than find(".//x"): no ElementPath, and the first table it yields is `table`
    if next(islice(table.iter("table"), 1, None), None) is not None or _link_density(table) >= 0.5:
        return True
    for cell in table.iter("td", "th"):
        if next(cell.iter("p", "div"), None) is not None:
            return True
        if len(cell.text_content().strip()) > _LAYOUT_CELL_CHARS:
            return True
    return False


def unlayout_tables(root: etree._Element) -> int:
    """Turn layout tables into divs, in place, so extractors see regions instead of a data grid.
    Data tables (short cells, no nesting) are left alone. Returns how many tables were turned."""
    turned, owned = _layout_parts(root)
    for el in owned:
        el.tag = "div"
    return turned


def _layout_parts(root: etree._Element) -> tuple[int, list[etree._Element]]:
    """How many tables are layout tables, and their own table elements, rows and cells."""
    layout = [t for t in root.iter("table") if _is_layout_table(t)]
    if not layout:
        return 0, []
    # each table's own rows and cells only: a data table nested in a layout table stays a table
    # (its <table> element apart, whose nearest table is the layout one). One pass over the page's
    # table parts, each owned when it is a layout table or its nearest table ancestor is one.
    layout_set = set(layout)
    owned = [el for el in root.iter(*_TABLE_PARTS)
             if (el.tag == "table" and el in layout_set) or next(el.iterancestors("table"), None) in layout_set]
    return len(layout), owned


# ---------------------------------------------------------------------------------------------
# Extractors


def _trafilatura_text(root: etree._Element, url: str | None) -> str:
    import trafilatura

    # Comments are not the article. deduplicate stays off: its cache spans documents, so a page's
    # text would depend on what the same process extracted before, and reprocessing must give the
    # same bytes for the same input.
    doc = trafilatura.bare_extraction(root, url=url, include_comments=False, include_tables=True,
                                      deduplicate=False, with_metadata=False)
    return (doc.text or "") if doc is not None else ""


def _readability_text(root: etree._Element) -> str:
    from readability import Document

    # readability mutates the tree it is given, so it gets a serialized copy
    summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    fragment = parse_html(f"<html><body>{summary}</body></html>")
    return "\n".join(b.text for b in page_blocks(fragment)) if fragment is not None else ""


def densest_block_text(blocks: list[Block], alpha: float = 0.2, gap: int = 400) -> str:
    """The run of prose paragraphs inside the element that holds the most prose net of chrome.

    Every paragraph credits its characters to all its ancestors, as good (prose, few links) or bad
    (everything else); the element maximizing good - alpha * bad is the article's container. Inside
    it, paragraphs separated from the main run by more than `gap` characters of chrome are dropped.
    """
    good: collections.Counter = collections.Counter()
    bad: collections.Counter = collections.Counter()
    judged = []
    for block in blocks:
        text = block.text
        prose = block.link_chars < 0.3 * len(text) and is_prose(text)
        judged.append((block, text, prose))
        for el in (block.owner, *block.owner.iterancestors()):
            (good if prose else bad)[el] += len(text)
    if not good:
        return ""
    best = max(good, key=lambda el: good[el] - alpha * bad[el])
    inside = {best, *best.iterdescendants()}
    return "\n".join(_main_run([j for j in judged if j[0].owner in inside], gap))


def _main_run(judged: list[tuple[Block, str, bool]], gap: int) -> list[str]:
    segments: list[list[tuple[Block, str, bool]]] = [[]]
    chrome = 0
    for item in judged:
        if item[2]:
            if segments[-1] and chrome > gap:
                segments.append([])
            segments[-1].append(item)
            chrome = 0
        elif segments[-1]:
            segments[-1].append(item)
            chrome += len(item[1])
    weight = [sum(len(t) for _, t, p in seg if p) for seg in segments]
    lines = []
    for seg, w in zip(segments, weight):
        if w < 0.3 * max(weight):
            continue
        while seg and not seg[-1][2]:
            seg = seg[:-1]
        lines += [t for b, t, _ in seg if b.link_chars <= 0.5 * len(t)]
    return lines


def _majority(bags: list[collections.Counter[str]]) -> collections.Counter[str]:
    """Tokens at least two extractors agree on (count: the second-highest count)."""
    ref: collections.Counter[str] = collections.Counter()
    for token in set().union(*bags):
        counts = sorted((b[token] for b in bags), reverse=True)
        if counts[1]:
            ref[token] = counts[1]
    return ref


# trafilatura output shorter than this many tokens (a caption, a byline) gets a second opinion; a
# short but real article (a 60-word blog post) must not be replaced by a longer page dump
_TOO_LITTLE_TOKENS = 50


def _second_opinion(primary: str, prepared: etree._Element, blocks: list[Block]) -> tuple[str, str]:
    """Pick among trafilatura, densest-block and readability by agreement."""
    candidates = {"trafilatura": primary, "densest-block": densest_block_text(blocks)}
    if _token_count(candidates["densest-block"]) < 2 * max(1, _token_count(primary)):
        return primary, "trafilatura"
    try:
        candidates["readability"] = _readability_text(prepared)
    except Exception as exc:  # readability raises assorted errors on odd trees; the others still stand
        logger.warning("readability failed: %s", exc)
        candidates["readability"] = ""
    bags = {name: token_bag(text) for name, text in candidates.items()}
    ref = _majority(list(bags.values()))
    if not ref:  # no two agree: the biggest non-empty opinion is all there is
        name = max(bags, key=lambda n: sum(bags[n].values()))
    else:
        name = max(bags, key=lambda n: _bag_f1(bags[n], ref))
    return candidates[name], name


# ---------------------------------------------------------------------------------------------
# Title

# Between a title and its site/channel names: spaced dashes and bars, doubled marks, and a bare
# '-' or '_' only next to CJK (so 'COVID-19' stays whole while '洛克菲勒”-搜狐财经' splits).
_SITE_SEPARATORS = re.compile(
    r"\s+[-–—|｜·:»«/]\s+|--+|__+|——|[|｜»«]"
    r"|(?<=[\u3000-\u9fff\uff00-\uffef])[-_·—<>](?=\S)|(?<=\S)[-_·—<>](?=[\u3000-\u9fff])")
_MIN_TITLE_CHARS = 4


def meta_tags(root: etree._Element) -> dict[str, str]:
    """`<meta>` contents by lowercased property/name/itemprop; the first non-empty one wins."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if not content or not (content := _WS.sub(" ", content).strip()):
            continue  # nothing to record under any of its names
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key and content and key not in found:
                found[key] = content
    return found


def _meta(meta: dict[str, str], *names: str) -> str | None:
    return next((meta[n.lower()] for n in names if meta.get(n.lower())), None)


_SPACES = re.compile(r"[\s\u3000]+")


def _norm(text: str) -> str:
    """Text without any white space: how lines are compared across extractors and the page."""
    return _SPACES.sub("", text or "")


_DOMAIN = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+/?$")
_SITE_LIKE = re.compile(r"(?:网|网站|频道|博客|论坛|百科全书|新闻|日报|晚报|在线|官网|首页|门户|"
                        r"中文网|政府|News|Online|Blog)$", re.IGNORECASE)
_TRAILING_SITE_WORD = re.compile(r"\s+[^\s]{2,8}$")


def _site_like(segment: str, site_names: set[str]) -> bool:
    # a long segment ending in '网' is a title that mentions a website, not a site name
    segment = segment.strip()
    return (_norm(segment) in site_names or bool(_DOMAIN.match(segment))
            or (len(segment) <= 12 and bool(_SITE_LIKE.search(segment))))


def _clean_doc_title(title: str, site_names: set[str]) -> str:
    """`<title>` without the site/channel names: '正文__商贸_产业资讯_新浪网' -> '正文'."""
    parts = [p.strip() for p in _SITE_SEPARATORS.split(title) if p and p.strip()]
    keep = [p for p in parts if not _site_like(p, site_names)] or parts[:1]
    longest = max(keep, key=len)
    # the article title is the first long segment; channel names are short
    first = next(p for p in keep if len(p) >= 0.5 * len(longest))
    trailing = _TRAILING_SITE_WORD.search(first)
    if trailing and _site_like(trailing.group(0), site_names) and len(first) > 2 * len(trailing.group(0)):
        first = first[:trailing.start()]  # '土豆不“土” 松花江网': a site name after a plain space
    return first.strip()


def page_title(root: etree._Element, meta: dict[str, str], title_selector: str | None = None) -> str | None:
    """The article's title: a heading the `<title>`/og:title confirms, else their cleaned text, else the
    first heading; never the site's name (None when the site's name is all the page offers)."""
    if title_selector and (found := _select_text(root, title_selector)):
        return found.splitlines()[0]
    site_names = {_norm(s) for s in (_meta(meta, "og:site_name", "application-name") or "",) if s}
    doc_title = _WS.sub(" ", "".join(root.xpath("(//title)[1]//text()"))).strip()
    if len(doc_title) <= 8 and _site_like(doc_title, site_names):
        site_names.add(_norm(doc_title))  # '<title>松花江网</title>': the whole title is the site
    og = _meta(meta, "og:title", "twitter:title")
    headings = [_WS.sub(" ", h.text_content()).strip() for h in root.iter("h1", "h2")]
    headings = [h for h in headings if len(h) >= _MIN_TITLE_CHARS and _norm(h) not in site_names]
    for reference in filter(None, (doc_title, og)):
        confirmed = [h for h in headings if _repeats(h, reference, site_names)]
        if confirmed:  # the heading covering most of the reference, not a channel name it also lists
            return max(confirmed, key=lambda h: len(_norm(h)))
    for candidate in (og, doc_title):
        cleaned = _clean_doc_title(candidate, site_names) if candidate else ""
        if len(cleaned) >= 2 and not _site_like(cleaned, site_names):
            return cleaned
    return headings[0] if headings else None


def _repeats(heading: str, reference: str, site_names: set[str]) -> bool:
    """Whether `reference` (a <title> or og:title) repeats `heading` as (nearly) one whole segment: the
    article's heading. A heading that is only the site-name suffix ('松花江网') or one word of a
    segment (a section name, 'Politik') does not count."""
    flat = _norm(heading)
    if _is_suffix(heading, reference):
        return False
    segments = [p for p in _SITE_SEPARATORS.split(reference) if p and p.strip()] + [reference]
    return any(flat in _norm(seg) and len(flat) >= 0.6 * len(_norm(seg)) and not _site_like(seg, site_names)
               for seg in segments)


def _is_suffix(heading: str, title: str) -> bool:
    h, t = _norm(heading), _norm(title)
    return t.endswith(h) and len(h) < 0.5 * len(t)


def _select_text(root: etree._Element, selector: str) -> str:
    from lxml.cssselect import CSSSelector, SelectorError

    try:
        matches = CSSSelector(selector)(root)
    except (SelectorError, SyntaxError, ValueError) as exc:
        logger.warning("bad CSS selector %r: %s", selector, exc)
        return ""
    lines = [b.text for el in matches for b in page_blocks(el)]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Bylines, dates, sources

_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"
# words that fill a name slot in templates and menus but are nobody's name
_NOT_NAMES = frozenset("本文 本报 本刊 本台 本网 记者 编辑 通讯员 实习生 来源 作者 摄影 报道 综合 新华社 中新社 "
                       "转载 原创 网友 匿名 佚名 未知 责任编辑 发表于 发布 日期 时间 点击 评论 消息 通知 公告 新闻 "
                       "首页 登录 注册 分享 打印 关闭 返回 更多 推荐 热点 专题 图片 视频 简介 看点 简评 导读 摘要 "
                       "正文 原文 全文 目录 标签 相关 声明 编者按 前言 引言 结语 附件 下载 收藏 搜索".split())
# '本报记者张三' / '新京报记者 彭冲' / '记者：张三', but not '记者调查' (a menu) or '记者从市教育局获悉'
_ROLE = r"(?:(?:特约|实习|首席)?记者|实习生|通讯员)"
_REPORTER = rf"(?:(?:本报|本刊|本台|本网|[\u4e00-\u9fff]{{1,8}}(?:报|社|台|网|频道))\s*{_ROLE}\s*|{_ROLE}[:：\s]\s*)"
_NAME_END = r"(?=\s|$|[)）】\]。，,]|报道|摄)"
_AUTHOR_PATTERNS = (
    # after an explicit label, a forum handle ('放飞&心情', 'ggjjzhzz') counts as well as names
    re.compile(rf"(?:作\s*者|撰\s*文|执笔人?|发文机关)\s*[:：]\s*(?P<n>[\u4e00-\u9fff·]{{2,12}}"
               rf"(?:[ \u3000、，,]+{_NAME})*(?=\s|$|[)）])|[^\s:：,，|<>=\"']{{2,20}}(?=\s|$))"),
    re.compile(rf"{_REPORTER}(?P<n>{_NAMES}){_NAME_END}"),
    re.compile(rf"(?:^|[\s(（【\[])文\s*[/／]\s*(?P<n>{_NAMES}){_NAME_END}"),
    re.compile(rf"(?P<n>{_NAME}|[A-Za-z][\w.-]{{2,30}})\s*发表于"),
    re.compile(rf"由\s*(?P<n>{_NAME}|[A-Za-z][\w.-]{{2,30}})\s*(?:张贴|发表|发布)"),
    re.compile(rf"\d{{1,2}}:\d{{2}}\s*\[\s*(?P<n>{_NAMES})\s*\]"),
    re.compile(r"^(?:By|BY)\s+(?P<n>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})$"),
)
# '责任编辑：王五', and in brackets without the colon: '（松花江网编辑 孙桂芳）'
_EDITOR = re.compile(rf"(?:责任编辑|责编|编辑|主编)\s*[:：]\s*(?P<n>{_NAMES})|"
                     rf"^[（(【][^）)】]{{0,12}}(?:编辑|责编)\s*(?P<m>{_NAMES})\s*[)）】]$")
_SOURCE = re.compile(r"(?:文章来源|稿件来源|稿源|来源|出处)\s*[:：]\s*[\[【]?\s*(?P<n>[^\s|丨\]】<>=\"'\-—]{2,24})(?![=\w])")
# '（记者 胡晓蓉）', '（姚峰 上海报道）', '（常书香 马丹阳）' closing the last paragraph; a lone word in
# brackets ('（朝鲜文）') is not a byline
# '《光明日报》（ 2022年02月13日 02版）': the print edition a web story comes from
_PRINT_EDITION = re.compile(r"^[—-]*\s*《(?P<n>[^》]{2,16})》\s*[（(][^）)]*\d{4}[^）)]*[)）]\s*$")
_TRAILING_ATTRIBUTION = re.compile(
    rf"[（(]\s*(?:(?:[\u4e00-\u9fff]{{0,8}}记者\s*)(?P<a>{_NAMES})|(?P<b>{_NAMES})\s*[\u4e00-\u9fff]{{2,4}}报道|"
    rf"(?P<c>{_NAME}(?:[ \u3000、，,]+{_NAME})+))\s*[)）]\s*$")

_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
                   r"(?P<d>\d{1,2})(?!\d)")
# month/day/year, trusted only with a 12-hour time after it (ASP pages: '9/17/2004 5:54:13 AM')
_US_DATE = re.compile(r"(?<!\d)(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})"
                      r"(?=\s+\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M)")
_YEAR_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?![\d\s]*\d\s*日)")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)(?:/|_|\.|\d)")
_META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                    "publishdate", "publish_date", "publishtime", "dc.date.issued", "dc.date")


_NAME_SEP = re.compile(r"[ \u3000、，,]+")


def _valid_names(raw: str) -> str | None:
    names = [n for n in _NAME_SEP.split(raw.strip()) if n and n not in _NOT_NAMES]
    names = [n for n in names if not any(stop in n for stop in ("记者", "编辑", "报道", "来源"))]
    return " ".join(names) if names else None


def find_author(lines: list[str]) -> str | None:
    for line in lines:
        for pattern in _AUTHOR_PATTERNS:
            found = pattern.search(line)
            if not found:
                continue
            raw = found.group("n")
            if line[found.end("n"):].lstrip().startswith("报道") and " " in raw.strip():
                raw = raw.strip().rsplit(" ", 1)[0]  # '彭冲 山东冠县报道': the last word is the place
            if names := _valid_names(raw):
                return names
    return None


def find_editor(lines: list[str]) -> str | None:
    for line in lines:
        if (found := _EDITOR.search(line)) and (names := _valid_names(found.group("n") or found.group("m"))):
            return names
    return None


def find_source(lines: list[str]) -> str | None:
    for line in lines:
        if found := _SOURCE.search(line) or _PRINT_EDITION.match(line):
            return found.group("n")
    return None


def _iso(y: str, m: str | None = None, d: str | None = None) -> str | None:
    year, month, day = int(y), int(m or 1), int(d or 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}" + (f"-{month:02d}" if m else "") + (f"-{day:02d}" if d else "")


def find_date(lines: list[str]) -> str | None:
    """The first full date in `lines`, else the first year-month ('1998年3月号' -> '1998-03')."""
    for line in lines:
        if (found := _DATE.search(line)) and (iso := _iso(*found.group("y", "m", "d"))):
            return iso
        if (found := _US_DATE.search(line)) and (iso := _iso(*found.group("y", "m", "d"))):
            return iso
    for line in lines:
        if (found := _YEAR_MONTH.search(line)) and (iso := _iso(*found.group("y", "m"))):
            return iso
    return None


def _meta_date(meta: dict[str, str]) -> str | None:
    value = _meta(meta, *_META_DATE_NAMES)
    found = _DATE.search(value or "")
    return _iso(*found.group("y", "m", "d")) if found else None


def _url_date(url: str | None) -> str | None:
    found = _URL_DATE.search(url or "")
    return _iso(*found.group("y", "m", "d")) if found else None


def _trailing_attribution(body: list[str]) -> str | None:
    for line in reversed(body[-2:]):
        found = _TRAILING_ATTRIBUTION.search(line)
        if found and (names := _valid_names(found.group("a") or found.group("b") or found.group("c"))):
            return names
    return None


_NOT_A_PERSON = re.compile(r"[./@_\d]|网|报|Team|Inc")
_SPACED_HANZI = re.compile(r"^[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,3}$")


def _meta_author(meta: dict[str, str]) -> str | None:
    value = _meta(meta, "citation_author", "dc.creator", "article:author", "author")
    if value and _SPACED_HANZI.match(value):
        value = _WS.sub("", value)  # citation metadata spaces a Chinese name: '赵 培'
    # CMS templates fill this with the site, the software ('Discuz Team') or a user id ('L_104485')
    if value and len(value) <= 30 and not _NOT_A_PERSON.search(value):
        return value
    return None


def _htmldate(root: etree._Element) -> str | None:
    from htmldate import find_date as htmldate_find

    try:
        return htmldate_find(root, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate is a heuristic helper; its failure leaves the date unknown
        logger.debug("htmldate failed: %s", exc)
        return None


# ---------------------------------------------------------------------------------------------
# Edge trimming: title, byline and date lines at the top, editor/source/copyright at the bottom

_HEAD_LINES = 8
# short lines (kickers, column labels, breadcrumbs) tolerated before a byline that ends the header
_MAX_UNEXPLAINED = 2
_SHORT_LINE = 40
_META_WORDS = re.compile(r"来源|发布|发表|时间|日期|作者|记者|编辑|责编|点击|浏览|阅读|字号|分享|打印|评论|更新|报道|"
                         r"通讯员|实习生|摄影|供稿|Posted|Published|Updated", re.IGNORECASE)
# '（原标题：…）': portals that re-title a story name the source's title on the first line
_ORIGINAL_TITLE = re.compile(r"^[-\s]*[（(]?原标题[:：]")
_COLUMN_LABEL = re.compile(r"^[【\[][^】\]]{1,12}[】\]]$")
_BREADCRUMB = re.compile(r"当前位置|您的位置|你的位置|现在位置|^首页\s*[>»›]|(?:[>»›].{1,12}){2,}")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# two- or three-character names only: four hanzi alone on a line are as often a heading ('编者按语')
_BARE_NAMES = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[ \u3000][\u4e00-\u9fff]{2,3}){0,3}$")
# Strong markers end the article wherever they stand in its last part; weak ones (a source or
# editor line, a share button) only when little follows them, since '来源：国家统计局' can also be a
# chart caption in the middle of a data story.
_STRONG_END = re.compile(
    r"^[|｜\s【\[]*(?:.{0,12}版权(?:与免责)?声明|.{0,12}免责声明|反侵权公告|版权所有|Copyright|©|"
    r"相关\S{0,4}(?:新闻|阅读|文章|报道|链接|资讯|推荐)|延伸阅读|推荐阅读|热门推荐|你可以使用这个链接引用|"
    r"This entry was posted|Related posts)", re.IGNORECASE)
_WEAK_END = re.compile(
    r"^[|｜\s【\[（(]*(?:上一篇|下一篇|返回搜狐|分享到|分享让|责任编辑|编辑[:：]|责编[:：]|文章来源|来源[:：]|稿源[:：]|"
    r"打印|关闭|本文发表于|Share this)", re.IGNORECASE)
_WEAK_TAIL_LINES = 3
_WEAK_TAIL_SHARE = 0.15
# only cut at a marker in the last part of the text, and never more than this share of it
_TAIL_SHARE = 0.4


def _date_line(line: str) -> bool:
    """A dateline ('2003-7-24 钱江晚报', '发布时间：2022-02-13 04:22'), not a sentence with a date in it."""
    found = _DATE.search(line) or _US_DATE.search(line) or _YEAR_MONTH.search(line)
    if not found or "，" in line or "。" in line:
        return False
    rest = line[:found.start()] + line[found.end():]
    return bool(_META_WORDS.search(line)) or len(_norm(rest)) <= 8


def _is_meta_line(line: str, title: str | None) -> str | None:
    """Why `line` (near the top) is metadata rather than body, or None."""
    if _ORIGINAL_TITLE.match(line):
        return "original title"
    flat, flat_title = _norm(line), _norm(title or "")
    if flat_title and min(4, len(flat_title)) <= len(flat) <= len(flat_title) + 16 \
            and (flat_title in flat or flat in flat_title):
        return "title"
    if len(line) > 80 or is_prose_sentence(line):
        return None
    if _date_line(line):
        return "date"
    if find_author([line]) or find_editor([line]) or find_source([line]):
        return "byline"
    if _COLUMN_LABEL.match(line.strip()):
        return "column label"
    if _BREADCRUMB.search(line) and not is_prose(line):
        return "breadcrumb"
    return None


def is_prose_sentence(line: str) -> bool:
    return len(_CJK.findall(line)) >= 24 and bool(_CJK_SENTENCE.search(line))


def _chrome_row(line: str) -> bool:
    """A table row of short cells (navigation rendered as '| a | b |'), as opposed to a data row."""
    return bool(_TABLE_ROW.match(line)) and not is_prose(line)


def _name_line(line: str, pending: list[tuple[str, str]]) -> bool:
    """'茉莉' alone on the line after a short title-like line: the essay's author."""
    return bool(pending) and not _chrome_row(pending[-1][0]) and bool(_BARE_NAMES.match(line.strip())) \
        and _valid_names(line) == " ".join(line.split())


def trim_head(lines: list[str], title: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop title/date/byline lines among the first few, with the short lines (kicker, label,
    navigation row) between them; stop at the first paragraph of prose."""
    dropped: list[tuple[str, str]] = []
    pending: list[tuple[str, str]] = []
    for line in lines[:_HEAD_LINES]:
        why = _is_meta_line(line, title) or ("author line" if _name_line(line, pending) else None)
        if why:
            dropped += pending + [(line, why)]
            pending = []
        elif (len(line) <= _SHORT_LINE and len(pending) < _MAX_UNEXPLAINED) or _chrome_row(line):
            pending.append((line, "before byline" if not _chrome_row(line) else "navigation row"))
        else:
            break
    if not dropped:  # no header found, but a navigation row at the very top is never the article
        while len(dropped) < len(lines) - 1 and _chrome_row(lines[len(dropped)]):
            dropped.append((lines[len(dropped)], "navigation row"))
    return lines[len(dropped):], dropped


def trim_tail(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Cut at the first end-of-article marker (copyright, related links, editor line) near the end,
    then drop trailing byline/source/editor lines."""
    total = sum(len(line) for line in lines) or 1
    seen, dropped = 0, []
    for i, line in enumerate(lines):
        rest = total - seen
        strong = _STRONG_END.match(line) and rest <= _TAIL_SHARE * total
        weak = _WEAK_END.match(line) and len(lines) - i <= _WEAK_TAIL_LINES and rest <= _WEAK_TAIL_SHARE * total
        if i > 0 and seen / total >= 1 - _TAIL_SHARE and (strong or weak):
            dropped = [(x, "after end-of-article marker") for x in lines[i:]]
            lines = lines[:i]
            break
        seen += len(line)
    while len(lines) > 1 and len(dropped) < 40:
        last = lines[-1]
        if len(last) > _SHORT_LINE or not (find_author([last]) or find_editor([last]) or find_source([last])):
            break
        dropped.insert(0, (last, "byline"))
        lines = lines[:-1]
    return lines, dropped


# ---------------------------------------------------------------------------------------------
# Locating the body in the page, for the lines around it


_CELL_SEP = re.compile(r"\s*\|\s*")


def _line_key(line: str) -> str:
    """What to look for in the page: the longest cell of a table row, the line itself otherwise."""
    if "|" not in line:  # not a table row: the one cell is the line
        return _norm(line)[:16]
    cells = [c for c in _CELL_SEP.split(line) if c.strip()] or [line]
    return _norm(max(cells, key=len))[:16]


def _locate(blocks: list[Block], line: str, start: int = 0) -> int | None:
    key = _line_key(line)
    if not key:
        return None
    first = key[0]
    for i in range(start, len(blocks)):
        # a block whose text lacks the key's first character cannot hold the key: no need to
        # compute its white-space-free form
        if first in blocks[i].text and key in blocks[i].flat:
            return i
    return None


def _is_anchor(line: str) -> bool:
    return is_prose(line) and len(_line_key(line)) >= 8


def surrounding_lines(blocks: list[Block], body: list[str], before: int = 8,
                      after: int = 6) -> tuple[list[str], list[str]]:
    """Page paragraphs just before the body's first line and just after its last one."""
    # anchor on prose: a short first or last line ('- 关注') also occurs in menus elsewhere
    if not body:
        return [], []
    first_anchor = next((line for line in body if _is_anchor(line)), None)
    if first_anchor is None:
        first_anchor, last_anchor = body[0], body[-1]
    else:
        last_anchor = next(line for line in reversed(body) if _is_anchor(line))
    first = _locate(blocks, first_anchor)
    if first is None:
        return [], []
    last = _locate(blocks, last_anchor, first)
    last = first if last is None else last
    in_body = {_line_key(line) for line in body}
    head = [b.text for b in blocks[max(0, first - 4 * before):first] if b.key not in in_body][-before:]
    tail = [b.text for b in blocks[last + 1:last + 1 + 4 * after] if b.key not in in_body][:after]
    return head, tail


# ---------------------------------------------------------------------------------------------
# Putting it together


_WORD = re.compile(r"[^\W_]")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _body(root: etree._Element, url: str | None, body_selector: str | None,
          blocks: list[Block]) -> tuple[str, str, list[dict]]:
    report: list[dict] = []
    if body_selector:
        selected = _select_text(root, body_selector)
        if selected:
            return selected, "selector", report
        report.append({"step": "extract", "action": "selector-miss", "selector": body_selector})
        logger.info("body selector %r matched nothing at %s; using heuristics", body_selector, url)
    # The extractors get the page with its layout tables turned into divs. Rather than a copy of
    # the tree, `root` itself is turned for the time they read it and turned back afterwards:
    # trafilatura.bare_extraction copies a tree it is given before it prunes anything, and
    # readability reads a serialization, so nothing else changes `root` meanwhile.
    turned, owned = _layout_parts(root)
    if turned:
        report.append({"step": "extract", "action": "layout-tables", "count": turned})
    tags = [el.tag for el in owned]
    for el in owned:
        el.tag = "div"
    try:
        return _extract_prepared(root, url, blocks, report)
    finally:
        for el, tag in zip(owned, tags):
            el.tag = tag


def _extract_prepared(prepared: etree._Element, url: str | None, blocks: list[Block],
                      report: list[dict]) -> tuple[str, str, list[dict]]:
    try:
        text = _trafilatura_text(prepared, url)
    except Exception as exc:  # a third-party failure on one page must not lose the page
        logger.warning("trafilatura failed on %s: %s", url, exc)
        text = ""
    if _has_tokens(text, _TOO_LITTLE_TOKENS):
        return text, "trafilatura", report
    chosen, method = _second_opinion(text, prepared, blocks)
    if not _WORD.search(chosen):  # '<<<>>>', a run of U+FFFD: debris, not an article
        return "", "none", report
    if method != "trafilatura":
        report.append({"step": "extract", "action": "fallback", "extractor": method,
                       "reason": "trafilatura returned too little"})
    return chosen, method, report


@dataclass(frozen=True)
class _Zones:
    """Where bylines and datelines are looked for, best evidence first."""
    head: list[str]     # header lines trimmed off the body
    head_names: list[str]  # of which bare author-name lines
    before: list[str]   # page paragraphs just before the body, nearest first
    last: list[str]     # the body's last two lines
    after: list[str]    # footer lines trimmed off the body, then page paragraphs after it


def _zones(blocks: list[Block], body: list[str], dropped_head: list[tuple[str, str]],
           dropped_tail: list[tuple[str, str]]) -> _Zones:
    before, after = surrounding_lines(blocks, body)
    return _Zones(head=[line for line, _ in dropped_head],
                  head_names=[line for line, why in dropped_head if why == "author line"], before=before[::-1],
                  last=body[-2:],
                  after=[line for line, _ in dropped_tail] + after)


def _author(zones: _Zones, meta: dict[str, str]) -> str | None:
    # several byline lines in the header ('本报实习生 甲 乙' / '本报记者 丙') all name authors
    in_head = [names for line in zones.head if (names := find_author([line]))] + zones.head_names
    if in_head:
        return " ".join(dict.fromkeys(" ".join(in_head).split()))
    short_last = [line for line in zones.last if len(line) <= _SHORT_LINE]
    return (find_author(zones.before) or _trailing_attribution(zones.last) or find_author(short_last)
            or find_author(zones.after) or _meta_author(meta))


def _published(zones: _Zones, meta: dict[str, str], url: str | None, root: etree._Element) -> str | None:
    # Chinese datelines next to the body first, then what the publisher declared, then htmldate's
    # reading of <time> elements, JSON-LD and the like (no free-text guessing: extensive_search off);
    # a date in the last lines ('《北京之春》1998年3月号') only when nothing else says
    return (find_date(zones.head) or _meta_date(meta) or find_date(zones.before) or _url_date(url)
            or _htmldate(root) or find_date(zones.last + zones.after))


def extract_article(html: str, url: str | None = None, *, body_selector: str | None = None,
                    title_selector: str | None = None) -> Extracted:
    root = parse_html(html)
    if root is None:
        return Extracted(None, None, None, "", "none")
    blocks = page_blocks(root)
    text, method, report = _body(root, url, body_selector, blocks)
    meta = meta_tags(root)
    title = page_title(root, meta, title_selector)
    body, dropped_head = trim_head(_lines(text), title)
    body, dropped_tail = trim_tail(body)
    for line, why in dropped_head + dropped_tail:
        report.append({"step": "extract", "action": "drop-line", "text": line, "reason": why})
    title = _title_from_header(title, dropped_head)
    zones = _zones(blocks, body, dropped_head, dropped_tail)
    edge = zones.head + zones.before + zones.last + zones.after
    return Extracted(title=title, author=_author(zones, meta), published=_published(zones, meta, url, root),
                     text="\n".join(body), method=method, editor=find_editor(edge),
                     source=find_source(zones.head + zones.before + zones.after), report=tuple(report))


def _title_from_header(title: str | None, dropped_head: list[tuple[str, str]]) -> str | None:
    """When the header names an author but never repeats the page title (a generic `<title>` such as
    '显示' or the site's name), the short line right before the byline is the article's title."""
    if any(why == "title" for _, why in dropped_head):
        return title
    for i, (line, why) in enumerate(dropped_head):
        if why in ("byline", "author line") and i > 0 and dropped_head[i - 1][1] == "before byline":
            return dropped_head[i - 1][0]
    if title is None:  # no title anywhere in the markup: the first short line of the header
        return next((line for line, why in dropped_head if why == "before byline"), None)
    return title
