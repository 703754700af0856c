"""The `articles` spider: index pages → article pages, plus the images, scripts and styles they use.

Links are filtered against a set of seen URLs *before* Request objects are built: on news sites
every page links dozens of others, and building, fingerprinting and then discarding those
duplicate requests is most of what a naive spider spends its time on.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from lxml import etree
from parsel.csstranslator import HTMLTranslator
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from archive.collection import from_settings
from archive.schedule import KnownPage, known_pages
from crawler.middlewares.pagekind import KNOWN_ARTICLE, is_article_decision
from crawler.url_identity import strip_session_ids, url_key
from crawler.resolver import SafeResolver
from crawler.sources import Source, Sources, load_sources
from pipelines.items import ArticleResponse
from pipelines.store.site_chrome import LearnedChrome, current_lists

logger = logging.getLogger(__name__)

# Article requests ask the server whether the page changed, and see redirects themselves.
ARTICLE_META = {"conditional": True, "dont_redirect": True}
# Links a discovering source does not fetch as pages: files no page kind can be read from (the
# images, scripts and styles a page uses are fetched as its requisites).
NOT_PAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".ico", ".css", ".js", ".mp3", ".mp4",
             ".flv", ".avi", ".wmv", ".mov", ".zip", ".rar", ".7z", ".gz", ".exe", ".apk", ".pdf", ".doc",
             ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".txt", ".swf")
REQUISITES = "img::attr(src), script::attr(src), link[rel~=stylesheet]::attr(href), link[rel~=icon]::attr(href)"
# The same queries as response.css(...).getall(), compiled once and run on the tree parsel parsed,
# returning plain strings: response.css wraps every one of a page's ~50 links in a Selector
# object first, which cost as much as parsing the page (0.2 ms of the 0.4).
_HREFS = etree.XPath(HTMLTranslator().css_to_xpath("a::attr(href)"), smart_strings=False)
_FEEDS = etree.XPath("//link[contains(@rel, 'alternate')][contains(@type, 'rss') or contains(@type, 'atom')]/@href",
                     smart_strings=False)
_REQUISITES = etree.XPath(HTMLTranslator().css_to_xpath(REQUISITES), smart_strings=False)


class ArticlesSpider(scrapy.Spider):
    name = "articles"

    def __init__(self, sources: str | None = None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sources_path = sources
        self.sources: Sources | None = None
        self._seen: set[str] = set()
        self._seen_raw: set[str] = set()  # URLs as written: a repeated link skips canonicalize_url
        self.known: dict[str, KnownPage] = {}
        self.site_chrome: dict[str, LearnedChrome] = {}  # each source's learned chrome list, applied this run
        self.refetch_after = timedelta(hours=24)
        self.max_links = 5000
        self.started = datetime.now(timezone.utc)
        self.frontier = None  # crawler.frontier.ShardFrontier when the crawl is split over processes
        self.max_depth = 0
        # the drift watch (crawler/drift.py): known articles asked for from the database, counted as
        # seen only when a page still links them; links that match no pattern, probed per source
        self._refetching: set[str] = set()
        self._probes: dict[str, int] = {}
        self.drift_probes = 10

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("ARCHIVE_SOURCES")
        if not path:
            raise ValueError("no sources file: pass -a sources=FILE or set ARCHIVE_SOURCES")
        spider.sources = load_sources(path)
        SafeResolver.allow_private_of(spider.sources)  # the resolver was made before the spider
        spider.refetch_after = timedelta(hours=crawler.settings.getfloat("REFETCH_AFTER_HOURS"))
        spider.max_links = crawler.settings.getint("ARCHIVE_MAX_LINKS_PER_PAGE", 5000)
        collection = from_settings(crawler.settings)
        spider.known = known_pages(collection.engine)
        with collection.session() as session:
            spider.site_chrome = current_lists(session)
        spider.max_depth = crawler.settings.getint("DEPTH_LIMIT")
        spider.drift_probes = crawler.settings.getint("ARCHIVE_DRIFT_PROBES", 10)
        if any(source.discovers for source in spider.sources.sources):
            crawler.signals.connect(spider.robots_read, signal=signals.response_received)
        if crawler.settings.getint("ARCHIVE_SHARDS", 1) > 1:
            from crawler.frontier import ShardFrontier

            spider.frontier = ShardFrontier.from_crawler(crawler, spider)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources.sources:  # the run's sources, for the drift watch (crawler/drift.py)
            self.crawler.stats.set_value(f"drift/source/{source.id}", 1)
            if source.discovers:
                self.crawler.stats.set_value(f"drift/discovers/{source.id}", 1)
        # Split over processes, each starts only the URLs it owns: every shard reads the same list.
        for source in self.sources.sources:
            for url in source.start_urls:
                if self._owned(url) and self._first_sight(url):
                    request = self._make("start", url, source.id)
                    if urlsplit(request.url).hostname != urlsplit(url).hostname:
                        # w3lib reads hosts as browsers do: say so where the sources file's spelling
                        # ('2130706433', '127.1', a non-ASCII name) is not what will be asked
                        logger.info("source %s: start URL %s is %s", source.id, url, request.url)
                    yield request
        # A discovering source's sitemap at its usual place (those robots.txt names: robots_read).
        for source in self.sources.sources:
            if source.discovers:
                for origin in dict.fromkeys(_origin_of(url) for url in source.start_urls):
                    sitemap = origin + "/sitemap.xml"
                    if self._owned(sitemap) and self._first_sight(sitemap):
                        request = self._make("index", sitemap, source.id)
                        request.meta["guessed"] = True  # many sites have none: a 404 is no news
                        yield request
        # Known articles that are due are re-fetched even if no index page links to them any more.
        for page in self.known.values():
            source = self._source_or_none(page.source_id)
            if (source and (source.is_article(page.url) or source.discovers) and self._due(page)
                    and self._owned(page.url) and self._first_sight(page.url)):
                self._refetching.add(page.url)
                yield self._make("article", page.url, source.id)

    # -- callbacks --------------------------------------------------------------------------------
    def parse_index(self, response: Response, source_id: str) -> Iterable[scrapy.Request]:
        if response.status >= 400:
            logger.log(logging.INFO if response.meta.get("guessed") else logging.WARNING,
                       "index page answered %d: %s", response.status, response.url)
            return
        yield from self._follow(response, self.sources.by_id(source_id))

    def parse_article(self, response: Response, source_id: str):
        """An article response of any status: a moved or deleted article is an archival event too."""
        source = self.sources.by_id(source_id)
        yield _article_item(response, source.id)
        if 300 <= response.status < 400:
            yield from self._follow_redirect(response, source)
        elif response.status < 400:
            yield from self._follow(response, source)

    def _follow_redirect(self, response: Response, source: Source, page: bool = False) -> Iterable[scrapy.Request]:
        """Article requests do not let Scrapy follow redirects, so the moved page is recorded as
        such; the target is then fetched as the article (if in scope and not fetched yet).

        `page`: a discovering source's page that redirects, whose target is read as a page. That
        redirect is archived but is no article of its own: whether the address was an article's is
        only known after the target is read, and a record says what a page was when it was fetched
        (reprocess reads the same from the WARC record)."""
        location = response.headers.get(b"Location")
        if not location:
            return
        url = response.urljoin(location.decode("latin-1")).split("#", 1)[0]
        target = self.sources.for_url(url)
        if target is None:
            self.crawler.stats.inc_value("scope/redirect_refused")
            logger.info("redirect out of scope, not followed: %s -> %s", response.url, url)
            return
        if self._first_sight(url):
            yield from self._new("page" if page and target.discovers else "article", url, target.id, response)

    def parse_page(self, response: Response, source_id: str):
        """A page of a discovering source: an article when the page kind middleware read it as one
        (crawler/middlewares/pagekind.py), else an index or other page whose links are followed."""
        if is_article_decision(response.meta.get("page_kind")):
            yield from self.parse_article(response, source_id)
            return
        if 300 <= response.status < 400:
            yield from self._follow_redirect(response, self.sources.by_id(source_id), page=True)
            return
        if response.status >= 400:
            logger.info("page answered %d: %s", response.status, response.url)
            return
        yield from self._follow(response, self.sources.by_id(source_id))

    def parse_requisite(self, response: Response) -> None:
        """Images, scripts and styles are archived by the capture middleware; nothing to parse."""
        return None

    # -- link handling ----------------------------------------------------------------------------
    def _follow(self, response: Response, source: Source) -> Iterable[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        hrefs = _links(response)
        if source.discovers:  # its feeds: <link rel="alternate" type="application/rss+xml" href="...">
            hrefs += _FEEDS(response.selector.root)
        if self.max_links and len(hrefs) > self.max_links:
            self.crawler.stats.inc_value("limits/links_capped")
            logger.warning("%s has %d links: only the first %d are read (ARCHIVE_MAX_LINKS_PER_PAGE)",
                           response.url, len(hrefs), self.max_links)
            del hrefs[self.max_links:]
        origin = _origin(response)
        for href in hrefs:
            url = self._absolute(response, href, origin)
            if url is None:
                continue
            if not self._first_sight(url):
                if url in self._refetching:  # a known article asked for at the start, and still linked
                    self._refetching.discard(url)
                    self._saw_article(self.known[url].source_id)
                continue
            target = source if source.in_scope(url) else self.sources.for_url(url)
            if target is None:
                continue
            if target.discovers:
                yield from self._discovered(url, target, response)
            elif target.is_article(url):
                self._saw_article(target.id)
                known = self.known.get(url)
                if known is not None and not self._due(known):
                    self.crawler.stats.inc_value("schedule/not_due")
                    continue
                yield from self._new("article", url, target.id, response)
            elif target.is_followed(url):
                yield from self._new("index", url, target.id, response)
            elif self._worth_a_probe(url, target):
                yield from self._new("probe", url, target.id, response)
        for src in _REQUISITES(response.selector.root):
            url = self._absolute(response, src)
            if url and self._first_sight(url) and self.sources.for_url(url):
                yield from self._new("requisite", url, None, response)

    def _saw_article(self, source_id: str) -> None:
        self.crawler.stats.inc_value(f"drift/articles_seen/{source_id}")

    def _worth_a_probe(self, url: str, source: Source) -> bool:
        """A link of a source with patterns that matches none of them but whose address looks like an
        article's: a few a run are fetched and read (crawler/middlewares/pagekind.py), so that
        patterns that stopped matching the site's articles are noticed (crawler/drift.py)."""
        if self._probes.get(source.id, 0) >= self.drift_probes or urlsplit(url).path.lower().endswith(NOT_PAGES):
            return False
        if _url_p_article(url) < 0.5:
            return False
        self._probes[source.id] = self._probes.get(source.id, 0) + 1
        return True

    def _discovered(self, url: str, source: Source, response: Response) -> Iterable[scrapy.Request]:
        """A link of a discovering source: a page the collection holds as an article is one (fetched
        when due), any other page is fetched and read (crawler/middlewares/pagekind.py)."""
        known = self.known.get(url)
        if known is not None:
            self._saw_article(source.id)
            if self._due(known):
                yield from self._new("article", url, source.id, response)
            else:
                self.crawler.stats.inc_value("schedule/not_due")
            return
        if urlsplit(url).path.lower().endswith(NOT_PAGES):
            return
        yield from self._new("page", url, source.id, response)

    def _new(self, kind: str, url: str, source_id: str | None, response: Response) -> Iterable[scrapy.Request]:
        """The request for a URL seen for the first time, or nothing when another process of a
        split crawl owns it: it is handed over to its owner, with the depth the request would have."""
        if self._owned(url):
            yield self._make(kind, url, source_id)
            return
        depth = response.meta.get("depth", 0) + 1
        if self.max_depth and depth > self.max_depth:  # what DepthLimitMiddleware does to our own requests
            self.crawler.stats.inc_value("depth/request_ignored_count")
            return
        self.frontier.hand_over(kind, url, source_id, depth)

    def robots_read(self, response: Response, request: scrapy.Request, spider=None) -> None:
        """The sitemaps a discovering source's robots.txt names (`Sitemap:` lines), fetched as index
        pages: Scrapy's robots.txt middleware reads the file for its rules only."""
        if response.status != 200 or urlsplit(response.url).path != "/robots.txt":
            return
        source = self.sources.for_url(response.url)
        if source is None or not source.discovers:
            return
        for line in response.body.decode("utf-8", "replace").splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                url = value.strip().split("#", 1)[0]
                if self.sources.for_url(url) is source and self._owned(url) and self._first_sight(url):
                    self.crawler.engine.crawl(self._make("index", url, source.id))

    def receive(self, kind: str, url: str, source_id: str | None, depth: int) -> None:
        """A URL another process of a split crawl found and this one owns (crawler/frontier.py)."""
        if self._first_sight(url):
            request = self._make(kind, url, source_id)
            request.meta["depth"] = depth  # handed-over requests skip the spider middlewares
            self.crawler.engine.crawl(request)

    def _owned(self, url: str) -> bool:
        return self.frontier is None or self.frontier.owns(url)

    def _make(self, kind: str, url: str, source_id: str | None) -> scrapy.Request:
        if kind == "article":
            source = self.sources.by_id(source_id)
            meta = {**ARTICLE_META, "page_kind": KNOWN_ARTICLE} if source.discovers else ARTICLE_META
            return self._request(url, callback=self.parse_article, cb_kwargs={"source_id": source_id}, meta=meta)
        if kind == "page":  # links that look like an article's first: a page budget goes to them
            return self._request(url, callback=self.parse_page, cb_kwargs={"source_id": source_id},
                                 meta={"dont_redirect": True}, priority=0 if _url_p_article(url) >= 0.5 else 5)
        if kind in ("index", "start"):
            # a discovering source's start page is read like any of its pages: it may be an article
            discovers = kind == "start" and self.sources.by_id(source_id).discovers
            return self._request(url, callback=self.parse_page if discovers else self.parse_index,
                                 cb_kwargs={"source_id": source_id}, priority=10 if kind == "start" else 5)
        if kind == "probe":  # read, archived, never recorded, not followed: the drift watch's sample
            return self._request(url, callback=self.parse_requisite, priority=-1, meta={"drift_probe": True})
        return self._request(url, callback=self.parse_requisite, priority=-5, meta={"requisite": True})

    def _request(self, url: str, **kwargs) -> scrapy.Request:
        return scrapy.Request(url, errback=self.fetch_failed, **kwargs)

    def fetch_failed(self, failure) -> None:
        """One clear line per request that got no response at all (after retries): the capture
        middleware has logged each attempt; nothing was archived, so nothing is lost."""
        if failure.check(IgnoreRequest):  # refused on purpose: robots.txt, scope, address checks
            if not failure.getErrorMessage().startswith("page budget"):  # that one is said once, by its middleware
                logger.info("not fetched: %s (%s)", failure.request.url, failure.getErrorMessage())
            return
        self.crawler.stats.inc_value("spider/fetch_gave_up")
        logger.warning("gave up on %s: %s: %s", failure.request.url, failure.type.__name__, failure.getErrorMessage())

    def _due(self, page: KnownPage) -> bool:
        return not page.has_text or self.started - page.last_seen >= self.refetch_after

    def _source_or_none(self, source_id: str) -> Source | None:
        try:
            return self.sources.by_id(source_id)
        except KeyError:  # a source removed from the file since: its pages are no longer crawled
            return None

    def _first_sight(self, url: str) -> bool:
        if url in self._seen_raw:  # the very same link again: most of a news page's ~50 links
            return False
        self._seen_raw.add(url)
        key = url_key(url)  # a page linking itself with a new ?sid= is one URL
        if key in self._seen:
            if strip_session_ids(url) != url:
                self.crawler.stats.inc_value("limits/session_id_duplicates")
            return False
        self._seen.add(key)
        return True

    @staticmethod
    def _absolute(response: TextResponse, href: str, origin: str | None = None) -> str | None:
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
            return None
        # A site-absolute path ("/a/1.html": most links of a news page) joins its page's origin by
        # concatenation; urljoin gives the same string and costs a tenth of the crawl's time.
        if (origin and href[0] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href
                and href.isprintable()):  # urljoin drops tabs and newlines inside a URL
            return (origin + href).split("#", 1)[0]
        url = response.urljoin(href).split("#", 1)[0]
        return url if url.startswith(("http://", "https://")) else None


