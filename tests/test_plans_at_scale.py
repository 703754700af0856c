"""The reading room's search and record pages on a generated collection of 100,000 articles
(tests/generated.py; 20,000 on PostgreSQL, see POSTGRES_ARTICLES), SQLite and PostgreSQL: every statement a page sends is planned by the
database with ANALYZE statistics, and no plan reads a whole table of articles, pages, versions or
captures — the pages stay fast as the collection grows (bench/reading_room.py has the timings).

On PostgreSQL the plans are asked with seq scans priced out (`enable_seqscan = off`): a Seq Scan
left is one no index can replace. The statements are the ones the real app sends (captured from its engine while TestClient asks
the page), not a copy of its queries. Bodies are one or two sentences: the plans depend on the row
counts and the indexes, not on the length of the texts, and a short fill keeps this test to
seconds.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from archive.db import open_engine
from tests import generated

pytestmark = pytest.mark.slow
ARTICLES = 100_000
# PostgreSQL is asked with seq scans priced out, so its plans name an index wherever one can serve at
# any table size: a fifth of the rows shows the same plans and saves a minute of index building
# (the bigram GIN index) per run. SQLite's planner weighs its ANALYZE statistics: it gets them all.
POSTGRES_ARTICLES = 20_000
BIG_TABLES = ("articles", "pages", "versions", "captures")

# the pages asked, each with the statements it sends: (label, path)
PAGES = [
    ("search, 3-character word", "/find?q=社会主"),
    ("search, 2-character word", "/find?q=创新"),
    ("search, rare 6-character phrase", f"/find?q={generated.RARE_PHRASE}"),
    ("search, two words", "/find?q=社会主义+创新"),
    ("search, word and filters", "/find?q=创新&source=people&from=2020-01-01&to=2022-12-31"),
    ("search, author only", "/find?author=作者7"),
    ("search, page 3", "/find?q=社会主义&page=3"),
    ("record page by number", "/r/12345"),
    ("record page by id", f"/r/{generated.Generated(12345, '', '', '', None, '', '').record_name}"),
    ("record page as JSON", "/api/r/7"),
    ("record's diff", "/r/12345/diff"),
    ("watch, the latest run", "/api/watch"),
    ("watch, one source's", "/api/watch?site=gmw&run=3"),
]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def big_collection(request, tmp_path_factory):
    """(data dir, database URL or None): 100,000 generated articles, filled once per database."""
    data = tmp_path_factory.mktemp(f"big-{request.param}") / "data"
    data.mkdir()
    if request.param == "sqlite":
        url, database_url, context = f"sqlite:///{data / 'archive.db'}", None, None
    else:
        from tests.conftest import fresh_postgres_database

        context = fresh_postgres_database("article_archive_big")
        url = database_url = context.__enter__()
    engine = open_engine(url)
    generated.fill(engine, ARTICLES if request.param == "sqlite" else POSTGRES_ARTICLES, sentences=(1, 2))
    engine.dispose()
    yield data, database_url
    if context is not None:
        context.__exit__(None, None, None)


def sent_by(client, engine, path: str) -> list[tuple[str, object]]:
    sent = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert response.status_code == 200, (path, response.text[:300])
    return [(s, p) for s, p in sent if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def full_scans(engine, statements) -> tuple[list[str], str]:
    """The plan lines that read a whole big table, and the whole plan text."""
    lines = []
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # PostgreSQL's planner rightly reads a whole table when that is cheaper (a hash join of
            # the shown versions of 4,000 matches, say); with seq scans priced out, a Seq Scan left
            # in the plan is one that no index could replace: a query the indexes do not answer
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            if engine.dialect.name == "sqlite":
                lines += [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                         parameters)]
            else:
                lines += [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters)]
            lines.append("--")
    aliases = {"a": "articles", "p": "pages", "v": "versions", "c": "captures", "sv": "versions"}
    bad = []
    for line in lines:
        if engine.dialect.name == "sqlite":
            # `SCAN t` without an index is a full read; `SCAN t USING COVERING INDEX` is a full read of
            # the index (still every row); virtual tables (the FTS index) are searched, not scanned
            found = re.match(r"\s*SCAN (\w+)(?! VIRTUAL TABLE)", line)
            # an alias: the query's own (a, p, v) or SQLAlchemy's (captures_1)
            if found and aliases.get(found.group(1), re.sub(r"_\d+$", "", found.group(1))) in BIG_TABLES:
                bad.append(line.strip())
        else:
            found = re.search(r"Seq Scan on (\w+)", line)
            if found and found.group(1) in BIG_TABLES:
                bad.append(line.strip())
    return bad, "\n".join(lines)


def test_pages_are_answered_by_indexed_queries(big_collection):
    from starlette.testclient import TestClient

    from reading_room.app import create_app
    from reading_room.readonly import open_read_only

    data, database_url = big_collection
    collection = open_read_only(data, database_url)
    try:
        engine = collection.engine
        with TestClient(create_app(collection)) as client:
            total = client.get("/api/find?q=社会主义").json()["total"]
            assert 0 < total < ARTICLES  # the generated words are there, at their frequency
            failures = {}
            for label, path in PAGES:
                statements = sent_by(client, engine, path)
                assert statements, path
                bad, plan = full_scans(engine, statements)
                if bad:
                    failures[label] = f"{path}: {bad}\n{plan}"
        assert not failures, f"full scans in {sorted(failures)}:\n\n" + "\n\n".join(
            f"{k}: {v}" for k, v in failures.items())
    finally:
        collection.release()
