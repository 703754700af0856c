"""archive.changes asks only about the captures in question (a run's, by index) and still gives
what the definition gives: the state machine over every capture of every page, in time order,
kept here as the oracle (it is what archive.changes computed before it was scoped)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from archive.changes import Change, _page_state, changes, diff_summary, share_changed
from archive.db import open_engine
from archive.models import Article, Capture, CrawlRun, Page, Version

T0 = datetime(2025, 3, 1, tzinfo=timezone.utc)


def oracle(session: Session, *, run_id=None, since=None, site=None) -> list[Change]:
    """Every capture of every page in time order through the up/down state machine; every version
    against the one before it."""
    pages = {p.url: p for p in session.query(Page) if not site or p.source_id == site}
    records = {a.id: a.record_name for a in session.query(Article)}
    found, state, run_of_record = [], {}, {}
    for c in session.query(Capture).order_by(Capture.url, Capture.fetched_at, Capture.warc_record_id):
        run_of_record[c.warc_record_id] = c.run_id
        page = pages.get(c.url)
        now = _page_state(c.status)
        if page is None or now == "unknown":
            continue
        before, record = state.get(c.url), records.get(page.article_id)
        when = c.fetched_at.isoformat()
        if before is None and now == "up":
            found.append(Change(c.run_id, when, "first seen", c.url, page.source_id, record))
        elif before == "up" and now == "down":
            found.append(Change(c.run_id, when, "taken down", c.url, page.source_id, record,
                                f"{c.status}" + (f" -> {c.location}" if c.location else "")))
        elif before == "down" and now == "up":
            found.append(Change(c.run_id, when, "back again", c.url, page.source_id, record, str(c.status)))
        state[c.url] = now
    for page in pages.values():
        previous = None
        for v in sorted(page.versions, key=lambda v: v.number):
            if previous is not None and previous.warc_record_id != v.warc_record_id:
                share = share_changed(previous.text, v.text)
                found.append(Change(run_of_record.get(v.warc_record_id), v.fetched_at.isoformat(), "edited", page.url,
                                    page.source_id, records.get(page.article_id),
                                    diff_summary(previous.text, v.text, share), share, (previous.number, v.number)))
            previous = v
    found.sort(key=lambda c: (c.time, c.url, c.kind))
    return [c for c in found if (run_id is None or c.run_id == run_id)
            and (since is None or datetime.fromisoformat(c.time) >= since)]


def history(session: Session) -> None:
    """Four runs over five pages on two sites: first seen, a server error that says nothing, a
    takedown (404, 410, a redirect off the article), back again, edits, and a re-derivation of the
    same bytes that is no edit."""
    runs = [CrawlRun(id=n, started_at=T0 + timedelta(days=n), ended_at=T0 + timedelta(days=n, hours=1),
                     status="finished") for n in (1, 2, 3, 4)]
    session.add_all(runs)
    session.flush()  # the runs before the captures that name them (no ORM relationship orders them)
    statuses = {  # url → status in runs 1..4 (None: not fetched that run)
        "https://a.example/1.html": (200, 503, 404, 200),
        "https://a.example/2.html": (200, 200, 200, 200),
        "https://a.example/3.html": (None, 200, 301, 410),
        "https://b.example/4.html": (200, 410, 403, 200),
        "https://b.example/5.html": (500, 200, 200, None),
    }
    texts = {  # url → the text derived in each run that answered 200 (a repeat: the same bytes)
        "https://a.example/1.html": {1: "第一段。\n第二段。", 4: "第一段。\n第二段。\n补记一段。"},
        "https://a.example/2.html": {1: "原文。", 2: "原文。", 3: "改过的原文。", 4: "改过的原文。"},
        "https://a.example/3.html": {2: "三。"},
        "https://b.example/4.html": {1: "四。", 4: "四，又改。"},
        "https://b.example/5.html": {2: "五。", 3: "五。"},
    }
    for n, (url, by_run) in enumerate(statuses.items(), 1):
        article = Article(id=n, seq=n, record_name=f"{n:03d}_{n:016x}", canonical_page_id=n)
        page = Page(id=n, url=url, canonical_url=url, source_id=url.split("/")[2].split(".")[0], source_priority=0,
                    first_seen=T0, last_seen=T0, last_status=200, article=article)
        session.add_all([article, page])
        number, last_text, last_record = 0, None, None
        for run, status in enumerate(by_run, 1):
            if status is None:
                continue
            record = f"<urn:uuid:{n:04d}-{run:04d}>"
            when = T0 + timedelta(days=run, minutes=n)
            session.add(Capture(run_id=run, source_id=page.source_id, url=url, fetched_at=when, status=status,
                                record_type="response", warc_filename="x.warc.gz", warc_offset=0, warc_length=1,
                                warc_record_id=record, location="https://a.example/" if status == 301 else None))
            text = texts[url].get(run)
            if status == 200 and text is not None and text != last_text:
                number += 1
                session.add(Version(page=page, number=number, warc_record_id=record, fetched_at=when, text_digest=text,
                                    text=text, original_text=text))
                last_text, last_record = text, record
        if url.endswith("2.html"):  # run 4 derived run 3's bytes again (a grown chrome list): no edit
            session.add(Version(page=page, number=number + 1, warc_record_id=last_record,
                                fetched_at=T0 + timedelta(days=4, minutes=30), text_digest="again",
                                text="改过的原文", original_text="改过的原文"))
    session.commit()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def session(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.db'}" if request.param == "sqlite" else \
        request.getfixturevalue("postgres_database")
    engine = open_engine(url)
    with Session(engine) as session:
        history(session)
        yield session
    engine.dispose()


def test_each_run_and_every_filter_gives_what_the_state_machine_gives(session):
    everything = oracle(session)
    kinds = {c.kind for c in everything}
    assert kinds == {"first seen", "taken down", "back again", "edited"}, everything
    assert changes(session) == everything
    for run in (1, 2, 3, 4, 99):
        assert changes(session, run_id=run) == oracle(session, run_id=run), run
    for site in ("a", "b", "c"):
        assert changes(session, site=site) == oracle(session, site=site), site
        assert changes(session, run_id=3, site=site) == oracle(session, run_id=3, site=site), site
    since = T0 + timedelta(days=3)
    assert changes(session, since=since) == oracle(session, since=since)


def test_the_transitions_are_the_ones_that_happened(session):
    by_run = {run: [(c.kind, c.url.rsplit("/", 1)[1]) for c in changes(session, run_id=run)] for run in (1, 2, 3, 4)}
    assert sorted(by_run[1]) == [("first seen", "1.html"), ("first seen", "2.html"), ("first seen", "4.html")]
    # the 503 says nothing; 5.html's 500 in run 1 neither, so it is first seen in run 2
    assert sorted(by_run[2]) == [("first seen", "3.html"), ("first seen", "5.html"), ("taken down", "4.html")]
    assert sorted(by_run[3]) == [("edited", "2.html"), ("taken down", "1.html"), ("taken down", "3.html")]
    # 3.html's 410 after its redirect is no second takedown; 4.html's 403 in run 3 said nothing
    assert sorted(by_run[4]) == [("back again", "1.html"), ("back again", "4.html"), ("edited", "1.html"),
                                 ("edited", "4.html")]
    redirect = next(c for c in changes(session, run_id=3) if c.url.endswith("3.html"))
    assert redirect.detail == "301 -> https://a.example/"
