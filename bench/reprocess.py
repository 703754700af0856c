#!/usr/bin/env python3
"""reprocess throughput: pages per second rebuilding records from WARC files, side by side with
plain trafilatura extracting the same response payloads on every core (the peer).

The collection is made here: the real pages of ../shared/corpus (zh-articles, zh-pages-raw) as
response records of one WARC file, repeated under distinct URLs up to --pages, with a sources
file stored in the WARC as a crawl would store it.

    .venv/bin/python bench/reprocess.py [--pages 2000] [--rounds 3]

The two sides run in turn, --rounds times each, and the best round of each is compared: on a
shared machine one side's single run can land in a slow minute the other missed (single runs of
the same build measured 0.67x to 0.87x here).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

SOURCES = b"""[[source]]
id = "bench"
name = "bench"
start_urls = ["http://bench.example.cn/index.html"]
allowed_domains = ["bench.example.cn"]
article_patterns = ['^/a/\\d+\\.html$']
"""


def real_pages() -> list[bytes]:
    pages = [p.read_bytes() for d in ("zh-articles/original", "zh-pages-raw/html")
             for p in sorted((CORPUS / d).glob("*.htm*"))]
    if not pages:
        sys.exit(f"no pages under {CORPUS}: this benchmark needs ../shared/corpus")
    return pages


def build_collection(data_dir: Path, count: int, pages: list[bytes]) -> list[bytes]:
    from archive.warc import RotatingWarcWriter

    writer = RotatingWarcWriter(data_dir / "warc", prefix="bench", max_size=1 << 40,
                                warcinfo={"software": "bench", "article-archive-run": "bench"},
                                preamble=[("urn:article-archive:sources", SOURCES, "application/toml")])
    payloads = []
    for i in range(count):
        body = pages[i % len(pages)]
        record = writer.response_record(f"http://bench.example.cn/a/{i}.html", fetched_at=datetime.now(timezone.utc),
                                        status_line="200 OK", headers=[("Content-Type", "text/html")], body=body,
                                        ip_address=None)
        writer.write([record])
        payloads.append(body)
    writer.close()
    return payloads


def _extract(body: bytes) -> int:
    import trafilatura

    return len(trafilatura.extract(body) or "")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peer(payloads: list[bytes]) -> tuple[float, float]:
    """Plain trafilatura on every core; returns (seconds, CPU seconds). The seconds leave out the
    pool's start-up and imports; the CPU seconds, read when the workers are reaped, include them."""
    cpu_before = _children_cpu()
    with multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool:
        pool.map(_extract, payloads[: os.cpu_count()])  # warm up: imports in every worker
        start = time.perf_counter()
        pool.map(_extract, payloads, chunksize=16)
        elapsed = time.perf_counter() - start
        pool.close()
        pool.join()
    return elapsed, _children_cpu() - cpu_before


def ours(data_dir: Path) -> tuple[float, float]:
    """`article-archive reprocess` as a user runs it (start-up, clearing, export included); in
    place, so every round rebuilds the same collection."""
    cli = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir), "reprocess"]
    cpu_before = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"reprocess failed: {result.stdout}\n{result.stderr[-2000:]}")
    print("  " + result.stdout.strip().splitlines()[0])
    return elapsed, _children_cpu() - cpu_before  # the workers are reaped by reprocess, so counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = real_pages()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        payloads = build_collection(data_dir, args.pages, pages)
        print(f"{args.pages} responses ({len(pages)} distinct real pages) in one WARC file; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f}")
        peer_runs, our_runs = [], []
        for round_number in range(1, args.rounds + 1):
            peer_runs.append(peer(payloads))
            our_runs.append(ours(data_dir))
            (peer_s, peer_cpu), (our_s, our_cpu) = peer_runs[-1], our_runs[-1]
            print(f"  round {round_number}: trafilatura {peer_s:.1f} s ({peer_cpu:.1f} CPU s), "
                  f"reprocess {our_s:.1f} s ({our_cpu:.1f} CPU s): {peer_s / our_s:.2f}x")
    (seconds_peer, cpu_peer), (seconds_ours, cpu_ours) = (map(min, zip(*runs)) for runs in (peer_runs, our_runs))
    print(f"\nbest of {args.rounds} rounds each (seconds and CPU s, each the least of the rounds):")
    rate_peer, rate_ours = args.pages / seconds_peer, args.pages / seconds_ours
    print(f"\n{'tool':<52} {'seconds':>8} {'pages/s':>8} {'CPU s':>7}")
    print(f"{'trafilatura.extract, all cores (payloads in memory)':<52} {seconds_peer:>8.1f} {rate_peer:>8.1f} {cpu_peer:>7.1f}")
    print(f"{'article-archive reprocess (WARC → records, all cores)':<52} {seconds_ours:>8.1f} {rate_ours:>8.1f} {cpu_ours:>7.1f}")
    ratio = rate_ours / rate_peer
    print(f"\nreprocess / trafilatura: {ratio:.2f}x in pages/s (target >= 0.8x: {'PASS' if ratio >= 0.8 else 'short'}); "
          f"{cpu_peer / cpu_ours:.2f}x in CPU per page")


if __name__ == "__main__":
    main()
