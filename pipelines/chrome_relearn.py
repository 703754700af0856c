"""At the end of a run: learn each source's repeated lines, and derive again the texts holding them.

Both the crawl (its store process, when the spider closes) and `reprocess` (after each run it
replays) call learn_and_rederive on the same database state, so they learn the same lists and
make the same versions: reprocess still reproduces the records byte for byte.

A text derived again is a new version of the page from the same archived response (same
WARC-Record-ID and capture time) with settings naming the grown list; `verify` re-derives it
with that list like any other version.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Capture, Page, Version
from archive.warcread import read_record_at
from pipelines.store import site_chrome
from pipelines.store.articles import ArticleStore, PageEvent
from pipelines.store.site_chrome import LearnedChrome
from pipelines.workers import page_options, process_and_sign, text_pool

logger = logging.getLogger(__name__)

INLINE_JOBS = 8  # fewer texts than this are derived in this process: a pool costs a second to start
CHUNK = 256


def learn_and_rederive(session: Session, warc_dir: Path, source_ids: Iterable[str], store: ArticleStore,
                       pool: Executor | None = None, *, on_learned: Callable[[LearnedChrome], None] | None = None,
                       on_version: Callable[[str, Version], None] | None = None) -> tuple[list[LearnedChrome], int]:
    """Grow the sources' chrome lists; returns the lists that grew and how many versions were made
    with them. `on_learned` sees each grown list before the versions derived with it, `on_version`
    each new version (the crawl writes both to its derived WARC file)."""
    grown = site_chrome.learn(session, source_ids)
    made = 0
    for learned in grown:
        if on_learned:
            on_learned(learned)
        count = _rederive(session, warc_dir, learned, store, pool, on_version)
        logger.info("site chrome of %s: %d repeated lines learned over %d articles (list %s); %d texts derived "
                    "again without them", learned.source_id, len(learned.lines), learned.learned_from,
                    learned.digest[:19], count)
        made += count
    return grown, made


def _rederive(session: Session, warc_dir: Path, learned: LearnedChrome, store: ArticleStore,
              pool: Executor | None, on_version: Callable[[str, Version], None] | None) -> int:
    version_ids = site_chrome.holding_lines(session, learned)
    own_pool = pool is None and len(version_ids) > INLINE_JOBS
    if own_pool:
        pool = text_pool()
    made = 0
    try:
        for start in range(0, len(version_ids), CHUNK):  # in chunks: a source can have many thousands
            jobs = [job for version_id in version_ids[start:start + CHUNK]
                    if (job := _job(session, warc_dir, version_id, learned))]
            outcomes = (pool.map(_derive, [job for *_, job in jobs], chunksize=4) if pool
                        else map(_derive, [job for *_, job in jobs]))
            made_now = []
            for (version, settings, _), outcome in zip(jobs, outcomes):
                page: Page = version.page
                if isinstance(outcome, Exception):
                    logger.warning("%s: cannot derive the text again: %s", page.url, outcome)
                    continue
                result, minhash = outcome
                event = PageEvent(url=page.url, canonical_url=page.canonical_url, source_id=page.source_id,
                                  source_rank=page.source_priority, status=200, fetched_at=version.fetched_at,
                                  warc_record_id=version.warc_record_id, result=result, settings=settings,
                                  source_publications=tuple(page.source_publications or ()), minhash=minhash)
                new = store.add_derived_again(session, page, event)
                if new is not None:
                    made_now.append((page.url, new))
            store.settle_canonical(session)  # inserts the new versions: now they have their ids and times
            session.flush()
            made += len(made_now)
            if on_version:
                for url, new in made_now:
                    on_version(url, new)
        return made
    finally:
        if own_pool:
            pool.shutdown()


def _job(session: Session, warc_dir: Path, version_id: int, learned: LearnedChrome) -> tuple | None:
    """(version, settings, worker job) to derive one version's text again with a grown list."""
    version = session.get(Version, version_id)
    capture = session.scalars(select(Capture).where(Capture.warc_record_id == version.warc_record_id)).first()
    if capture is None:
        logger.warning("%s: no capture row for %s; its text keeps the learned lines until reprocess",
                       version.page.url, version.warc_record_id)
        return None
    settings = {**(version.settings or {}), "site_chrome": learned.digest}
    # a foreign file's capture row holds its absolute path, which `/` keeps as it is
    return version, settings, (str(warc_dir / capture.warc_filename), capture.warc_offset,
                               version.warc_record_id, version.page.url, page_options(settings, learned.lookup))


def _derive(job: tuple) -> object:
    path, offset, record_id, url, options = job
    try:
        record = read_record_at(Path(path), offset)
        if record.record_id != record_id:
            raise ValueError(f"{path}@{offset} holds {record.record_id}, not {record_id}")
        return process_and_sign(record.body, url=url, http_charset=record.http_charset, **options)
    except Exception as exc:  # one unreadable record must not stop the others
        return exc
