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
    from archive.records import NO_TITLE, record_lines
    from pipelines.normalize import clean_record, normalize

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        path = Path(name)
        text = path.read_text(encoding="utf-8", errors="replace")
        first, _, rest = text.partition("\n")
        # a record that says it has no title keeps none: its first paragraph is no headline
        result = normalize(rest, script_target=args.script) if first.strip() == NO_TITLE \
            else clean_record(text, script_target=args.script)
        write_atomic(out_dir / path.name, record_lines(result.title, result.paragraphs))
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

    return _run_and_report(lambda: run_demo(args.data_dir, _overrides(args), args.processes), args,
                           "article-archive demo")


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


def _open_session(args: argparse.Namespace):
    from archive.collection import open_collection

    database = args.data_dir / "archive.db"
    if not args.database_url and not database.exists():
        hint = ("a collection on PostgreSQL needs --database-url or $ARTICLE_ARCHIVE_DATABASE_URL"
                if (args.data_dir / "warc").is_dir() else "run a crawl first")
        raise FileNotFoundError(f"no collection database in {args.data_dir} (no {database.name}): {hint}")
    return open_collection(args.data_dir, args.database_url).session()


def _query(args: argparse.Namespace, command: str, query, key: str) -> dict | None:
    """Run a provenance query; None (after saying why) when there is nothing to show."""
    from archive.provenance import NotFound

    try:
        with _open_session(args) as session:
            info = query(session, key)
    except (NotFound, FileNotFoundError) as exc:
        print(f"article-archive {command}: {exc}", file=sys.stderr)
        return None
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    return info


def cmd_show(args: argparse.Namespace) -> int:
    from archive.provenance import NotFound, show
    from pipelines.urls import canonical_url

    def show_key(session, key: str) -> dict:
        try:
            return show(session, key)
        except NotFound:
            # a URL as a person pastes it (a fragment, utm_ parameters, index.html): the pages are
            # kept under their canonical form too
            if "://" not in key or canonical_url(key) == key:
                raise
            return show(session, canonical_url(key))

    info = _query(args, "show", show_key, args.key)
    if info is None or args.json:
        return 2 if info is None else 0
    print(f"record {info['id']}: {info['title'] or '(no title)'}")
    print(f"  author {_known(info['author'])}; source {_known(info['source_publication'])}; "
          f"published {_known(info['published'])}")
    print(f"  canonical {info['canonical_url']} ({info['canonical_reason']})")
    for u in info["urls"]:
        print(f"  seen at {u['url']} [{u['source']}] first {u['first_seen']} last {u['last_seen']} "
              f"status {u['last_status']}")
    for c in info["captures"]:
        print(f"  capture {c['time']} {c['status']} {c['type']} {c['warc_file']}@{c['offset']}+{c['length']} "
              f"{c['record_id']} {c['payload_digest']}")
    for v in info["versions"]:
        learned = f" (with site chrome list {v['site_chrome'][:19]}…)" if v.get("site_chrome") else ""
        print(f"  version {v['number']} of {v['url']} from {v['warc_record_id']} at {v['fetched_at']} "
              f"{v['text_digest']}{learned}")
    print(f"  charset {json.dumps(info['charset'], ensure_ascii=False)}; extractor {info['extractor']}")
    print(f"  normalization: {len(info['normalization'])} changes (see --json)")
    print("  software: " + ", ".join(f"{k} {v}" for k, v in info["software"].items()))
    return 0


def _known(value) -> str:
    """What a person reads where a field is empty: a word, never Python's None."""
    return "unknown" if value is None or value == "" else str(value)


