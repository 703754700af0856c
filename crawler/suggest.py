"""`article-archive sources suggest URL`: a [[source]] table for a site, from a bounded sample of it.

The sample is a real crawl (crawler/runner.py: robots.txt, politeness, scope and address checks
as in any crawl) of the site from URL with discovery (no patterns: crawler/middlewares/pagekind.py
reads each page), archive-only, stopped after --pages responses, into a temporary collection that
is deleted afterwards. From its WARC records: the site's name (the start page's <title>), the
sitemaps and feeds it answered (start URLs of their own), and the URLs read as articles and as
index pages, generalized into article_patterns and follow_patterns (crawler/url_patterns.py) with
the count and three examples behind each, for a person to review before saving.
"""
from __future__ import annotations

import collections
import json
import re
import tempfile
from dataclasses import dataclass, field
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from crawler.middlewares.pagekind import HEADER, is_article_decision
from crawler.url_patterns import Pattern, generalize

_FEED_TYPES = ("xml", "rss", "atom")


@dataclass
class Sample:
    """What the sample crawl fetched, read back from its WARC records."""
    start_url: str
    kinds: dict[str, str] = field(default_factory=dict)  # URL -> article | index | other (pages read)
    feeds: list[str] = field(default_factory=list)        # sitemaps and feeds answered 200: start URLs
    title: str = ""                                         # the start page's <title>
    responses: int = 0


@dataclass
class Suggestion:
    source_id: str
    name: str
    start_urls: list[str]
    allowed_domains: list[str]
    article_patterns: list[Pattern]
    follow_patterns: list[Pattern]
    uncovered: list[str]          # articles no pattern could cover without matching an index page
    counts: collections.Counter
    responses: int
    allow_private_addresses: bool

    def toml(self) -> str:
        lines = [f"# suggested by `article-archive sources suggest` from {self.responses} responses of the site: "
                 + ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items())) + " pages read; review before saving",
                 "[[source]]", f"id = {_string(self.source_id)}", f"name = {_string(self.name)}",
                 'priority = "official"  # official | mirror | farm: yours to say',
                 "start_urls = [" + ", ".join(_string(u) for u in self.start_urls) + "]",
                 "allowed_domains = [" + ", ".join(_string(d) for d in self.allowed_domains) + "]"]
        for key, patterns in (("article_patterns", self.article_patterns), ("follow_patterns", self.follow_patterns)):
            lines.append(f"{key} = [")
            for pattern in patterns:
                examples = ", ".join(path_of(u) for u in pattern.examples)
                lines.append(f"  # {pattern.count} page{'s' if pattern.count != 1 else ''}, e.g. {examples}")
                lines.append(f"  {_pattern(pattern.regex)},")
            lines.append("]")
        if self.uncovered:
            lines.insert(1, f"# {len(self.uncovered)} article URLs fit no pattern that spares the index pages, "
                            f"e.g. {', '.join(self.uncovered[:3])}")
        if self.allow_private_addresses:
            lines.append("allow_private_addresses = true")
        return "\n".join(lines) + "\n"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def _pattern(regex: str) -> str:
    """A TOML literal string (no escaping of the regex's backslashes) unless the regex holds a quote."""
    return f"'{regex}'" if "'" not in regex and "\n" not in regex else _string(regex)


def source_id_for(url: str) -> str:
    """'http://www.qizhiwang.org.cn/' -> 'qizhiwang'; an address -> its digits and port."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").lower()
    try:
        ip_address(host)
        return re.sub(r"[^0-9a-z]+", "-", f"{host}-{parts.port or ''}").strip("-")
    except ValueError:
        labels = [label for label in host.split(".") if label not in ("www", "m", "wap")]
        return re.sub(r"[^0-9a-z_-]+", "-", labels[0] if labels else host)


def discovering_table(url: str, allow_private: bool) -> str:
    netloc = urlsplit(url).netloc
    return (f"[[source]]\nid = {_string(source_id_for(url))}\nstart_urls = [{_string(url)}]\n"
            f"allowed_domains = [{_string(netloc)}]\n" + ("allow_private_addresses = true\n" if allow_private else ""))


def read_sample(start_url: str, warc_dir: Path) -> Sample:
    from archive.warcread import decode_content, iter_records
    from pipelines.text.decode import decode_html
    from pipelines.text.extract.html import parse_html

    sample = Sample(start_url)
    for path in sorted(warc_dir.glob("*.warc.gz")):
        for record in iter_records(path):
            if record.record_type not in ("response", "revisit"):
                continue
            sample.responses += 1
            content_type = (record.header("Content-Type") or "").lower()
            decision = record.warc_headers.get(HEADER)
            if decision:
                sample.kinds[record.url] = decision.split(";", 1)[0]
            elif record.status == 200 and any(t in content_type for t in _FEED_TYPES) and \
                    not record.url.endswith("/robots.txt"):
                sample.feeds.append(record.url)
            if record.url == start_url and record.status == 200 and not sample.title:
                root = parse_html(decode_html(decode_content(record.payload, record.header("Content-Encoding")),
                                              record.http_charset).text)
                if root is not None:
                    sample.title = " ".join(" ".join(root.xpath("//title//text()")).split())
    return sample


def suggest(url: str, pages: int, overrides: dict | None = None, allow_private: bool = False) -> Suggestion:
    """Crawl a sample of the site at `url` and read a [[source]] table off it."""
    from crawler.runner import ARCHIVE_ONLY, run_crawl

    with tempfile.TemporaryDirectory(prefix="article-archive-suggest-") as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(discovering_table(url, allow_private), encoding="utf-8")
        data = Path(tmp) / "data"
        run_crawl(data, sources, {**ARCHIVE_ONLY, "CLOSESPIDER_PAGECOUNT": pages, **(overrides or {})})
        sample = read_sample(url, data / "warc")
    return from_sample(sample, allow_private)


def from_sample(sample: Sample, allow_private: bool = False) -> Suggestion:
    articles = sorted(u for u, kind in sample.kinds.items() if is_article_decision(kind))
    indexes = sorted(u for u, kind in sample.kinds.items() if kind == "index")
    others = sorted(u for u, kind in sample.kinds.items() if kind == "other")
    article_patterns, uncovered = generalize(articles, avoid=indexes + others)
    follow_patterns, _ = generalize(indexes, avoid=articles, words=True)
    start_urls = list(dict.fromkeys([sample.start_url, *sample.feeds]))
    return Suggestion(
        source_id=source_id_for(sample.start_url), name=sample.title or urlsplit(sample.start_url).netloc,
        start_urls=start_urls, allowed_domains=[urlsplit(sample.start_url).netloc],
        article_patterns=article_patterns, follow_patterns=follow_patterns, uncovered=uncovered,
        counts=collections.Counter(sample.kinds.values()), responses=sample.responses,
        allow_private_addresses=allow_private)
