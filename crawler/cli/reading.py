"""`show`, `history`, `verify`, `runs` and `changes`: the commands that read a collection."""
from __future__ import annotations

import argparse
import json
import sys

from crawler.cli.options import database_option


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
    from pipelines.text.urls import canonical_url

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
    from archive.provenance import NotFound
    from crawler.proof import verdict, verify_checks

    if not args.keys and not args.all:
        print("article-archive verify: name records (ID or URL) or pass --all", file=sys.stderr)
        return 2
    try:
        with _open_session(args) as session:
            checks = verify_checks(session, args.data_dir, args.keys or None, rederive=not args.no_rederive,
                                   every_record=args.all)
    except (NotFound, FileNotFoundError) as exc:
        print(f"article-archive verify: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([c.__dict__ for c in checks], ensure_ascii=False, indent=1))
    else:
        for check in checks:
            print(f"{verdict(check):11} {check.subject}")
            for problem in check.problems:
                print(f"{'':11}   {problem}")
        failed = sum(c.passed is False for c in checks)
        print(f"verify: {sum(c.passed is True for c in checks)} pass, {failed} fail, "
              f"{sum(c.passed is None for c in checks)} not checked")
    return 1 if any(c.passed is False for c in checks) else 0


def cmd_runs(args: argparse.Namespace) -> int:
    from archive.changes import runs
    from crawler.drift import run_drift

    with _open_session(args) as session:
        rows = runs(session, with_stats=True)
    for row in rows:  # the drift watch, as the run's summary said it (crawler/drift.py)
        drift = run_drift(row.pop("stats"))
        row["sources"] = [d.to_dict() for d in drift]
        row["warnings"] = [w for d in drift for w in d.warnings]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"run {r['id']}  {r['started'][:19]}  {r['status']:<12} fetched {r['fetched']}, new {r['new']}, "
              f"changed {r['changed']}, unchanged {r['unchanged']}, gone {r['gone']}, errors {r['errors']}")
        for warning in r["warnings"]:
            print(f"  warning: {warning}")
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



def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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
