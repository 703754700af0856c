#!/usr/bin/env python3
"""Faults injected into real crawls, and what the collection kept of each: nothing may be lost.

    .venv/bin/python bench/faults.py [--copies 3] [--runs 2] [--keep DIR]

Serves the fault site (crawler/demo/faults.py) with its index linking every fault `--copies`
times (`?copy=i`: distinct URLs, the same fault), plus a second fault site as the off-site
redirect target, and crawls it `--runs` times into fresh data dirs with the crawler's own command
(small limits so that every limit is hit: DOWNLOAD_MAXSIZE 1 MiB, a 1.5 s body deadline, depth 5).
Then it reads the WARC files, the database and the log back and prints, per fault:

    injected   URLs carrying the fault, over all runs
    expected   of those, how many must be archived (a WARC response record *and* a capture row);
               a fault the crawler must refuse (oversized headers) expects 0 and a log line instead
    archived   how many were archived (both WARC record and capture row)
    logged     how many have a log line naming the URL (refusals, give-ups, truncations)
    lost       expected but neither archived nor (for refusals) logged: must be 0
    crashes    tracebacks, spider or pipeline errors naming the URL: must be 0
    check      the fault-specific expectation (truncation marker, text recorded or not, trap
               bounded, other host never contacted, external entities never fetched)

A last line totals them, with crashes not tied to any URL and runs that did not finish. Exits 1
when anything is lost, crashed or failed its check.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from crawler.demo.faults import FAULT_LINKS, MORE_FAULT_LINKS, FaultSite, with_copy  # noqa: E402

DEPTH_LIMIT = 5
SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "DOWNLOAD_TIMEOUT": 5, "ARCHIVE_MAX_BODY_SECONDS": 1.5, "DOWNLOAD_MAXSIZE": 1 << 20,
            "DOWNLOAD_WARNSIZE": 0, "RETRY_TIMES": 1, "DEPTH_LIMIT": DEPTH_LIMIT}
CRASH = re.compile(r"Traceback \(most recent call last\)|Spider error processing|Error processing|"
                   r"Error downloading|text extraction failed|Unhandled error")
LOG_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")


@dataclass(frozen=True)
class Fault:
    name: str
    link: str
    archive: bool = True                 # False: must be refused (and logged), never archived
    truncated: str | None = None         # the WARC-Truncated value every capture must carry
    recorded: bool | None = None         # True: a text version must exist; False: must not; None: either
    note: str = ""


FAULTS = [
    Fault("ordinary article", "/article/1.html", recorded=True),
    Fault("HTTP 500 (retried)", "/status/500", recorded=False),
    Fault("HTTP 503 + Retry-After", "/status/503", recorded=False),
    Fault("HTTP 429 + Retry-After", "/status/429", recorded=False),
    Fault("HTTP 404", "/status/404", recorded=False),
    Fault("HTTP 403", "/status/403", recorded=False),
    Fault("slow answer (1 s)", "/slow?seconds=1"),
    Fault("empty body", "/empty", recorded=False),
    Fault("binary body as text/html", "/binary", recorded=False),
    Fault("GBK without charset", "/gbk-nocharset", recorded=True),
    Fault("redirect loop", "/redirect-loop", recorded=False),
    Fault("body shorter than Content-Length", "/truncated", truncated="disconnect", recorded=False),
    Fault("drip, 1 byte/s", "/drip", truncated="time", recorded=False),
    Fault("connection reset mid-body", "/reset", truncated="disconnect", recorded=False),
    Fault("redirect chain to another host", "/redirect-offsite", recorded=False, note="offsite"),
    Fault("calendar trap", "/calendar/2024/01", note="calendar"),
    Fault("session-id trap", "/list", note="sid"),
    Fault("huge page, Content-Length", "/huge?mb=2", truncated="length", recorded=False),
    Fault("huge page, chunked", "/huge?mb=2&chunked=1", truncated="length", recorded=False),
    Fault("gzip bomb (512 MiB)", "/bomb", recorded=False, note="bomb"),
    Fault("PDF", "/doc.pdf", recorded=False),
    Fault("20,000 nested divs", "/nested"),
    Fault("unknown charset label", "/unknown-charset", recorded=True),
    Fault("1 MiB of headers", "/big-headers?kb=1024", archive=False),
    Fault("entities, XXE, path title", "/entities", recorded=True, note="xxe"),
]
assert {f.link for f in FAULTS} >= set(FAULT_LINKS) | set(MORE_FAULT_LINKS), "a fault of the index is not tallied"


@dataclass
class Run:
    data: Path
    base: str
    returncode: int
    status: str
    log: str
    hits: Counter
    offsite_hits: Counter
    responses: dict[str, list[str | None]] = field(default_factory=dict)   # URL -> WARC-Truncated values
    captured: set[str] = field(default_factory=set)
    recorded: set[str] = field(default_factory=set)
    records: list[str] = field(default_factory=list)                        # log records (with tracebacks)


def crawl(data: Path, copies: int) -> Run:
    settings = [a for k, v in SETTINGS.items() for a in ("-s", f"{k}={v}")]
    with FaultSite() as offsite, FaultSite(offsite=offsite.url("/article/1.html")) as site:
        sources = data.parent / f"{data.name}-sources.toml"
        sources.write_text(site.sources_toml(copies=copies), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "crawler.cli", "--data-dir", str(data), "crawl",
                               "--sources", str(sources), "--json", *settings],
                              cwd=ROOT, capture_output=True, text=True, timeout=900)
        hits, offsite_hits, base = Counter(site.hits), Counter(offsite.hits), site.base_url()
    try:
        status = json.loads(done.stdout.strip().splitlines()[-1])["status"]
    except (IndexError, ValueError, KeyError):
        status = "no summary"
    run = Run(data, base, done.returncode, status, done.stderr, hits, offsite_hits)
    read_back(run)
    return run


def read_back(run: Run) -> None:
    for path in sorted((run.data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":   # payload left unread: a bomb stays compressed
                    run.responses.setdefault(record.rec_headers.get_header("WARC-Target-URI"), []).append(
                        record.rec_headers.get_header("WARC-Truncated"))
    database = run.data / "archive.db"
    if database.exists():
        with sqlite3.connect(database) as db:
            run.captured = {url for (url,) in db.execute("SELECT url FROM captures")}
            run.recorded = {url for (url,) in db.execute(
                "SELECT DISTINCT p.url FROM versions v JOIN pages p ON p.id = v.page_id")}
    current: list[str] = []
    for line in run.log.splitlines():
        if LOG_START.match(line) and current:
            run.records.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        run.records.append("\n".join(current))


@dataclass
class Row:
    fault: Fault
    injected: int = 0
    expected: int = 0
    archived: int = 0
    logged: int = 0
    lost: int = 0
    crashes: int = 0
    problems: list[str] = field(default_factory=list)


def first_line_names(record: str, url: str) -> bool:
    head = record.split("\n", 1)[0]
    return re.search(re.escape(url) + r"(?![\w&=%-])", head) is not None


def tally(fault: Fault, runs: list[Run], copies: int) -> Row:
    row = Row(fault)
    for run in runs:
        for copy in range(1, copies + 1):
            url = run.base + with_copy(fault.link, copy)
            row.injected += 1
            archived = url in run.responses and url in run.captured
            logged = any(first_line_names(r, url) and " INFO scrapy." not in r.split("\n", 1)[0]
                         for r in run.records)
            row.archived += archived
            row.logged += logged
            row.crashes += sum(1 for r in run.records if first_line_names(r, url) and CRASH.search(r))
            if fault.archive:
                row.expected += 1
                row.lost += not archived
            else:
                row.lost += not logged
                if archived:
                    row.problems.append(f"archived though it must be refused: {url}")
            if archived and fault.truncated and set(run.responses[url]) != {fault.truncated}:
                row.problems.append(f"WARC-Truncated {run.responses[url]} != {fault.truncated}")
            if archived and not fault.truncated and any(run.responses[url]):
                row.problems.append(f"marked truncated: {run.responses[url]}")
            if fault.recorded is True and url not in run.recorded:
                row.problems.append(f"no text recorded: {url}")
            if fault.recorded is False and url in run.recorded:
                row.problems.append(f"text recorded: {url}")
        row.problems += special_checks(fault, run)
    return row


def special_checks(fault: Fault, run: Run) -> list[str]:
    if fault.note == "offsite" and run.offsite_hits:
        return [f"the other host was contacted: {dict(run.offsite_hits)}"]
    if fault.note == "calendar":
        months = [p for p in run.hits if p.startswith("/calendar/") and "copy=" not in p]
        if len(months) > DEPTH_LIMIT:
            return [f"{len(months)} months fetched, DEPTH_LIMIT {DEPTH_LIMIT}"]
    if fault.note == "sid":   # `/list?copy=i` links `/list?sid=X`: one of those, the same page to the spider
        sids = sum(n for p, n in run.hits.items() if p.startswith("/list?sid="))
        if sids > 1:
            return [f"{sids} session-id URLs fetched"]
    if fault.note == "xxe" and any(p.startswith("/xxe-probe") for p in run.hits):
        return ["an external entity was fetched"]
    if fault.note == "bomb" and "during decompression" not in run.log:
        return ["the bomb was not refused at decompression"]
    return []


def check(row: Row) -> str:
    problems = sorted(set(row.problems))
    if not problems:
        return "ok"
    return f"FAIL: {problems[0]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")


def outcome(fault: Fault) -> str:
    if not fault.archive:
        return "refused, logged"
    if fault.truncated:
        return f"archived, WARC-Truncated: {fault.truncated}"
    return {True: "archived, text recorded", False: "archived, no text"}.get(fault.recorded, "archived")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--copies", type=int, default=3, help="times each fault is linked (default 3)")
    parser.add_argument("--runs", type=int, default=2, help="fresh crawls of the fault site (default 2)")
    parser.add_argument("--keep", type=Path, help="keep the data dirs under DIR")
    args = parser.parse_args(argv)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return report(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as workdir:
        return report(args, Path(workdir))


def report(args: argparse.Namespace, workdir: Path) -> int:
    runs, started = [], time.monotonic()
    for number in range(1, args.runs + 1):
        began = time.monotonic()
        run = crawl(workdir / f"run{number}", args.copies)
        runs.append(run)
        print(f"run {number}: {run.status}, exit {run.returncode}, {sum(len(v) for v in run.responses.values())} "
              f"response records, {time.monotonic() - began:.1f} s", file=sys.stderr)

    rows = [tally(fault, runs, args.copies) for fault in FAULTS]
    attributed = sum(r.crashes for r in rows)
    all_crashes = sum(sum(1 for rec in run.records if CRASH.search(rec)) for run in runs)
    unfinished = sum(run.status != "finished" or run.returncode != 0 for run in runs)

    header = ("fault", "injected", "expected", "archived", "logged", "lost", "crashes", "outcome", "check")
    table = [header] + [(r.fault.name, r.injected, r.expected, r.archived, r.logged, r.lost, r.crashes,
                         outcome(r.fault), check(r)) for r in rows]
    table.append(("total", sum(r.injected for r in rows), sum(r.expected for r in rows),
                  sum(r.archived for r in rows), sum(r.logged for r in rows), sum(r.lost for r in rows),
                  all_crashes, f"{args.runs} runs x {args.copies} copies, {unfinished} unfinished",
                  "ok" if not any(r.problems for r in rows) else "FAIL"))
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    numeric = range(1, 7)
    for index, line in enumerate(table):
        cells = [str(c).rjust(w) if i in numeric else str(c).ljust(w) for i, (c, w) in enumerate(zip(line, widths))]
        print("  ".join(cells).rstrip())
        if index == 0 or index == len(table) - 2:
            print("  ".join("-" * w for w in widths))
    print(f"\n{time.monotonic() - started:.0f} s; data in {workdir}" if args.keep else
          f"\n{time.monotonic() - started:.0f} s")
    if attributed != all_crashes:
        print(f"{all_crashes - attributed} crash(es) not tied to a fault URL: see the logs", file=sys.stderr)
    bad = sum(r.lost for r in rows) or all_crashes or unfinished or any(r.problems for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
