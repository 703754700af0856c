"""Query plans and timings of archive.search on 100,000 generated articles, SQLite and PostgreSQL;
peer: the same words found by a plain LIKE scan of every text (no index), in the same run.

    .venv/bin/python bench/search_plans.py [--articles 100000] [--sqlite-only]

Text is Chinese-like: sentences of words drawn (Zipf-like, fixed seed) from a vocabulary of 1-4
character words over the 3,000 most common-looking CJK code points, so that common words recur as
they do in news text. Rows go in by executemany (SQLite) and COPY (PostgreSQL), through the
migrations' own schema (open_engine), so the triggers / GIN indexes are the real ones; the SQLite
FTS index is filled by the triggers as rows go in (what a crawl does).
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from archive.db import open_engine  # noqa: E402
from archive.search import search  # noqa: E402

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
SOURCES = ["xinhua", "people", "gmw", "chinanews", "cctv"]


def vocabulary(rng: random.Random) -> list[str]:
    chars = [chr(0x4E00 + i * 7) for i in range(3000)]
    words = {"改革", "经济", "发展", "改革开放", "人民", "社会主义", "创新"}
    while len(words) < 20000:
        words.add("".join(rng.choices(chars, k=rng.choice((1, 2, 2, 2, 3, 4)))))
    return sorted(words)


def articles(n: int, seed: int = 20241208):
    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf-like
    rng.shuffle(words)
    # the query words at known frequencies: 改革 common (rank 100: in most articles), 社会主义 rank
    # 300, 创新 rank 1000
    for rank, word in ((100, "改革"), (300, "社会主义"), (1000, "创新")):
        at = words.index(word)
        words[at], words[rank] = words[rank], words[at]
    for i in range(1, n + 1):
        title = "".join(rng.choices(words, cum_weights=cumulative, k=6))
        sentences = ["".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 20))) + "。" for _ in range(rng.randint(8, 25))]
        if i % 5000 == 0:
            sentences.append("稀有的短语量子纠缠通信。")  # a rare 6-character phrase: 20 articles
        body = "\n".join(sentences)
        published = None if i % 17 == 0 else f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        yield i, SOURCES[i % len(SOURCES)], title, body, published, f"作者{i % 300}", f"{SOURCES[i % 5]}报"


def fill(engine, n: int) -> float:
    rows = list(articles(n))
    start = time.perf_counter()
    t = T0.isoformat()
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.executemany("INSERT INTO articles (id, seq, record_name, canonical_page_id, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [(i, i, f"{i:06d}_x", i, t, t) for i, *_ in rows])
            cur.executemany("INSERT INTO pages (id, url, canonical_url, source_id, source_priority, source_publications, "
                            "first_seen, last_seen, last_status, article_id) VALUES (?, ?, ?, ?, 0, '[]', ?, ?, 200, ?)",
                            [(i, f"https://www.{s}.cn/{i}.html", f"https://www.{s}.cn/{i}.html", s, t, t, i)
                             for i, s, *_ in rows])
            cur.executemany("INSERT INTO versions (id, page_id, number, warc_record_id, fetched_at, text_digest, title, "
                            "author, source_publication, published, text, original_text, metadata, charset, report, "
                            "software, settings, created_at) VALUES (?, ?, 1, 'x', ?, 'd', ?, ?, ?, ?, ?, '', '{}', "
                            "'{}', '[]', '{}', '{}', ?)",
                            [(i, i, t, title, a, sp, pub, body, t) for i, s, title, body, pub, a, sp in rows])
            raw.commit()
        finally:
            raw.close()
    else:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            # a bulk load: the GIN indexes are made after the COPY (as pg_restore does); maintained
            # row by row during a COPY of 100,000 texts they took longer than 23 minutes
            indexes = dict(cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                                       "('ix_versions_title_trgm', 'ix_versions_text_trgm', 'ix_versions_bigrams')"))
            for name in indexes:
                cur.execute(f"DROP INDEX {name}")
            with cur.copy("COPY articles (id, seq, record_name, canonical_page_id, created_at, updated_at) FROM STDIN") as cp:
                for i, *_ in rows:
                    cp.write_row((i, i, f"{i:06d}_x", i, T0, T0))
            with cur.copy("COPY pages (id, url, canonical_url, source_id, source_priority, source_publications, "
                          "first_seen, last_seen, last_status, article_id) FROM STDIN") as cp:
                for i, s, *_ in rows:
                    cp.write_row((i, f"https://www.{s}.cn/{i}.html", f"https://www.{s}.cn/{i}.html", s, 0, "[]",
                                  T0, T0, 200, i))
            with cur.copy("COPY versions (id, page_id, number, warc_record_id, fetched_at, text_digest, title, author, "
                          "source_publication, published, text, original_text, metadata, charset, report, software, "
                          "settings, created_at) FROM STDIN") as cp:
                for i, s, title, body, pub, a, sp in rows:
                    cp.write_row((i, i, 1, "x", T0, "d", title, a, sp, pub, body, "", "{}", "{}", "[]", "{}", "{}", T0))
            raw.commit()
            print(f"COPY in {time.perf_counter() - start:.1f}s", flush=True)
            for name, definition in indexes.items():
                began = time.perf_counter()
                cur.execute(definition)
                raw.commit()
                print(f"{name} made in {time.perf_counter() - began:.1f}s", flush=True)
            cur.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    return time.perf_counter() - start


def plan_of(engine, **query) -> str:
    sent = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with Session(engine) as session:
            search(session, **query)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    statement, parameters = sent[-1]  # the page's query (the count's plan is the same but the sort)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return "\n".join(r[-1] for r in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
        return "\n".join(r[0] for r in connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + statement,
                                                                  parameters))


QUERIES = [
    ("2-char 改革", {"words": "改革"}),
    ("3-char 社会主", {"words": "社会主"}),
    ("6-char 量子纠缠通信 (rare)", {"words": "量子纠缠通信"}),
    ("2+4 AND 改革 创新", {"words": "改革 创新"}),
    ("filtered 发展 source=people 2020..2022", {"words": "发展", "source": "people", "published_from": "2020-01-01",
                                               "published_to": "2022-12-31"}),
    ("no words, site + author", {"site": "www.cctv.cn", "author": "作者7"}),
]


def scan_peer(engine, words: str) -> tuple[int, float]:
    """The peer: the same words found by a plain scan of every version's title and text (LIKE, no
    index), counting the articles — what a database without a full-text index does."""
    terms = words.split()
    where = " AND ".join(f"(v.title LIKE :t{i} OR v.text LIKE :t{i})" for i in range(len(terms)))
    params = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    sql = text(f"SELECT count(DISTINCT p.article_id) FROM versions v JOIN pages p ON p.id = v.page_id WHERE {where}")
    with engine.connect() as connection:
        connection.execute(sql, params).scalar_one()  # warm
        times = []
        for _ in range(3):
            start = time.perf_counter()
            found = connection.execute(sql, params).scalar_one()
            times.append(time.perf_counter() - start)
    return found, min(times)


def bench(engine, label: str, n: int) -> None:
    print(f"\n===== {label}: filling {n} articles", flush=True)
    print(f"filled in {fill(engine, n):.1f}s", flush=True)
    for name, query in QUERIES:
        with Session(engine) as session:
            search(session, **query)  # warm
            times = []
            for _ in range(3):
                start = time.perf_counter()
                result = search(session, **query)
                times.append(time.perf_counter() - start)
        print(f"\n--- {name}: total {result.total}, best of 3 {min(times) * 1000:.1f} ms "
              f"(count + page of 20 + snippets)")
        if set(query) == {"words"}:
            found, spent = scan_peer(engine, query["words"])
            print(f"    peer, a LIKE scan of every text (count only): {found} articles, best of 3 {spent * 1000:.1f} ms")
        print(plan_of(engine, **query))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    args = parser.parse_args()
    if not args.postgresql_only:
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            bench(engine, f"SQLite {__import__('sqlite3').sqlite_version}", args.articles)
            engine.dispose()
    if args.sqlite_only:
        return
    from tests.conftest import fresh_postgres_database

    with fresh_postgres_database("article_archive_bench") as url:
        engine = open_engine(url)
        bench(engine, "PostgreSQL", args.articles)
        engine.dispose()


if __name__ == "__main__":
    main()
