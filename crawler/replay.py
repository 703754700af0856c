"""Replay archived responses through the text pipeline: `reprocess`, and `verify`'s re-derivation.

reprocess rebuilds everything derived — capture rows, pages, versions, clusters, records — from
WARC files alone. Files are replayed run by run (the `article-archive-run` field of their warcinfo)
with the sources file each run stored in its own WARC files, so that records come out byte for
byte as the crawl wrote them. WARC files from other crawlers (no sources inside) are read with
a generic rule: every HTML page answered 200 is an article, each host its own source.
"""
from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import delete, func, insert, select, text
from warcio.exceptions import ArchiveLoadFailed

from archive import rebuild
from archive.collection import open_collection
from archive.digests import text_digest
from archive.models import Article, Capture, CrawlRun, DerivedRecord, LshBand, Page, SiteChrome, Version
from archive.records import export_records
from archive.recovery import capture_row, warc_time, warcinfo_field, warcinfo_run_id
from archive.warcread import ArchivedRecord, iter_records
from crawler.middlewares.pagekind import HEADER as PAGE_KIND, is_article_decision
from crawler.sources import Source, Sources, SourcesError, parse_sources
from pipelines.store import site_chrome
from pipelines.store.articles import ArticleStore, PageEvent, insert_or_ignore
from pipelines.store.events import event_fields, media_type, wants_text
from pipelines.chrome_relearn import learn_and_rederive
from pipelines.text.process import process_page
from pipelines.store.site_chrome import LearnedChrome
from pipelines.workers import page_options, process_archived_chunk, text_pool, text_settings
from pipelines.text.urls import mirror_aliases

logger = logging.getLogger(__name__)

SOURCES_URI = "urn:article-archive:sources"
HTML_TYPES = ("text/html", "application/xhtml+xml")
BATCH = 256   # article events per database transaction
WINDOW = 64   # extraction jobs in flight: keeps every worker busy, bounds memory
# Jobs go to the pool in chunks: one submission, one pickled message each way and one wake-up of
# this process per chunk instead of per page (the pool's bookkeeping was ~1 ms a page here).
CHUNK = 8
INLINE_RECORDS = 64  # catch_up derives fewer records than this in its own process


def rederive_digest(record: ArchivedRecord, settings: dict,
                    chrome_lists: Mapping[str, frozenset[str]] | None = None) -> str:
    """The text digest the pipeline gives today for this archived response and these settings
    (`chrome_lists`: the site chrome lists the settings may name, by digest)."""
    return text_digest(process_page(record.body, url=record.url, http_charset=record.http_charset,
                                    **page_options(settings, chrome_lists or {})).text)


@dataclass
class ReprocessReport:
    files: int = 0
    records: int = 0
    articles: int = 0
    records_written: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (f"reprocess: {self.files} WARC files, {self.records} records read, {self.articles} articles, "
                f"{self.records_written} record files written")
        return [head] + [f"  problem: {p}" for p in self.problems]


@dataclass
class RunGroup:
    """The WARC files written by one crawl run (or one foreign file)."""

    key: str
    files: list[Path]
    sources: Sources | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # mirror hosts → the host they copy
    # the site chrome lists the run applied (metadata records after each warcinfo), by source id;
    # for a foreign file, the lists the collection holds when it is replayed
    site_chrome: dict[str, LearnedChrome] = field(default_factory=dict)
    collection_chrome: dict[str, LearnedChrome] = field(default_factory=dict)
    source_ids: set[str] = field(default_factory=set)  # sources with articles in this run
    run_id: int | None = None  # the crawl_runs row its warcinfo names (the collection's own files only)


def reprocess(data_dir: Path, pool: Executor, warc_files: Iterable[Path] | None = None,
              database_url: str | None = None) -> ReprocessReport:
    """Rebuild everything derived from `warc_files` (default: the collection's own), the text in
    `pool` (pipelines.workers.text_pool: the caller starts it first, so that its workers start up
    while this runs, and shuts it down)."""
    warc_dir = data_dir / "warc"
    files = sorted(warc_files) if warc_files else sorted(warc_dir.glob("*.warc.gz"))
    report = ReprocessReport(files=len(files))
    sessions = open_collection(data_dir, database_url).sessions
    rebuild.mark(data_dir)  # on disk before the first row goes; removed once the records are written
    with sessions.begin() as session:  # everything below is derived, and rebuilt
        for model in (LshBand, Version, Page, Article, Capture, SiteChrome, DerivedRecord):  # children first
            session.execute(delete(model))
    for group in group_by_run(files, report, warc_dir):
        _replay_group(group, warc_dir, sessions, pool, report)
    with sessions.begin() as session:
        report.records_written = export_records(session, data_dir / "records")
        report.articles = session.query(Article).count()
    rebuild.unmark(data_dir)
    return report