def cmd_history(args: argparse.Namespace) -> int:
    from archive.provenance import history

    info = _query(args, "history", history, args.url)
    if info is None or args.json:
        return 2 if info is None else 0
    print(f"{info['url']}: last status {_known(info['status'])}; record {info['record'] or 'none (no text kept)'}")
    for c in info["captures"]:
        extra = f" -> {c['location']}" if c["location"] else (f" (refers to {c['refers_to']})" if c["refers_to"] else "")
        print(f"  {c['time']} {c['status']} {c['type']} {c['warc_file']}@{c['offset']}{extra}")
    for v in info["versions"]:
        print(f"  version {v['number']} at {v['fetched_at']} {v['text_digest']}")
        for line in v["diff"]:
            print(f"    {line}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from functools import partial

    from archive.provenance import NotFound
    from archive.verify import verify_fixity, verify_records, verify_warc_records
    from crawler.replay import rederive_digest
    from pipelines.site_chrome import lists_by_digest

    if not args.keys and not args.all:
        print("article-archive verify: name records (ID or URL) or pass --all", file=sys.stderr)
        return 2
    try:
        with _open_session(args) as session:
            rederive = None if args.no_rederive else partial(rederive_digest, chrome_lists=lists_by_digest(session))
            checks = verify_records(session, args.data_dir / "warc", args.data_dir / "records",
                                    args.keys or None, rederive)
    except (NotFound, FileNotFoundError) as exc:
        print(f"article-archive verify: {exc}", file=sys.stderr)
        return 2
    checks += verify_fixity(args.data_dir / "warc")
    if args.all:
        checks += verify_warc_records(args.data_dir / "warc")
    if args.json:
        print(json.dumps([c.__dict__ for c in checks], ensure_ascii=False, indent=1))
    else:
        for check in checks:
            verdict = {True: "pass", False: "FAIL", None: "not checked"}[check.passed]
            print(f"{verdict:11} {check.subject}")
            for problem in check.problems:
                print(f"{'':11}   {problem}")
        failed = sum(c.passed is False for c in checks)
        print(f"verify: {sum(c.passed is True for c in checks)} pass, {failed} fail, "
              f"{sum(c.passed is None for c in checks)} not checked")
    return 1 if any(c.passed is False for c in checks) else 0


def cmd_runs(args: argparse.Namespace) -> int:
    from archive.changes import runs

    with _open_session(args) as session:
        rows = runs(session)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"run {r['id']}  {r['started'][:19]}  {r['status']:<12} fetched {r['fetched']}, new {r['new']}, "
              f"changed {r['changed']}, unchanged {r['unchanged']}, gone {r['gone']}, errors {r['errors']}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from archive.changes import changes

    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            print(f"article-archive changes: --since {args.since!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
        since = since if since.tzinfo else since.replace(tzinfo=timezone.utc)
    with _open_session(args) as session:
        found = changes(session, run_id=args.run, since=since, site=args.site)
    if args.json:
        print(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=1))
    else:
        for change in found:
            print(change.line())
        kinds = {kind: sum(c.kind == kind for c in found) for kind in ("first seen", "edited", "taken down", "back again")}
        print(", ".join(f"{n} {kind}" for kind, n in kinds.items()), file=sys.stderr)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """`db upgrade`: bring the collection's database to this release's schema (archive.schema)."""
    from sqlalchemy import create_engine

    from archive.db import check_connection, default_url, open_engine, shown_url
    from archive.schema import head, revision_of, upgrade

    url = args.database_url or default_url(args.data_dir)
    if not args.database_url and not (args.data_dir / "archive.db").exists():
        print(f"article-archive db: no collection database in {args.data_dir} (no archive.db)", file=sys.stderr)
        return 2
    check_connection(url)  # DatabaseUnavailable: one line from main()
    engine = create_engine(url)  # not the collection's: it must not refuse the schema it is to upgrade
    try:
        if args.action == "current":
            with engine.connect() as connection:
                print(f"{shown_url(url)}: schema revision {revision_of(connection) or 'none (empty)'}"
                      f" (this release: {head()})")
            return 0
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    open_engine(url).dispose()  # the same check every command makes
    print(f"{shown_url(url)}: schema revision {before or 'none (empty)'} -> {after}"
          if before != after else f"{shown_url(url)}: schema revision {after}, nothing to do")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from pipelines.text import text_pool

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


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def database_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", default=os.environ.get("ARTICLE_ARCHIVE_DATABASE_URL"),
                   help="the collection's database when not its SQLite file (default $ARTICLE_ARCHIVE_DATABASE_URL)")


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
        p.add_argument("-s", "--set", action="append", metavar="NAME=VALUE",
                       help="override a Scrapy setting, e.g. -s DOWNLOAD_TIMEOUT=10 (repeatable)")
        p.add_argument("--archive-only", action="store_true",
                       help="write WARC and capture rows only; run `reprocess` later for text and records")
        p.add_argument("--processes", type=_positive_int, default=1, metavar="N",
                       help="split an --archive-only crawl over N processes sharing their frontier through "
                            "Redis (each host still gets one process's politeness budget)")
        p.add_argument("--frontier-url", default=None,
                       help="Redis for --processes (default $ARTICLE_ARCHIVE_FRONTIER_URL or redis://127.0.0.1:6379/0)")

    p = sub.add_parser("demo", parents=[common], help="serve the bundled demo sites on loopback and crawl them into the data dir")
    crawl_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("crawl", parents=[common], help="crawl the sites in a sources file into the data dir")
    p.add_argument("--sources", default=os.environ.get("ARTICLE_ARCHIVE_SOURCES", "sources.toml"),
                   help="sources file (TOML); see sources.example.toml")
    crawl_options(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("show", parents=[common], help="a record's provenance: URLs, captures, versions, cluster")
    p.add_argument("key", help="record id (007_…), number, or any URL the article was seen at")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    database_option(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("history", parents=[common], help="every capture and version of a URL, with text diffs")
    p.add_argument("url", help="the URL, as archived or as pasted (fragment and utm_ parameters are tried off)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    database_option(p)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("verify", parents=[common],
                       help="check WARC digests and fixity, and re-derive each record's text from its bytes")
    p.add_argument("keys", nargs="*", help="record ids, numbers or URLs")
    p.add_argument("--all", action="store_true", help="every record")
    p.add_argument("--no-rederive", action="store_true", help="check digests and fixity only")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    database_option(p)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("reprocess", parents=[common],
                       help="rebuild everything derived (text, clusters, records) from the WARC files alone")
    p.add_argument("--warc", nargs="+", help="WARC/ARC files to read instead of DATA_DIR/warc (other crawlers' too)")
    p.add_argument("--workers", type=int, default=0, help="processes for extraction (default: one per core)")
    database_option(p)
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("clean", parents=[common], help="normalize existing text records (like the seeds)")
    p.add_argument("files", nargs="+", help="text records to clean (title on line 1, one paragraph a line)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"],
                   help="Chinese script of the output (OpenCC; default zh-Hans, keep: as found)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("extract", parents=[common], help="decode, extract and normalize saved HTML files; one JSON object per file")
    p.add_argument("files", nargs="+", help="saved HTML files (any charset; decoded as the crawl decodes)")
    p.add_argument("--jsonl", action="store_true", help="one compact JSON line per file")
    p.add_argument("--script", default="zh-Hans", choices=["keep", "zh-Hans", "zh-TW", "zh-HK"],
                   help="Chinese script of the output (OpenCC; default zh-Hans, keep: as found)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("runs", parents=[common], help="the crawl runs: start, status and counts of each")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    database_option(p)
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("changes", parents=[common],
                       help="what happened to the articles, run by run: first seen, edited (with the diff in "
                            "brief), taken down (404/410 or redirected), back again; each once, when it happened")
    p.add_argument("--run", type=int, help="only this run's changes")
    p.add_argument("--since", help="only changes at or after this date (YYYY-MM-DD, UTC)")
    p.add_argument("--site", help="only this source (its id in the sources file)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    database_option(p)
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("db", parents=[common],
                       help="show the schema revision of the collection's database, or upgrade it to this "
                            "release's (Alembic; back the database up first)")
    p.add_argument("action", choices=["upgrade", "current"],
                   help="upgrade: to this release's revision; current: say which revision it holds")
    database_option(p)
    p.set_defaults(func=cmd_db)

    from crawler.cli_package import add_parsers as add_package_parsers  # light: heavy imports stay inside

    add_package_parsers(sub, common)
    for name, command in sub.choices.items():  # `article-archive CMD --help`: what it does, and an example
        command.description = command.description or _help_of(sub, name)
        if name in _EXAMPLES:
            command.epilog = "example:\n  " + "\n  ".join(_EXAMPLES[name])
            command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _help_of(sub: argparse._SubParsersAction, name: str) -> str | None:
    return next((action.help for action in sub._choices_actions if action.dest == name), None)


_EXAMPLES = {
    "demo": ["article-archive --data-dir data demo"],
    "crawl": ["article-archive --data-dir data crawl --sources sources.toml",
              "article-archive --data-dir data crawl --sources sources.toml --max-pages 200 --json"],
    "show": ["article-archive --data-dir data show 007", "article-archive --data-dir data show 'https://www.example.cn/a/1.html'"],
    "history": ["article-archive --data-dir data history 'https://www.example.cn/a/1.html'"],
    "verify": ["article-archive --data-dir data verify --all", "article-archive --data-dir data verify 007 --no-rederive"],
    "reprocess": ["article-archive --data-dir data reprocess",
                  "article-archive --data-dir imported reprocess --warc other-crawl/*.warc.gz"],
    "clean": ["article-archive clean records/*.txt --out cleaned/"],
    "extract": ["article-archive extract saved/page.html --jsonl"],
    "db": ["article-archive --data-dir data db current", "article-archive --data-dir data db upgrade"],
    "runs": ["article-archive --data-dir data runs"],
    "changes": ["article-archive --data-dir data changes --run 2", "article-archive --data-dir data changes --since 2026-12-01 --site qizhi --json"],
    "index": ["article-archive --data-dir data index"],
    "package": ["article-archive --data-dir data package --title 'Official sites, 2026'"],
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from crawler.logs import setup_logging

    setup_logging(args.verbose)
    if args.data_dir is None:
        args.data_dir = _default_data_dir()
    if (why := _no_collection(args)) is not None:
        print(f"article-archive {args.command}: {why}", file=sys.stderr)
        return 2
    if args.command in _READS_THE_COLLECTION:
        from archive.rebuild import RebuildIncomplete, check

        try:
            check(args.data_dir)
        except RebuildIncomplete as exc:
            print(f"article-archive {args.command}: {exc}", file=sys.stderr)
            return 2
    if args.command in _READS_THE_COLLECTION | {"reprocess"} and (why := _schema_refused(args)):
        print(f"article-archive {args.command}: {why}", file=sys.stderr)
        return 2
    from archive.errors import ArchiveError
    from crawler.errors import CrawlerError

    try:
        return args.func(args)
    except (ArchiveError, CrawlerError) as exc:  # each floor's one base: a line for a person, exit 2
        print(f"article-archive {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `show 1 | head`: the reader has all it wanted. Quietly, as other Unix tools: stdout goes to
        # /dev/null so that the interpreter's own flush at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


# Commands that need a collection to be there already: none of them makes one (an empty database
# or folder left behind by a typo in --data-dir would look like a collection next time).
_NEEDS_A_COLLECTION = frozenset({"show", "history", "verify", "index", "package", "reprocess", "db", "runs",
                                 "changes"})


def _no_collection(args: argparse.Namespace) -> str | None:
    """Why the command has no collection to work on, or None."""
    if args.command not in _NEEDS_A_COLLECTION:
        return None
    if args.command == "reprocess" and getattr(args, "warc", None):
        return None  # other crawlers' WARC files into a new collection
    if not args.data_dir.is_dir():
        return f"no collection at {args.data_dir} (no such directory); check --data-dir or ${DATA_DIR_ENV}"
    if args.command == "reprocess" and not getattr(args, "warc", None) and not (args.data_dir / "warc").is_dir():
        return f"no WARC files to rebuild from in {args.data_dir} (no warc/ folder); give them with --warc"
    return None


def _schema_refused(args: argparse.Namespace) -> str | None:
    """Why the collection's database cannot be used by this release (an older schema revision),
    before any command opens it: one line naming `db upgrade`, never a traceback from deep inside.
    The check opens the process's collection (archive.collection), which the command then uses."""
    from archive.collection import open_collection
    from archive.db import DatabaseUnavailable, check_connection
    from archive.schema import SchemaOutdated

    url = getattr(args, "database_url", None)
    if not url and not (args.data_dir / "archive.db").exists():
        return None  # a new collection: its first command makes the schema
    collection = open_collection(args.data_dir, url)
    try:
        check_connection(collection.database_url)
    except DatabaseUnavailable:
        return None  # the command says so in its own words
    try:
        collection.engine
    except SchemaOutdated as exc:
        return str(exc)
    return None


# Commands that read or extend a collection's derived side: none of them may take a half-rebuilt one
# for a whole one (archive/rebuild.py). reprocess itself finishes it; clean and extract read files.
_READS_THE_COLLECTION = frozenset({"crawl", "demo", "show", "history", "verify", "index", "package", "runs",
                                   "changes"})


if __name__ == "__main__":
    sys.exit(main())
