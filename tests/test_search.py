"""Full-text search (archive.search over migration 0003): on real SQLite files and real PostgreSQL
databases, schemas made the real way (open_engine runs the revisions), rows written with the models."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from archive.db import open_engine
from archive.models import Article, Page, Version
from archive.schema import _config, head, upgrade
from archive.search import Results, search, sources

T0 = datetime(2024, 6, 1, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def engine(url):
    engine = open_engine(url)
    yield engine
    engine.dispose()


def add(session: Session, seq: int | None, title: str | None, *texts: str, source: str = "xinhua",
        url: str | None = None, published: str | None = None, author: str | None = None,
        publication: str | None = None) -> Article:
    """One article of one page whose versions hold `texts` (the last one is shown)."""
    article = Article(seq=seq, record_name=None if seq is None else f"{seq:03d}_{seq:08x}")
    session.add(article)
    session.flush()
    url = url or f"http://www.news.cn/{seq}.html"
    page = Page(url=url, canonical_url=url, source_id=source, source_priority=0, first_seen=T0, last_seen=T0,
                last_status=200, article_id=article.id)
    session.add(page)
    session.flush()
    article.canonical_page_id = page.id
    for number, body in enumerate(texts, 1):
        session.add(Version(page_id=page.id, number=number, warc_record_id=f"<urn:uuid:{seq}-{number}>",
                            fetched_at=T0 + timedelta(days=number), text_digest=f"d{seq}-{number}", title=title,
                            author=author, source_publication=publication, published=published, text=body,
                            original_text=body))
    session.flush()
    return article


def corpus(session: Session) -> None:
    add(session, 1, "深化经济改革", "今天我们讨论改革开放的历史。经济在发展。", published="2024-03-01",
        author="李明", publication="新华社")
    add(session, 2, "天气预报", "明天晴天，气温升高。", source="people", url="https://people.com.cn/n/2.html",
        published="2024-05-10T08:00:00+08:00", author="王芳", publication="人民日报")
    add(session, 3, "Open Source Software", "The FREEDOM to read. 开放源代码。", url="http://www.news.cn:8080/en/3")
    add(session, 4, "教育改革", "学校的事情。", source="people", url="https://people.com.cn/n/4.html",
        published="2023-12-31", author="张伟", publication="光明日报")
    add(session, 5, "会议报道", "原文提到了秘密会议的细节。", "修改后的文本，不再提及。", url="http://news.cn/5.html")
    session.commit()


def seqs(results: Results) -> list[int | None]:
    return [hit.seq for hit in results.hits]


def found(session: Session, words: str, **filters) -> set[int | None]:
    return set(seqs(search(session, words=words, limit=100, **filters)))


def test_chinese_terms_of_two_and_more_characters(engine):
    with Session(engine) as session:
        corpus(session)
        # 2 characters: in a title's last two characters (4), in a title and a text (1)
        assert found(session, "改革") == {1, 4}
        assert found(session, "开放") == {1, 3}
        assert found(session, "晴天") == {2}
        assert found(session, "晴") == {2} and found(session, "改") == {1, 4, 5}  # one character, too
        assert found(session, "改革开放") == {1}
        assert found(session, "经济改革") == {1}  # across nothing: the whole title
        assert found(session, "源代码") == {3}
        assert found(session, "改革开放史") == set()
        assert found(session, "革开") == {1}
        assert found(session, "台湾") == set()


def test_latin_words_are_case_insensitive_and_terms_are_anded(engine):
    with Session(engine) as session:
        corpus(session)
        for words in ("freedom", "FREEDOM", "Freedom", "open", "OPEN source", "op", "SO"):
            assert found(session, words) == {3}, words
        assert found(session, "改革 教育") == {4}
        assert found(session, "改革 开放") == {1}
        assert found(session, "  开放   freedom ") == {3}
        assert found(session, "改革 天气") == set()


def test_any_version_counts_and_the_snippet_shows_the_match(engine):
    with Session(engine) as session:
        corpus(session)
        result = search(session, words="秘密会议")  # edited out of the text shown now
        assert seqs(result) == [5]
        hit = result.hits[0]
        assert "秘密会议" in hit.snippet and "<" not in hit.snippet
        assert hit.title == "会议报道" and hit.url == "http://news.cn/5.html" and hit.source == "xinhua"
        assert hit.record == "005_00000005" and hit.fetched_at == T0 + timedelta(days=2)
        first = search(session, words="历史").hits[0]
        assert "历史" in first.snippet and first.published == "2024-03-01"
        assert first.author == "李明" and first.source_publication == "新华社"
        plain = search(session, source="people").hits[0]
        assert plain.snippet == "明天晴天，气温升高。"  # no words: the text's start


def test_the_index_follows_inserts_updates_and_deletes(engine):
    with Session(engine) as session:
        corpus(session)
        assert found(session, "量子计算") == set()
        late = add(session, 6, "新闻", "量子计算取得进展。")
        session.commit()
        assert found(session, "量子计算") == {6} and found(session, "量子") == {6}
        version = session.query(Version).join(Page).filter(Page.article_id == late.id).one()
        version.text = "人工智能取得进展。"
        session.commit()
        assert found(session, "人工智能") == {6} and found(session, "智能") == {6}
        assert found(session, "量子计算") == set() and found(session, "量子") == set()
        version.title = "Headline"
        session.commit()
        assert found(session, "headline") == {6} and found(session, "新闻") == set()
        session.delete(version)
        session.commit()
        assert found(session, "人工智能") == set() and found(session, "智能") == set()
        assert found(session, "headline") == set()


def test_filters_paging_and_order(engine):
    with Session(engine) as session:
        corpus(session)
        everything = search(session, limit=100)
        # newest published first, no date last, then seq descending
        assert seqs(everything) == [2, 1, 4, 5, 3] and everything.total == 5
        page = search(session, offset=1, limit=2)
        assert seqs(page) == [1, 4] and page.total == 5 and (page.offset, page.limit) == (1, 2)
        assert search(session, offset=10).hits == [] and search(session, offset=10).total == 5
        assert found(session, "", source="people") == {2, 4}
        assert found(session, "改革", source="people") == {4}
        assert found(session, "", site="www.news.cn") == {1, 3}  # with or without a port
        assert found(session, "", site="NEWS.CN") == {5}  # the host itself, not its subdomains
        assert found(session, "", site="people.com.cn") == {2, 4}
        assert found(session, "", site="example.org") == set()
        assert found(session, "", published_from="2024-01-01", published_to="2024-03-01") == {1}
        assert found(session, "", published_from="2024-03-01") == {1, 2}
        assert found(session, "", published_to="2024-05-10") == {1, 2, 4}  # a date with a time
        assert found(session, "", published_to="2023-12-31") == {4}
        assert found(session, "", author="新华社") == {1}  # 来源
        assert found(session, "", author="王芳") == {2}
        assert found(session, "", author="李") == {1}
        assert found(session, "", author="日报") == {2, 4}
        assert found(session, "", author="日报", published_from="2024-01-01") == {2}
        assert sources(session) == ["people", "xinhua"]


@pytest.mark.parametrize("words", ['"', "AND", "OR NOT", "*", "<script>alert(1)</script>", '"改革', '改"革',
                                   "'; DROP TABLE articles; --", "(", ")", "NEAR(a b)", "{title}: x", "^x",
                                   "%", "_", "\\", "a\x00b", "-", "title:改革"])
def test_hostile_queries_do_not_raise(engine, words):
    with Session(engine) as session:
        corpus(session)
        result = search(session, words=words, author=words, site=words, source=words)
        assert result.total == 0
        search(session, published_from=words, published_to=words, offset=-5, limit=-1)
        assert search(session, words=words).total in (0, 1)  # "title:改革" may not match, "-": no text has one
    if words in ("%", "_", "\\"):
        with Session(engine) as session:
            assert search(session, words=words).total == 0  # a wildcard is a character


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_an_upgrade_from_0002_indexes_the_rows_there_and_a_downgrade_removes_it(kind, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'old.db'}" if kind == "sqlite" else request.getfixturevalue("postgres_database")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), "0002")
        with Session(engine) as session:
            corpus(session)
        assert upgrade(engine) == ("0002", head())
        with Session(engine) as session:
            assert found(session, "改革") == {1, 4} and found(session, "秘密会议") == {5}
            assert found(session, "freedom") == {3}
        assert search_objects(engine) and fts_ok(engine)
        with engine.begin() as connection:
            command.downgrade(_config(connection), "0002")
        assert search_objects(engine) == []
        with engine.begin() as connection:  # the rows stay writable without the triggers
            connection.execute(text("UPDATE versions SET text = 'x'"))
            connection.execute(text("DELETE FROM lsh_bands"))
    finally:
        engine.dispose()


def search_objects(engine) -> list[str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return connection.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'versions_fts%'")).scalars().all()
        return connection.execute(text(
            "SELECT indexname FROM pg_indexes WHERE indexname IN ('ix_versions_title_trgm', 'ix_versions_text_trgm', "
            "'ix_versions_bigrams') UNION ALL SELECT proname FROM pg_proc WHERE proname = 'archive_search_bigrams'"
        )).scalars().all()


def fts_ok(engine) -> bool:
    if engine.dialect.name != "sqlite":
        return True
    with engine.begin() as connection:  # raises when the index and versions disagree
        connection.execute(text("INSERT INTO versions_fts (versions_fts, rank) VALUES ('integrity-check', 1)"))
    return True


def test_the_index_stays_consistent_with_versions(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    with Session(engine) as session:
        corpus(session)
        session.query(Version).filter(Version.number == 1).update({Version.text: "改写", Version.minhash: b"x"})
        session.commit()
    assert fts_ok(engine)
    engine.dispose()


def plans(engine, words: str, **filters) -> str:
    """The database's plan for the statements search() sends."""
    sent: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with Session(engine) as session:
            search(session, words=words, **filters)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    out = []
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            for statement, parameters in sent:
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                out += [row[-1] for row in rows]
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # 400 rows: the planners would read them all
            connection.exec_driver_sql("SET enable_indexscan = off")  # nor through another index
            for statement, parameters in sent:
                if statement.lstrip().upper().startswith("SELECT SHOW_TRGM"):
                    continue
                out += [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()]
    return "\n".join(out)


