"""Which pages of a discovering source are articles: the page kind model read on each response.

A source without article_patterns (crawler/sources.py, Source.discovers) has every page in scope
fetched; this middleware decides what each one is (pipelines/text/pagekind.py: article, index or
other) before the capture middleware writes it, which puts the decision into the response's own
WARC record (`Article-Archive-Page-Kind`, with the model's p and digest) and its capture row.
`reprocess` and `verify` read the decision from the record, never deciding again with a model that
may have changed since: the archive says why each record exists.

Pages of a source with patterns are read too, for the drift watch only (`watch`): a sample of
those the patterns call articles, and a few links that match no pattern (crawler/drift.py).

A page the collection already holds as an article stays one (the spider asks for it with
page_kind "article; known"): a takedown, a moved page or an edit is recorded whatever the model
would say of the new answer. Placed between the limits middleware (960) and capture (950), so
that it sees the body as it came off the wire, like capture, and undoes the content coding itself.
"""
from __future__ import annotations

import hashlib
import logging

from scrapy.http import Response

logger = logging.getLogger(__name__)

HEADER = "Article-Archive-Page-Kind"
KNOWN_ARTICLE = "article; known"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_article_decision(value: str | None) -> bool:
    """Whether a page kind decision (the WARC header's value) makes the page an article."""
    return bool(value) and value.split(";", 1)[0].strip() == "article"


class PageKindMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self._model = None
        self.model_digest = ""
        self.drift_sample = crawler.settings.getint("ARCHIVE_DRIFT_SAMPLE", 50)
        self._sampled: dict[str, int] = {}

    def _read(self, html: str):
        """The page kind of decoded HTML. The model and the text pipeline it reads pages with are
        loaded at the first page of a discovering source: a crawl by patterns never loads them."""
        from pipelines.text.extract.html import parse_html
        from pipelines.text.pagekind import MODEL_FILE, shipped_model

        if self._model is None:
            self._model = shipped_model()
            self.model_digest = "sha256:" + hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:16]
        return self._model.classify(parse_html(html))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response: Response) -> Response:
        sources = getattr(self.crawler.spider, "sources", None)
        source = sources.for_url(response.url) if sources else None
        if source is None or request.meta.get("requisite"):
            return response
        if not source.discovers:
            self.watch(request, response, source)
            return response
        decision = request.meta.get("page_kind")
        if decision != KNOWN_ARTICLE:
            decision = self.decide(response)
            if decision is None:  # no page to read (an error, a redirect, a feed, an image): no decision
                request.meta.pop("page_kind", None)
                return response
            request.meta["page_kind"] = decision
        kind = decision.split(";", 1)[0]
        self.crawler.stats.inc_value(f"discovery/{kind}")
        self.crawler.stats.inc_value(f"discovery/{kind}/{source.id}")
        return response

    def watch(self, request, response: Response, source) -> None:
        """A source with patterns: the drift watch (crawler/drift.py) reads a sample of the pages its
        article patterns match (ARCHIVE_DRIFT_SAMPLE a run) and every probe of a link that matches
        none (the spider's, ARCHIVE_DRIFT_PROBES a run). Its patterns decide what is an article: the
        reading is counted, never written into the record."""
        probe = bool(request.meta.get("drift_probe"))
        if not probe and not (source.is_article(response.url) and self._sampled.get(source.id, 0) < self.drift_sample):
            return
        decision = self.decide(response)
        if decision is None:
            return
        is_article = is_article_decision(decision)
        stats = self.crawler.stats
        if probe:
            stats.inc_value(f"drift/probes/{source.id}")
            if is_article:
                stats.inc_value(f"drift/probe_articles/{source.id}")
                if not stats.get_value(f"drift/probe_article_example/{source.id}"):
                    stats.set_value(f"drift/probe_article_example/{source.id}", response.url)
            return
        self._sampled[source.id] = self._sampled.get(source.id, 0) + 1
        stats.inc_value(f"drift/pattern_pages_read/{source.id}")
        if not is_article:
            stats.inc_value(f"drift/pattern_not_article/{source.id}")
            if not stats.get_value(f"drift/not_article_example/{source.id}"):
                stats.set_value(f"drift/not_article_example/{source.id}", response.url)

    def decide(self, response: Response) -> str | None:
        """The decision for a page not known as an article; None for a response that is no HTML
        page answered 200."""
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if response.status != 200 or content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
            return None
        from archive.warcread import decode_content
        from pipelines.text.decode import decode_html

        encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1") or None
        try:
            body = decode_content(response.body, encoding)
        except Exception as exc:  # an undecodable body is archived all the same, and is no article
            return f"other; body not decoded: {type(exc).__name__}"
        charset = content_type.partition("charset=")[2].strip("\"' ") or None
        found = self._read(decode_html(body, charset).text)
        return f"{found.kind}; p-article={found.p_article:.3f}; model={self.model_digest}"
