"""Scrapy settings for article-archive. `scrapy crawl articles -a sources=FILE` reads these.

The collection lives under DATA_DIR (database, WARC files, records). The command line passes it
explicitly; for a bare `scrapy crawl` it comes from $ARTICLE_ARCHIVE_DATA_DIR or ./data.
"""
import os

from scrapy.settings import default_settings as _scrapy_defaults

from crawler.version import __version__

BOT_NAME = "article-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# -- the collection ------------------------------------------------------------------------------
DATA_DIR = os.environ.get("ARTICLE_ARCHIVE_DATA_DIR", "data")
ARCHIVE_DATABASE_URL = os.environ.get("ARTICLE_ARCHIVE_DATABASE_URL", "")  # default: sqlite in DATA_DIR
ARCHIVE_SOURCES = os.environ.get("ARTICLE_ARCHIVE_SOURCES", "")
ARCHIVE_OPERATOR = os.environ.get("ARTICLE_ARCHIVE_OPERATOR", "")

WARC_PREFIX = "article-archive"

# -- a crawl split over processes (`crawl --processes N`, crawler/frontier.py) ---------------------
# The processes hand each other the URLs they own through Redis; the parent sets the rest.
ARCHIVE_FRONTIER_URL = os.environ.get("ARTICLE_ARCHIVE_FRONTIER_URL", "redis://127.0.0.1:6379/0")
ARCHIVE_SHARDS = 1
WARC_MAX_SIZE = 1_000_000_000  # bytes before rotating to a new file (IIPC practice: ~1 GB)

# -- politeness ----------------------------------------------------------------------------------
USER_AGENT = f"article-archive/{__version__} (archival crawler; +https://github.com/article-archive)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
# -- limits: no server can exhaust the crawler (crawler/middlewares/limits.py) ------------------------
# A body larger than this is stopped there and what arrived is archived marked WARC-Truncated: length
# (Scrapy alone cancels the download and nothing is kept). Also the limit on a body's *decompressed*
# size: a gzip bomb is archived as sent (compressed), then refused when it inflates past this.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# A body still arriving this many seconds after its headers (a server dripping bytes) is stopped and
# archived marked WARC-Truncated: time. Capped at 0.8 x DOWNLOAD_TIMEOUT: a timeout keeps nothing.
ARCHIVE_MAX_BODY_SECONDS = 20
# Status line plus headers larger than this (Chromium's limit) are refused: logged, not archived.
ARCHIVE_MAX_HEADER_BYTES = 256 * 1024
# Links read from one page; the rest of a page with more are not followed (logged, counted).
ARCHIVE_MAX_LINKS_PER_PAGE = 5000
REDIRECT_MAX_TIMES = 10
# A body cut short (connection closed before Content-Length) is archived as it arrived, marked
# WARC-Truncated: disconnect, rather than thrown away.
DOWNLOAD_FAIL_ON_DATALOSS = False
COOKIES_ENABLED = False
# Links followed from a start page, at most: ends crawler traps such as an endless calendar (each month
# linking the next), logged once per host. Session-id parameters are ignored when URLs are compared (a
# page linking itself with a new ?sid= is one URL); URLs longer than URLLENGTH_LIMIT (2083) are dropped.
DEPTH_LIMIT = 20
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every response (default 100);
# a callback here yields one item and a few requests, so 100 tasks per page is overhead.
CONCURRENT_ITEMS = 16
# Archived error pages (404, 500...) still reach the spider so they can be counted and recorded.
HTTPERROR_ALLOW_ALL = True

# Names resolving to loopback, private or link-local addresses are refused (crawler/netsafety.py).
TWISTED_DNS_RESOLVER = "crawler.resolver.SafeResolver"
# Scrapy's HTTP/1.1 handler plus a limit on the response header block (ARCHIVE_MAX_HEADER_BYTES).
DOWNLOAD_HANDLERS = {
    "http": "crawler.download_handler.LimitedHTTP11DownloadHandler",
    "https": "crawler.download_handler.LimitedHTTP11DownloadHandler",
}

# -- components ----------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt check at its place (100), with every request waiting for its host's rules:
    # Scrapy's own lets all but the first of the requests waiting together through unchecked.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # --max-pages: no request beyond the budget is sent (after robots and scope, which refuse for free).
    "crawler.middlewares.budget.PageBudgetMiddleware": 110,
    # Scope sits right after the offsite check so redirected requests are re-checked too.
    "crawler.middlewares.scope.ScopeMiddleware": 60,
    # Capture sits below HttpCompressionMiddleware (590) and RedirectMiddleware (600): it sees
    # every response as it came off the wire, still compressed, redirects and errors included.
    "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # Adds If-None-Match / If-Modified-Since for URLs captured before (after the other header setters).
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 940,
    # Stops a body at DOWNLOAD_MAXSIZE / ARCHIVE_MAX_BODY_SECONDS keeping what arrived. Nearest the
    # download handler, so its process_response runs first: it flags the response for the capture
    # middleware and puts back the per-request size limit before decompression reads it.
    "crawler.middlewares.limits.ResponseLimitsMiddleware": 960,
    # A discovering source's page kinds (article, index, other), decided on the body as it came off
    # the wire before capture writes the decision into the response's WARC record.
    "crawler.middlewares.pagekind.PageKindMiddleware": 955,
    # Scrapy's decompression at its usual place (590), with its DOWNLOAD_MAXSIZE refusals counted.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.limits.DecompressionLimitMiddleware": 590,
}
SPIDER_MIDDLEWARES = {
    # Scrapy's DEPTH_LIMIT at its usual place (900), saying once per host when the limit ends a trap.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "crawler.middlewares.limits.DepthLimitMiddleware": 900,
}
CONDITIONAL_REQUESTS_ENABLED = True
# Known article pages are re-fetched when their last capture is older than this (per source:
# `refetch_after_hours`); index pages, feeds and sitemaps are fetched on every run.
REFETCH_AFTER_HOURS = 24.0
# The drift watch of sources with patterns (crawler/drift.py): pages their article patterns match
# read by the page kind model, and links matching no pattern fetched and read, per source and run.
ARCHIVE_DRIFT_SAMPLE = 50
ARCHIVE_DRIFT_PROBES = 10
ITEM_PIPELINES = {
    "pipelines.derive.DerivePipeline": 100,
}
EXTENSIONS = {
    "crawler.runs.CrawlRunRecorder": 100,
    "crawler.progress.TerminalProgress": 200,
}
# Scrapy's own extensions but its two control ports, which are off below anyway: Scrapy imports
# every class a component setting names, even one mapped to None, and the remote control's module
# loads aiohttp (~0.1 s of every crawl's start-up, in every process of a split crawl).
EXTENSIONS_BASE = {name: order for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if name not in ("scrapy.extensions.remote_control.RemoteControl",
                                   "scrapy.extensions.telnet.TelnetConsole")}
PROGRESS_ENABLED = True  # only ever shown on a terminal
PROGRESS_INTERVAL = 1.0
# Extraction is CPU work: a process pool keeps it off the reactor. 0 = one worker per core.
TEXT_WORKERS = 0

LOG_LEVEL = "INFO"
# A crawler must not open a control port on the host it runs on.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
