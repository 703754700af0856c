"""TextPipeline: decode, extract and normalize each article response in a process pool.

Extraction is CPU-bound (lxml, trafilatura, OpenCC); running it in worker processes keeps the
reactor free to fetch and archive while pages are being processed.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from pipelines import neardup
from pipelines.items import ArticleResponse
from pipelines.process import process_page

logger = logging.getLogger(__name__)


class TextPipeline:
    def __init__(self, crawler, workers: int) -> None:
        self.crawler = crawler
        self.workers = workers or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("TEXT_WORKERS"))

    def open_spider(self) -> None:
        self.pool = text_pool(self.workers)

    def close_spider(self) -> None:
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item):
        if not isinstance(item, ArticleResponse) or item.status != 200 or not _is_html(item):
            return item
        if item.extras.get("revisit"):  # the same bytes as the last capture give the same text
            return item
        if item.extras.get("truncated"):  # half a page is no version of the article
            self.crawler.stats.inc_value("text/skipped_truncated")
            return item
        learned = self.crawler.spider.site_chrome.get(item.source_id)
        settings = text_settings(self.crawler.spider.sources.by_id(item.source_id), learned)
        item.extras["text_settings"] = settings
        job = partial(process_and_sign, item.body, url=item.url, http_charset=item.http_charset,
                      **page_options(settings, learned.lookup if learned else {}))
        try:
            item.result, item.extras["minhash"] = await asyncio.get_running_loop().run_in_executor(self.pool, job)
        except Exception as exc:  # the capture is safe in the WARC; reprocess can retry later
            self.crawler.stats.inc_value("text/failed")
            logger.error("text extraction failed for %s: %s: %s", item.url, type(exc).__name__, exc)
            return item
        self.crawler.stats.inc_value("text/processed")
        return item


def text_pool(workers: int = 0) -> ProcessPoolExecutor:
    """A pool of text workers, started now and warmed up while the caller goes on.

    spawn, not fork: forking a process that runs a reactor and threads is unsafe. Each worker
    imports the text pipeline and runs it once on a small page as it starts (OpenCC's and
    pypinyin's dictionaries, trafilatura's lazily built tables), so that this second of start-up
    overlaps the caller's own instead of delaying the first pages."""
    workers = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up)
    for _ in range(workers):  # a process is spawned per job waiting with no idle worker
        pool.submit(int)
    return pool


_WARM_UP_PAGE = ("<html><head><title>示例</title></head><body><div><p>統籌兼顧，這是一個示例段落，用來預熱。</p>"
                 "<p>这是第二段文字，作者：某某。</p></div></body></html>").encode()


def _warm_up() -> None:
    process_and_sign(_WARM_UP_PAGE, url="http://warm-up.invalid/")


def process_and_sign(body: bytes, **kwargs):
    """process_page, and the near-duplicate signature of its text, in the worker process (the
    crawl's text workers, reprocess's pool): the crawl's reactor process and reprocess's main
    process are the bottlenecks, the workers are not."""
    result = process_page(body, **kwargs)
    return result, (neardup.to_bytes(neardup.signature(result.text)) if result.text.strip() else None)


def process_archived(job: tuple) -> tuple[object, bytes | None] | Exception:
    """In a worker of `reprocess`: process_and_sign of an archived payload (Content-Encoding
    undone here, off the reading process), or the exception. It lives in this light module so
    that a worker imports the text pipeline only, not Scrapy or SQLAlchemy."""
    from archive.warcread import decode_content

    payload, content_encoding, url, charset, options = job
    try:  # the same call as the crawl's TextPipeline
        return process_and_sign(decode_content(payload, content_encoding), url=url, http_charset=charset, **options)
    except Exception as exc:  # reported per page, never fatal for the whole replay
        return exc


def process_archived_chunk(jobs: list[tuple]) -> list[tuple[object, bytes | None] | Exception]:
    """process_archived of each job, in order: `reprocess` sends its jobs in chunks."""
    return [process_archived(job) for job in jobs]


def text_settings(source, learned=None) -> dict:
    """The per-source settings that shape a page's text; stored with each version for re-derivation.
    `learned` is the source's site chrome list (pipelines.site_chrome), named by its digest."""
    settings = {"body_selector": source.hints.get("body_selector"),
                "title_selector": source.hints.get("title_selector"), "script_target": source.script}
    if learned is not None:
        settings["site_chrome"] = learned.digest
    return settings


def page_options(settings: dict, chrome_lists: Mapping[str, frozenset[str]]) -> dict:
    """process_page's keyword arguments for a version's stored settings; `chrome_lists` maps the
    digests of site chrome lists to their lines."""
    options = {"body_selector": settings.get("body_selector"), "title_selector": settings.get("title_selector"),
               "script_target": settings.get("script_target", "zh-Hans")}
    digest = settings.get("site_chrome")
    if digest:
        if digest not in chrome_lists:
            raise LookupError(f"site chrome list {digest} is not in the collection's database "
                              "(reprocess restores the lists from the WARC files)")
        options["site_chrome"] = chrome_lists[digest]
    return options


def _is_html(item: ArticleResponse) -> bool:
    content_type = (item.content_type or "").split(";")[0].strip().lower()
    return content_type in ("", "text/html", "application/xhtml+xml", "text/plain")
