"""Which extractor's body to keep: a choice learned from measured features of each candidate's output.

Every page is read by several extractors (trafilatura in its balanced and precision modes,
readability-lxml, the densest-block heuristic). Each candidate text gets a vector of features
that say nothing about which site the page comes from: its size, its share of the longest
candidate, how much the other extractors agree with it (mean bag-of-tokens F1 with each of them),
whether it is empty, and which extractor wrote it. A linear model fitted on pages with hand-made
truth predicts each candidate's F1 against the truth; the candidate with the highest prediction
is kept. Agreement carries nearly all the weight. Six more features were measured and left out
(share of prose lines, of short dated lines, sentence marks per token, mean line length; how much
of the others a candidate covers and is covered by): the first four left the held-out mean F1
the same to the third decimal on every corpus, two of them with signs no reading of the pages
supports; the last two lowered it on web-pages-other (bench/README.md, "Extractor choice").

The weights live in `choice_model.json` beside this file, written by `bench/quality.py --fit`
(ridge regression; its strength chosen by leave-one-site-out folds inside the training pages);
`bench/quality.py --cv` reports the held-out folds beside the in-sample figure. Pure: no I/O but
reading the weights once.
"""
from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .blocks import _bag_f1, token_bag

# The order is the tie-break: an earlier candidate wins a tie (trafilatura, the best single
# extractor on every corpus measured, first).
CANDIDATES = ("trafilatura", "trafilatura-precision", "readability", "densest-block")
FEATURES = ("log_tokens", "share_of_longest", "agreement", "empty", *(f"is_{name}" for name in CANDIDATES), "bias")
MODEL_FILE = Path(__file__).with_name("choice_model.json")



def features(texts: dict[str, str]) -> dict[str, list[float]]:
    """One feature vector per candidate (in FEATURES order), from the candidates' texts alone."""
    bags = {name: token_bag(text) for name, text in texts.items()}
    sizes = {name: sum(bag.values()) for name, bag in bags.items()}
    longest = max(sizes.values(), default=0) or 1
    vectors = {}
    for name in texts:
        others = [other for other in texts if other != name]
        tokens = sizes[name]
        vectors[name] = [
            math.log1p(tokens),
            tokens / longest,
            statistics.mean(_bag_f1(bags[name], bags[other]) for other in others) if others else 0.0,
            1.0 if tokens == 0 else 0.0,
            *(1.0 if name == candidate else 0.0 for candidate in CANDIDATES),
            1.0,
        ]
    return vectors


@dataclass(frozen=True)
class ChoiceModel:
    weights: tuple[float, ...]

    def score(self, vector: list[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, vector))

    def choose(self, texts: dict[str, str]) -> str:
        """The candidate whose predicted F1 is highest. Extractors that gave that very text share
        the credit, and the earliest of them in CANDIDATES is named: when they all agree, the page
        says "trafilatura", whatever the weights of the others."""
        order = [name for name in CANDIDATES if name in texts]
        best = self.best(features(texts))
        return next(name for name in order if texts[name] == texts[best])

    def best(self, vectors: dict[str, list[float]]) -> str:
        """The candidate with the highest predicted F1; the earlier one in CANDIDATES on a tie."""
        order = [name for name in CANDIDATES if name in vectors]
        return max(order, key=lambda name: (self.score(vectors[name]), -order.index(name)))


@lru_cache(maxsize=1)
def shipped_model() -> ChoiceModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE.name} was fitted on other features; run bench/quality.py --fit")
    return ChoiceModel(tuple(data["weights"]))


def fit(pages: list[tuple[dict[str, list[float]], dict[str, float]]], strength: float) -> ChoiceModel:
    """Ridge regression of each candidate's F1 on its features, over every candidate of every page.

    `pages`: (features by candidate, F1 by candidate) per page. numpy is imported here only: the
    crawl's text workers never fit."""
    import numpy as np

    rows = [(vectors[name], scores[name]) for vectors, scores in pages for name in vectors]
    x = np.array([row for row, _ in rows], dtype=float)
    y = np.array([score for _, score in rows], dtype=float)
    penalty = strength * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    weights = np.linalg.solve(x.T @ x + penalty, x.T @ y)
    return ChoiceModel(tuple(float(w) for w in weights))
