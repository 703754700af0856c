#!/usr/bin/env python3
"""Near-duplicate lookup and insert time per document as the store grows (10k, 100k documents).

Documents are synthetic variants of real text: sentences of the seed records and the demo
articles recombined into new articles, one in ten a lightly edited copy of an earlier one.
Each document goes through the real ArticleStore (page, version, MinHash, LSH bands in SQLite),
in transactions of 500 documents, as a crawl's store does.

Peer, same machine, same run: brute force — comparing each new signature with every stored one
(numpy, in memory), which is what the LSH bands avoid; its cost grows with the store.

    .venv/bin/python bench/dedup.py [--sizes 10000 100000]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.db import open_engine  # noqa: E402
from pipelines import neardup  # noqa: E402
from pipelines.articles import ArticleStore, PageEvent  # noqa: E402

SENTENCE = re.compile(r"[^。！？]+[。！？]")


def sentence_pool() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT.parent / "shared" / "seeds").glob("*.txt")]
    demo = json.loads((ROOT / "crawler" / "demo" / "sites" / "articles.json").read_text(encoding="utf-8"))
    for article in demo["articles"]:
        texts.append("\n".join(article["paragraphs"]))
    pool = sorted({s.strip() for t in texts for s in SENTENCE.findall(t) if 12 <= len(s.strip()) <= 120})
    if len(pool) < 100:
        sys.exit("not enough real sentences found (seeds or demo articles missing)")
    return pool


def documents(count: int, pool: list[str], rng: random.Random):
    made: list[str] = []
    for i in range(count):
        if made and rng.random() < 0.1:  # an edited copy of an earlier document
            sentences = SENTENCE.findall(rng.choice(made[-1000:]))
            sentences[rng.randrange(len(sentences))] = rng.choice(pool)
            text = "".join(sentences)
        else:
            text = "".join(rng.sample(pool, 14))
        made.append(text)
        yield i, text


class Result:
    def __init__(self, text: str) -> None:
        self.text = self.original_text = text
        self.title, self.author, self.source, self.published = "t", None, None, None
        self.metadata, self.report, self.extractor = {}, [], "bench"
        self.charset = {"confidence": 1.0, "replacements": 0}


def run_store(size: int, pool: list[str], workdir: Path) -> list[float]:
    """Seconds per document, per window of 1,000 documents."""
    engine = open_engine(f"sqlite:///{workdir / f'dedup-{size}.db'}")
    store, start = ArticleStore(), datetime(2026, 1, 1, tzinfo=timezone.utc)
    windows, window_start, session = [], time.perf_counter(), Session(engine)
    session.begin()
    for i, text in documents(size, pool, random.Random(size)):
        url = f"https://s{i % 50}.example.cn/{i}.html"
        store.add(session, PageEvent(url=url, canonical_url=url, source_id=f"s{i % 50}", source_rank=i % 3,
                                     status=200, fetched_at=start + timedelta(seconds=i),
                                     warc_record_id=f"<urn:uuid:{i}>", result=Result(text)))
        if (i + 1) % 500 == 0:
            session.commit()
            session.begin()
        if (i + 1) % 1000 == 0:
            now = time.perf_counter()
            windows.append((now - window_start) / 1000)
            window_start = now
    session.commit()
    session.close()
    print(f"  {size:>7} docs: {store.counts['duplicates_near']} near and {store.counts['duplicates_exact']} exact "
          f"duplicates found", flush=True)
    return windows


def run_brute_force(size: int, pool: list[str]) -> list[float]:
    stored = np.empty((size, neardup.NUM_PERM), dtype=np.uint32)
    windows, window_start = [], time.perf_counter()
    for i, text in documents(size, pool, random.Random(size)):
        sig = neardup.signature(text)
        if i:
            (stored[:i] == sig).sum(axis=1).max()
        stored[i] = sig
        if (i + 1) % 1000 == 0:
            now = time.perf_counter()
            windows.append((now - window_start) / 1000)
            window_start = now
    return windows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    pool = sentence_pool()
    print(f"{len(pool)} real sentences in the pool")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            ours = run_store(size, pool, Path(tmp))
            brute = run_brute_force(size, pool)
            rows.append((size, ours, brute))
    print(f"\n{'documents':>10} | {'article-archive ms/doc':>22} | {'first 1k':>8} | {'last 1k':>8} | "
          f"{'brute force ms/doc':>18} | {'last 1k':>8}")
    for size, ours, brute in rows:
        print(f"{size:>10} | {1000 * sum(ours) / len(ours):>22.2f} | {1000 * ours[0]:>8.2f} | {1000 * ours[-1]:>8.2f} | "
              f"{1000 * sum(brute) / len(brute):>18.2f} | {1000 * brute[-1]:>8.2f}")
    if len(rows) > 1:
        small, large = rows[0][1], rows[-1][1]
        growth = large[-1] / small[-1]
        print(f"\ncost of the last 1,000 documents, {rows[-1][0]:,} vs {rows[0][0]:,} stored: "
              f"article-archive x{growth:.2f} ({'flat' if growth < 1.5 else 'GROWING'}), "
              f"brute force x{rows[-1][2][-1] / rows[0][2][-1]:.2f}")


if __name__ == "__main__":
    main()
