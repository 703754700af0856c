"""The drift watch: per source and run, what the crawl saw of its articles, and a warning line when a
source's article count drops to zero or its patterns stop matching what the page kind model calls
articles.

A site that changes its URL scheme makes hand-written patterns match nothing new, and a scheduled
crawl would go on archiving nothing without a word. The crawl counts (crawler/spiders/articles.py,
crawler/middlewares/pagekind.py; kept in the run's stats, so `runs` can say it again later):

- `drift/source/<source>` (and `drift/discovers/<source>`): the run's sources;
- `drift/articles_seen/<source>`: article pages a page of the site still links (a known article
  asked for from the database counts only when linked), plus, for a discovering source,
  `discovery/article/<source>`: pages read as articles;
- `discovery/<kind>/<source>`: a discovering source's pages by kind (article, index, other);
- `drift/pattern_pages_read`, `drift/pattern_not_article`: a sample of the pages the article
  patterns match, read by the model, and those that do not read as articles;
- `drift/probes`, `drift/probe_articles`: links that match no pattern but look like an article's,
  fetched (a few a run) and read, and those that read as articles.

Pure: a run's stats in, lines out.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Enough pages to speak of a trend, and the share that makes it one.
_MIN_PAGES, _SHARE = 3, 0.5


@dataclass
class SourceDrift:
    source: str
    articles_seen: int = 0
    pages_read: dict[str, int] = field(default_factory=dict)  # discovery: kind -> pages
    pattern_pages_read: int = 0
    pattern_not_article: int = 0
    probes: int = 0
    probe_articles: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _count(stats: dict, key: str) -> int:
    return int(stats.get(key) or 0)


def source_drift(stats: dict, source: str, discovers: bool, start_url: str = "", known: int | None = None) -> SourceDrift:
    """What one run's stats say of one source; `known`: its article pages in the collection."""
    drift = SourceDrift(source)
    kinds = {kind: _count(stats, f"discovery/{kind}/{source}") for kind in ("article", "index", "other")}
    drift.pages_read = {k: n for k, n in kinds.items() if n} if discovers else {}
    drift.articles_seen = _count(stats, f"drift/articles_seen/{source}") + (kinds["article"] if discovers else 0)
    drift.pattern_pages_read = _count(stats, f"drift/pattern_pages_read/{source}")
    drift.pattern_not_article = _count(stats, f"drift/pattern_not_article/{source}")
    drift.probes = _count(stats, f"drift/probes/{source}")
    drift.probe_articles = _count(stats, f"drift/probe_articles/{source}")
    suggest = f"; `article-archive sources suggest {start_url}` proposes new ones" if start_url else ""
    if drift.articles_seen == 0:
        held = f" (the collection holds {known} of its articles)" if known else ""
        drift.warnings.append(f"source {source}: no article found this run{held}: check its start URLs"
                              + ("" if discovers else " and article_patterns") + suggest)
    if drift.probe_articles >= _MIN_PAGES and drift.probe_articles >= _SHARE * drift.probes:
        example = stats.get(f"drift/probe_article_example/{source}") or ""
        drift.warnings.append(f"source {source}: {drift.probe_articles} of {drift.probes} pages that match no article "
                              f"pattern read as articles (e.g. {example}): its patterns may have stopped matching"
                              + suggest)
    if drift.pattern_not_article >= _MIN_PAGES and drift.pattern_not_article >= _SHARE * drift.pattern_pages_read:
        example = stats.get(f"drift/not_article_example/{source}") or ""
        drift.warnings.append(f"source {source}: {drift.pattern_not_article} of {drift.pattern_pages_read} pages its "
                              f"article patterns match do not read as articles (e.g. {example})")
    return drift


def run_drift(stats: dict, start_urls: dict[str, str] | None = None, known: dict[str, int] | None = None) -> list[SourceDrift]:
    """Every source of a run with what its stats say; the sources are those the run's stats name
    (`drift/source/<id>`, and `drift/discovers/<id>` for a discovering one: set by the spider, and
    added up over the processes of a split crawl like every count). `start_urls`: a source's first
    start URL, for the hint at `sources suggest`; `known`: its article pages in the collection."""
    sources = sorted(key.removeprefix("drift/source/") for key in stats if key.startswith("drift/source/"))
    return [source_drift(stats, source, bool(stats.get(f"drift/discovers/{source}")), (start_urls or {}).get(source, ""),
                         (known or {}).get(source)) for source in sources]
