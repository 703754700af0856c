"""Truth text of a page under a hand-written rule (see RULES.md).

    from bench.truth.truth_text import truth_text, load_rules
    rules = load_rules()
    text = truth_text("gne_raw_pages_no_gt/html/people__1.html", rules["gne_raw_pages_no_gt/html/people__1.html"])

`path` may be absolute, relative to the working directory, or the key of INDEX.csv
("gne_raw_pages_no_gt/html/x.html", found as corpus/zh-pages-raw/html/x.html). The charset comes from `rule["charset"]`, else INDEX.csv, else utf-8 then
gb18030. The rule's `body` selector must match exactly one element (ValueError otherwise); its
`drop` selectors are removed inside it, with <script>/<style>/<noscript>/<template> and comments;
then the optional line rules `drop_lines` / `stop_at` (regexes) remove lines of bare text that no
selector can reach.
"""
from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.cssselect import LxmlHTMLTranslator

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("CORPUS_DIR", "/work/shared/corpus"))
RAW = CORPUS / "zh-pages-raw"

BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
    "section", "article", "blockquote", "figure", "figcaption", "table", "tbody", "thead",
    "ul", "ol", "dl", "dt", "dd", "pre", "center", "header", "footer", "aside", "nav", "form",
    "hr", "main", "address",
}
ALWAYS_DROP = ("script", "style", "noscript", "template")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CSS = LxmlHTMLTranslator()


def css(selector: str, prefix: str = "descendant-or-self::") -> str:
    """XPath for a CSS selector (cssselect dialect, with its :contains("text") extension)."""
    return _CSS.css_to_xpath(selector, prefix=prefix)


def find(doc, selector: str) -> list:
    """Elements of the whole document matching `selector`. Searched from the document node
    ("//"), not the root element: a stray </html> mid-page makes libxml2 build a second
    top-level <html> that holds the article (other__1.html)."""
    return doc.xpath(css(selector, prefix="//"))


def _index() -> dict[str, str]:
    out = {}
    idx = RAW / "INDEX.csv"
    if idx.exists():
        with idx.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[row["file"]] = row["charset"]
    return out


def resolve(path: str | os.PathLike) -> tuple[Path, str | None]:
    """The file on disk and INDEX.csv's charset for it (None when not listed)."""
    p = Path(path)
    index = _index()
    key = str(path)
    if not p.is_absolute() and not p.exists():
        # INDEX.csv names files as upstream stored them (gne_raw_pages_no_gt/html/x.html);
        # the corpus keeps them under html/.
        for cand in (RAW / p, RAW.joinpath(*p.parts[1:]) if len(p.parts) > 1 else RAW / p):
            if cand.exists():
                p = cand
                break
    else:
        try:
            key = "gne_raw_pages_no_gt/" + str(p.resolve().relative_to(RAW.resolve()))
        except ValueError:
            pass
    return p, index.get(key)


def decode(data: bytes, charset: str | None) -> str:
    tried = []
    for cs in (charset, "utf-8", "gb18030"):
        if not cs or cs in tried:
            continue
        tried.append(cs)
        try:
            return data.decode(cs)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def parse(path: str | os.PathLike, charset: str | None = None):
    p, index_cs = resolve(path)
    text = decode(p.read_bytes(), charset or index_cs)
    text = _XML_DECL.sub("", text, count=1)
    # Parse UTF-8 bytes with the encoding forced, not a str: libxml2 given a str stops at a stray
    # </html> in the middle of some pages (other__1.html) and loses the rest of the document.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)


def select_body(doc, rule: dict):
    sel = rule.get("body")
    if not sel:
        return None
    found = find(doc, sel)
    if len(found) != 1:
        raise ValueError(f"body selector {sel!r} matches {len(found)} elements, not 1")
    return found[0]


def clean(body, rule: dict):
    """Remove the rule's drop selectors, scripts/styles and comments inside `body`. Every drop
    selector is evaluated on the body as found (positions such as :nth-of-type count the
    original siblings), then all matches are removed at once."""
    doomed = []
    for sel in list(rule.get("drop") or []) + list(ALWAYS_DROP):
        doomed.extend(el for el in body.xpath(css(sel)) if el is not body)
    doomed.extend(body.iter(etree.Comment, etree.ProcessingInstruction))
    for el in doomed:
        _remove(el)
    return body


def _remove(el):
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _lines(el, out: list[str]):
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    block = tag in BLOCK
    if block:
        out.append("\n")
    if el.text and tag != "br":
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _lines(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def element_text(el) -> str:
    buf: list[str] = []
    _lines(el, buf)
    lines = (_WS.sub(" ", line).strip() for line in "".join(buf).split("\n"))
    return "\n".join(line for line in lines if line)


def truth_text(path: str | os.PathLike, rule: dict) -> str:
    """One paragraph a line: the rule's body minus its drops (empty string when body is null)."""
    if not rule.get("body"):
        return ""
    doc = parse(path, rule.get("charset"))
    body = select_body(doc, rule)
    clean(body, rule)
    return cut_lines(element_text(body), rule)


def cut_lines(text: str, rule: dict) -> str:
    """Line rules, for chrome that is bare text between <br>s and so has no element a selector
    could take: `drop_lines` (regexes; a line any of them finds is dropped) and `stop_at` (a
    regex; the first line it finds and every line after it are dropped)."""
    lines = text.split("\n") if text else []
    stop = rule.get("stop_at")
    if stop:
        for i, line in enumerate(lines):
            if re.search(stop, line):
                lines = lines[:i]
                break
    pats = [re.compile(p) for p in rule.get("drop_lines") or []]
    if pats:
        lines = [line for line in lines if not any(p.search(line) for p in pats)]
    return "\n".join(lines)


def load_rules(name: str = "zh_pages_raw.json") -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))
