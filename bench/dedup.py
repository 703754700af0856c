#!/usr/bin/env python3
"""Near-duplicate lookup and insert time per document as the store grows (10k, 100k documents).

Documents are synthetic variants of real text: sentences of the seed records and the demo
articles recombined into new articles, one in ten a lightly edited copy of an earlier one.
The store is first filled with 10k (then 100k) documents by bulk inserts, as earlier runs would
have left it; then 1,000 new documents go through the real ArticleStore (page, version, MinHash,
LSH lookup and bands in SQLite, transactions of 500), as a crawl's store does, and are timed.

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
from pipelines.text import neardup  # noqa: E402
from pipelines.store.articles import ArticleStore, PageEvent  # noqa: E402

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


START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def preload(engine, texts: list[str]) -> None:
    """Fill the store with `texts` as earlier runs would have left them (bulk inserts: fast)."""
    from sqlalchemy import insert

    from archive.digests import text_digest
    from archive.models import Article, LshBand, Page, Version

    with engine.begin() as conn:
        for lo in range(0, len(texts), 5000):
            chunk = list(enumerate(texts[lo:lo + 5000], start=lo + 1))
            sigs = {i: neardup.signature(t) for i, t in chunk}
            conn.execute(insert(Article), [{"id": i, "seq": i, "record_name": f"{i:03d}_x", "canonical_page_id": i}
                                           for i, _ in chunk])
            conn.execute(insert(Page), [{"id": i, "url": f"https://old.example.cn/{i}.html",
                                         "canonical_url": f"https://old.example.cn/{i}.html", "source_id": "old",
                                         "source_priority": 0, "first_seen": START, "last_seen": START,
                                         "last_status": 200, "article_id": i} for i, _ in chunk])
            conn.execute(insert(Version), [{"id": i, "page_id": i, "number": 1, "warc_record_id": f"<urn:{i}>",
                                            "fetched_at": START, "text_digest": text_digest(t), "text": t,
                                            "original_text": t, "minhash": neardup.to_bytes(sigs[i])}
                                           for i, t in chunk])
            conn.execute(insert(LshBand), [{"version_id": i, "band": b, "bucket": k} for i, _ in chunk
                                           for b, k in enumerate(neardup.band_keys(sigs[i]))])


def measure_store(size: int, pool: list[str], workdir: Path, probe: int) -> tuple[float, int]:
    """Seconds per document for `probe` new documents added to a store holding `size`."""
    texts = [t for _, t in documents(size + probe, pool, random.Random(size))]
    engine = open_engine(f"sqlite:///{workdir / f'dedup-{size}.db'}")
    started = time.perf_counter()
    preload(engine, texts[:size])
    print(f"  preloaded {size:,} documents in {time.perf_counter() - started:.0f} s", flush=True)
    store = ArticleStore()
    with Session(engine) as session:
        session.begin()
        started = time.perf_counter()
        for i, text in enumerate(texts[size:]):
            url = f"https://new{i % 50}.example.cn/{i}.html"
            store.add(session, PageEvent(url=url, canonical_url=url, source_id=f"s{i % 50}", source_rank=1,
                                         status=200, fetched_at=START + timedelta(seconds=i),
                                         warc_record_id=f"<urn:uuid:new-{i}>", result=Result(text)))
            if (i + 1) % 500 == 0:
                store.settle_canonical(session)
                session.commit()
                session.begin()
        store.settle_canonical(session)
        session.commit()
        elapsed = time.perf_counter() - started
    return elapsed / probe, store.counts["duplicates_near"] + store.counts["duplicates_exact"]


def measure_brute_force(size: int, pool: list[str], probe: int) -> float:
    texts = [t for _, t in documents(size + probe, pool, random.Random(size))]
    stored = np.stack([neardup.signature(t) for t in texts[:size]])
    started = time.perf_counter()
    for text in texts[size:]:
        sig = neardup.signature(text)
        (stored == sig).sum(axis=1).max()
        stored = np.vstack([stored, sig])
    return (time.perf_counter() - started) / probe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probe", type=int, default=1000, help="documents timed at each size")
    args = parser.parse_args()
    pool = sentence_pool()
    print(f"{len(pool)} real sentences in the pool; MinHash scheme {neardup.SCHEME}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            ours, found = measure_store(size, pool, Path(tmp), args.probe)
            brute = measure_brute_force(size, pool, args.probe)
            rows.append((size, ours, brute, found))
    print(f"\n{'stored':>9} | {'article-archive ms/doc':>22} | {'duplicates found':>16} | {'brute force ms/doc':>18}")
    for size, ours, brute, found in rows:
        print(f"{size:>9,} | {1000 * ours:>22.2f} | {found:>16} | {1000 * brute:>18.2f}")
    if len(rows) > 1:
        growth, brute_growth = rows[-1][1] / rows[0][1], rows[-1][2] / rows[0][2]
        print(f"\nper-document cost at {rows[-1][0]:,} vs {rows[0][0]:,} stored: article-archive x{growth:.2f} "
              f"({'flat' if growth < 1.5 else 'GROWING'}), brute force x{brute_growth:.2f}")


if __name__ == "__main__":
    main()
