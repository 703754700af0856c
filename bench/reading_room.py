"""The reading room under load: requests per second and latency (p50, p95) of its search and
record pages on a generated collection of 100,000 articles (tests/generated.py), served by the real
`article-archive serve` (uvicorn, one process) and asked over HTTP by client threads in this
process; peer, in the same run: the same queries run directly on the database through the
functions the pages call (archive.search.search, archive.provenance.show), with no HTTP and no
HTML — what the web layer adds is the difference.

    .venv/bin/python bench/reading_room.py [--articles 100000] [--requests 300] [--clients 4] [--postgresql]

Two cores here: the server, the client threads and (in the peer) the database share them.
Search queries rotate over common and rare Chinese words, 2 to 6 characters, with and without
filters, over the first five result pages; record pages over random record numbers.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from archive.db import open_engine  # noqa: E402
from tests import generated  # noqa: E402

SEARCHES = [{"words": "改革"}, {"words": "社会主"}, {"words": "创新"}, {"words": "改革 创新"},
            {"words": generated.RARE_PHRASE}, {"words": "发展", "source": "people"},
            {"words": "经济", "published_from": "2020-01-01", "published_to": "2022-12-31"},
            {"author": "作者7"}]
FORM = {"words": "q", "source": "source", "published_from": "from", "published_to": "to", "author": "author"}


def search_paths(n: int, rng: random.Random) -> list[tuple[dict, int]]:
    return [(SEARCHES[i % len(SEARCHES)], rng.randint(1, 5)) for i in range(n)]


def record_numbers(n: int, articles: int, rng: random.Random) -> list[int]:
    return [rng.randint(1, articles) for _ in range(n)]


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, database_url: str | None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [str(ROOT / ".venv/bin/article-archive"), "--data-dir", str(data_dir), "serve", "--port", str(port)]
    if database_url:
        command += ["--database-url", database_url]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"serve exited: {server.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("serve did not listen within 60 s")


def over_http(port: int, paths: list[str], clients: int) -> tuple[list[float], float]:
    """Each path asked once, by `clients` threads with one keep-alive connection each; latencies and
    the wall time of all of them."""
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(reversed(paths))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}: {body[:200]!r}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - began


def direct(engine, calls: list) -> tuple[list[float], float]:
    """The peer: each call run on a session of its own, one after another."""
    latencies = []
    began = time.perf_counter()
    for call in calls:
        start = time.perf_counter()
        with Session(engine) as session:
            call(session)
        latencies.append(time.perf_counter() - start)
    return latencies, time.perf_counter() - began


def report(label: str, latencies: list[float], wall: float) -> None:
    p50, p95 = percentiles(latencies)
    print(f"  {label:<50} {len(latencies) / wall:8.1f} req/s   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)


def bench(engine, data_dir: Path, database_url: str | None, args) -> None:
    from archive.provenance import show
    from archive.search import search

    rng = random.Random(7)
    searches = search_paths(args.requests, rng)
    records = record_numbers(args.requests, args.articles, rng)
    search_urls = ["/find?" + urlencode({FORM[k]: v for k, v in query.items()} | {"page": page})
                   for query, page in searches]
    record_urls = [f"/r/{n}" for n in records]

    print("\ndirect on the database (the peer: no HTTP, no HTML), one caller:")
    report("search (count + page of 20 + snippets)",
           *direct(engine, [lambda s, q=q, p=p: search(s, **q, offset=(p - 1) * 20, limit=20) for q, p in searches]))
    report("record (show: article, pages, versions, captures)",
           *direct(engine, [lambda s, n=n: show(s, str(n)) for n in records]))

    server, port = start_server(data_dir, database_url)
    try:
        over_http(port, search_urls[:10] + record_urls[:10], 1)  # warm: templates compiled, pages cached
        for clients in (1, args.clients):
            print(f"\nover HTTP, `article-archive serve`, {clients} client{'s' if clients > 1 else ''}:")
            report("search page /find?q=…", *over_http(port, search_urls, clients))
            report("record page /r/N", *over_http(port, record_urls, clients))
            report("record page as JSON /api/r/N", *over_http(port, ["/api" + u for u in record_urls], clients))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind (default 300)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients in the second round")
    parser.add_argument("--postgresql", action="store_true", help="the collection on PostgreSQL, not SQLite")
    args = parser.parse_args()
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "data"
        data_dir.mkdir()
        if args.postgresql:
            from tests.conftest import fresh_postgres_database

            database_url = stack.enter_context(fresh_postgres_database("article_archive_bench"))
            label = "PostgreSQL"
        else:
            database_url = None
            import sqlite3

            label = f"SQLite {sqlite3.sqlite_version}"
        engine = open_engine(database_url or f"sqlite:///{data_dir / 'archive.db'}")
        stack.callback(engine.dispose)
        print(f"===== {label}: {args.articles} generated articles, {args.requests} requests of each kind "
              f"({os.cpu_count()} cores)", flush=True)
        seconds = generated.fill(engine, args.articles, say=lambda line: print(line, flush=True))
        print(f"filled in {seconds:.1f}s", flush=True)
        bench(engine, data_dir, database_url, args)


if __name__ == "__main__":
    main()
