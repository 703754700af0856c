#!/usr/bin/env python3
"""Crawl throughput benchmark: article-archive against wget, trafilatura and plain Scrapy.

Generates a local Chinese news site (bench/sitegen.py: N article pages of ~12 KB, ~50 links each),
serves it (nginx when installed, else a threaded Python server in a separate process), then runs,
each in its own fresh temp dir and as its own child process:

    wget            wget --recursive --level=inf --no-parent --warc-file … -e robots=off
    extraction      plain trafilatura.extract() over wget's saved pages, one process per core
    trafilatura CLI trafilatura -i urls.txt --parallel 4 (download + extract, no WARC)
    scrapy plain    a plain Scrapy spider following every link with response.follow (reference)
    archive-only    article-archive crawl --archive-only (WARC + capture rows)
    archive-split   the same with --processes <cores>: split over processes, frontier in Redis
                    (needs Redis at $ARTICLE_ARCHIVE_FRONTIER_URL, default 127.0.0.1:6379)
    full            article-archive crawl (WARC, capture rows, extraction, pages/versions, records)

and prints one table (pages, seconds, pages/s, CPU seconds of the child's process tree, peak RSS)
with the targets, plus `article-archive --help` start-up time. "pages" are article pages archived
(or extracted); the crawlers also fetch the list pages, robots.txt and the stylesheet.

    .venv/bin/python bench/crawl.py [--pages 2000]        the throughput table
    .venv/bin/python bench/crawl.py --rounds 3           the same three times in turn, median ratios
    .venv/bin/python bench/crawl.py --memory             peak RSS at --pages and 10x --pages
    .venv/bin/python bench/crawl.py --profile            the full crawl under py-spy, top functions
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import sitegen  # noqa: E402
import serve  # noqa: E402

PY = sys.executable
TOOLS = str(BENCH / "tools.py")
ARTICLE = re.compile(r"/a/\d+\.html$")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")

SPLIT_PROCESSES = max(2, os.cpu_count() or 1)  # the archive-split row: one crawl process per core
# (label, measured row, peer row, ratio wanted): pages/s of the row over the peer's, in the same round
TARGETS = (("archive-only >= 0.6 x wget", "archive-only", "wget", 0.6),
           (f"archive-only x{SPLIT_PROCESSES} >= 0.6 x wget", "archive-split", "wget", 0.6),
           ("full >= 1.5 x trafilatura CLI", "full", "trafilatura", 1.5),
           ("full >= 0.6 x extraction limit", "full", "extract", 0.6))

SOURCES_TOML = """\
[[source]]
id = "bench"
name = "bench"
start_urls = ["{base}/index.html"]
allowed_domains = ["127.0.0.1:{port}"]
article_patterns = ['^/a/\\d+\\.html$']
follow_patterns = ['^/index\\d*\\.html$']
allow_private_addresses = true
"""


def bin_path(name: str) -> str:
    """A console script of the interpreter running this file (the project's venv), else PATH."""
    local = Path(PY).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


# -- /proc accounting ---------------------------------------------------------------------------------

def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid → (ppid, rss bytes, utime+stime ticks) for every process we can read."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        # after "pid (comm) ": state ppid ... utime(12) stime(13) ... rss(22), 0-based from state
        table[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE_SIZE, int(fields[11]) + int(fields[12]))
    return table


def _tree(table: dict, root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, /proc/stat)."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def tree_cpu(root: int) -> float:
    table = _proc_table()
    return sum(table[p][2] for p in _tree(table, root)) / CLK_TCK


class TreeRssSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.ticks: dict[int, int] = {}  # pid -> CPU ticks when last seen (a pid gone between samples loses < interval)
        self.children: dict[int, str] = {}  # the root's direct children -> their command lines
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            table = _proc_table()
            tree = _tree(table, self.pid)
            self.peak = max(self.peak, sum(table[p][1] for p in tree))
            self.ticks.update((p, table[p][2]) for p in tree)
            for p in tree:
                if table[p][0] == self.pid and p not in self.children:
                    try:
                        self.children[p] = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    except OSError:
                        self.children[p] = ""
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Run:
    tool: str
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    maxrss: int = 0          # bytes: largest single process of the tree (wait4 ru_maxrss)
    tree_rss: int = 0        # bytes: peak of the sampled sum over the tree
    server_cpu: float = 0.0
    other_cpu: float = 0.0   # the rest of the machine during the run: other processes, softirq, this script
    rc: int = 0
    out: str = ""
    checks: list[str] = field(default_factory=list)
    rate_seconds: float | None = None   # when the rate is computed on a narrower time than `seconds`
    cpu_by_pid: dict[int, float] = field(default_factory=dict)  # sampled CPU s per process of the tree
    children: dict[int, str] = field(default_factory=dict)      # the root's direct children, command lines
    pid: int = 0

    @property
    def rate(self) -> float:
        secs = self.rate_seconds or self.seconds
        return self.pages / secs if secs else 0.0


PROJECT: Path = ROOT  # the checkout whose crawler is measured (--project: A/B a patched copy)


def measure(tool: str, argv: list[str], *, cwd: Path, log: Path, server: serve.Server | None,
            env: dict | None = None) -> Run:
    """Run argv as a child; wall time, CPU (user+sys of the child and its reaped descendants), RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out_path = log.with_suffix(".out")
    server_before = tree_cpu(server.proc.pid) if server else 0.0
    busy_before = machine_busy()
    with open(out_path, "wb") as out, open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env)
        sampler = TreeRssSampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): the child goes too
            proc.kill()
            proc.wait()
            sampler.stop()
            raise
        seconds = time.perf_counter() - start
        busy = machine_busy() - busy_before
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
    run = Run(tool, seconds=seconds, cpu=usage.ru_utime + usage.ru_stime, maxrss=usage.ru_maxrss * 1024,
              tree_rss=max(sampler.peak, usage.ru_maxrss * 1024), rc=proc.returncode,
              server_cpu=(tree_cpu(server.proc.pid) - server_before) if server else 0.0,
              out=out_path.read_text(errors="replace"), pid=proc.pid,
              cpu_by_pid={p: t / CLK_TCK for p, t in sampler.ticks.items()}, children=sampler.children)
    run.other_cpu = max(0.0, busy - run.cpu - run.server_cpu)
    if run.rc != 0:
        tail = log.read_text(errors="replace")[-2000:]
        print(f"  !! {tool} exited {run.rc}; stderr tail ({log}):\n{tail}", file=sys.stderr)
    return run


def last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                pass
    return {}


# -- what each tool archived ---------------------------------------------------------------------------

def warc_counts(paths: list[Path]) -> dict:
    from warcio.archiveiterator import ArchiveIterator

    types: Counter[str] = Counter()
    articles: set[str] = set()
    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                types[record.rec_type] += 1
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    status = record.http_headers.get_statuscode() if record.http_headers else ""
                    if ARTICLE.search(uri) and status == "200":
                        articles.add(uri)
    return {"responses": types["response"], "requests": types["request"], "articles": len(articles)}


def db_counts(db: Path) -> dict:
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        count = lambda table: conn.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: E731
        stats = conn.execute("select stats from crawl_runs order by id desc limit 1").fetchone()
        stats = json.loads(stats[0]) if stats and stats[0] else {}
        return {"captures": count("captures"), "pages": count("pages"), "versions": count("versions"),
                "articles": count("articles"), "elapsed": stats.get("elapsed_time_seconds"),
                "text_processed": stats.get("text/processed", 0), "text_failed": stats.get("text/failed", 0)}


# -- the runs ---------------------------------------------------------------------------------------

def run_wget(work: Path, server: serve.Server) -> Run:
    d = work / "wget"
    d.mkdir()
    argv = ["wget", "--recursive", "--level=inf", "--no-parent", f"--warc-file={d / 'site'}", "--no-verbose",
            "-e", "robots=off", "-P", str(d / "files"), "-o", str(d / "wget.log"), f"{server.base_url}/index.html"]
    run = measure("wget --warc-file", argv, cwd=d, log=d / "stderr.log", server=server)
    run.rc = 0 if run.rc in (0, 8) else run.rc  # 8: some server answered an error (none expected)
    counts = warc_counts(sorted(d.glob("site*.warc.gz")))
    run.pages = counts["articles"]
    run.checks.append(f"WARC: {counts['responses']} response records, {counts['articles']} article pages")
    return run


def saved_pages(work: Path, server: serve.Server, site: Path, pages: int) -> list[Path]:
    """wget's saved copies of the article pages (byte-identical to the site's files)."""
    base = work / "wget" / "files" / f"127.0.0.1:{server.port}"
    paths = [base / p.lstrip("/") for p in sitegen.article_paths(pages)]
    if all(p.exists() for p in paths):
        return paths
    return [site / p.lstrip("/") for p in sitegen.article_paths(pages)]


def run_extract(work: Path, files: list[Path], server: serve.Server) -> Run:
    d = work / "extract"
    d.mkdir()
    (d / "files.txt").write_text("".join(f"{p}\n" for p in files))
    run = measure("trafilatura extract (all cores)", [PY, TOOLS, "extract", str(d / "files.txt")],
                  cwd=d, log=d / "stderr.log", server=server)
    info = last_json(run.out)
    run.pages = info.get("extracted", 0)
    run.rate_seconds = info.get("seconds")
    run.checks.append(f"{info.get('extracted')}/{info.get('pages')} pages gave text with {info.get('workers')} "
                      f"workers; extraction alone {info.get('seconds', 0):.2f} s (the limit used for the target)")
    return run


def trafilatura_config(path: Path) -> Path:
    import importlib.util

    spec = importlib.util.find_spec("trafilatura")
    text = (Path(spec.submodule_search_locations[0]) / "settings.cfg").read_text()
    text = re.sub(r"(?m)^SLEEP_TIME\s*=.*$", "SLEEP_TIME = 0", text)
    if re.search(r"(?m)^SSRF_PROTECTION\s*=", text):
        text = re.sub(r"(?m)^SSRF_PROTECTION\s*=.*$", "SSRF_PROTECTION = off", text)
    else:
        text = text.replace("[DEFAULT]", "[DEFAULT]\nSSRF_PROTECTION = off", 1)
    path.write_text(text)
    return path


def run_trafilatura_cli(work: Path, server: serve.Server, pages: int) -> Run:
    d = work / "trafilatura-cli"
    d.mkdir()
    (d / "urls.txt").write_text("".join(f"{server.base_url}{p}\n" for p in sitegen.article_paths(pages)))
    config = trafilatura_config(d / "settings.cfg")
    argv = [bin_path("trafilatura"), "-i", "urls.txt", "--parallel", "4", "--config-file", str(config),
            "-o", "out"]
    run = measure("trafilatura CLI --parallel 4", argv, cwd=d, log=d / "stderr.log", server=server)
    out = [p for p in (d / "out").rglob("*") if p.is_file()]  # it spreads files over numbered subdirs
    run.pages = len(out)
    run.checks.append(f"{len(out)}/{pages} URLs gave an output file")
    return run


def run_scrapy_plain(work: Path, server: serve.Server) -> Run:
    d = work / "scrapy-plain"
    d.mkdir()
    run = measure("scrapy plain response.follow", [PY, TOOLS, "scrapy-plain", f"{server.base_url}/index.html"],
                  cwd=d, log=d / "stderr.log", server=server)
    info = last_json(run.out)
    run.pages = info.get("articles", 0)
    run.checks.append(f"{info.get('responses')} responses, {info.get('articles')} article pages")
    return run


def run_scrapy_floor(work: Path, server: serve.Server, pages: int) -> Run:
    d = work / "scrapy-floor"
    d.mkdir()
    (d / "urls.txt").write_text("".join(f"{server.base_url}{p}\n" for p in sitegen.article_paths(pages)))
    run = measure("scrapy floor (URL list, no parsing)", [PY, TOOLS, "scrapy-floor", str(d / "urls.txt")],
                  cwd=d, log=d / "stderr.log", server=server)
    info = last_json(run.out)
    run.pages = info.get("articles", 0)
    run.checks.append(f"{info.get('responses')} responses: Scrapy's own cost per page on this machine, "
                      "the ceiling for any one-process Scrapy crawl")
    return run


def run_article_archive(work: Path, server: serve.Server, mode: str, pages: int, *,
                        prefix: list[str] = (), label: str | None = None, settings: list[str] = (),
                        processes: int = 1) -> Run:
    d = work / (f"article-archive-{mode}" + (f"-{processes}" if processes > 1 else ""))
    d.mkdir()
    sources = d / "sources.toml"
    sources.write_text(SOURCES_TOML.format(base=server.base_url, port=server.port))
    data = d / "data"
    argv = [*prefix, PY, TOOLS, "article-archive", "--data-dir", str(data), "--sources", str(sources)]
    if mode == "archive-only":
        argv.append("--archive-only")
    if processes > 1:
        argv += ["--processes", str(processes)]
    for pair in settings:
        argv += ["--set", pair]
    env = None
    if PROJECT != ROOT:  # imports (and the spawned text workers' imports) come from that checkout
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    run = measure(label or f"article-archive {mode}", argv, cwd=PROJECT, log=d / "stderr.log", server=server,
                  env=env)
    info = last_json(run.out).get("summary", {})
    counts = warc_counts(sorted((data / "warc").glob("*.warc.gz")))
    db = db_counts(data / "archive.db")
    run.pages = counts["articles"]
    run.checks.append(f"WARC: {counts['responses']} response + {counts['requests']} request records, "
                      f"{counts['articles']}/{pages} article pages; {db.get('captures')} capture rows")
    if mode == "full":
        records = len(list((data / "records").glob("*.txt"))) if (data / "records").exists() else 0
        run.checks.append(f"text: {db.get('text_processed')} processed, {db.get('text_failed')} failed; "
                          f"{db.get('pages')} pages, {db.get('versions')} versions, {db.get('articles')} articles, "
                          f"{info.get('records_written')} records written ({records} files)")
    run.checks.append(process_cpu(run, mode == "full"))
    if db.get("elapsed"):
        run.checks.append(f"Scrapy elapsed (engine start to stop) {db['elapsed']:.1f} s of {run.seconds:.1f} s; "
                          f"run status {info.get('status')}")
    warnings = [ln for ln in (d / "stderr.log").read_text(errors="replace").splitlines()
                if ln.startswith(("WARNING", "ERROR", "CRITICAL"))]
    if warnings:
        run.checks.append(f"{len(warnings)} warning/error log lines, first: {warnings[0][:160]}")
    return run


def process_cpu(run: Run, full: bool) -> str:
    """CPU seconds by kind of process: the main (reactor) process, the store process, the rest (text
    workers; the processes of a split crawl). The full crawl's store process is the first child
    it spawns (before the text pool; multiprocessing's resource tracker aside)."""
    spawned = sorted(p for p, cmd in run.children.items() if "spawn_main" in cmd and "resource_tracker" not in cmd)
    store = spawned[0] if full and spawned else None
    main = run.cpu_by_pid.get(run.pid, 0.0)
    rest = sum(cpu for pid, cpu in run.cpu_by_pid.items() if pid not in (run.pid, store))
    return (f"CPU s by process (sampled): main {main:.1f}"
            + (f", store {run.cpu_by_pid.get(store, 0.0):.1f}" if store else "") + f", others {rest:.1f}; "
            f"{1000 * main / max(run.pages, 1):.1f} ms a page in main")


def help_time(runs: int = 7) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([bin_path("article-archive"), "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


# -- output -------------------------------------------------------------------------------------------

def mb(n: int) -> str:
    return f"{n / 2**20:.0f}"


def print_table(runs: list[Run]) -> None:
    head = ("tool", "pages", "seconds", "pages/s", "CPU s", "CPU ms/page", "peak RSS MB", "tree RSS MB",
            "server CPU s", "other CPU s")
    rows = [(r.tool, str(r.pages), f"{r.seconds:.2f}", f"{r.rate:.0f}" + ("*" if r.rate_seconds else ""),
             f"{r.cpu:.1f}", f"{1000 * r.cpu / r.pages:.1f}" if r.pages else "-", mb(r.maxrss), mb(r.tree_rss),
             f"{r.server_cpu:.1f}", f"{r.other_cpu:.1f}") for r in runs]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    fmt = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    print(fmt(head))
    print(fmt(["-" * w for w in widths]))
    for row in rows:
        print(fmt(row))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "short"


def machine() -> str:
    return (f"{os.cpu_count()} cores ({platform.machine()}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def load_note() -> str:
    one, five, _ = os.getloadavg()
    busy = f"load average {one:.2f} (1 min), {five:.2f} (5 min)"
    return busy + ("" if one < 0.5 else ": the machine is busy, figures will be low and noisy")


def setup_site(work: Path, pages: int, prefer: str, workers: int) -> tuple[Path, serve.Server]:
    site = work / "site"
    start = time.perf_counter()
    shape = sitegen.generate(site, pages)
    print(f"site: {shape['pages']} article pages (mean {shape['mean_article_bytes']} bytes), "
          f"{shape['index_pages']} list pages, generated in {time.perf_counter() - start:.1f} s")
    server = serve.start_server(site, work / "server", prefer, workers)
    print(f"server: {server.kind} on {server.base_url} ({server.note}); {load_note()}")
    return site, server


def throughput(args: argparse.Namespace, work: Path) -> int:
    site, server = setup_site(work, args.pages, args.server, args.server_workers)
    wanted = set(args.tools.split(",")) if args.tools else None
    rounds: list[dict[str, Run]] = []
    with server:
        for k in range(args.rounds):
            # Each round runs every tool once, in the same order, in a work dir of its own: on a
            # noisy machine only ratios taken within one round compare like with like.
            w = work / f"round-{k + 1}" if args.rounds > 1 else work
            w.mkdir(exist_ok=True)
            steps = [("wget", lambda: run_wget(w, server)),
                     ("extract", lambda: run_extract(w, saved_pages(w, server, site, args.pages), server)),
                     ("trafilatura", lambda: run_trafilatura_cli(w, server, args.pages)),
                     ("scrapy", lambda: run_scrapy_plain(w, server)),
                     ("scrapy-floor", lambda: run_scrapy_floor(w, server, args.pages)),
                     ("archive-only", lambda: run_article_archive(w, server, "archive-only", args.pages,
                                                                  settings=args.set)),
                     ("archive-split", lambda: run_article_archive(
                         w, server, "archive-only", args.pages, settings=args.set, processes=SPLIT_PROCESSES,
                         label=f"article-archive archive-only x{SPLIT_PROCESSES}")),
                     ("full", lambda: run_article_archive(w, server, "full", args.pages, settings=args.set))]
            runs: dict[str, Run] = {}
            for name, step in steps:
                if wanted is None or name in wanted:
                    print(f"running {name}{f' (round {k + 1})' if args.rounds > 1 else ''} ...", flush=True)
                    runs[name] = step()
            rounds.append(runs)
    help_median, help_all = help_time()

    for k, runs in enumerate(rounds):
        print()
        print(f"{args.pages} article pages; {machine()}; server {server.kind}"
              + (f"; round {k + 1} of {len(rounds)}" if len(rounds) > 1 else ""))
        print_table(list(runs.values()))
    print("  * pages/s of the extraction row: extraction alone (after imports and pool start-up)")
    print()
    for k, runs in enumerate(rounds):
        for r in runs.values():
            for c in r.checks:
                print(f"  {f'round {k + 1}: ' if len(rounds) > 1 else ''}{r.tool}: {c}")
    print()
    print("targets" + (f" (median of {len(rounds)} rounds; each round's ratio in brackets)" if len(rounds) > 1
                       else "") + ":")
    target_lines(rounds)
    print(f"  {'article-archive --help < 0.5 s':34} median {help_median:.3f} s of {len(help_all)} "
          f"(min {min(help_all):.3f}, first {help_all[0]:.3f})  {verdict(help_median < 0.5)}")
    print("  peak RSS 20,000 <= 1.2 x 2,000 pages:  run with --memory")
    failed = [r.tool for runs in rounds for r in runs.values() if r.rc != 0 or r.pages < args.pages * 0.99]
    if failed:
        print(f"\nincomplete runs (exit code or pages short): {', '.join(failed)}")
    return 0 if not failed else 1


def target_lines(rounds: list[dict[str, Run]]) -> None:
    """Each target's ratio (the median over the rounds of the ratio within each round) and, for the
    full crawl, the CPU budget the target leaves a page: the full crawl keeps every core busy, so
    at R pages/s it may spend at most cores x 1000 / R CPU ms on each page, everything included."""
    cores = os.cpu_count() or 1
    for label, row, peer, want_ratio in TARGETS:
        pairs = [(runs[row], runs[peer]) for runs in rounds if row in runs and peer in runs and runs[peer].rate]
        if not pairs:
            continue
        ratios = [a.rate / b.rate for a, b in pairs]
        ratio = statistics.median(ratios)
        rate = statistics.median(a.rate for a, _ in pairs)
        peer_rate = statistics.median(b.rate for _, b in pairs)
        each = f" [{', '.join(f'{r:.2f}' for r in ratios)}]" if len(ratios) > 1 else ""
        print(f"  {label:34} {rate:7.0f} / {peer_rate:7.0f} pages/s = {ratio:5.2f}x{each}  "
              f"{verdict(ratio >= want_ratio)}")
        if row == "full":
            budget = cores * 1000 / (want_ratio * peer_rate)
            spent = statistics.median(1000 * a.cpu / a.pages for a, _ in pairs if a.pages)
            print(f"  {'':34} needs <= {budget:.1f} CPU ms a page on {cores} cores; the full crawl spends {spent:.1f}")


def memory(args: argparse.Namespace, work: Path) -> int:
    sizes = [int(x) for x in args.memory_sizes.split(",")] if args.memory_sizes else [args.pages, args.pages * 10]
    modes = [m for m in ("archive-only", "full") if not args.modes or m in args.modes.split(",")]
    incomplete: list[str] = []
    results: dict[tuple[str, int], Run] = {}
    for size in sizes:
        w = work / f"mem-{size}"
        w.mkdir()
        _, server = setup_site(w, size, args.server, args.server_workers)
        with server:
            for mode in modes:
                print(f"running article-archive {mode} on {size} pages ...", flush=True)
                results[(mode, size)] = run = run_article_archive(w, server, mode, size, settings=args.set)
                print(f"  {run.pages} pages in {run.seconds:.1f} s ({run.rate:.0f}/s), peak RSS {mb(run.maxrss)} MB, "
                      f"tree {mb(run.tree_rss)} MB", flush=True)
                for c in run.checks:
                    print(f"    {c}")
                if run.rc != 0 or run.pages < size:
                    incomplete.append(f"{mode} at {size} ({run.pages} pages, exit {run.rc})")
    print()
    print(f"peak RSS; {machine()}")
    print_table(list(results.values()))
    print()
    small, large = sizes[0], sizes[-1]
    ok = True
    for mode in modes:
        a, b = results[(mode, small)], results[(mode, large)]
        for what, x, y in (("largest process", a.maxrss, b.maxrss), ("process tree", a.tree_rss, b.tree_rss)):
            ratio = y / x
            if what == "largest process":
                ok &= ratio <= 1.2
            print(f"  {mode:13} {what:16} {mb(x):>5} MB at {small} -> {mb(y):>5} MB at {large}: "
                  f"{ratio:.2f}x  {verdict(ratio <= 1.2) if what == 'largest process' else '(info)'}")
    if incomplete:
        print(f"\nincomplete runs (the figures above do not count): {'; '.join(incomplete)}")
    return 0 if ok and not incomplete else 1


def profile(args: argparse.Namespace, work: Path) -> int:
    pyspy = bin_path("py-spy")
    if not shutil.which(pyspy) and not Path(pyspy).exists():
        print("py-spy not found: `.venv/bin/pip install py-spy`", file=sys.stderr)
        return 2
    _, server = setup_site(work, args.pages, args.server, args.server_workers)
    raw = work / "profile.txt"
    prefix = [pyspy, "record", "--subprocesses", "--nonblocking", "--rate", "200", "--format", "raw",
              "--output", str(raw), "--"]
    with server:
        run = run_article_archive(work, server, args.profile_mode, args.pages, prefix=prefix,
                                  label=f"{args.profile_mode} under py-spy", settings=args.set)
    print(f"{run.pages} pages in {run.seconds:.1f} s under py-spy (sampling slows it down); raw stacks: {raw}")
    print_hotspots(raw, args.top)
    return 0


def print_hotspots(raw: Path, top: int) -> None:
    """Self and inclusive sample counts per function from py-spy's raw (collapsed) output, per process."""
    by_proc: dict[str, tuple[Counter, Counter, list[int]]] = {}
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        depth = sum(f.startswith("process ") for f in frames)  # py-spy --subprocesses: one per process level
        frames = [re.sub(r":\d+\)$", ")", f) for f in frames if not f.startswith("process ")]
        kind = ("main (reactor) process" if depth <= 1 else
                "text worker processes" if any("_process_worker" in f for f in frames) else "other child processes")
        selfc, incl, total = by_proc.setdefault(kind, (Counter(), Counter(), [0]))
        n = int(count)
        total[0] += n
        if frames:
            selfc[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    for kind, (selfc, incl, total) in sorted(by_proc.items(), key=lambda kv: -kv[1][2][0]):
        print(f"\n== {kind}: {total[0]} samples")
        print("  self%  function")
        for f, n in selfc.most_common(top):
            print(f"  {100 * n / total[0]:5.1f}  {f}")
        print("  incl%  function (cumulative)")
        for f, n in incl.most_common(top * 2):
            print(f"  {100 * n / total[0]:5.1f}  {f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--pages", type=int, default=2000, help="article pages in the site (default 2000)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run the tools this many times in turn; targets from the median of the rounds' ratios")
    ap.add_argument("--memory", action="store_true",
                    help="article-archive archive-only and full at --pages and 10x --pages: peak RSS")
    ap.add_argument("--modes", help="for --memory: archive-only,full (default both)")
    ap.add_argument("--memory-sizes", help="comma-separated sizes for --memory (default PAGES,10*PAGES)")
    ap.add_argument("--profile", action="store_true", help="run an article-archive crawl under py-spy, print hotspots")
    ap.add_argument("--profile-mode", choices=("full", "archive-only"), default="full",
                    help="which article-archive mode --profile runs (default full)")
    ap.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    ap.add_argument("--tools",
                    help="comma-separated subset: wget,extract,trafilatura,scrapy,scrapy-floor,archive-only,archive-split,full")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                    help="an extra Scrapy setting for the article-archive runs, e.g. --set CONCURRENT_ITEMS=16 "
                         "(to try a change without editing the project; the output says so); "
                         "{data_dir} in the value becomes the run's data dir")
    ap.add_argument("--project", type=Path, default=ROOT,
                    help="checkout whose crawler the article-archive runs import (default: this one); "
                         "for A/B runs of a patched copy")
    ap.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    ap.add_argument("--server-workers", type=int, default=1, help="nginx worker processes (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (site, WARCs, data dirs, logs)")
    ap.add_argument("--work-dir", type=Path, help="use this dir (must not exist) instead of a temp dir")
    args = ap.parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C, so the server and the temp dir are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if args.work_dir:
        args.work_dir.mkdir(parents=True)
        work = args.work_dir.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="article-archive-bench-"))
    print(f"work dir: {work}{' (kept)' if args.keep or args.work_dir else ' (removed at the end; --keep keeps it)'}")
    global PROJECT
    PROJECT = args.project.resolve()
    if PROJECT != ROOT:
        print(f"article-archive runs import the checkout at {PROJECT}")
    if args.set:
        print(f"extra settings for the article-archive runs (not the shipped configuration): {' '.join(args.set)}")
    started = time.perf_counter()
    try:
        if args.profile:
            rc = profile(args, work)
        elif args.memory:
            rc = memory(args, work)
        else:
            rc = throughput(args, work)
    finally:
        if not (args.keep or args.work_dir):
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
    return rc


if __name__ == "__main__":
    sys.exit(main())