def catch_up(data_dir: Path, database_url: str | None = None, pool: Executor | None = None) -> ReprocessReport:
    """Derive what earlier runs archived but never derived, before a run starts: a run killed with
    -9 leaves responses in its WARC files (and, after recovery, their capture rows) whose text never
    reached the database, and articles it never numbered. Replayed here in WARC order, run by run,
    with each run's own sources, then that run's end (site chrome, numbering) as `reprocess` does,
    so that the collection after any sequence of kills and restarts equals a `reprocess` of its WARC
    files: a page's first capture is its first capture, not the next run's fetch of it. Files of
    other crawlers added with `reprocess --warc` are left to `reprocess`."""
    warc_dir = data_dir / "warc"
    sessions = open_collection(data_dir, database_url).sessions
    report = ReprocessReport()
    with sessions() as session:
        taken = select(DerivedRecord.warc_record_id).where(DerivedRecord.warc_record_id == Capture.warc_record_id)
        missing = session.execute(
            select(Capture.warc_filename, Capture.warc_record_id)
            .where(Capture.record_type.in_(("response", "revisit")), ~taken.exists())).all()
        unnumbered = session.scalar(select(func.count(Article.id)).where(Article.seq.is_(None)))
    files = sorted({warc_dir / name for name, _ in missing if "/" not in name and (warc_dir / name).exists()})
    only = {record_id for _, record_id in missing}
    if not files and not unnumbered:
        return report
    report.files = len(files)
    own_pool = pool is None
    if pool is None:  # a pool of worker processes costs a second or two to start: only for many pages
        pool = text_pool() if len(only) > INLINE_RECORDS else InlineExecutor()
    try:
        for group in group_by_run(files, report, warc_dir):
            _replay_group(group, warc_dir, sessions, pool, report, only)
        with sessions.begin() as session:  # records in those files no replay reads (no HTTP status)
            read = {path.name for path in files}
            left = [record_id for name, record_id in session.execute(
                select(Capture.warc_filename, Capture.warc_record_id).where(
                    Capture.record_type.in_(("response", "revisit")), ~taken.exists())) if name in read]
            if left:
                session.execute(insert_or_ignore(session, DerivedRecord.__table__),
                                [{"warc_record_id": record_id} for record_id in left])
        if unnumbered and not files:  # everything was stored, but the run was killed before its end
            store = ArticleStore()
            with sessions.begin() as session:
                sources = set(session.scalars(select(Page.source_id).join(Article, Article.id == Page.article_id)
                                              .where(Article.seq.is_(None))))
                learn_and_rederive(session, warc_dir, sources, store, None)
                store.finish_run(session)
    finally:
        if own_pool:
            pool.shutdown()
    with sessions() as session:
        report.articles = session.scalar(select(func.count(Article.id)))
    logger.info("caught up with earlier runs: %d archived responses derived, %d unnumbered articles numbered",
                report.records, unnumbered)
    return report


