"""Parsing decoded HTML safely, and what `<meta>` tags and CSS selectors say."""
from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

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


# Pages stitched from templates close </body></html> before their content ends (a footer include
# that carries them, then the article); libxml2 drops what follows an early </html>. Closing tags
# for html and body carry no structure (the parser closes them at the end anyway), so all but
# those at the very end are removed.
_END_TAGS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_TRAILING_END_TAGS = re.compile(r"(?:\s*</(?:html|body)\s*>)+\s*$", re.IGNORECASE)


def _early_end_tags(html: str) -> str:
    trailing = _TRAILING_END_TAGS.search(html)
    cut = trailing.start() if trailing else len(html)
    return _END_TAGS.sub("", html[:cut]) + html[cut:]


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML safely; None when there is no document at all."""
    cleaned = _strip_leading_junk(_XML_DECL.sub("", html or "", count=1))
    if _END_TAGS.search(cleaned):
        cleaned = _early_end_tags(cleaned)
    if any(char in cleaned for char in _BAD_CHAR_LIST):
        cleaned = _BAD_CHARS.sub("", cleaned)
    if not cleaned.strip():
        return None
    try:
        return lxml.html.document_fromstring(cleaned, parser=_safe_parser())
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparsable HTML: %s", exc)
        return None


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


_WS = re.compile(r"\s+")
_SPACES = re.compile(r"[\s\u3000]+")


def _norm(text: str) -> str:
    """Text without any white space: how lines are compared across extractors and the page."""
    return _SPACES.sub("", text or "")
