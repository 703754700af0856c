"""The `article-archive` command. Heavy libraries are imported inside each command, so that
`article-archive --help` stays fast."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

DATA_DIR_ENV = "ARTICLE_ARCHIVE_DATA_DIR"


def _default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


def cmd_clean(args: argparse.Namespace) -> int:
    from archive.fileio import write_atomic
    from pipelines.normalize import clean_record

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        path = Path(name)
        result = clean_record(path.read_text(encoding="utf-8", errors="replace"), script_target=args.script)
        lines = ([result.title] if result.title else []) + result.paragraphs
        write_atomic(out_dir / path.name, "\n".join(lines) + "\n")
        meta = {"file": str(path), "title": result.title, "metadata": result.metadata,
                "script": result.script, "original_paragraphs": result.original_paragraphs,
                "report": result.report}
        write_atomic(out_dir / f"{path.stem}.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.process import process_page

    for name in args.files:
        path = Path(name)
        try:
            result = process_page(path.read_bytes(), url=path.resolve().as_uri(), script_target=args.script)
        except Exception as exc:  # one broken file must not hide the others' results
            logging.getLogger(__name__).error("%s: extraction failed: %s", path, exc)
            print(json.dumps({"file": str(path), "error": str(exc), "text": ""}, ensure_ascii=False))
            continue
        record = {"file": str(path), "title": result.title, "author": result.author,
                  "published": result.published, "source": result.source, "text": result.text}
        if not args.jsonl:
            record |= {"charset": result.charset, "extractor": result.extractor, "report": result.report}
        print(json.dumps(record, ensure_ascii=False, indent=None if args.jsonl else 1))
    return 0


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        print("\n".join(summary.lines()))


def _needs_attention(summary) -> bool:
    """Exit non-zero only when a person should look: the run failed or nothing came back."""
    return summary.status != "finished" or summary.fetched == 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import CollectionLocked, run_crawl
    from crawler.sources import SourcesError, load_sources

    try:
        load_sources(args.sources)  # fail on a bad sources file before anything starts
        summary = run_crawl(args.data_dir, Path(args.sources), _overrides(args))
    except (SourcesError, CollectionLocked) as exc:
        print(f"article-archive: {exc}", file=sys.stderr)
        return 2
    _print_summary(summary, args.json)
    return 1 if _needs_attention(summary) else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.runner import run_demo
    from crawler.runner import CollectionLocked

    try:
        summary = run_demo(args.data_dir, _overrides(args))
    except (CollectionLocked, OSError) as exc:
        print(f"article-archive demo: {exc}", file=sys.stderr)
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
    if getattr(args, "refetch_all", False):
        overrides["REFETCH_AFTER_HOURS"] = 0
    if not args.verbose:
        overrides["LOG_LEVEL"] = "INFO"
    return overrides


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="article-archive",
                                     description="Archival crawler for Chinese-language article sites.")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"collection directory (database, WARC files, records); default ${DATA_DIR_ENV} or ./data")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    # `--data-dir` is accepted before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def crawl_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database-url", default=os.environ.get("ARTICLE_ARCHIVE_DATABASE_URL"),
                       help="SQLAlchemy URL (default: SQLite in the data dir), e.g. postgresql+psycopg://host/db")
        p.add_argument("--json", action="store_true", help="print the run summary as JSON")
        p.add_argument("--max-pages", type=int, help="stop after this many responses")
        p.add_argument("--max-duration", type=int, help="stop after this many seconds")
        p.add_argument("--refetch-all", action="store_true", help="re-fetch every known article, due or not")

    p = sub.add_parser("demo", parents=[common], help="serve the bundled demo sites on loopback and crawl them into the data dir")
    crawl_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("crawl", parents=[common], help="crawl the sites in a sources file into the data dir")
    p.add_argument("--sources", default=os.environ.get("ARTICLE_ARCHIVE_SOURCES", "sources.toml"),
                   help="sources file (TOML); see sources.example.toml")
    crawl_options(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("clean", parents=[common], help="normalize existing text records (like the seeds)")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"])
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("extract", parents=[common], help="decode, extract and normalize saved HTML files; one JSON object per file")
    p.add_argument("files", nargs="+")
    p.add_argument("--jsonl", action="store_true", help="one compact JSON line per file")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"])
    p.set_defaults(func=cmd_extract)
    return parser


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not verbose:  # Scrapy's start-up inventory is noise for a scheduled job's log
        for name in ("scrapy.middleware", "scrapy.addons", "scrapy.utils.log", "scrapy.extensions.telnet",
                     "scrapy.crawler", "scrapy.statscollectors", "py.warnings"):
            logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    if args.data_dir is None:
        args.data_dir = _default_data_dir()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
