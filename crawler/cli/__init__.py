"""The `article-archive` command: one module per family of subcommands, each registering its own
parsers (`add_parsers`); this module builds the parser, checks the collection a command needs, and
catches each floor's error tree once. Heavy libraries are imported inside each command, so that
`article-archive --help` stays fast."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawler.cli.options import DATA_DIR_ENV, default_data_dir, database_option

__all__ = ["DATA_DIR_ENV", "build_parser", "database_option", "main"]


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

    from crawler.cli import crawl, db, package, reading, serve, text  # light: heavy imports stay inside

    for room in (crawl, reading, text, db, package, serve):
        room.add_parsers(sub, common)
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
    "sources": ["article-archive sources suggest http://www.example.cn/ --pages 300 >> sources.toml"],
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
    "serve": ["article-archive --data-dir data serve   (then open http://127.0.0.1:8000/)",
              "article-archive --data-dir data serve --host 0.0.0.0 --port 8080 --token \"$(openssl rand -hex 16)\""],
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from crawler.logs import setup_logging

    setup_logging(args.verbose)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
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
