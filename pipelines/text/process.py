"""Response bytes → clean article text, metadata and a report. Pure: no Scrapy, no database.

The crawler's text pipeline, `reprocess` and `article-archive extract` all call process_page, so the
same bytes and settings always give the same result.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field

from pipelines.text.decode import Decoded, decode_html
from pipelines.text.extract import Extracted, extract_article, no_article
from pipelines.text.normalize import normalize

logger = logging.getLogger(__name__)


@dataclass
class PageResult:
    title: str | None
    text: str                      # normalized body, one paragraph a line, no title line
    original_text: str             # body in the page's own script
    metadata: dict[str, str] = field(default_factory=dict)   # author, source, published, editor...
    charset: dict = field(default_factory=dict)              # charset, method, confidence, declared
    extractor: str = ""
    report: list[dict] = field(default_factory=list)

    @property
    def author(self) -> str | None:
        return self.metadata.get("author")

    @property
    def published(self) -> str | None:
        return self.metadata.get("published")

    @property
    def source(self) -> str | None:
        return self.metadata.get("source")

    def to_dict(self) -> dict:
        return asdict(self)


def charset_record(decoded: Decoded) -> dict:
    return {"charset": decoded.charset, "method": decoded.method, "confidence": decoded.confidence,
            "declared": decoded.declared, "replacements": decoded.replacements}


def found_metadata(extracted: Extracted) -> dict[str, str | None]:
    """Metadata read from the page's structure: it wins over what normalization finds in the text
    lines (the byline next to the title is better evidence than a name quoted in the last
    paragraph), and normalization cleans it as it cleans the text."""
    return {"author": extracted.author, "published": extracted.published,
            "editor": extracted.editor, "source": extracted.source}


def process_page(body: bytes, *, url: str | None = None, http_charset: str | None = None,
                 body_selector: str | None = None, title_selector: str | None = None,
                 script_target: str = "zh-Hans", site_chrome: frozenset[str] = frozenset()) -> PageResult:
    decoded = decode_html(body, http_charset)
    if decoded.confidence < 0.5:
        logger.info("%s: charset %s chosen with low confidence %.2f (%s)", url or "page", decoded.charset,
                    decoded.confidence, decoded.method)
    extracted = extract_article(decoded.text, url, body_selector=body_selector, title_selector=title_selector)
    normalized = normalize(extracted.text, title=extracted.title, script_target=script_target,
                           site_chrome=site_chrome, found=found_metadata(extracted))
    text, original, report = normalized.text, "\n".join(normalized.original_paragraphs), []
    # decided on the normalized text: menus and pinyin annotations gone, the script converted
    if extracted.method not in ("selector", "none") and (
            why := no_article(text.splitlines(), normalized.title)):
        text, original, report = "", "", [{"step": "extract", "action": "no-article", "reason": why}]
    return PageResult(
        title=normalized.title,
        text=text,
        original_text=original,
        metadata=normalized.metadata,
        charset=charset_record(decoded),
        extractor=extracted.method,
        report=[*extracted.report, *normalized.report, *report],
    )
