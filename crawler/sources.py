"""Load and validate the sources file (TOML): which sites to crawl and how.

Every field is documented in sources.example.toml. Validation errors name the source and field,
so a typo in a scheduled job's sources file fails loudly before any request is made.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from crawler.errors import SourcesError

PRIORITIES = {"official": 0, "mirror": 1, "farm": 2}
# Every key a [[source]] table may hold, and its [source.hints]: a misspelled key ('follow_pattern')
# would otherwise be ignored, and a scheduled crawl would quietly archive less than it should.
SOURCE_KEYS = ("id", "name", "priority", "start_urls", "allowed_domains", "article_patterns", "follow_patterns",
               "script", "mirror_of", "needs_network", "allow_private_addresses", "hints", "publications")
HINT_KEYS = ("body_selector", "title_selector")
SCRIPTS = {"keep", "zh-Hans", "zh-TW", "zh-HK"}



@dataclass(frozen=True)
class Source:
    id: str
    name: str
    priority: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    article_patterns: tuple[re.Pattern[str], ...] = ()
    follow_patterns: tuple[re.Pattern[str], ...] = ()
    script: str = "zh-Hans"
    mirror_of: str = ""
    needs_network: bool = True
    allow_private_addresses: bool = False
    hints: dict[str, str] = field(default_factory=dict)
    publications: tuple[str, ...] = ()  # titles this site publishes: its copy wins a tie on priority

    @property
    def rank(self) -> int:
        """Lower is preferred when choosing a cluster's canonical member."""
        return PRIORITIES[self.priority]

    def in_scope(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host, netloc = parts.hostname.lower(), parts.netloc.lower().rsplit("@", 1)[-1]
        for domain in self.allowed_domains:
            if ":" in domain:  # host:port pins one server (the demo sites live on loopback ports)
                if netloc == domain:
                    return True
            elif host == domain or host.endswith("." + domain):
                return True
        return False

    @property
    def discovers(self) -> bool:
        """No article_patterns: every page in scope is fetched and the page kind model
        (pipelines/text/pagekind.py) tells the articles from the index pages."""
        return not self.article_patterns

    def is_article(self, url: str) -> bool:
        """The URL is an article's by the source's patterns (never, for a source that discovers)."""
        path = _path_and_query(url)
        return any(p.search(path) for p in self.article_patterns)

    def is_followed(self, url: str) -> bool:
        path = _path_and_query(url)
        return any(p.search(path) for p in self.follow_patterns)


@dataclass(frozen=True)
class Sources:
    sources: tuple[Source, ...]
    digest: str  # sha256 of the file's bytes, recorded in every warcinfo
    path: str
    raw: bytes

    def by_id(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def for_url(self, url: str) -> Source | None:
        for source in self.sources:
            if source.in_scope(url):
                return source
        return None


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def load_sources(path: str | Path) -> Sources:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    return parse_sources(raw, path)


def parse_sources(raw: bytes, path: str | Path) -> Sources:
    """Sources from the bytes of a sources file (read from disk, or from a WARC metadata record)."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    _known_keys(data, ("source",), f"{path}")
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{path}: no [[source]] tables")
    sources = tuple(_parse_source(t, path) for t in tables)
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise SourcesError(f"{path}: duplicate source ids")
    for s in sources:
        if s.mirror_of and s.mirror_of not in ids:
            raise SourcesError(f"{path}: source {s.id!r}: mirror_of {s.mirror_of!r} is not a source id")
    return Sources(sources, "sha256:" + hashlib.sha256(raw).hexdigest(), str(path), raw)


def _known_keys(table: dict, known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            raise SourcesError(f"{where}: unknown key {key!r}{hint}")


def _parse_source(table: dict, path: Path) -> Source:
    if not isinstance(table, dict):
        raise SourcesError(f"{path}: [[source]] must be a table")
    sid = table.get("id")
    where = f"{path}: source {sid!r}"
    _known_keys(table, SOURCE_KEYS, where)
    if not isinstance(table.get("hints", {}), dict):
        raise SourcesError(f"{where}: hints must be a table ([source.hints])")
    _known_keys(table.get("hints", {}), HINT_KEYS, f"{where}: hints")
    if not isinstance(sid, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", sid):
        raise SourcesError(f"{where}: id must be letters, digits, '_', '.' or '-'")
    priority = table.get("priority", "official")
    if priority not in PRIORITIES:
        raise SourcesError(f"{where}: priority must be one of {sorted(PRIORITIES)}")
    script = table.get("script", "zh-Hans")
    if script not in SCRIPTS:
        raise SourcesError(f"{where}: script must be one of {sorted(SCRIPTS)}")
    start_urls = _str_list(table, "start_urls", where, required=True)
    for url in start_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourcesError(f"{where}: start URL {url!r} is not an http(s) URL")
    domains = [_as_requested(d) for d in _str_list(table, "allowed_domains", where) or
               [urlsplit(u).netloc for u in start_urls]]
    try:
        articles = tuple(re.compile(p) for p in _str_list(table, "article_patterns", where))
        follows = tuple(re.compile(p) for p in _str_list(table, "follow_patterns", where))
    except re.error as exc:
        raise SourcesError(f"{where}: bad pattern: {exc}") from exc
    return Source(
        id=sid, name=str(table.get("name", sid)), priority=priority, start_urls=tuple(start_urls),
        allowed_domains=tuple(d.lower() for d in domains), article_patterns=articles, follow_patterns=follows,
        script=script, mirror_of=str(table.get("mirror_of", "")), needs_network=bool(table.get("needs_network", True)),
        allow_private_addresses=bool(table.get("allow_private_addresses", False)),
        hints={k: str(v) for k, v in dict(table.get("hints", {})).items()},
        publications=tuple(_str_list(table, "publications", where)))


def _as_requested(netloc: str) -> str:
    """An allowed domain (host, or host:port) as the crawl's requests will name it: Scrapy reads
    every URL through w3lib, which parses hosts as browsers do (WHATWG): '2130706433', '0x7f000001'
    and '127.1' become 127.0.0.1, a non-ASCII name its punycode. Scope compares request URLs with
    these, so both must be read by the same parser."""
    from w3lib.url import safe_url_string

    try:
        read = urlsplit(safe_url_string(f"http://{netloc.strip()}/")).netloc
    except ValueError:  # not a host w3lib can read: compared as written, and no request will match it
        return netloc.lower()
    return (read or netloc).lower()


def _str_list(table: dict, key: str, where: str, required: bool = False) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourcesError(f"{where}: {key} must be a list of strings")
    if required and not value:
        raise SourcesError(f"{where}: {key} is required")
    return value
