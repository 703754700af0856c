"""Fitting and cross-validating the extractor choice (pipelines/text/extract/choice.py) on every real page
with full-text truth in ../shared/corpus, grouped by site.

Used by `bench/quality.py --cv` (report) and `--fit` (write pipelines/text/extract/choice_model.json).

Pages with truth: zh-articles (hand-copied main text), web-pages-other (hand-annotated), the
cjk-newspaper pages that have a text (that library's own output: a reference, not an independent
truth), and zh-pages-raw where bench/truth/zh_pages_raw.json gives a rule for the page's article
container (written by reading the page, never our output: bench/truth/RULES.md). Every page
belongs to a site (bench/truth/sites.json, else the host of the page's URL, else the page itself):
a fold holds out one site, so a site's look never helps to predict itself.

The ridge strength is chosen inside each fold's training pages by their own leave-one-site-out
folds (nested): nothing about a held-out site reaches its model.
"""
from __future__ import annotations

import collections
import datetime
import json
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.text.decode import decode_html  # noqa: E402
from pipelines.text.extract import read_page  # noqa: E402
from pipelines.text.extract.choice import CANDIDATES, FEATURES, MODEL_FILE, ChoiceModel, features, fit  # noqa: E402

TRUTH = ROOT / "bench" / "truth"
STRENGTHS = (0.1, 1.0, 10.0)
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")


@dataclass
class TruthPage:
    dataset: str
    path: Path
    site: str
    gold: str
    url: str | None = None


def f1(pred: str, gold: str) -> float:
    """Bag-of-tokens F1 as ../shared/checks/extraction_quality.py scores it."""
    p, g = collections.Counter(TOKEN.findall(pred or "")), collections.Counter(TOKEN.findall(gold or ""))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _simplified(text: str) -> str:
    from pipelines.text.normalize.script import converter

    return converter("t2s").convert(text)