def filler(engine, n: int = 400) -> None:
    """n more articles of everyday text, in one executemany each: enough rows for the planners."""
    with engine.begin() as connection:
        ids = range(10_001, 10_001 + n)  # above the ORM's rows (the sequences are not asked)
        connection.execute(text("INSERT INTO articles (id, created_at, updated_at) VALUES (:id, :t, :t)"),
                           [{"id": i, "t": T0} for i in ids])
        connection.execute(text(
            "INSERT INTO pages (id, url, canonical_url, source_id, source_priority, source_publications, first_seen, "
            "last_seen, last_status, article_id) VALUES (:id, :url, :url, 'filler', 0, '[]', :t, :t, 200, :id)"),
            [{"id": i, "url": f"http://filler.example/{i}", "t": T0} for i in ids])
        connection.execute(text(
            "INSERT INTO versions (id, page_id, number, warc_record_id, fetched_at, text_digest, title, text, "
            "original_text, metadata, charset, report, software, settings, created_at) VALUES (:id, :id, 1, "
            "'<urn:x>', :t, 'd', :title, :body, :body, '{}', '{}', '[]', '{}', '{}', :t)"),
            [{"id": i, "t": T0, "title": f"每日新闻第{i}期", "body": "今天天气很好，市场平稳运行，居民生活安定。" * 20}
             for i in ids])
        connection.execute(text("ANALYZE"))


