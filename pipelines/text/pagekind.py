"""Article, index or other: what a fetched page is, read from the page and from its URL.

A source without `article_patterns` is crawled with discovery: every page in scope is fetched, and
this decides which ones are articles (recorded), which are index pages (followed: home, channels,
lists, search results, topics) and which are neither (error pages, forms, galleries). It also
drives `sources suggest` and the drift watch of sources that do have patterns.

Two logistic models over measured features, no word list and no site list:

- the page: how its text falls into paragraphs (extract.blocks.page_blocks). An article has a
  long run of prose that no link interrupts; an index page is a column of links, each a headline
  with its date; an error page or a form has little of either. Features are counts and lengths.
- the URL: its shape (digit runs, a date in the path, depth, a query), for a link not fetched yet.

p(article) first; for a page that is no article, p(index) tells an index from the rest. The weights
live in `pagekind_model.json` beside this module, written by `bench/pagekind_cv.py --fit` (fitted
on real article pages of ../shared/corpus, list pages made from those pages' own chrome, and
generated sites of every kind in tests/kind_pages.py), which also reports precision and recall
on leave-one-site-out folds (bench/README.md, "Page kinds"). Pure: no I/O but reading the
weights once.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from .byline_grammar import DATE
from .extract.blocks import page_blocks, is_prose
from .extract.html import parse_html

MODEL_FILE = Path(__file__).with_name("pagekind_model.json")

PAGE_FEATURES = (
    "log_text", "link_share", "log_longest_run", "run_share", "log_prose", "prose_share", "log_prose_blocks",
    "log_headlines", "headline_share", "log_dates", "dates_per_headline", "log_short_links", "log_inputs",
    "log_title", "log_heading_in_title", "article_markup", "bias")
URL_FEATURES = ("depth", "log_longest_digits", "digit_runs", "date_in_path", "ends_in_slash", "has_query",
                "query_digits", "last_has_digits", "log_last_length", "bias")

# a link paragraph long enough to be a headline: 8+ CJK characters, or 5+ words
_HEADLINE_CJK, _HEADLINE_WORDS = 8, 5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")
# a paragraph counts as link text when most of its characters are
_LINK_DOMINATED = 0.5
_DIGITS = re.compile(r"\d+")
# a date in the path: /2021/0304/, /2021-03/04/, /202103/, t20210304_, /2021/03/04/
_PATH_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:[-_/]?(?:0[1-9]|1[0-2]))(?:[-_/]?(?:0[1-9]|[12]\d|3[01]))?(?!\d{3})")


@dataclass(frozen=True)
class PageKind:
    kind: str             # "article" | "index" | "other"
    p_article: float
    p_index: float        # of a page that is no article


def _size(text: str) -> int:
    """Characters of CJK text plus words of the rest: one scale for every language."""
    return len(_CJK.findall(text)) + len(_WORD.findall(_CJK.sub(" ", text)))


def page_features(root: etree._Element | None) -> list[float]:
    """The page's features, in PAGE_FEATURES order, from its parsed tree."""
    blocks = page_blocks(root) if root is not None else []
    total = link = prose = prose_blocks = headlines = short_links = 0
    run = longest_run = 0
    for block in blocks:
        size = _size(block.text)
        if not size:
            continue
        total += size
        linked = block.link_chars >= _LINK_DOMINATED * len(block.text)
        if linked:
            link += size
            run = 0
            cjk = len(_CJK.findall(block.text))
            if cjk >= _HEADLINE_CJK or (cjk == 0 and len(_WORD.findall(block.text)) >= _HEADLINE_WORDS):
                headlines += 1
            else:
                short_links += 1
            continue
        run += size
        longest_run = max(longest_run, run)
        if is_prose(block.text):
            prose += size
            prose_blocks += 1
    text = " ".join(block.text for block in blocks)
    dates = sum(1 for _ in DATE.finditer(text))
    inputs = len(root.xpath("//input[not(@type='hidden')]|//textarea|//select")) if root is not None else 0
    title, heading, markup = _title_features(root) if root is not None else (0, 0, 0.0)
    share = (lambda part: part / total) if total else (lambda part: 0.0)
    return [
        math.log1p(total), share(link), math.log1p(longest_run), share(longest_run), math.log1p(prose),
        share(prose), math.log1p(prose_blocks), math.log1p(headlines), headlines / (headlines + short_links + 1),
        math.log1p(dates), dates / (headlines + 1), math.log1p(short_links), math.log1p(inputs),
        math.log1p(title), math.log1p(heading), markup, 1.0]


