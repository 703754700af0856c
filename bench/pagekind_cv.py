#!/usr/bin/env python3
"""Page kinds (pipelines/text/pagekind.py): fit the models and measure them leave-one-site-out.

    .venv/bin/python bench/pagekind_cv.py [--corpus ../shared/corpus] [--fit]

Labelled pages, every one belonging to a site (a fold holds out one site: its look never helps
to predict itself):
  - real articles: zh-articles, zh-pages-raw, web-pages-other and cjk-newspaper (../shared/corpus);
  - real chrome, list content: each real article page turned into its own site's list page
    (tests/kind_pages.list_page_from_article: header, navigation, sidebars and footer kept, the
    article replaced by a column of dated headlines with a pager), in the article's site;
  - generated sites of every kind, each its own chrome and URL scheme (tests/kind_pages.pages);
  - the five demo sites as the demo serves them (articles, index pages, error pages);
  - the hand-written fixture pages of tests/fixtures/pages whose kind is plain.
Prints precision and recall of "article" on held-out folds beside in-sample, per family, the
index-versus-other accuracy, and the URL model's; --fit writes pipelines/text/pagekind_model.json.
The L2 strength is chosen inside each fold's training sites (nested, by grouped folds): nothing
about a held-out site reaches its model.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.text.decode import decode_html  # noqa: E402
from pipelines.text.extract.blocks import page_blocks  # noqa: E402
from pipelines.text.extract.html import parse_html  # noqa: E402
from pipelines.text.pagekind import MODEL_FILE, PAGE_FEATURES, URL_FEATURES, page_features, url_features  # noqa: E402

TRUTH = ROOT / "bench" / "truth"
STRENGTHS = (0.01, 0.1, 1.0, 10.0)
INNER_FOLDS = 5
MAX_ARTICLE_LEFT = 0.2
MIN_CHROME_KEPT, MIN_CHROME_BLOCKS = 0.5, 10
# fixture pages (tests/fixtures/pages) and their kind; the rest of that folder are articles
FIXTURE_KINDS = {"error_404": "other", "list_channel": "index"}


@dataclass
class Labelled:
    family: str        # where the page comes from, for the report
    site: str          # the fold
    kind: str          # article | index | other
    url: str | None
    page: list[float]  # page features
    link: list[float] | None  # URL features, when the URL is known


def _sites() -> dict[str, str]:
    file = TRUTH / "sites.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def real_articles(corpus: Path) -> list[tuple[str, str, str, bytes, str | None]]:
    """(family, site, file name, bytes, URL) of every real article page with a known site."""
    sites, found = _sites(), []
    zh = corpus / "zh-articles" / "original"
    for path in sorted(zh.glob("*.html")):
        found.append(("zh-articles", sites.get(f"zh-articles/{path.name}", path.name), path.name, path.read_bytes(), None))
    raw = corpus / "zh-pages-raw"
    if (raw / "INDEX.csv").exists():
        for row in csv.DictReader((raw / "INDEX.csv").open(encoding="utf-8")):
            path = raw / "html" / Path(row["file"]).name
            site = (urlsplit(row["url"]).hostname or "") if row.get("url") else ""
            found.append(("zh-pages-raw", site or "zh-pages-raw:" + path.stem.split("__")[0], path.name,
                          path.read_bytes(), row.get("url") or None))
    other = corpus / "web-pages-other" / "article"
    urls = json.loads((other / "urls.json").read_text(encoding="utf-8")) if (other / "urls.json").exists() else {}
    for path in sorted((other / "html").glob("*.html")):
        url = urls.get(path.stem)
        host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
        found.append(("web-pages-other", host or path.stem, path.name, path.read_bytes(), url))
    news = corpus / "cjk-newspaper" / "html"
    for path in sorted(news.glob("*.html")):
        found.append(("cjk-newspaper", sites.get(f"cjk-newspaper/{path.name}", path.name), path.name,
                      path.read_bytes(), None))
    return found


def _label(family: str, site: str, kind: str, url: str | None, html: str) -> Labelled:
    return Labelled(family, site, kind, url, page_features(parse_html(html)), url_features(url) if url else None)


def labelled_pages(corpus: Path) -> list[Labelled]:
    from tests import kind_pages

    pages, unmade = [], []
    for family, site, name, body, url in real_articles(corpus):
        html = decode_html(body).text
        pages.append(_label(family, site, "article", url, html))
        list_url, list_html = kind_pages.list_page_from_article(html, url or f"http://{site}/{name}")
        if _article_left(html, list_html) > MAX_ARTICLE_LEFT or _chrome_kept(html, list_html) < MIN_CHROME_KEPT:
            unmade.append(f"{family}/{name}")
            continue
        pages.append(_label(f"{family} as list", site, "index", list_url if url else None, list_html))
    if unmade:
        print(f"{len(unmade)} article pages gave no list page (their article text stayed, or their chrome went "
              f"with it): {', '.join(unmade)}")
    for page in kind_pages.pages():
        pages.append(_label("generated", page.site, page.kind, page.url, page.html))
    pages += demo_pages()
    for path in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html")):
        pages.append(_label("fixtures", f"fixture:{path.stem}", FIXTURE_KINDS.get(path.stem, "article"),
                            None, decode_html(path.read_bytes()).text))
    return pages


def _prose(html: str) -> set[str]:
    root = parse_html(html)
    return {b.text for b in page_blocks(root) if len(b.text) >= 60 and b.link_chars < len(b.text) / 4} if root is not None else set()


def _article_left(article_html: str, list_html: str) -> float:
    """The share of the article page's prose still on the list page made from it. Where the
    maker took the wrong element for the article (several posts, an article in a table), the
    page is no list page: it is left out rather than trained on as one."""
    before, after = _prose(article_html), _prose(list_html)
    return sum(len(t) for t in before & after) / max(sum(len(t) for t in before), 1)


def _chrome_kept(article_html: str, list_html: str) -> float:
    """The share of the article page's other text blocks (its chrome: navigation, sidebars, footer)
    still on the list page made from it; 1.0 for a page with too few to say. A list that took the
    chrome away with the article is no page of that site's."""
    def blocks(html: str) -> list[str]:
        root = parse_html(html)
        return [b.text for b in page_blocks(root)] if root is not None else []

    prose = _prose(article_html)
    chrome = [text for text in blocks(article_html) if text not in prose]
    if len(chrome) < MIN_CHROME_BLOCKS:
        return 1.0
    kept = set(blocks(list_html))
    return sum(text in kept for text in chrome) / len(chrome)


