"""`crawl`, `demo` and `reprocess`: the commands that fetch or rebuild a collection, and their summary."""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from crawler.cli.options import database_option, positive_int


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        print("\n".join(summary.lines()))


def _needs_attention(summary) -> bool:
    """Exit non-zero only when a person should look: the run failed or nothing came back. Stopping
    at --max-pages or --max-duration is a normal end for a scheduled run."""
    ended_normally = summary.status == "finished" or summary.status.startswith("closespider_")
    return not ended_normally or summary.fetched == 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from archive.db import check_connection
    from crawler.runner import run_crawl
    from crawler.sources import load_sources

    def crawl():
        load_sources(args.sources)  # fail on a bad sources file before anything starts
        if args.database_url:
            check_connection(args.database_url)
        return run_crawl(args.data_dir, Path(args.sources), _overrides(args), args.processes)
    return _run_and_report(crawl, args, "article-archive")


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.runner import run_demo

    status = _run_and_report(lambda: run_demo(args.data_dir, _overrides(args), args.processes, discover=args.discover), args,
                             "article-archive demo")
    if status != 2 and not args.json:
        print(f"read it in a browser: {_command()} --data-dir {shlex.quote(str(args.data_dir))} serve   "
              f"(then open http://127.0.0.1:8000/); run the demo again for a second run with an edit and a takedown")
    return status


def _command() -> str:
    """How a person here runs article-archive: its name when the shell finds this one (an activated
    venv), else its path (`make demo` runs .venv/bin/article-archive without activating anything)."""
    beside = Path(sys.executable).with_name("article-archive")
    found = shutil.which("article-archive")
    if not beside.exists() or (found and Path(found).resolve() == beside.resolve()):
        return "article-archive"
    relative = os.path.relpath(beside)
    return shlex.quote(str(beside) if relative.startswith("..") else relative)


def _run_and_report(run, args: argparse.Namespace, name: str) -> int:
    """Run a crawl; a problem found before it starts (sources file, lock, data dir, database: the
    floors' error trees, main() prints them) exits 2, as does a file system that refuses."""
    try:
        summary = run()
    except OSError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    _print_summary(summary, args.json)
    return 1 if _needs_attention(summary) else 0


def _overrides(args: argparse.Namespace) -> dict:
    overrides = {}
    if args.database_url:
        overrides["ARCHIVE_DATABASE_URL"] = args.database_url
    if getattr(args, "max_pages", None):
        overrides["CLOSESPIDER_PAGECOUNT"] = args.max_pages
    if getattr(args, "max_duration", None):
        overrides["CLOSESPIDER_TIMEOUT"] = args.max_duration
    if getattr(args, "archive_only", False):
        from crawler.runner import ARCHIVE_ONLY

        overrides.update(ARCHIVE_ONLY)
    if getattr(args, "refetch_all", False):
        overrides["REFETCH_AFTER_HOURS"] = 0
    if getattr(args, "frontier_url", None):
        overrides["ARCHIVE_FRONTIER_URL"] = args.frontier_url
    for assignment in getattr(args, "set", None) or []:
        name, _, value = assignment.partition("=")
        overrides[name.strip()] = value
    if not args.verbose:
        overrides["LOG_LEVEL"] = "INFO"
    return overrides



def cmd_sources_suggest(args: argparse.Namespace) -> int:
    import logging

    from crawler.suggest import suggest

    if not args.verbose:  # the sample crawl's own lines are no news here: warnings only, the table on stdout
        for handler in logging.getLogger().handlers:
            handler.setLevel(max(handler.level, logging.WARNING))
    overrides = {}
    for assignment in args.set or []:
        name, _, value = assignment.partition("=")
        overrides[name.strip()] = value
    suggestion = suggest(args.url, args.pages, overrides, args.allow_private_addresses)
    if not suggestion.counts:
        print(f"article-archive sources suggest: no page of {args.url} could be read "
              f"({suggestion.responses} responses); is the address right, and allowed by robots.txt?", file=sys.stderr)
        return 1
    print(suggestion.toml(), end="")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from pipelines.workers import text_pool

    pool = text_pool(args.workers)  # first: its workers start up while this process imports the rest
    try:
        from crawler.replay import reprocess
        from crawler.runner import collection_lock

        warc_files = [Path(p) for p in args.warc] if args.warc else None
        with collection_lock(args.data_dir):  # CollectionLocked: one line from main()
            report = reprocess(args.data_dir, pool, warc_files, args.database_url)
    finally:
        pool.shutdown(cancel_futures=True)
    print("\n".join(report.lines()))
    return 0 if report.articles else 1  # no record made: a person should look at the report