_SPACE = re.compile(r"\s+")


def _title_features(root: etree._Element) -> tuple[int, int, float]:
    """The size of the page's <title>; the size of the largest heading (h1-h3) that the title
    (or og:title) repeats: an article's headline, where an index page's title names the channel; and
    whether the markup declares an article (og:type article, article:published_time)."""
    title = _SPACE.sub("", " ".join(root.xpath("//title//text()")))
    og = root.xpath("//meta[@property='og:title']/@content | //meta[@name='og:title']/@content")
    titles = [title] + [_SPACE.sub("", t) for t in og]
    heading = 0
    for element in root.xpath("//h1 | //h2 | //h3"):
        text = _SPACE.sub("", element.text_content())
        if len(text) >= 4 and any(text in t for t in titles):
            heading = max(heading, _size(text))
    types = {t.strip().lower() for t in root.xpath("//meta[@property='og:type']/@content | //meta[@name='og:type']/@content")}
    published = root.xpath("//meta[@property='article:published_time' or @name='article:published_time']")
    return _size(title), heading, 1.0 if "article" in types or published else 0.0


def url_features(url: str) -> list[float]:
    """The URL's shape, in URL_FEATURES order."""
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    digit_runs = _DIGITS.findall(path)
    query = parse_qsl(parts.query)
    return [
        float(len(segments)), math.log1p(max((len(d) for d in digit_runs), default=0)), float(len(digit_runs)),
        1.0 if _PATH_DATE.search(path) else 0.0, 1.0 if path.endswith("/") else 0.0, 1.0 if query else 0.0,
        1.0 if any(_DIGITS.fullmatch(v) for _, v in query) else 0.0, 1.0 if _DIGITS.search(last) else 0.0,
        math.log1p(len(last.rsplit(".", 1)[0])), 1.0]


@dataclass(frozen=True)
class Logistic:
    """A logistic model over standardized features: p = sigmoid(w . (x - mean) / scale)."""
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]

    def p(self, vector: list[float]) -> float:
        z = sum(w * ((x - m) / s if s else x) for w, x, m, s in zip(self.weights, vector, self.means, self.scales))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, data: dict) -> Logistic:
        return cls(tuple(data["weights"]), tuple(data["means"]), tuple(data["scales"]))


@dataclass(frozen=True)
class PageKindModel:
    article: Logistic         # page features -> p(article)
    index: Logistic           # page features -> p(index), for pages that are no article
    url_article: Logistic     # URL features -> p(article), for links not fetched yet
    threshold: float = 0.5

    def classify(self, root: etree._Element | None) -> PageKind:
        vector = page_features(root)
        p_article, p_index = self.article.p(vector), self.index.p(vector)
        kind = "article" if p_article >= self.threshold else "index" if p_index >= 0.5 else "other"
        return PageKind(kind, p_article, p_index)

    def url_p_article(self, url: str) -> float:
        return self.url_article.p(url_features(url))


@lru_cache(maxsize=1)
def shipped_model() -> PageKindModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    for name, features in (("article", PAGE_FEATURES), ("index", PAGE_FEATURES), ("url_article", URL_FEATURES)):
        if tuple(data[name]["features"]) != features:
            raise ValueError(f"{MODEL_FILE.name}: {name} was fitted on other features; refit with "
                             f"bench/pagekind_cv.py --fit")
    return PageKindModel(Logistic.from_json(data["article"]), Logistic.from_json(data["index"]),
                         Logistic.from_json(data["url_article"]), float(data.get("threshold", 0.5)))


def classify_html(html: str, model: PageKindModel | None = None) -> PageKind:
    """The kind of a page given as decoded HTML."""
    return (model or shipped_model()).classify(parse_html(html))
