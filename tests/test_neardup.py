"""Near duplicates on real text: the same article with other chrome, in Traditional script with
pinyin, with a few edited sentences or another title clusters together; two different articles
on the same topic do not."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from archive.db import open_engine
from archive.models import Article
from crawler.demo.hanzi import annotate
from pipelines.text import neardup
from pipelines.store.articles import ArticleStore, PageEvent
from pipelines.text.normalize import clean_record, normalize
from tests.conftest import shared_path


def body(seed: str) -> str:
    """The clean body of a seed record (the client's own documents), title line dropped."""
    path = next(shared_path("seeds").glob(f"{seed}_*.txt"))
    return clean_record(path.read_text(encoding="utf-8")).text


@pytest.fixture(scope="module")
def base() -> str:
    return body("004")


def variants(text: str) -> dict[str, str]:
    paragraphs = text.splitlines()
    chrome = ["手机版", "欢迎使用手机浏览", "微信扫一扫 ×", *paragraphs, "责任编辑：王明", "分享让更多人看到"]
    edited = list(paragraphs)
    edited[1] = edited[1].replace("中央和国家机关在党和国家治理体系中处于特殊重要位置。", "中央和国家机关地位特殊、责任重大。")
    edited[4] += "各单位要结合实际抓好落实。"
    return {
        "other chrome": normalize("\n".join(chrome)).text,
        "traditional with pinyin": normalize(annotate(text)).text,
        "edited sentences": "\n".join(edited),
        "other title": normalize(text, title="推动机关党建和业务工作相互促进_党建范文网").text,
    }


@pytest.mark.parametrize("kind", ["other chrome", "traditional with pinyin", "edited sentences", "other title"])
def test_variant_is_a_near_duplicate(base, kind):
    variant = variants(base)[kind]
    a, b = neardup.signature(base), neardup.signature(variant)
    assert neardup.similarity(a, b) >= neardup.THRESHOLD
    assert set(neardup.band_keys(a)) & set(neardup.band_keys(b)), "must share an LSH bucket to be found"


def test_different_article_on_the_same_topic_is_not(base):
    other = body("002")  # also about 机关党建, another article
    assert neardup.similarity(neardup.signature(base), neardup.signature(other)) < 0.2


def test_signature_is_stable_across_runs(base):
    # Stored signatures must keep their meaning for years: pin a few values of this SCHEME (a change
    # here means a new scheme, and stores signed with the old one must be reprocessed).
    assert neardup.SCHEME == "oph-5gram-128-v2"
    sig = neardup.signature("机关党建工作是一项系统工程")
    assert sig.dtype.name == "uint32" and len(sig) == neardup.NUM_PERM
    assert (neardup.from_bytes(neardup.to_bytes(sig)) == sig).all()
    assert sig[:8].tolist() == [3239861918, 4255042306, 4086106655, 864078919,
                                3239861918, 3239861918, 1010492686, 1610408104]
    assert hashlib.sha256(neardup.to_bytes(sig)).hexdigest().startswith("f2a94c99ad86fe43")
    assert neardup.signature("").tolist() == [0xFFFFFFFF] * neardup.NUM_PERM


def jaccard(a: str, b: str) -> float:
    """True 5-gram Jaccard similarity, by brute force."""
    def grams(text: str) -> set[str]:
        compact = neardup._NOISE.sub("", text)
        return {compact[i:i + 5] for i in range(max(len(compact) - 4, 1))}
    return len(grams(a) & grams(b)) / len(grams(a) | grams(b))


@pytest.mark.parametrize("cut", [0, 40, 200, 600, 1200])
def test_estimate_tracks_true_jaccard(base, cut):
    # the same text with a growing part replaced by another article; also a short text, where
    # most bins are empty and filled by densification
    other = body("002")
    for a, b in ((base, other[:cut] + base[cut:]), (base[:150], base[:150 - cut // 10] + other[:cut // 10])):
        estimate = neardup.similarity(neardup.signature(a), neardup.signature(b))
        assert abs(estimate - jaccard(a, b)) < 0.15  # > 3 standard deviations of a 128-bin estimate


class _Result:
    """What the text pipeline hands the store (pipelines.text.process.PageResult's fields used here)."""

    def __init__(self, text: str) -> None:
        self.text, self.original_text, self.title = text, text, "t"
        self.author = self.source = self.published = None
        self.metadata, self.report, self.extractor = {}, [], "test"
        self.charset = {"charset": "utf-8", "confidence": 1.0, "replacements": 0}


def test_store_puts_variants_in_one_cluster_and_others_apart(base, tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store, when = ArticleStore(), datetime(2026, 1, 1, tzinfo=timezone.utc)
    texts = {"official": base, **variants(base), "other article": body("002")}
    with Session(engine) as session, session.begin():
        for i, (name, text) in enumerate(texts.items()):
            url = f"https://site{i}.example.cn/a.html"
            store.add(session, PageEvent(url=url, canonical_url=url, source_id=f"s{i}", source_rank=i, status=200,
                                         fetched_at=when + timedelta(minutes=i), warc_record_id=f"<urn:uuid:{i}>",
                                         result=_Result(text)))
        store.finish_run(session)
    with Session(engine) as session:
        articles = session.query(Article).order_by(Article.seq).all()
        assert [len(a.pages) for a in articles] == [5, 1]
        assert articles[0].canonical_page_id == articles[0].pages[0].id  # the official source's copy


def _clusters(tmp_path, texts: list[str], per_transaction: int):
    """Store texts (one URL each), `per_transaction` to a transaction, as a crawl's store batches
    do; the clusters as (canonical URL, member URLs) in record order, and the LSH band count."""
    from archive.models import LshBand, Page

    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store, when = ArticleStore(), datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Session(engine) as session:
        session.begin()
        for i, text in enumerate(texts):
            url = f"https://site{i:02d}.example.cn/a.html"
            store.add(session, PageEvent(url=url, canonical_url=url, source_id=f"s{i}", source_rank=i % 3, status=200,
                                         fetched_at=when + timedelta(minutes=i), warc_record_id=f"<urn:uuid:{i}>",
                                         result=_Result(text)))
            if (i + 1) % per_transaction == 0:
                store.settle_canonical(session)
                session.commit()
                session.begin()
        store.finish_run(session)
        session.commit()
    with Session(engine) as session:
        clusters = [(session.get(Page, a.canonical_page_id).url, sorted(p.url for p in a.pages))
                    for a in session.query(Article).order_by(Article.seq)]
        return clusters, session.query(LshBand).count()


def test_clusters_do_not_depend_on_how_copies_fall_into_transactions(base, tmp_path):
    # Within a transaction the store holds new versions' LSH bands and digests back until one flush:
    # exact and near duplicates of texts stored earlier in the same transaction must be found all
    # the same, and join the same (oldest) cluster.
    other = body("002")
    near = variants(base)
    texts = [other, near["edited sentences"], base, near["other chrome"], base, other,
             near["traditional with pinyin"], body("003"), near["edited sentences"], near["other title"], other]
    apart = _clusters(tmp_path / "apart", texts, per_transaction=1)
    for size in (3, len(texts)):
        assert _clusters(tmp_path / f"by{size}", texts, per_transaction=size) == apart
    clusters, bands = apart
    assert [len(urls) for _, urls in clusters] == [3, 7, 1]
    from archive.digests import text_digest
    assert bands == neardup.BANDS * len({text_digest(t) for t in texts})  # exact copies add none


def test_a_rolled_back_transaction_leaves_nothing_for_the_next(base, tmp_path):
    # StorePipeline stores a failed batch again one event per transaction: what the store held
    # back for the rolled-back transaction (new articles, their digests and bands) must be dropped
    from archive.models import LshBand

    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    store, when = ArticleStore(), datetime(2026, 1, 1, tzinfo=timezone.utc)
    texts = [base, variants(base)["edited sentences"], body("002")]

    def event(i: int, text: str) -> PageEvent:
        url = f"https://site{i}.example.cn/a.html"
        return PageEvent(url=url, canonical_url=url, source_id=f"s{i}", source_rank=0, status=200,
                         fetched_at=when + timedelta(minutes=i), warc_record_id=f"<urn:uuid:{i}>", result=_Result(text))

    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        for i, text in enumerate(texts):
            store.add(session, event(i, text))
        raise RuntimeError("one bad event")  # the batch is rolled back before settle_canonical
    store.forget_transaction()
    with Session(engine) as session:
        for i, text in enumerate(texts):
            with session.begin():
                store.add(session, event(i, text))
                store.settle_canonical(session)
        with session.begin():
            store.finish_run(session)
    with Session(engine) as session:
        assert sorted(len(a.pages) for a in session.query(Article)) == [1, 2]
        assert session.query(LshBand).count() == neardup.BANDS * 3
        assert all(b.version_id is not None for b in session.query(LshBand))