def demo_pages() -> list[Labelled]:
    from crawler.demo import catalog, content
    from crawler.demo.pages import ARTICLE, ERROR, INDEX
    from crawler.demo.server import DemoSites

    bases = {site: f"http://demo-{site}.test" for site in catalog.SITE_IDS}
    everything = content.placements()
    kinds = {ARTICLE: "article", INDEX: "index", ERROR: "other"}
    pages = []
    for site in catalog.SITE_IDS:
        state = DemoSites._render(catalog.SITES[site], bases, everything)
        routes = {**state.routes, "/no-such-page.html": state.not_found}
        for path, resource in sorted(routes.items()):
            if resource.kind in kinds and resource.content_type.startswith("text/html"):
                html = decode_html(resource.body, resource.content_type.partition("charset=")[2] or None).text
                pages.append(_label("demo", f"demo:{site}", kinds[resource.kind], bases[site] + path, html))
    return pages


# -- logistic regression ----------------------------------------------------------------------

def fit_logistic(x: np.ndarray, y: np.ndarray, strength: float) -> dict:
    """L2-penalised logistic regression on standardized features (Newton's method); the bias,
    the last column, is neither standardized nor penalised."""
    means, scales = x.mean(axis=0), x.std(axis=0)
    means[-1], scales[-1] = 0.0, 1.0
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], strength)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z.T * (p * (1 - p))) @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"weights": w.tolist(), "means": means.tolist(), "scales": scales.tolist()}


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    z = (x - np.array(model["means"])) / np.array(model["scales"])
    return 1 / (1 + np.exp(-np.clip(z @ np.array(model["weights"]), -30, 30)))


def _grouped_folds(sites: list[str], k: int) -> list[set[str]]:
    ordered = sorted(set(sites))
    return [set(ordered[i::k]) for i in range(k)]


def choose_strength(x: np.ndarray, y: np.ndarray, sites: list[str]) -> float:
    """The L2 strength with the fewest errors on grouped folds of these (training) sites."""
    errors = {}
    for strength in STRENGTHS:
        wrong = 0
        for held in _grouped_folds(sites, INNER_FOLDS):
            test = np.array([s in held for s in sites])
            if test.all() or not test.any() or len(set(y[~test])) < 2:
                continue
            model = fit_logistic(x[~test], y[~test], strength)
            wrong += int(((predict(model, x[test]) >= 0.5) != y[test]).sum())
        errors[strength] = wrong
    return min(STRENGTHS, key=lambda s: (errors[s], -s))


def leave_one_site_out(x: np.ndarray, y: np.ndarray, sites: list[str]) -> np.ndarray:
    """Held-out p for every row: each site predicted by a model fitted without it."""
    p = np.zeros(len(y))
    for site in sorted(set(sites)):
        test = np.array([s == site for s in sites])
        strength = choose_strength(x[~test], y[~test], [s for s, t in zip(sites, test) if not t])
        p[test] = predict(fit_logistic(x[~test], y[~test], strength), x[test])
    return p


