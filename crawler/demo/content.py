"""The demo's articles and where each one is published.

Data lives in ``sites/articles.json`` (one entry per distinct article, Simplified script,
full-width punctuation as on the real sites) and ``sites/placements.json`` (per site: the
path each article is served at, plus per-copy differences such as the farm's small edits
or a charset fault). This module turns both into typed, validated objects.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from importlib import resources

CST = dt.timezone(dt.timedelta(hours=8), "CST")
CHARSET_MODES = ("declared", "none", "header-latin1", "header-utf8")


@dataclasses.dataclass(frozen=True)
class Image:
    after: int      # index of the paragraph the picture follows
    caption: str


@dataclasses.dataclass(frozen=True)
class Article:
    id: str
    seed: str                     # the seed record this article was cleaned from, or ""
    title: str
    author: str
    author_note: str              # "作者系…" / "作者单位：…", shown at the end of the text
    source: str                   # publication, e.g. 《旗帜》2020年第12期
    published: dt.datetime
    editor: str
    signer: str
    headings: frozenset[int]      # paragraph indexes that are section headings
    images: tuple[Image, ...]
    paragraphs: tuple[str, ...]

    def revised(self, paragraphs: list[str]) -> Article:
        """The same article with new text (pictures past the new end are dropped)."""
        images = tuple(i for i in self.images if i.after < len(paragraphs))
        headings = frozenset(h for h in self.headings if h < len(paragraphs))
        return dataclasses.replace(self, paragraphs=tuple(paragraphs), images=images, headings=headings)

    @property
    def role(self) -> str:
        """The author note without its "作者系" style lead-in."""
        for lead in ("作者系", "作者为", "作者单位：", "系"):
            if self.author_note.startswith(lead):
                return self.author_note[len(lead):]
        return self.author_note


@dataclasses.dataclass(frozen=True)
class Placement:
    """One copy of an article on one site."""
    site: str
    path: str
    article: Article              # as served on this site (the farm's copies carry their edits)
    published: dt.datetime        # date shown on this site
    old_path: str = ""            # an earlier URL that now 301-redirects to ``path``
    charset: str = "declared"     # one of CHARSET_MODES
    seo_spam: bool = False        # trailing "县|市|" spam line (m12371)
    origin: str = ""              # site id a copy credits and links to (mirror)

    @property
    def link_path(self) -> str:
        """The path other pages link to: stale links keep pointing at the old URL."""
        return self.old_path or self.path


def _data(name: str) -> dict:
    return json.loads(resources.files("crawler.demo").joinpath("sites", name).read_text(encoding="utf-8"))


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


@functools.cache
def articles() -> dict[str, Article]:
    out = {}
    for raw in _data("articles.json")["articles"]:
        out[raw["id"]] = Article(
            id=raw["id"], seed=raw["seed"], title=raw["title"], author=raw["author"],
            author_note=raw["author_note"], source=raw["source"],
            published=_parse_time(f"{raw['date']} {raw['time']}"),
            editor=raw["editor"], signer=raw["signer"], headings=frozenset(raw["headings"]),
            images=tuple(Image(i["after"], i["caption"]) for i in raw["images"]),
            paragraphs=tuple(raw["paragraphs"]))
    return out


def _apply_edits(article: Article, edits: list[list[str]], title: str | None) -> Article:
    paragraphs = list(article.paragraphs)
    for old, new in edits:
        hits = [i for i, p in enumerate(paragraphs) if old in p]
        if len(hits) != 1 or paragraphs[hits[0]].count(old) != 1:
            raise ValueError(f"farm edit {old!r} must match exactly once in {article.id}")
        paragraphs[hits[0]] = paragraphs[hits[0]].replace(old, new)
    return dataclasses.replace(article, paragraphs=tuple(paragraphs), title=title or article.title)


def _placement(site: str, raw: dict, catalogue: dict[str, Article]) -> Placement:
    article = catalogue[raw["article"]]
    if raw.get("edits") or raw.get("title"):
        article = _apply_edits(article, raw.get("edits", []), raw.get("title"))
    charset = raw.get("charset", "declared")
    if charset not in CHARSET_MODES:
        raise ValueError(f"{site} {raw['path']}: unknown charset mode {charset!r}")
    stamp = raw.get("published") or raw.get("updated")
    return Placement(site=site, path=raw["path"], article=article,
                     published=_parse_time(stamp) if stamp else article.published,
                     old_path=raw.get("old_path", ""), charset=charset, origin=raw.get("origin", ""))


@functools.cache
def placements() -> dict[str, tuple[Placement, ...]]:
    """Site id → the article copies it serves, in listing order (newest last in the data)."""
    catalogue = articles()
    raw = _data("placements.json")
    out: dict[str, tuple[Placement, ...]] = {}
    for site, entries in raw.items():
        if isinstance(entries, dict):
            continue  # a 1:1 mirror; filled in below
        out[site] = tuple(_placement(site, entry, catalogue) for entry in entries)
    for site, spec in raw.items():
        if isinstance(spec, dict):
            spam = set(spec.get("seo_spam", []))
            out[site] = tuple(dataclasses.replace(p, site=site, seo_spam=p.article.id in spam)
                              for p in out[spec["mirror_of"]])
    return out


@dataclasses.dataclass(frozen=True)
class RestrictedPage:
    """A page robots.txt forbids: served, linked from an index, but never to be archived."""
    site: str
    path: str
    title: str
    published: dt.datetime
    paragraphs: tuple[str, ...]


@functools.cache
def restricted() -> tuple[RestrictedPage, ...]:
    return tuple(RestrictedPage(site=r["site"], path=r["path"], title=r["title"],
                                published=_parse_time(f"{r['date']} {r['time']}"),
                                paragraphs=tuple(r["paragraphs"]))
                 for r in _data("articles.json").get("restricted", []))
