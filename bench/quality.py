#!/usr/bin/env python3
"""Extraction quality and speed of article-archive next to its peers, in one run.

    .venv/bin/python bench/quality.py [--corpus ../shared/corpus] [--repeat 1] [--cv] [--fit]

--cv: the extractor choice (pipelines/text/extract/choice.py) evaluated leave-one-site-out over every page
with truth, held-out folds beside in-sample (bench/choice_cv.py); --fit: refit it and write its weights.

On zh-articles (hand-made full text, author and date truth) and multilingual-snippets (must /
must-not snippets, title, date), for article-archive's process_page, plain trafilatura and
readability-lxml, each given the raw bytes as a user of that library would:
  - body text: mean and median bag-of-tokens F1 (each CJK character a token), snippet accuracy;
  - metadata: author and date accuracy on zh-articles, title and date accuracy on the snippets;
  - speed: milliseconds per page for trafilatura alone and for the full process_page, with the
    overhead in percent and where process_page spends its time (decode, extract, normalize).
Scoring follows ../shared/checks/extraction_quality.py so the figures can be compared with it.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import trafilatura  # noqa: E402
from readability import Document  # noqa: E402

from pipelines.text.decode import decode_html  # noqa: E402
from pipelines.text.extract import extract_article  # noqa: E402
from pipelines.text.normalize import normalize  # noqa: E402
from pipelines.text.process import process_page  # noqa: E402
from choice_cv import f1  # noqa: E402  (the one F1 of every bench script, as the shared check scores)

GOLD_DATE = re.compile(r"(\d{4})(?:\D{1,3}(\d{1,2}))?(?:\D{1,3}(\d{1,2}))?")
UNKNOWN = {"", "UNKNOWN", "UNKNWON", "NONE"}


@dataclass
class Output:
    text: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass
class Page:
    path: Path
    gold_text: str | None = None
    gold_author: str | None = None
    gold_date: str | None = None
    gold_title: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)


# --- the three systems ---------------------------------------------------------------------------

def ours(body: bytes, path: Path) -> Output:
    result = process_page(body, url=path.resolve().as_uri())
    return Output(result.text, result.title, result.author, result.published)


def plain_trafilatura(body: bytes, path: Path) -> Output:
    # text exactly as the acceptance check takes it; metadata from a second, metadata-enabled call
    text = trafilatura.extract(body) or ""
    doc = trafilatura.bare_extraction(body, with_metadata=True)
    return Output(text, doc.title, doc.author, doc.date) if doc is not None else Output(text)


def plain_readability(body: bytes, path: Path) -> Output:
    try:
        document = Document(body)
        summary = document.summary(html_partial=True)
        author = document.author()
        title = document.short_title()
    except Exception:  # readability raises on some pages; count them as empty, as a user would get
        return Output()
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return Output(text, title, None if author == "[no-author]" else author, None)


SYSTEMS: dict[str, Callable[[bytes, Path], Output]] = {
    "article-archive": ours, "trafilatura": plain_trafilatura, "readability": plain_readability}


# --- scoring -------------------------------------------------------------------------------------

def same_author(ours_: str | None, gold: str) -> bool:
    return bool(ours_) and set(ours_.split()) == set(gold.split())


def same_date(ours_: str | None, gold: str) -> bool:
    """Equal at the precision the gold gives ('2018' matches '2018-08-23')."""
    found, mine = GOLD_DATE.search(gold), GOLD_DATE.search(ours_ or "")
    if not found or not mine:
        return False
    return all(int(g) == int(m or 0) for g, m in zip(found.groups(), mine.groups()) if g)


def same_title(ours_: str | None, gold: str) -> bool:
    flat = lambda s: re.sub(r"\s+", "", s or "")  # noqa: E731
    return bool(ours_) and flat(ours_) == flat(gold)


def share(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.3f} ({sum(flags)}/{len(flags)})" if flags else "n/a"


# --- corpora -------------------------------------------------------------------------------------

def zh_articles(corpus: Path) -> list[Page]:
    folder = corpus / "zh-articles"

    def read(sub: str, stem: str) -> str:
        return (folder / sub / f"{stem}.txt").read_text(encoding="utf-8", errors="replace").strip()

    return [Page(p, gold_text=read("cleaned", p.stem), gold_author=read("author", p.stem),
                 gold_date=read("date", p.stem)) for p in sorted((folder / "original").glob("*.html"))]


def snippets(corpus: Path) -> list[Page]:
    folder = corpus / "multilingual-snippets"
    truth = json.loads((folder / "evaldata_subset.json").read_text(encoding="utf-8"))
    return [Page(folder / "html" / item["file"], gold_title=item.get("title"), gold_date=item.get("date"),
                 with_=item.get("with", []), without=item.get("without", []))
            for item in truth.values() if (folder / "html" / item["file"]).exists()]


# --- reports -------------------------------------------------------------------------------------

def run_all(pages: list[Page]) -> dict[str, list[Output]]:
    bodies = [p.path.read_bytes() for p in pages]
    return {name: [system(body, page.path) for body, page in zip(bodies, pages)]
            for name, system in SYSTEMS.items()}


def known(value: str | None) -> bool:
    return (value or "").strip().upper() not in UNKNOWN


def report_zh(pages: list[Page], outputs: dict[str, list[Output]]) -> None:
    print(f"\nzh-articles ({len(pages)} pages): body text F1 | author accuracy | date accuracy "
          "(over pages whose truth is known)")
    for name, outs in outputs.items():
        pairs = list(zip(outs, pages))
        scores = [f1(o.text, p.gold_text or "") for o, p in pairs]
        authors = [same_author(o.author, p.gold_author) for o, p in pairs if known(p.gold_author)]
        dates = [same_date(o.date, p.gold_date) for o, p in pairs if known(p.gold_date)]
        date_figure = share(dates) if name != "readability" else "n/a (readability reads no dates)"
        print(f"  {name:16s} F1 mean {statistics.mean(scores):.3f} median {statistics.median(scores):.3f} | "
              f"author {share(authors)} | date {date_figure}")
    ours_scores = sorted((f1(o.text, p.gold_text or ""), p.path.stem[:8])
                         for o, p in zip(outputs["article-archive"], pages))
    print("  article-archive worst pages: " + ", ".join(f"{stem} {score:.2f}" for score, stem in ours_scores[:5]))


def report_snippets(pages: list[Page], outputs: dict[str, list[Output]]) -> None:
    print(f"\nmultilingual-snippets ({len(pages)} pages): snippet accuracy | title accuracy | date accuracy")
    for name, outs in outputs.items():
        hits = [s in o.text for o, p in zip(outs, pages) for s in p.with_]
        hits += [s not in o.text for o, p in zip(outs, pages) for s in p.without]
        titles = [same_title(o.title, p.gold_title) for o, p in zip(outs, pages) if p.gold_title]
        dates = [same_date(o.date, p.gold_date) for o, p in zip(outs, pages) if p.gold_date]
        print(f"  {name:16s} snippets {share(hits)} | title {share(titles)} | "
              f"date {share(dates) if name != 'readability' else 'n/a'}")


def report_speed(pages: list[Page], repeat: int) -> None:
    bodies = [p.path.read_bytes() for p in pages]
    process_page(bodies[0]), trafilatura.extract(bodies[0])  # warm-up: imports, caches
    timings: dict[str, float] = collections.Counter()
    for _ in range(repeat):
        for body in bodies:
            timings["trafilatura"] += _timed(lambda: trafilatura.extract(body))
            timings["process_page"] += _timed(lambda: process_page(body))
            decoded, spent = _timed_value(lambda: decode_html(body))
            timings["decode"] += spent
            extracted, spent = _timed_value(lambda: extract_article(decoded.text))
            timings["extract"] += spent
            timings["normalize"] += _timed(lambda: normalize(extracted.text, title=extracted.title))
    per_page = {k: 1000 * v / (len(bodies) * repeat) for k, v in timings.items()}
    overhead = 100 * (per_page["process_page"] / per_page["trafilatura"] - 1)
    print(f"\nspeed ({len(bodies)} pages x {repeat}): trafilatura.extract {per_page['trafilatura']:.1f} ms/page, "
          f"process_page {per_page['process_page']:.1f} ms/page ({overhead:+.0f}% over trafilatura alone)")
    print(f"  process_page parts: decode {per_page['decode']:.1f} ms, extract (parse, trafilatura, title, bylines) "
          f"{per_page['extract']:.1f} ms, normalize {per_page['normalize']:.1f} ms")
    share = 100 * per_page["normalize"] / per_page["trafilatura"]
    print(f"  normalization adds {share:.1f}% to trafilatura's own time per page "
          f"(target <= 15%: {'PASS' if share <= 15 else 'short'})")


def _timed(call: Callable[[], object]) -> float:
    return _timed_value(call)[1]


def _timed_value(call: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=1, help="timing rounds over every page")
    parser.add_argument("--cv", action="store_true",
                        help="leave-one-site-out evaluation of the extractor choice over every page with truth")
    parser.add_argument("--fit", action="store_true",
                        help="fit the extractor choice on every page with truth and write its weights")
    args = parser.parse_args()
    if not (args.corpus / "zh-articles").exists():
        print(f"no corpus at {args.corpus}: pass --corpus DIR", file=sys.stderr)
        return 2
    if args.cv or args.fit:
        import choice_cv

        scored = choice_cv.score_candidates(choice_cv.truth_pages(args.corpus))
        if args.fit:
            print(f"wrote {choice_cv.write_model(scored).relative_to(ROOT)}")
        if args.cv:
            choice_cv.report(scored)
            choice_cv.title_report(args.corpus)
        return 0
    zh, snip = zh_articles(args.corpus), snippets(args.corpus)
    report_zh(zh, run_all(zh))
    report_snippets(snip, run_all(snip))
    report_speed(zh + snip, args.repeat)
    return 0


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.ERROR)  # trafilatura and readability log every discarded page
    sys.exit(main())
