"""A generated collection of many articles, written straight into a database made by the
migrations (archive.db.open_engine), for query plans and timings at a size no crawl here reaches.

Used by bench/search_plans.py, bench/reading_room.py and tests/test_plans_at_scale.py. Each
article is one page with one version and one capture (a response record), as a crawl of a site
with no copies leaves them; ten runs each found a tenth of them. Text is Chinese-like: sentences of words drawn (Zipf-like, fixed seed)
from a vocabulary of 1-4 character words over 3,000 CJK code points, so common words recur as in
news text; the query words have known frequencies (改革 common, 社会主义 rarer, 创新 rarer still,
the phrase 量子纠缠通信 in one article in 5,000).

Rows go in by executemany (SQLite) and COPY (PostgreSQL); the SQLite FTS index is filled by the
migration's triggers as rows go in (what a crawl does); PostgreSQL's GIN indexes are dropped for
the COPY and made after it (as pg_restore does: maintained row by row, 100,000 texts took longer
than 23 minutes), then ANALYZE.
"""
from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
SOURCES = ["xinhua", "people", "gmw", "chinanews", "cctv"]
RARE_PHRASE = "量子纠缠通信"
RUNS = 10
GIN_INDEXES = ("ix_versions_title_trgm", "ix_versions_text_trgm", "ix_versions_bigrams", "ix_versions_byline_bigrams")


@dataclass(frozen=True)
class Generated:
    id: int
    source: str
    title: str
    body: str
    published: str | None
    author: str
    source_publication: str

    @property
    def url(self) -> str:
        return f"https://www.{self.source}.cn/{self.id}.html"

    @property
    def record_name(self) -> str:
        return f"{self.id:06d}_{self.id:016x}"

    @property
    def record_id(self) -> str:
        return f"<urn:uuid:00000000-0000-4000-8000-{self.id:012d}>"


def vocabulary(rng: random.Random) -> list[str]:
    chars = [chr(0x4E00 + i * 7) for i in range(3000)]
    words = {"改革", "经济", "发展", "改革开放", "人民", "社会主义", "创新"}
    while len(words) < 20000:
        words.add("".join(rng.choices(chars, k=rng.choice((1, 2, 2, 2, 3, 4)))))
    return sorted(words)


def articles(n: int, *, sentences: tuple[int, int] = (8, 25), seed: int = 20241208):
    """`n` generated articles; `sentences`: how many sentences a body has (fewer: a faster fill)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf-like
    rng.shuffle(words)
    # the query words at known ranks: 改革 100 (in most articles), 社会主义 300, 创新 1000
    for rank, word in ((100, "改革"), (300, "社会主义"), (1000, "创新")):
        at = words.index(word)
        words[at], words[rank] = words[rank], words[at]
    for i in range(1, n + 1):
        title = "".join(rng.choices(words, cum_weights=cumulative, k=6))
        body = ["".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 20))) + "。"
                for _ in range(rng.randint(*sentences))]
        if i % 5000 == 0:
            body.append(f"稀有的短语{RARE_PHRASE}。")  # 20 articles in 100,000
        published = None if i % 17 == 0 else f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        yield Generated(i, SOURCES[i % len(SOURCES)], title, "\n".join(body), published, f"作者{i % 300}",
                        f"{SOURCES[i % 5]}报")


def _rows(items: list[Generated]):
    """The rows of each table, in insert order, as tuples."""
    # ten runs, each finding a tenth of the articles (a collection crawled on a schedule)
    runs = [(r, T0 + timedelta(days=r), T0 + timedelta(days=r, hours=1), "finished", len(items) // RUNS,
             len(items) // RUNS, 0, 0, 0, 0, "{}") for r in range(1, RUNS + 1)]
    articles_ = [(g.id, g.id, g.record_name, g.id, f"only copy ({g.source})", T0, T0) for g in items]
    pages = [(g.id, g.url, g.url, g.source, 0, "[]", T0, T0, 200, g.id) for g in items]
    captures = [(g.id, 1 + g.id % RUNS, g.source, g.url, T0 + timedelta(seconds=g.id), 200, "text/html; charset=utf-8",
                 "response", f"{g.source}-00000.warc.gz", g.id * 4096, 4000, g.record_id,
                 f"sha1:{g.id:032d}", f"sha1:{g.id:032d}") for g in items]
    versions = [(g.id, g.id, 1, g.record_id, T0 + timedelta(seconds=g.id), f"sha1:{g.id:032x}", g.title, g.author,
                 g.source_publication, g.published, g.body, g.body, "{}", "{}", "[]", "{}", "{}", T0) for g in items]
    return runs, articles_, pages, captures, versions


COLUMNS = {
    "crawl_runs": "id, started_at, ended_at, status, fetched, new, changed, unchanged, gone, errors, stats",
    "articles": "id, seq, record_name, canonical_page_id, canonical_reason, created_at, updated_at",
    "pages": "id, url, canonical_url, source_id, source_priority, source_publications, first_seen, last_seen, "
             "last_status, article_id",
    "captures": "id, run_id, source_id, url, fetched_at, status, content_type, record_type, warc_filename, "
                "warc_offset, warc_length, warc_record_id, payload_digest, block_digest",
    "versions": "id, page_id, number, warc_record_id, fetched_at, text_digest, title, author, source_publication, "
                "published, text, original_text, metadata, charset, report, software, settings, created_at",
}


def _sqlite_time(value: datetime) -> str:
    """How SQLAlchemy's DateTime stores a time in SQLite (UTC, no offset: archive.models.UTCDateTime)."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(engine, n: int, *, sentences: tuple[int, int] = (8, 25), say=lambda line: None) -> float:
    """Write `n` generated articles into `engine`'s (empty, migrated) database; seconds taken."""
    items = list(articles(n, sentences=sentences))
    tables = dict(zip(COLUMNS, _rows(items)))
    start = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            for table, rows in tables.items():
                columns = COLUMNS[table]
                marks = ", ".join("?" * len(columns.split(", ")))
                cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                                [tuple(_sqlite_time(v) if isinstance(v, datetime) else v for v in row)
                                 for row in rows])
            raw.commit()
            cur.execute("ANALYZE")
            raw.commit()
        else:
            indexes = dict(cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
                                       (list(GIN_INDEXES),)))
            for name in indexes:
                cur.execute(f"DROP INDEX {name}")
            for table, rows in tables.items():
                with cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            raw.commit()
            say(f"COPY in {time.perf_counter() - start:.1f}s")
            # GIN builds sort their entries in maintenance_work_mem (64 MB by default): more memory, fewer passes
            cur.execute("SET maintenance_work_mem = '512MB'")
            for name, definition in indexes.items():
                began = time.perf_counter()
                cur.execute(definition)
                raw.commit()
                say(f"{name} made in {time.perf_counter() - began:.1f}s")
            cur.execute("ANALYZE")
            raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - start