def _article_item(response: Response, source_id: str) -> ArticleResponse:
    warc = response.meta.get("warc", {})
    return ArticleResponse(
        url=response.url, source_id=source_id, status=response.status,
        fetched_at=warc.get("fetched_at") or datetime.now(timezone.utc),
        http_charset=_header_charset(response), content_type=_header(response, b"Content-Type"),
        body=response.body, warc_record_id=warc.get("record_id", ""),
        extras={"revisit": bool(warc.get("revisit")), "truncated": bool(warc.get("truncated")),
                "redirected_from": [str(u) for u in response.meta.get("redirect_urls", [])]})


def _url_p_article(url: str) -> float:
    """p(article) of a link from its URL alone (pipelines/text/pagekind.py), loaded at the first
    link of a discovering source."""
    from pipelines.text.pagekind import shipped_model

    return shipped_model().url_p_article(url)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origin(response: TextResponse) -> str | None:
    """scheme://host[:port] of the base URL links are resolved against (a <base href> counts)."""
    base = get_base_url(response)
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _links(response: TextResponse) -> list[str]:
    """Links of an HTML page, or the entries of a sitemap, RSS or Atom feed."""
    content_type = (_header(response, b"Content-Type") or "").lower()
    if "xml" in content_type or response.url.endswith((".xml", ".rss")):
        return response.xpath('//*[local-name()="loc"]/text() | //*[local-name()="item"]/*[local-name()="link"]/text()'
                              ' | //*[local-name()="entry"]/*[local-name()="link"]/@href').getall()
    return _HREFS(response.selector.root)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _header_charset(response: Response) -> str | None:
    content_type = _header(response, b"Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