def precision_recall(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    said = p >= 0.5
    hits = int((said & (y == 1)).sum())
    return hits / max(int(said.sum()), 1), hits / max(int((y == 1).sum()), 1)


def report(pages: list[Labelled]) -> dict:
    sites = [p.site for p in pages]
    x = np.array([p.page for p in pages])
    y = np.array([1.0 if p.kind == "article" else 0.0 for p in pages])
    held = leave_one_site_out(x, y, sites)
    whole = predict(fit_logistic(x, y, choose_strength(x, y, sites)), x)
    figures = {"pages": len(pages), "sites": len(set(sites))}
    print(f"{len(pages)} pages from {len(set(sites))} sites: "
          + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(p.kind for p in pages).items())))
    print(f"\n{'article vs rest':32} {'held-out P':>10} {'R':>6} {'in-sample P':>12} {'R':>6}")
    for name, rows in [("all", list(range(len(pages))))] + sorted(
            (family, [i for i, p in enumerate(pages) if p.family == family])
            for family in {p.family for p in pages}):
        rows = np.array(rows)
        hp, hr = precision_recall(held[rows], y[rows])
        ip, ir = precision_recall(whole[rows], y[rows])
        print(f"{name:32} {hp:10.3f} {hr:6.3f} {ip:12.3f} {ir:6.3f}   ({len(rows)} pages)")
        figures[name] = {"held_out": [round(hp, 3), round(hr, 3)], "in_sample": [round(ip, 3), round(ir, 3)]}
    wrong = [(p.family, p.site, p.kind, p.url, round(float(h), 2)) for p, h, t in zip(pages, held, y)
             if (h >= 0.5) != t]
    print(f"\nheld-out errors ({len(wrong)}):")
    for row in wrong[:40]:
        print("  ", *row)
    # index or other, among the pages that are no article
    rest = [i for i, p in enumerate(pages) if p.kind != "article"]
    xi, yi = x[rest], np.array([1.0 if pages[i].kind == "index" else 0.0 for i in rest])
    held_index = leave_one_site_out(xi, yi, [sites[i] for i in rest])
    accuracy = float(((held_index >= 0.5) == yi).mean())
    print(f"\nindex vs other (no-article pages, {len(rest)}): held-out accuracy {accuracy:.3f}")
    figures["index_vs_other_held_out_accuracy"] = round(accuracy, 3)
    # the URL alone
    known = [i for i, p in enumerate(pages) if p.link is not None]
    xu, yu = np.array([pages[i].link for i in known]), y[known]
    held_url = leave_one_site_out(xu, yu, [sites[i] for i in known])
    up, ur = precision_recall(held_url, yu)
    print(f"URL alone (pages with a URL, {len(known)}): held-out precision {up:.3f}, recall {ur:.3f}")
    figures["url_alone_held_out"] = [round(up, 3), round(ur, 3)]
    return figures


def write_model(pages: list[Labelled], figures: dict) -> None:
    sites = [p.site for p in pages]
    x = np.array([p.page for p in pages])
    y = np.array([1.0 if p.kind == "article" else 0.0 for p in pages])
    article = fit_logistic(x, y, choose_strength(x, y, sites))
    rest = [i for i, p in enumerate(pages) if p.kind != "article"]
    yi = np.array([1.0 if pages[i].kind == "index" else 0.0 for i in rest])
    index = fit_logistic(x[rest], yi, choose_strength(x[rest], yi, [sites[i] for i in rest]))
    known = [i for i, p in enumerate(pages) if p.link is not None]
    xu = np.array([pages[i].link for i in known])
    url = fit_logistic(xu, y[known], choose_strength(xu, y[known], [sites[i] for i in known]))
    rounded = lambda m, names: {"features": list(names), **{k: [round(v, 6) for v in m[k]] for k in m}}  # noqa: E731
    MODEL_FILE.write_text(json.dumps({
        "article": rounded(article, PAGE_FEATURES), "index": rounded(index, PAGE_FEATURES),
        "url_article": rounded(url, URL_FEATURES), "threshold": 0.5,
        "fitted_on": dict(collections.Counter(p.family for p in pages)), "sites": len(set(sites)),
        "held_out": figures, "fitted": datetime.date.today().isoformat()}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--fit", action="store_true", help="write pipelines/text/pagekind_model.json")
    args = parser.parse_args()
    pages = labelled_pages(args.corpus)
    figures = report(pages)
    if args.fit:
        write_model(pages, figures)


if __name__ == "__main__":
    main()
