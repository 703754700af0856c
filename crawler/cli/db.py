"""`db current` and `db upgrade`: the collection database's schema revision."""
from __future__ import annotations

import argparse
import sys

from crawler.cli.options import database_option


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



def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", parents=[common],
                       help="show the schema revision of the collection's database, or upgrade it to this "
                            "release's (Alembic; back the database up first)")
    p.add_argument("action", choices=["upgrade", "current"],
                   help="upgrade: to this release's revision; current: say which revision it holds")
    database_option(p)
    p.set_defaults(func=cmd_db)
