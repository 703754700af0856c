"""Query plans and timings of archive.search on 100,000 generated articles, SQLite and PostgreSQL;
peer: the same words found by a plain LIKE scan of every text (no index), in the same run.

    .venv/bin/python bench/search_plans.py [--articles 100000] [--sqlite-only]

The collection is tests/generated.py's (Chinese-like text with words of known frequency, written
through the migrations' own schema, so the triggers and GIN indexes are the real ones).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from archive.db import open_engine  # noqa: E402
from archive.search import search  # noqa: E402
from tests import generated  # noqa: E402

def fill(engine, n: int) -> float:
    return generated.fill(engine, n, say=lambda line: print(line, flush=True))


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
