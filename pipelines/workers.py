"""Text workers: decode, extract and normalize article responses in a process pool.

Extraction is CPU-bound (lxml, trafilatura, OpenCC); running it in worker processes keeps the
reactor free to fetch and archive while pages are being processed. A crawl's workers send each
page's event on to the store process themselves (derive_and_forward), so that the text never
travels back through the reactor. This module imports neither Scrapy nor SQLAlchemy: a worker
loads the text pipeline only.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection

from pipelines.text import neardup
from pipelines.text.process import process_page

# In a crawl's text worker: the store process's pipe, and the lock that keeps one worker's
# message whole while another writes (a message is bigger than the pipe's atomic write).
_store_pipe: tuple[Connection, object] | None = None


def text_pool(workers: int = 0, store_pipe: tuple[Connection, object] | None = None) -> ProcessPoolExecutor:
    """A pool of text workers, started now and warmed up while the caller goes on; `store_pipe`
    (the store process's pipe and its writers' lock) for a crawl's workers, which forward events.

    spawn, not fork: forking a process that runs a reactor and threads is unsafe. Each worker
    imports the text pipeline and runs it once on a small page as it starts (OpenCC's and
    pypinyin's dictionaries, trafilatura's lazily built tables), so that this second of start-up
    overlaps the caller's own instead of delaying the first pages."""
    workers = worker_count(workers)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                               initargs=(store_pipe,))
    for _ in range(workers):  # a process is spawned per job waiting with no idle worker
        pool.submit(int)
    return pool


def worker_count(workers: int = 0) -> int:
    """TEXT_WORKERS as a number of processes: 0 means one per core."""
    return workers or os.cpu_count() or 1


_WARM_UP_PAGE = ("<html><head><title>示例</title></head><body><div><p>統籌兼顧，這是一個示例段落，用來預熱。</p>"
                 "<p>这是第二段文字，作者：某某。</p></div></body></html>").encode()


def _start_worker(store_pipe: tuple[Connection, object] | None) -> None:
    global _store_pipe
    _store_pipe = store_pipe
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    process_and_sign(_WARM_UP_PAGE, url="http://warm-up.invalid/")


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed waits on its job queue for ever (the queue's other end
    lives on in the worker itself), holding the store process's pipe open: it leaves instead."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def process_and_sign(body: bytes, **kwargs):
    """process_page, and the near-duplicate signature of its text, in the worker process (the
    crawl's text workers, reprocess's pool): the crawl's reactor process and reprocess's main
    process are the bottlenecks, the workers are not."""
    result = process_page(body, **kwargs)
    return result, (neardup.to_bytes(neardup.signature(result.text)) if result.text.strip() else None)


def derive_and_forward(fields: dict, body: bytes | None = None, options: dict | None = None) -> str | None:
    """In a crawl's text worker: the text of `body` when there is one to read (`options`: process_page's
    keywords), sent with the page's event `fields` to the store process. Returns why extraction
    failed, if it did: the event is stored all the same (the page, its status), without a version.
    A dead store process shows here as BrokenPipeError, for the reactor to report."""
    result = minhash = error = None
    if body is not None:
        try:
            result, minhash = process_and_sign(body, **options)
        except Exception as exc:  # the capture is safe in the WARC; reprocess can retry later
            error = f"{type(exc).__name__}: {exc}"
    pipe, lock = _store_pipe
    with lock:
        pipe.send(("event", fields, result, minhash))
    return error


def process_archived(job: tuple) -> tuple[object, bytes | None] | Exception:
    """In a worker of `reprocess`: process_and_sign of an archived payload (Content-Encoding
    undone here, off the reading process), or the exception. It lives in this light module so
    that a worker imports the text pipeline only, not Scrapy or SQLAlchemy."""
    from archive.warcread import decode_content

    payload, content_encoding, url, charset, options = job
    try:  # the same call as the crawl's text workers
        return process_and_sign(decode_content(payload, content_encoding), url=url, http_charset=charset, **options)
    except Exception as exc:  # reported per page, never fatal for the whole replay
        return exc


def process_archived_chunk(jobs: list[tuple]) -> list[tuple[object, bytes | None] | Exception]:
    """process_archived of each job, in order: `reprocess` sends its jobs in chunks."""
    return [process_archived(job) for job in jobs]


def text_settings(source, learned=None) -> dict:
    """The per-source settings that shape a page's text; stored with each version for re-derivation.
    `learned` is the source's site chrome list (pipelines.store.site_chrome), named by its digest."""
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