class InlineExecutor(Executor):
    """Runs each job at once in this process: for the few pages a killed run left, a pool of
    worker processes costs more to start than the pages take."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # the caller reads it from the future, as from a pool's
            future.set_exception(exc)
        return future


def group_by_run(files: list[Path], report: ReprocessReport, own_dir: Path | None = None) -> list[RunGroup]:
    """Files by the run that wrote them (warcinfo's `article-archive-run`), in order of their names;
    `own_dir`: the collection's WARC folder, whose files' run ids are this collection's runs."""
    groups: dict[str, RunGroup] = {}
    for path in files:
        try:
            first = next(iter_records(path), None)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            report.problems.append(f"{path.name}: unreadable: {exc}")
            continue
        run = run_id = None
        if first is not None and first.record_type == "warcinfo":
            run = warcinfo_field(first.payload, "article-archive-run")
            own = own_dir is not None and path.parent.resolve() == own_dir.resolve()
            run_id = warcinfo_run_id(first.payload) if own else None
        key = run or f"file:{path}"
        group = groups.setdefault(key, RunGroup(key, []))
        group.files.append(path)
        group.run_id = group.run_id or run_id
    return list(groups.values())


def _ensure_run(session, group: RunGroup) -> None:
    """The crawl_runs row of a replayed run, made again from its warcinfo when the database is new
    (WARC files rebuilt into an empty one): captures keep their run, and the canonical choice and
    the numbering, which go by run (pipelines.store.articles.run_index), see the runs the crawl saw."""
    if group.run_id is None or session.get(CrawlRun, group.run_id) is not None:
        return
    try:
        started = warc_time(group.key)
    except ValueError:
        group.run_id = None
        return
    session.add(CrawlRun(id=group.run_id, started_at=started, status="rebuilt"))
    session.flush()
    if session.get_bind().dialect.name == "postgresql":  # the next run's own id comes after it
        session.execute(text("SELECT setval(pg_get_serial_sequence('crawl_runs', 'id'), "
                             "(SELECT MAX(id) FROM crawl_runs))"))


def _replay_group(group: RunGroup, warc_dir: Path, sessions, pool, report: ReprocessReport,
                  only: set[str] | None = None) -> None:
    """Replay one run in capture order. Extraction jobs are submitted in chunks as records are
    read and their results stored in the same order, with a window of jobs in flight so that
    every worker stays busy while this process reads WARC records and writes rows.

    `only`: the ids of the records to take in (catch_up: those a killed run never derived; their
    capture rows are there already); the others are read for the run's sources and site chrome."""
    store = ArticleStore()
    with sessions() as session:
        group.collection_chrome = site_chrome.current_lists(session)
    window: deque[tuple[str, PageEvent, _Slot | None]] = deque()
    chunk = _Chunk(pool)
    captures: list[dict] = []
    with sessions() as session:
        session.begin()
        _ensure_run(session, group)
        settled = 0
        for path in group.files:
            for record, event, job, capture in _events(group, path, warc_dir, report):
                if only is not None and record.record_id not in only:
                    continue
                report.records += 1
                if capture and only is None:
                    captures.append(capture)
                if event is None:
                    if capture:  # an index page, robots.txt: nothing to derive, nothing to do again
                        store.take(record.record_id)
                    continue
                window.append((record.url, event, chunk.add(job) if job else None))
                while len(window) > WINDOW:
                    _settle(window.popleft(), store, session, report)
                    settled += 1
                    if settled % BATCH == 0:  # bounded transactions, capture rows first
                        _commit(session, captures, store)
        while window:
            _settle(window.popleft(), store, session, report)
        _commit(session, captures, store)
        for learned in group.site_chrome.values():  # so that verify finds every list by its digest
            site_chrome.remember(session, learned)
        # as the crawl does when a run ends: the same state gives the same lists and versions
        learn_and_rederive(session, warc_dir, group.source_ids, store, pool)
        store.finish_run(session)
        session.commit()


class _Slot:
    """One job's place in a chunk: its outcome is the chunk's result at `index`."""

    __slots__ = ("chunk", "index", "future")

    def __init__(self, chunk: _Chunk, index: int) -> None:
        self.chunk, self.index, self.future = chunk, index, None

    def outcome(self):
        if self.future is None:  # its chunk is still filling: send it as it is
            self.chunk.submit()
        return self.future.result()[self.index]


class _Chunk:
    """Jobs gathered for one submission to the pool."""

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self.jobs: list[tuple] = []
        self.slots: list[_Slot] = []

    def add(self, job: tuple) -> _Slot:
        slot = _Slot(self, len(self.jobs))
        self.jobs.append(job)
        self.slots.append(slot)
        if len(self.jobs) >= CHUNK:
            self.submit()
        return slot

    def submit(self) -> None:
        if not self.jobs:
            return
        future = self.pool.submit(process_archived_chunk, self.jobs)
        for slot in self.slots:
            slot.future = future
        self.jobs, self.slots = [], []


def _settle(entry: tuple[str, PageEvent, _Slot | None], store: ArticleStore, session, report) -> None:
    url, event, slot = entry
    if slot is not None:
        outcome = slot.outcome()
        if isinstance(outcome, Exception):
            report.problems.append(f"{url}: text extraction failed: {outcome}")
        else:
            event.result, event.minhash = outcome
    store.add(session, event)


def _commit(session, captures: list[dict], store: ArticleStore) -> None:
    store.settle_canonical(session)
    if captures:
        session.connection().execute(insert(Capture.__table__), captures)  # Core: no ORM bulk path
        captures.clear()
    session.commit()
    session.begin()


def _events(group: RunGroup, path: Path, warc_dir: Path, report: ReprocessReport) -> Iterator[tuple]:
    filename = path.name if path.parent.resolve() == warc_dir.resolve() else str(path.resolve())
    held = None  # a response waits for the next record: its request, written right after it
    types: Counter[str] = Counter()
    articles = 0
    try:
        for record in iter_records(path):
            types[record.record_type] += 1
            if record.digest_passed is False:
                report.problems.append(f"{path.name}@{record.offset}: {record.url} fails its WARC digest")
            if record.record_type == "request" and held is not None:
                if record.warc_headers.get("WARC-Concurrent-To") == held[0].record_id:
                    held[3]["request_record_id"] = record.record_id
                continue
            if held is not None:
                yield held
                held = None
            if record.record_type == "metadata" and record.url == SOURCES_URI and group.sources is None:
                group.sources = _sources_from(record, path, report)
                group.aliases = mirror_aliases(group.sources) if group.sources else {}
            elif record.record_type == "metadata" and (record.url or "").startswith(site_chrome.URI_PREFIX):
                _chrome_from(group, record, path, report)
            elif record.record_type in ("response", "revisit") and record.status is not None:
                source = _source_for(group.sources, record.url) if group.sources else None
                held = (record, *_event_for(group, record),
                        capture_row(record, filename, group.run_id, source.id if source else None))
                articles += held[1] is not None
            elif record.record_type not in ("warcinfo", "metadata", "resource", "conversion", "request"):
                report.problems.append(f"{path.name}@{record.offset}: {record.record_type} record skipped")
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        report.problems.append(f"{path.name}: stopped reading: {exc}")
    if held is not None:
        yield held
    if not articles and not set(types) <= {"warcinfo", "conversion", "metadata"}:
        found = ", ".join(f"{kind} {count}" for kind, count in sorted(types.items())) or "no records"
        report.problems.append(f"{path.name}: no article pages to make records from (found: {found})")


def _sources_from(record: ArchivedRecord, path: Path, report: ReprocessReport) -> Sources | None:
    try:
        return parse_sources(record.payload, f"{path.name}#{SOURCES_URI}")
    except SourcesError as exc:
        report.problems.append(f"{path.name}: stored sources file is invalid: {exc}")
        return None


def _chrome_from(group: RunGroup, record: ArchivedRecord, path: Path, report: ReprocessReport) -> None:
    try:
        learned = LearnedChrome.from_warc_payload(record.payload)
    except (ValueError, KeyError, TypeError) as exc:
        report.problems.append(f"{path.name}@{record.offset}: stored site chrome list is invalid: {exc}")
        return
    group.site_chrome[learned.source_id] = learned


def _event_for(group: RunGroup, record: ArchivedRecord) -> tuple[PageEvent | None, tuple | None]:
    """The page event of an archived article response, as the crawl made it (pipelines.store.events),
    and the extraction job when its text is derived."""
    source = _source_for(group.sources, record.url)
    # an article by the source's patterns, or by the page kind decided when it was fetched and
    # written into its record (a discovering source: crawler/middlewares/pagekind.py)
    if source is None or not (source.is_article(record.url) or is_article_decision(record.warc_headers.get(PAGE_KIND))):
        return None, None
    content_type = record.header("Content-Type")
    if group.sources is None and media_type(content_type) not in HTML_TYPES:
        return None, None
    group.source_ids.add(source.id)
    revisit = record.record_type == "revisit"
    text = wants_text(record.status, content_type, revisit=revisit,
                      truncated=bool(record.warc_headers.get("WARC-Truncated")))
    learned = (group.site_chrome if group.sources else group.collection_chrome).get(source.id)
    settings = text_settings(source, learned) if text else None
    event = PageEvent(**event_fields(url=record.url, source=source, status=record.status,
                                     fetched_at=warc_time(record.date), warc_record_id=record.record_id,
                                     revisit=revisit, aliases=group.aliases, settings=settings))
    if not text:
        return event, None
    # the payload is decompressed in the worker, off this process
    return event, (record.payload, record.header("Content-Encoding"), record.url, record.http_charset,
                   page_options(settings, learned.lookup if learned else {}))


def _source_for(sources: Sources | None, url: str) -> Source | None:
    if sources is not None:
        return sources.for_url(url)
    host = urlsplit(url).netloc.lower()
    if not host or urlsplit(url).path.endswith("/robots.txt"):
        return None
    return _generic_source(host)


def _generic_source(host: str) -> Source:
    import re

    return Source(id=host, name=host, priority="official", start_urls=(), allowed_domains=(host,),
                  article_patterns=(re.compile(""),), needs_network=True)



