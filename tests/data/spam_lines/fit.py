"""Fit the keyword-stuffing model of pipelines/text/normalize/spam.py and measure it held out by origin.

    .venv/bin/python tests/data/spam_lines/fit.py

prints the weights fitted on every line of lines.tsv (to be copied into spam.py) and the precision
and recall of leave-one-origin-out cross-validation: each origin (one corpus page or seed, or all
the written lines together) is scored by a model fitted on the other origins only. Logistic
regression, L2 penalty on the weights (not the bias), Newton's method: deterministic.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from pipelines.text.normalize import spam  # noqa: E402

LINES = Path(__file__).resolve().parent / "lines.tsv"
PENALTY = 0.3


@dataclass(frozen=True)
class Row:
    label: int
    line: str
    origin: str


def load(path: Path = LINES) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Row(int(r["label"]), r["line"], r["origin"]) for r in reader]


def matrix(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[spam.features(r.line)[name] for name in spam.FEATURES] for r in rows], dtype=float)
    return x, np.array([r.label for r in rows], dtype=float)


def fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-penalised logistic regression (Newton's method)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    ridge = np.diag([penalty] * x.shape[1] + [0.0])
    for _ in range(100):
        p = 1 / (1 + np.exp(-design @ theta))
        gradient = design.T @ (p - y) + ridge @ theta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-10:
            break
    return theta[:-1], float(theta[-1])


def eligible(rows: list[Row]) -> np.ndarray:
    """The lines the model scores at all (spam.eligible); the others are never keyword lines."""
    return np.array([spam.eligible(r.line) for r in rows])


def fit_rows(rows: list[Row]) -> tuple[np.ndarray, float]:
    """The model fitted on the eligible lines of `rows`."""
    x, y = matrix(rows)
    keep = eligible(rows)
    return fit(x[keep], y[keep])


def held_out_scores(rows: list[Row]) -> np.ndarray:
    """Each line's score from a model fitted without its origin (0 for a line not eligible)."""
    x, y = matrix(rows)
    keep = eligible(rows)
    origins = np.array([r.origin for r in rows])
    scores = np.zeros(len(rows))
    for origin in sorted(set(origins)):
        test = origins == origin
        weights, bias = fit(x[~test & keep], y[~test & keep])
        scores[test & keep] = 1 / (1 + np.exp(-(x[test & keep] @ weights + bias)))
    return scores


def precision_recall(rows: list[Row], scores: np.ndarray,
                     threshold: float = spam.THRESHOLD) -> tuple[float, float, int, int, int]:
    """Precision, recall, and the counts behind them (found, taken wrongly, missed)."""
    y = np.array([r.label for r in rows]) == 1
    predicted = (scores >= threshold) & eligible(rows)
    tp, fp, fn = int((predicted & y).sum()), int((predicted & ~y).sum()), int((~predicted & y).sum())
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def main() -> None:
    rows = load()
    y = np.array([r.label for r in rows])
    weights, bias = fit_rows(rows)
    print(f"{len(rows)} lines, {int(y.sum())} keyword lines, {len({r.origin for r in rows})} origins, "
          f"{int(eligible(rows).sum())} eligible")
    print("WEIGHTS = {")
    for name, w in zip(spam.FEATURES, weights):
        print(f'    "{name}": {w:.4f},')
    print("}")
    print(f"BIAS = {bias:.4f}")
    scores = held_out_scores(rows)
    precision, recall, tp, fp, fn = precision_recall(rows, scores)
    print(f"leave-one-origin-out at {spam.THRESHOLD}: precision {precision:.3f}, recall {recall:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn})")
    for name, written in (("real lines", False), ("written lines", True)):
        index = [i for i, r in enumerate(rows) if (r.origin == "written") == written]
        p, r, tp, fp, fn = precision_recall([rows[i] for i in index], scores[index])
        print(f"  {name}: precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        p, r, *_ = precision_recall(rows, scores, threshold)
        print(f"  threshold {threshold}: precision {p:.3f} recall {r:.3f}")
    for row, s in zip(rows, scores):
        if (s >= spam.THRESHOLD) != bool(row.label):
            print(f"  {'missed' if row.label else 'taken '} {s:.2f} {row.line[:70]}  [{row.origin[-40:]}]")


if __name__ == "__main__":
    main()