def _sites() -> dict[str, str]:
    file = TRUTH / "sites.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def truth_pages(corpus: Path) -> list[TruthPage]:
    sites = _sites()
    pages: list[TruthPage] = []
    zh = corpus / "zh-articles"
    for path in sorted((zh / "original").glob("*.html")):
        key = f"zh-articles/{path.name}"
        pages.append(TruthPage("zh-articles", path, sites.get(key, key),
                               (zh / "cleaned" / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace")))
    other = corpus / "web-pages-other" / "article"
    urls = json.loads((other / "urls.json").read_text(encoding="utf-8")) if (other / "urls.json").exists() else {}
    for path in sorted((other / "html").glob("*.html")):
        url = urls.get(path.stem)
        host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
        pages.append(TruthPage("web-pages-other", path, host or path.stem,
                               (other / "truth" / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace"),
                               url))
    news = corpus / "cjk-newspaper"
    for path in sorted((news / "html").glob("*.html")):
        text = news / "txt" / f"{path.stem}.txt"
        if text.exists():
            key = f"cjk-newspaper/{path.name}"
            pages.append(TruthPage("cjk-newspaper", path, sites.get(key, key),
                                   text.read_text(encoding="utf-8", errors="replace")))
    pages += _zh_pages_raw(corpus)
    return pages


def _zh_pages_raw(corpus: Path) -> list[TruthPage]:
    rules_file = TRUTH / "zh_pages_raw.json"
    if not rules_file.exists():
        return []
    sys.path.insert(0, str(TRUTH))
    from truth_text import truth_text  # bench/truth/truth_text.py: the rule applied to the page

    pages = []
    for name, rule in json.loads(rules_file.read_text(encoding="utf-8")).items():
        path = corpus / "zh-pages-raw" / "html" / Path(name).name
        if not rule.get("body") or not path.exists():
            continue
        gold = truth_text(path, rule)
        if gold.strip():
            dataset = "zh-pages-raw official" if rule.get("official") else "zh-pages-raw"
            pages.append(TruthPage(dataset, path, f"zh-pages-raw:{rule.get('site') or name}", gold))
    return pages


@dataclass
class Scored:
    page: TruthPage
    vectors: dict[str, list[float]]
    scores: dict[str, float]
    readability: float   # plain readability-lxml given the raw bytes, as its users call it: the peer


def _plain_readability(body: bytes) -> str:
    import lxml.html
    from readability import Document

    try:
        summary = Document(body).summary(html_partial=True)
    except Exception:  # readability raises on some pages; a user gets nothing from them
        return ""
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def score_candidates(pages: list[TruthPage]) -> list[Scored]:
    scored = []
    for page in pages:
        body = page.path.read_bytes()
        read = read_page(decode_html(body).text, page.url or page.path.resolve().as_uri())
        texts = {name: read.candidates[name].text if read else "" for name in CANDIDATES}
        gold = _simplified(page.gold)
        scored.append(Scored(page, features(texts), {n: f1(_simplified(t), gold) for n, t in texts.items()},
                             f1(_simplified(_plain_readability(body)), gold)))
    return scored


def _rows(items: list[Scored]) -> list[tuple[dict[str, list[float]], dict[str, float]]]:
    return [(s.vectors, s.scores) for s in items]


def _chosen_f1(model: ChoiceModel, item: Scored) -> float:
    return item.scores[model.best(item.vectors)]  # equal texts score the same: which is named does not matter


def _loso_mean(items: list[Scored], strength: float) -> float:
    results = []
    for site in {s.page.site for s in items}:
        model = fit(_rows([s for s in items if s.page.site != site]), strength)
        results += [_chosen_f1(model, s) for s in items if s.page.site == site]
    return statistics.mean(results)


def choose_strength(items: list[Scored]) -> float:
    """The ridge strength whose leave-one-site-out mean F1 over `items` is highest."""
    return max(STRENGTHS, key=lambda strength: (_loso_mean(items, strength), -strength))


def cross_validate(items: list[Scored]) -> tuple[dict[int, float], dict[int, float], float]:
    """Held-out F1 per page (its site left out of training, strength chosen inside the training
    pages), in-sample F1 per page (fitted on everything), and the in-sample strength."""
    held: dict[int, float] = {}
    for site in sorted({s.page.site for s in items}):
        train = [s for s in items if s.page.site != site]
        model = fit(_rows(train), choose_strength(train))
        held.update({i: _chosen_f1(model, s) for i, s in enumerate(items) if s.page.site == site})
    strength = choose_strength(items)
    model = fit(_rows(items), strength)
    inside = {i: _chosen_f1(model, s) for i, s in enumerate(items)}
    return held, inside, strength


def report(items: list[Scored]) -> None:
    held, inside, strength = cross_validate(items)
    sites = len({s.page.site for s in items})
    print(f"\nextractor choice, leave-one-site-out over {len(items)} pages from {sites} sites "
          f"(ridge strength {strength} in-sample, chosen per fold inside its training pages):")
    print("  F1 of the extracted body (trimmed, before normalization) against the truth; 'trafilatura alone': "
          "the same with trafilatura's candidate always; readability-lxml: the plain library on the raw bytes")
    for dataset in dict.fromkeys(s.page.dataset for s in items):
        idx = [i for i, s in enumerate(items) if s.page.dataset == dataset]
        h, n = [held[i] for i in idx], [inside[i] for i in idx]
        alone = [items[i].scores["trafilatura"] for i in idx]
        peer = [items[i].readability for i in idx]
        worst = sorted((held[i], items[i].page.path.stem[:10]) for i in idx)[:4]
        print(f"  {dataset:22s} {len(idx):3d} pages  held-out mean {statistics.mean(h):.3f} median "
              f"{statistics.median(h):.3f} | in-sample mean {statistics.mean(n):.3f} (gap "
              f"{statistics.mean(n) - statistics.mean(h):+.3f}) | trafilatura alone {statistics.mean(alone):.3f} | "
              f"readability-lxml {statistics.mean(peer):.3f}")
        print("      worst held-out: " + ", ".join(f"{stem} {score:.2f}" for score, stem in worst))


def write_model(items: list[Scored]) -> Path:
    strength = choose_strength(items)
    model = fit(_rows(items), strength)
    counts = collections.Counter(s.page.dataset for s in items)
    MODEL_FILE.write_text(json.dumps({
        "features": list(FEATURES), "candidates": list(CANDIDATES),
        "weights": [round(w, 6) for w in model.weights], "ridge_strength": strength,
        "fitted_on": dict(counts), "sites": len({s.page.site for s in items}),
        "fitted": datetime.date.today().isoformat(), "by": "bench/quality.py --fit",
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return MODEL_FILE


def title_report(corpus: Path) -> None:
    """Titles exactly right (white space aside, both sides in Simplified) against the headlines read
    by hand from each page (bench/truth/titles.json, zh_pages_raw.json; the fixture pages' truth)."""
    from pipelines.text.process import process_page

    checks: list[tuple[str, Path, str]] = []
    titles = json.loads((TRUTH / "titles.json").read_text(encoding="utf-8")) if (TRUTH / "titles.json").exists() else {}
    for key, title in titles.items():
        dataset, name = key.split("/", 1)
        folder = {"zh-articles": "original", "cjk-newspaper": "html"}[dataset]
        if title:
            checks.append((dataset, corpus / dataset / folder / name, title))
    rules = TRUTH / "zh_pages_raw.json"
    for key, rule in (json.loads(rules.read_text(encoding="utf-8")) if rules.exists() else {}).items():
        if rule.get("title"):
            checks.append(("zh-pages-raw", corpus / "zh-pages-raw" / "html" / Path(key).name, rule["title"]))
    for truth_file in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.json")):
        title = json.loads(truth_file.read_text(encoding="utf-8")).get("title")
        if title:
            checks.append(("fixture pages", truth_file.with_suffix(".html"), title))
    flat = lambda text: re.sub(r"\s+", "", _simplified(text or ""))  # noqa: E731
    right: dict[str, list[bool]] = {}
    for dataset, path, title in checks:
        if path.exists():
            found = process_page(path.read_bytes(), url=path.resolve().as_uri()).title
            right.setdefault(dataset, []).append(flat(found) == flat(title))
    every = [ok for oks in right.values() for ok in oks]
    print(f"\ntitles exactly right (headlines read by hand from each page): "
          f"{sum(every)}/{len(every)} = {sum(every) / max(1, len(every)):.3f}")
    for dataset, oks in right.items():
        print(f"  {dataset:22s} {sum(oks)}/{len(oks)}")
