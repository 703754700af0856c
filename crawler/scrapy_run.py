"""One Scrapy crawl in this process, from its settings to its summary: shared by a plain run
(crawler.runner) and by each process of a split crawl (crawler.shards), which import it from here
rather than from each other."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import func, select


@dataclass
class RunSummary:
    run_id: int
    status: str
    fetched: int
    new: int
    changed: int
    unchanged: int
    gone: int
    errors: int
    articles: int
    pages: int
    duplicates: int
    records_written: int
    data_dir: str
    warc_files: int
    database: str = ""   # the database's URL, its password masked
    # this run's transitions other than "first seen" (archive.changes), as lines, the first SHOWN
    changes: list[str] = field(default_factory=list)
    more_changes: int = 0
    # the drift watch (crawler/drift.py): per source, what the run saw of its articles; and its warnings
    sources: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        why = STOP_REASONS.get(self.status)
        return [
            f"run {self.run_id} {self.status}{f' ({why})' if why else ''}: {self.fetched} responses archived, "
            f"{self.errors} errors",
            f"articles: {self.articles} ({self.new} new this run) from {self.pages} pages; "
            f"{self.duplicates} pages are copies of another page's article",
            f"versions: {self.changed} changed, {self.unchanged} unchanged; {self.gone} pages gone",
            *(f"  {line}" for line in self.changes),
            *([f"  and {self.more_changes} more: article-archive changes --run {self.run_id}"]
              if self.more_changes else []),
            *(_drift_line(source) for source in self.sources),
            *(f"warning: {warning}" for warning in self.warnings),
            f"records written this run: {self.records_written} -> {Path(self.data_dir) / 'records'}",
            f"WARC files: {self.warc_files} in {Path(self.data_dir) / 'warc'}; "
            f"database: {self.database or Path(self.data_dir) / 'archive.db'}",
        ]


def _drift_line(source: dict) -> str:
    line = f"source {source['source']}: {source['articles_seen']} articles linked or read"
    if read := source["pages_read"]:
        total = sum(read.values())
        line += (f"; pages read: {read.get('article', 0)} article, {read.get('index', 0)} index, "
                 f"{read.get('other', 0)} other ({read.get('article', 0) / total:.0%} articles)")
    if source["pattern_pages_read"]:
        line += f"; {source['pattern_not_article']} of {source['pattern_pages_read']} pages its patterns match not read as articles"
    if source["probes"]:
        line += f"; {source['probe_articles']} of {source['probes']} links matching no pattern read as articles"
    return line


# Why a run stopped, in words, for the summary's first line beside the status Scrapy names it by
# ('finished' says it already).
STOP_REASONS = {
    "closespider_pagecount": "stopped at --max-pages",
    "closespider_timeout": "stopped at --max-duration",
    "shutdown": "stopped by Ctrl-C or SIGTERM",
    "interrupted": "the process was killed",
    "shard_failed": "a process of the split crawl died",
}


def crawl_settings(data_dir: Path, sources: Path, overrides: dict | None = None):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("DATA_DIR", str(data_dir), priority="cmdline")
    settings.set("ARCHIVE_SOURCES", str(sources), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_scrapy(settings, sources: Path):
    """Run the articles spider in this process until it closes; returns its Crawler."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.articles import ArticlesSpider

    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the command's handler logs
    # The frontier goes to Scrapy's disk queues: a pending Request costs ~2 KB of memory, and a
    # news site's list pages reveal most of its articles long before they are fetched. The
    # directory is this run's alone and never resumed; it is not in the data dir, so a full
    # data disk stops the crawl with the database's error rather than the queue's.
    queue_dir = None
    if not settings.get("JOBDIR"):
        _remove_orphan_frontiers()
        queue_dir = Path(tempfile.mkdtemp(prefix=f"{FRONTIER_PREFIX}{os.getpid()}-"))
        settings.set("JOBDIR", str(queue_dir), priority="cmdline")
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(ArticlesSpider)
        process.crawl(crawler, sources=str(sources))
        process.start()
    finally:
        if queue_dir is not None:
            shutil.rmtree(queue_dir, ignore_errors=True)
    return crawler


FRONTIER_PREFIX = "article-archive-frontier-"


def _remove_orphan_frontiers() -> None:
    """Remove the disk queues of runs that were killed (their process is gone)."""
    for path in Path(tempfile.gettempdir()).glob(f"{FRONTIER_PREFIX}*"):
        pid = path.name.removeprefix(FRONTIER_PREFIX).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:  # another user's live process
            continue


def summarize(data_dir: Path, run_id: int | None, records_written: int, overrides: dict | None = None,
              sources_path: Path | None = None) -> RunSummary:
    from archive.changes import changes
    from archive.collection import open_collection
    from archive.models import Article, CrawlRun, Page, Version
    from crawler.drift import run_drift

    collection = open_collection(data_dir, (overrides or {}).get("ARCHIVE_DATABASE_URL"))
    with collection.session() as session:
        run = session.get(CrawlRun, run_id) if run_id else None
        if run is None:
            raise RuntimeError("the crawl did not start (see the log above)")
        articles = session.scalar(select(func.count(Article.id))) or 0
        clustered = session.scalar(select(func.count(Page.id)).where(Page.article_id.is_not(None))) or 0
        pages = session.scalar(select(func.count(Page.id))) or 0
        happened = [c for c in changes(session, run_id=run.id) if c.kind != "first seen"]
        with_text = select(Version.page_id).distinct().subquery()  # articles, not pages that only answered 404
        known = dict(session.execute(select(Page.source_id, func.count(Page.id))
                                     .join(with_text, with_text.c.page_id == Page.id).group_by(Page.source_id)).all())
        drift = run_drift(run.stats or {}, _start_urls(sources_path), known)
        return RunSummary(run.id, run.status, run.fetched, run.new, run.changed, run.unchanged, run.gone,
                          run.errors, articles, pages, clustered - articles, records_written, str(data_dir),
                          len(list((data_dir / "warc").glob("*.warc.gz"))), collection.shown_database,
                          [_change_line(c) for c in happened[:SHOWN]], max(0, len(happened) - SHOWN),
                          [d.to_dict() for d in drift], [w for d in drift for w in d.warnings])


def _start_urls(sources_path: Path | None) -> dict[str, str]:
    """Each source's first start URL (named in a drift warning's hint), when the sources file is at hand."""
    if sources_path is None:
        return {}
    from crawler.sources import SourcesError, load_sources

    try:
        return {s.id: s.start_urls[0] for s in load_sources(sources_path).sources if s.start_urls}
    except SourcesError:
        return {}


SHOWN = 10  # changes named in a run's summary; the rest are counted, `changes --run N` lists them


def _change_line(change) -> str:
    return f"{change.kind}: {change.record or '-'} {change.url}" + (f" ({change.detail})" if change.detail else "")