def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def crawl_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database-url", default=os.environ.get("ARTICLE_ARCHIVE_DATABASE_URL"),
                       help="SQLAlchemy URL (default: SQLite in the data dir), e.g. postgresql+psycopg://host/db")
        p.add_argument("--json", action="store_true", help="print the run summary as JSON")
        p.add_argument("--max-pages", type=int, help="stop after this many responses")
        p.add_argument("--max-duration", type=int, help="stop after this many seconds")
        p.add_argument("--refetch-all", action="store_true", help="re-fetch every known article, due or not")
        p.add_argument("-s", "--set", action="append", metavar="NAME=VALUE",
                       help="override a Scrapy setting, e.g. -s DOWNLOAD_TIMEOUT=10 (repeatable)")
        p.add_argument("--archive-only", action="store_true",
                       help="write WARC and capture rows only; run `reprocess` later for text and records")
        p.add_argument("--processes", type=positive_int, default=1, metavar="N",
                       help="split an --archive-only crawl over N processes sharing their frontier through "
                            "Redis (each host still gets one process's politeness budget)")
        p.add_argument("--frontier-url", default=None,
                       help="Redis for --processes (default $ARTICLE_ARCHIVE_FRONTIER_URL or redis://127.0.0.1:6379/0)")

    p = sub.add_parser("demo", parents=[common], help="serve the bundled demo sites on loopback and crawl them into the data dir")
    crawl_options(p)
    p.add_argument("--discover", action="store_true",
                   help="give the sources file start URLs only, no article patterns: the crawl finds the articles")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("sources", parents=[common], help="work on a sources file: suggest a [[source]] table for a site")
    rooms = p.add_subparsers(dest="sources_command", required=True, help="suggest: a [[source]] table for a site")
    q = rooms.add_parser("suggest", parents=[common],
                         help="crawl a sample of a site (politely, within a crawl's limits) and print a [[source]] "
                              "table for it: start URLs with the sitemaps and feeds found, article and follow "
                              "patterns with the pages behind each",
                         epilog="example:\n  article-archive sources suggest http://www.qizhiwang.org.cn/ --pages 300 "
                                ">> sources.toml", formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("url", help="the site's home page or another index page to start from")
    q.add_argument("--pages", type=positive_int, default=200, help="responses to fetch at most (default 200)")
    q.add_argument("--allow-private-addresses", action="store_true",
                   help="allow loopback and private addresses (a site on this machine, the demo)")
    q.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", help="a crawl setting, as for crawl")
    q.set_defaults(func=cmd_sources_suggest)

    p = sub.add_parser("crawl", parents=[common], help="crawl the sites in a sources file into the data dir")
    p.add_argument("--sources", default=os.environ.get("ARTICLE_ARCHIVE_SOURCES", "sources.toml"),
                   help="sources file (TOML); see sources.example.toml")
    crawl_options(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("reprocess", parents=[common],
                       help="rebuild everything derived (text, clusters, records) from the WARC files alone")
    p.add_argument("--warc", nargs="+", help="WARC/ARC files to read instead of DATA_DIR/warc (other crawlers' too)")
    p.add_argument("--workers", type=int, default=0, help="processes for extraction (default: one per core)")
    database_option(p)
    p.set_defaults(func=cmd_reprocess)
