"""The demo sites as the crawler sees them: ids, scope patterns, encodings, robots rules,
and the sources file that describes them.

This is the one place that says which URLs are articles and which are index pages; the
renderers build paths that these patterns match, and a test checks they agree.
"""
from __future__ import annotations

import dataclasses
import json

SITE_IDS = ("qizhi", "www12371", "m12371", "farm", "mirror")


@dataclasses.dataclass(frozen=True)
class SiteSpec:
    id: str
    name: str
    priority: str                     # official | mirror | farm
    start_paths: tuple[str, ...]
    article_patterns: tuple[str, ...]
    follow_patterns: tuple[str, ...]
    script: str                       # the script records are normalized to (keep | zh-Hans | zh-TW | zh-HK)
    encoding: str                     # Python codec of the page bytes
    robots: str                       # robots.txt; "{base}" is replaced by the site's base URL
    disallowed: tuple[str, ...] = ()  # path prefixes robots.txt forbids to every agent
    mirror_of: str = ""
    hints: tuple[tuple[str, str], ...] = ()
    gzip: bool = False                # answer Accept-Encoding: gzip with gzip bodies
    server: str = "nginx"             # Server header, as the real hosts send one
    publications: tuple[str, ...] = ()  # titles the site publishes itself (canonical tie-break)
    note: str = ""                    # written as a comment above the site's [[source]] table


SITES: dict[str, SiteSpec] = {spec.id: spec for spec in (
    SiteSpec(
        id="qizhi", name="旗帜 · 人民网 (demo)", priority="official",
        start_paths=("/index.html",),
        article_patterns=(r"^/n1/\d{4}/\d{4}/c\d+-\d+\.html$",),
        # column indexes such as /private/index.html also match: robots.txt must stop that one
        follow_patterns=(r"^/index\d*\.html$", r"^/[a-z]+/index\d*\.html$"),
        script="zh-Hans", encoding="gbk",
        robots="User-agent: *\nDisallow: /private/\nDisallow: /search/\n",
        disallowed=("/private/", "/search/"),
        hints=(("body_selector", "div.rm_txt_con"), ("title_selector", "h1")),
        server="nginx", publications=("旗帜",),
        note="GB2312-declared pages (GBK bytes); /private/ is closed by robots.txt"),
    SiteSpec(
        id="www12371", name="共产党员网 (demo)", priority="official",
        # the sitemap and the RSS feed are start URLs too: new articles are found there first
        start_paths=("/index.shtml", "/sitemap.xml", "/rss/djyj.xml"),
        article_patterns=(r"^/\d{4}/\d{2}/\d{2}/ARTI\d{16}\.shtml$",),
        follow_patterns=(r"^/index\.shtml$", r"^/djyj/index(_\d+)?\.shtml$"),
        script="zh-Hans", encoding="utf-8",
        robots="User-agent: *\nDisallow: /search/\nDisallow: /special/login/\n\nSitemap: {base}/sitemap.xml\n",
        disallowed=("/search/", "/special/login/"),
        hints=(("body_selector", "div.word"), ("title_selector", "h1.big_title")),
        gzip=True, server="Apache"),
    SiteSpec(
        id="m12371", name="共产党员网 手机版 (demo)", priority="mirror",
        start_paths=("/index.shtml",),
        article_patterns=(r"^/\d{4}/\d{2}/\d{2}/ARTI\d{16}\.shtml$",),
        follow_patterns=(r"^/index\.shtml$", r"^/djyj/index(_\d+)?\.shtml$"),
        script="zh-Hans", encoding="utf-8",
        robots="User-agent: *\nAllow: /\n",
        mirror_of="www12371",
        hints=(("body_selector", "div.m_content"), ("title_selector", "h1.m_title")),
        gzip=True, server="nginx/1.20.1", note="mobile copy of www12371: same paths, other host"),
    SiteSpec(
        id="farm", name="普文库 范文网 (demo)", priority="farm",
        start_paths=("/index.html",),
        article_patterns=(r"^/fanwen/\d+\.html$",),
        follow_patterns=(r"^/index\.html$", r"^/fanwen/list_\d+\.html$"),
        script="zh-Hans", encoding="gbk",
        robots="User-agent: *\nDisallow: /search.php\nDisallow: /member/\n\nUser-agent: MJ12bot\nDisallow: /\n",
        disallowed=("/search.php", "/member/"),
        hints=(("body_selector", "td.nr div.content"), ("title_selector", "td.btc h1")),
        server="Microsoft-IIS/7.5", note="GBK pages; some declare no charset or the wrong one"),
    SiteSpec(
        id="mirror", name="黨建在線 繁體鏡像 (demo)", priority="mirror",
        start_paths=("/index.html",),
        article_patterns=(r"^/dangjian/\d{6}/t\d{8}_\d+\.html$",),
        follow_patterns=(r"^/index\.html$", r"^/dangjian/index(_\d+)?\.html$"),
        script="zh-Hans", encoding="utf-8",
        robots="User-agent: *\nDisallow:\n",
        hints=(("body_selector", "div.TRS_Editor"), ("title_selector", "div.article h1")),
        gzip=True, server="Apache/2.4.6 (CentOS)",
        note="serves Traditional script (OpenCC s2t) with pinyin after each converted character"),
)}


def _string(value: str) -> str:
    """A TOML basic string (JSON string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def _literals(values: tuple[str, ...] | list[str]) -> str:
    """A TOML array of literal strings, so regex backslashes need no escaping."""
    for value in values:
        if "'" in value or "\n" in value:
            raise ValueError(f"cannot write {value!r} as a TOML literal string")
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def source_table(spec: SiteSpec, base: str, patterns: bool = True) -> str:
    """One ``[[source]]`` table for a site served at ``base`` (``http://host:port``); without
    `patterns`, its start URLs and domains only: the crawl discovers the articles."""
    netloc = base.split("://", 1)[1]
    lines = [f"# {spec.note}"] if spec.note else []
    lines += [
        "[[source]]",
        f"id = {_string(spec.id)}",
        f"name = {_string(spec.name)}",
        f"priority = {_string(spec.priority)}",
        "start_urls = [" + ", ".join(_string(base + p) for p in spec.start_paths) + "]",
        f"allowed_domains = [{_string(netloc)}]",
        *([f"article_patterns = {_literals(spec.article_patterns)}",
           f"follow_patterns = {_literals(spec.follow_patterns)}"] if patterns else []),
        f"script = {_string(spec.script)}",
        f"mirror_of = {_string(spec.mirror_of)}",
        "allow_private_addresses = true",
    ]
    if spec.publications:
        lines.append(f"publications = {_literals(spec.publications)}")
    if spec.hints:
        lines.append("[source.hints]")
        lines.extend(f"{key} = {_string(value)}" for key, value in spec.hints)
    return "\n".join(lines) + "\n"


def sources_toml(bases: dict[str, str], header: str = "", patterns: bool = True) -> str:
    """A complete sources file for the sites in ``bases`` (site id → base URL)."""
    parts = [header] if header else []
    parts.extend(source_table(SITES[site], bases[site], patterns) for site in SITE_IDS if site in bases)
    return "\n".join(parts)
