"""The measured programs that have no command line of their own; bench/crawl.py runs each one as a
child process (so wait4 gives its CPU time and peak RSS alone).

    python bench/tools.py extract LISTFILE [--workers N]
        plain trafilatura.extract() over the files listed (one path a line), a multiprocessing pool
        with one worker per core; prints JSON {pages, extracted, chars, seconds}: `seconds` is the
        extraction alone, after imports and pool start-up.
    python bench/tools.py scrapy-plain URL
        a plain Scrapy spider: every <a href> followed with response.follow, Scrapy's own dupefilter,
        no item pipeline; prints JSON {responses, articles, seconds}.
    python bench/tools.py scrapy-floor URLFILE
        Scrapy's floor on this machine: requests for a list of URLs, a callback that does nothing;
        prints JSON {responses, articles, seconds}.
    python bench/tools.py article-archive --data-dir D --sources S [--archive-only] [--set KEY=JSON]
        crawler.runner.run_crawl with the benchmark's politeness overrides (a local site), plus any
        --set overrides (to try a setting without editing the project); prints JSON {summary, seconds}.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

ARTICLE = re.compile(r"/a/\d+\.html$")

# Politeness off for a site of our own on loopback; everything else is the shipped configuration
# (robots.txt stays obeyed: the site has one that allows everything).
BENCH_OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "LOG_LEVEL": "WARNING",
}


# -- plain trafilatura ----------------------------------------------------------------------------

def _extract_one(path: str) -> int:
    import trafilatura

    html = Path(path).read_bytes().decode("utf-8", errors="replace")
    text = trafilatura.extract(html)
    return len(text) if text else -1


def cmd_extract(args: argparse.Namespace) -> None:
    import multiprocessing

    import trafilatura  # noqa: F401  (imported before the fork, as a long-running service would)

    paths = [p for p in Path(args.listfile).read_text().splitlines() if p]
    workers = args.workers or os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(int, range(workers))  # the workers are up
        start = time.perf_counter()
        lengths = pool.map(_extract_one, paths, chunksize=8)
        seconds = time.perf_counter() - start
    print(json.dumps({"pages": len(paths), "extracted": sum(n > 0 for n in lengths),
                      "chars": sum(n for n in lengths if n > 0), "seconds": seconds, "workers": workers}))


# -- a plain Scrapy spider --------------------------------------------------------------------------

def cmd_scrapy_plain(args: argparse.Namespace) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    seen_articles: set[str] = set()

    class PlainSpider(scrapy.Spider):
        name = "plain"
        start_urls = [args.url]

        def parse(self, response):
            if ARTICLE.search(response.url):
                seen_articles.add(response.url)
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)

    logging.basicConfig(level=logging.WARNING)
    process = CrawlerProcess({"CONCURRENT_REQUESTS": 64, "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
                              "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "WARNING",
                              "TELNETCONSOLE_ENABLED": False, "DEPTH_LIMIT": 0}, install_root_handler=False)
    crawler = process.create_crawler(PlainSpider)
    start = time.perf_counter()
    process.crawl(crawler)
    process.start()
    print(json.dumps({"responses": crawler.stats.get_value("downloader/response_count", 0),
                      "articles": len(seen_articles), "seconds": time.perf_counter() - start}))


def cmd_scrapy_floor(args: argparse.Namespace) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    urls = [u for u in Path(args.urlfile).read_text().splitlines() if u]
    counts = {"articles": 0}

    class FloorSpider(scrapy.Spider):
        name = "floor"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response):
            counts["articles"] += bool(ARTICLE.search(response.url))
            return None

    logging.basicConfig(level=logging.WARNING)
    process = CrawlerProcess({"CONCURRENT_REQUESTS": 64, "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
                              "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "WARNING",
                              "TELNETCONSOLE_ENABLED": False}, install_root_handler=False)
    crawler = process.create_crawler(FloorSpider)
    start = time.perf_counter()
    process.crawl(crawler)
    process.start()
    print(json.dumps({"responses": crawler.stats.get_value("downloader/response_count", 0),
                      "articles": counts["articles"], "seconds": time.perf_counter() - start}))


# -- article-archive ----------------------------------------------------------------------------------

class MemoryPeakTracer:
    """tracemalloc snapshots taken as the traced memory reaches new highs (a diagnostic: it slows
    the crawl down); `report` prints the allocation sites of the highest one."""

    def __init__(self, top: int) -> None:
        import threading
        import tracemalloc

        self.top, self.tracemalloc = top, tracemalloc
        self.best, self.snapshot, self.when = 0, None, 0.0
        self.start = time.perf_counter()
        tracemalloc.start(8)
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._halt.wait(1.0):
            self.sample()

    def sample(self) -> None:
        current, _ = self.tracemalloc.get_traced_memory()
        if current > self.best * 1.03:
            self.best, self.when = current, time.perf_counter() - self.start
            self.snapshot = self.tracemalloc.take_snapshot().filter_traces(
                [self.tracemalloc.Filter(False, self.tracemalloc.__file__)])

    def report(self) -> None:
        self._halt.set()
        self._thread.join()
        if self.snapshot is None:
            return
        out = sys.stderr
        print(f"tracemalloc: highest snapshot {self.best / 2**20:.1f} MB traced, {self.when:.1f} s in", file=out)
        for stat in self.snapshot.statistics("lineno")[:self.top]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 2**20:8.2f} MB {stat.count:9d} blocks  {frame.filename}:{frame.lineno}", file=out)
        print("by the project frame nearest to the allocation:", file=out)
        totals: dict[str, list[int]] = {}
        for stat in self.snapshot.statistics("traceback"):
            frame = next((f for f in stat.traceback if "site-packages" not in f.filename and
                          any(part in f.filename for part in ("/crawler/", "/pipelines/", "/archive/"))),
                         stat.traceback[0])
            key = f"{frame.filename}:{frame.lineno}"
            totals.setdefault(key, [0, 0])
            totals[key][0] += stat.size
            totals[key][1] += stat.count
        for key, (size, count) in sorted(totals.items(), key=lambda kv: -kv[1][0])[:self.top]:
            print(f"  {size / 2**20:8.2f} MB {count:9d} blocks  {key}", file=out)


def cmd_article_archive(args: argparse.Namespace) -> None:
    from crawler.runner import run_crawl

    # As the command does: a root handler of our own, filtering by level (Scrapy sets its own loggers to
    # DEBUG when it does not install its handler, and LOG_LEVEL then no longer filters anything).
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    overrides = dict(BENCH_OVERRIDES)
    if args.archive_only:
        from crawler.runner import ARCHIVE_ONLY

        overrides.update(ARCHIVE_ONLY)  # what `article-archive crawl --archive-only` sets
    for pair in args.set:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value.replace("{data_dir}", str(Path(args.data_dir).resolve())))
    tracer = MemoryPeakTracer(args.trace_memory) if args.trace_memory else None
    start = time.perf_counter()
    summary = run_crawl(Path(args.data_dir), Path(args.sources), overrides, args.processes)
    seconds = time.perf_counter() - start
    if tracer:
        tracer.report()
    print(json.dumps({"summary": summary.to_dict(), "seconds": seconds}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("extract")
    p.add_argument("listfile")
    p.add_argument("--workers", type=int, default=0)
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("scrapy-plain")
    p.add_argument("url")
    p.set_defaults(func=cmd_scrapy_plain)
    p = sub.add_parser("scrapy-floor")
    p.add_argument("urlfile")
    p.set_defaults(func=cmd_scrapy_floor)
    p = sub.add_parser("article-archive")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--sources", required=True)
    p.add_argument("--archive-only", action="store_true")
    p.add_argument("--processes", type=int, default=1, help="split the crawl over N processes (Redis frontier)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                   help="an extra Scrapy setting; {data_dir} in the value becomes the run's data dir")
    p.add_argument("--trace-memory", type=int, default=0, metavar="N",
                   help="diagnostic: print the N biggest allocation sites at the traced peak (slow)")
    p.set_defaults(func=cmd_article_archive)
    args = ap.parse_args()
    args.func(args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
