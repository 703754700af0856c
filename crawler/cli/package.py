"""`article-archive index` and `article-archive package`: a collection in the forms replay tools read.

`add_parsers` registers both commands. Heavy imports stay inside the
command functions so that `article-archive --help` stays fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_INDEX = Path("indexes") / "index.cdxj"


def cmd_index(args: argparse.Namespace) -> int:
    from archive.index import collection_warc_files, write_cdxj

    warc_files = collection_warc_files(args.data_dir)
    if not warc_files:
        print(f"article-archive index: no WARC files in {args.data_dir / 'warc'}; run a crawl first",
              file=sys.stderr)
        return 2
    out = args.out or args.data_dir / DEFAULT_INDEX
    lines = write_cdxj(warc_files, out)
    print(f"{out}: {lines} CDXJ lines from {len(warc_files)} WARC files")
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    from archive.wacz import WACZ_VERSION, write_wacz
    from crawler.runner import collection_lock

    out = args.out or args.data_dir / f"{args.data_dir.resolve().name}.wacz"
    try:
        # Holding the crawl lock: records, their index and the closed WARC files are packaged as
        # one consistent state, not halfway through a run that is rewriting them.
        with collection_lock(args.data_dir):
            path = write_wacz(args.data_dir, out, title=args.title)
    except FileNotFoundError as exc:  # CollectionLocked: one line from cli.main()
        print(f"article-archive package: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: {path.stat().st_size} bytes (WACZ {WACZ_VERSION})")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register `index` and `package` on the `article-archive` subcommand parser."""
    p = sub.add_parser("index", parents=[common],
                       help="write a sorted CDXJ index of the collection's WARC files (pywb, ReplayWeb.page)")
    p.add_argument("--out", type=Path, default=None, help=f"output file (default DATA_DIR/{DEFAULT_INDEX})")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("package", parents=[common],
                       help="write the collection as a WACZ package: WARC files, index, page list, records")
    p.add_argument("--out", type=Path, default=None, help="output file (default DATA_DIR/<collection name>.wacz)")
    p.add_argument("--title", default=None, help="package title (default: the collection directory's name)")
    p.set_defaults(func=cmd_package)