def test_the_search_is_answered_from_the_index(engine):
    with Session(engine) as session:
        corpus(session)
    filler(engine)
    if engine.dialect.name == "sqlite":
        for words in ("改革开", "改革"):
            plan = plans(engine, words)
            scans = [line for line in plan.splitlines() if line.startswith("SCAN")]
            # nothing is scanned but the index: versions, pages and articles are reached by key
            assert scans and all(line.startswith("SCAN versions_fts") for line in scans), plan
        assert "SCAN versions_fts VIRTUAL TABLE INDEX 0:M" in plans(engine, "改革开")  # a MATCH
        # 1–2 characters: the term range of the index's vocabulary (constraints on term: >= and <=)
        assert "SCAN versions_fts_terms VIRTUAL TABLE INDEX 6:" in plans(engine, "改革")
    else:
        for words in ("改革开", "freedom"):
            plan = plans(engine, words)
            assert "Bitmap Index Scan on ix_versions_text_trgm" in plan, plan
            assert "Bitmap Index Scan on ix_versions_title_trgm" in plan, plan
        plan = plans(engine, "改革")
        assert "Bitmap Index Scan on ix_versions_bigrams" in plan, plan
    with Session(engine) as session:  # and the filler is found the same way
        assert search(session, words="改革").total == 2 and search(session, words="天气很好").total == 400
        assert search(session, words="第10400期").total == 1
