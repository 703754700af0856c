"""`article-archive serve`: the reading room (reading_room/), a read-only web view of the collection.

Heavy imports (Starlette, uvicorn, SQLAlchemy) stay inside `cmd_serve`.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "ARTICLE_ARCHIVE_SERVE_TOKEN"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def refused(args: argparse.Namespace) -> str | None:
    """Why `serve` must not start as asked (one line), or None."""
    from reading_room.readonly import no_collection

    if not is_loopback(args.host) and not args.token:
        return (f"--host {args.host} is not a loopback address: give --token T (or ${TOKEN_ENV}) so that "
                f"only people with the token can read the collection")
    return no_collection(args.data_dir, args.database_url)


def cmd_serve(args: argparse.Namespace) -> int:
    if (why := refused(args)) is not None:
        print(f"article-archive serve: {why}", file=sys.stderr)
        return 2
    from archive.errors import ArchiveError

    from reading_room.app import create_app
    from reading_room.readonly import open_read_only

    try:
        collection = open_read_only(args.data_dir, args.database_url)
    except ArchiveError as exc:
        print(f"article-archive serve: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    app = create_app(collection, token=args.token)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"article-archive serve: {collection.data_dir} (read-only) at http://{shown}:{args.port}/"
          + (" (token required)" if args.token else ""), file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if not getattr(args, "verbose", False)
                else "info", server_header=False, proxy_headers=False)
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register `serve` on the `article-archive` subcommand parser."""
    from crawler.cli.options import database_option

    p = sub.add_parser("serve", parents=[common],
                       help="a read-only web view of the collection: find, read and prove records, watch edits "
                            "and takedowns (HTML and JSON)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}; any other needs --token)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--token", default=os.environ.get(TOKEN_ENV) or None,
                   help=f"require this token on every request: Authorization: Bearer T, or ?token=T once, "
                        f"which sets a cookie (default ${TOKEN_ENV})")
    database_option(p)
    p.set_defaults(func=cmd_serve)

