"""The article store: clustering and the choice of a cluster's canonical copy."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from archive.db import open_engine
from archive.models import Article, Page
from pipelines.store.articles import ArticleStore, PageEvent

TEXT = "机关党建工作必须与时俱进，不断创新工作方式方法，提高工作实效。" * 8
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Result:
    def __init__(self, source: str | None) -> None:
        self.text = self.original_text = TEXT
        self.title, self.author, self.published, self.source = "标题", None, None, source
        self.metadata, self.report, self.extractor = {}, [], "test"
        self.charset = {"confidence": 1.0, "replacements": 0}


def add_copies(tmp_path, copies, transaction_per_copy=False):
    tmp_path.mkdir(parents=True, exist_ok=True)
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store = ArticleStore()
    with Session(engine) as session:
        session.begin()
        for i, (source_id, rank, publications, source_line) in enumerate(copies):
            url = f"https://{source_id}.example.cn/a.html"
            store.add(session, PageEvent(url=url, canonical_url=url, source_id=source_id, source_rank=rank,
                                         source_publications=publications, status=200,
                                         fetched_at=WHEN + timedelta(minutes=i), warc_record_id=f"<urn:{i}>",
                                         result=Result(source_line)))
            if transaction_per_copy:  # as a crawl whose copies land in different store batches
                store.settle_canonical(session)
                session.commit()
                session.begin()
        store.finish_run(session)
        session.commit()
    session = Session(engine)
    article = session.query(Article).one()
    return session.get(Page, article.canonical_page_id), article


def test_priority_wins_over_first_capture(tmp_path):
    canonical, _ = add_copies(tmp_path, [("farm", 2, (), None), ("mirror", 1, (), None), ("official", 0, (), None)])
    assert canonical.source_id == "official"


def test_the_publisher_named_in_the_source_line_wins_a_tie(tmp_path):
    canonical, article = add_copies(tmp_path, [
        ("portal", 0, ("共产党员网",), "《旗帜》2020年第12期"),
        ("qizhi", 0, ("旗帜",), "《旗帜》2020年第12期"),
    ])
    assert canonical.source_id == "qizhi" and "publisher of 旗帜" in article.canonical_reason


def test_the_reason_is_the_same_whether_copies_come_in_one_transaction_or_several(tmp_path):
    # the chosen copy stays the same when the second arrives, but the second's 来源 line is the
    # evidence that the first is the publisher: the reason must say so either way
    copies = [("qizhi", 0, ("旗帜",), None), ("portal", 0, ("共产党员网",), "《旗帜》2020年第12期")]
    canonical, together = add_copies(tmp_path / "one", copies)
    reason_together = together.canonical_reason
    canonical_apart, apart = add_copies(tmp_path / "several", copies, transaction_per_copy=True)
    assert canonical.source_id == canonical_apart.source_id == "qizhi"
    assert "publisher of 旗帜" in reason_together
    assert apart.canonical_reason == reason_together


def test_a_website_name_is_not_a_publication(tmp_path):
    canonical, _ = add_copies(tmp_path, [("portal", 0, (), None), ("qizhi", 0, ("旗帜",), "旗帜网")])
    assert canonical.source_id == "portal"  # no 《》 title: first capture decides


def test_record_name_is_fixed_at_first_archival(tmp_path):
    _, article = add_copies(tmp_path, [("mirror", 1, (), None)])
    assert article.seq == 1 and article.record_name.startswith("001_") and len(article.record_name) == 20


def test_versions_signed_by_another_minhash_scheme_are_counted(tmp_path):
    from sqlalchemy import update

    from archive.models import Version
    from pipelines.store.articles import versions_of_other_schemes

    add_copies(tmp_path, [("www", 0, (), None), ("mirror", 1, (), None)])
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with Session(engine) as session, session.begin():
        assert versions_of_other_schemes(session) == 0
        first = session.query(Version).order_by(Version.id).first()
        session.execute(update(Version).where(Version.id == first.id).values(
            software={k: v for k, v in first.software.items() if k != "minhash"}))  # as 2026-11-25 stored them
    with Session(engine) as session:
        assert versions_of_other_schemes(session) == 1


def test_exact_copies_share_the_bands_of_the_first_version(tmp_path):
    from sqlalchemy import func, select

    from archive.models import LshBand, Version
    from pipelines.text import neardup

    _, article = add_copies(tmp_path, [("official", 0, (), None), ("mirror", 1, (), None), ("farm", 2, (), None)],
                            transaction_per_copy=True)
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with Session(engine) as session:
        assert session.scalar(select(func.count(Page.id)).where(Page.article_id == article.id)) == 3
        assert session.scalar(select(func.count(Version.id))) == 3
        banded = session.scalars(select(LshBand.version_id).distinct()).all()
        assert len(banded) == 1 and session.scalar(select(func.count(LshBand.version_id))) == neardup.BANDS


def _event(i: int, source_id: str, rank: int, text: str, when: datetime = WHEN) -> PageEvent:
    url = f"https://{source_id}.example.cn/{i}.html"
    result = Result(None)
    result.text = result.original_text = text
    return PageEvent(url=url, canonical_url=url, source_id=source_id, source_rank=rank, status=200,
                     fetched_at=when + timedelta(minutes=i), warc_record_id=f"<urn:{i}>", result=result)


def _as_the_database_says(engine) -> None:
    """choose_canonical over each stored article's pages in the database changes nothing: the
    choices made from the pages in hand (articles new in a transaction) are the same."""
    from pipelines.store.articles import choose_canonical

    with Session(engine) as session:
        for article in session.query(Article).all():
            before = (article.canonical_page_id, article.canonical_reason)
            choose_canonical(session, article.id)
            assert (article.canonical_page_id, article.canonical_reason) == before, article.id


def test_a_new_articles_copies_found_after_a_flush_mid_transaction_are_all_candidates(tmp_path):
    # A stored page's changed text makes its version lookup flush the transaction's pending rows;
    # the next exact copy then finds the new article by its id in the database, not as the object
    # in hand. It must still count among that article's pages: official beats the farm copy.
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store = ArticleStore()
    other = "地方政府公布了新的城市规划方案，征求市民意见。" * 8
    with Session(engine) as session:
        session.begin()
        store.add(session, _event(0, "official", 0, "完全不同的另一篇文章，讲述乡村振兴的故事。" * 8))
        store.settle_canonical(session)
        session.commit()
        session.begin()
        store.add(session, _event(1, "farm", 2, other))
        changed = _event(0, "official", 0, "这篇文章后来被修改了，加入了新的段落和数据。" * 8, WHEN + timedelta(hours=1))
        store.add(session, changed)  # a stored page: its latest version is read with autoflush
        store.add(session, _event(2, "official", 0, other))  # the farm text's exact copy
        store.settle_canonical(session)
        store.finish_run(session)
        session.commit()
    with Session(engine) as session:
        farm = session.query(Page).filter_by(source_id="farm").one()
        article = session.get(Article, farm.article_id)
        assert len(article.pages) == 2
        assert session.get(Page, article.canonical_page_id).url == "https://official.example.cn/2.html"
    _as_the_database_says(engine)


def test_a_reason_quotes_the_first_capture_in_utc_whatever_zone_it_came_in(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store = ArticleStore()
    beijing = timezone(timedelta(hours=8))
    with Session(engine) as session:
        session.begin()
        store.add(session, _event(0, "mirror", 1, TEXT, WHEN.astimezone(beijing)))
        store.finish_run(session)
        session.commit()
        reason = session.query(Article).one().canonical_reason
    assert reason.endswith(f"first seen {WHEN.isoformat()}"), reason
    _as_the_database_says(engine)
