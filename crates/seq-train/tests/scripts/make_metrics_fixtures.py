#!/usr/bin/env python3
"""Writes crates/seq-train/tests/fixtures/metrics/metrics.json: fixed inputs (with ties) and the values scikit-learn, scipy
and numpy give for them, for tests/train_metrics.rs (seq_train::metrics).

    pip install scikit-learn scipy numpy
    python3 crates/seq-train/tests/scripts/make_metrics_fixtures.py

Inputs are drawn with a fixed numpy seed, rounded to few decimals (to create ties) and cast to float32
before any metric is computed, so the Rust side (which reads them as f32) sees exactly the same numbers.
Reference semantics:
- auROC: sklearn roc_auc_score; the PR curve: sklearn precision_recall_curve (>= 1.1: all thresholds kept);
  auPRC: sklearn auc(recall, precision) (DragoNN's trapezoid); average_precision_score; accuracy_score;
  confusion_matrix(labels=range(n)); log_loss (cross-checked against the clipped formula below).
- DragoNN formulas in numpy: balanced accuracy in percent with strict > 0.5 / < 0.5; recall at FDR =
  100 * recall[np.searchsorted(precision - (1 - fdr), 0)]; log loss with p clipped to [1e-15, 1 - 1e-15]
  (sklearn >= 1.5 clips at the dtype's eps instead, so cases with p exactly 0 or 1 use the formula).
- Regression: mean squared error, scipy.stats.pearsonr, scipy.stats.spearmanr (average ranks).
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn import metrics as skm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "metrics", "metrics.json")
FDRS = [0.05, 0.1, 0.2]


def f32(values):
    """Values as float32, returned as float64 numbers holding exactly the float32 values."""
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def clipped_log_loss(y, p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def dragonn_balanced_accuracy(y, p):
    labels = y.astype(bool)
    pos = 100 * (p[labels] > 0.5).mean()
    neg = 100 * (p[~labels] < 0.5).mean()
    return float((pos + neg) / 2)


def dragonn_recall_at_fdr(precision, recall, fdr):
    return float(100 * recall[np.searchsorted(precision - (1 - fdr), 0)])


def intended_recall_at_fdr(precision, recall, fdr):
    """The largest recall with precision >= 1 - fdr (what the searchsorted rule means to compute)."""
    ok = precision >= 1 - fdr
    return float(100 * recall[ok].max())


def binary_case(name, y, p):
    y, p = f32(y), f32(p)
    precision, recall, thresholds = skm.precision_recall_curve(y, p)
    loss = clipped_log_loss(y, p)
    if np.all((p > 0) & (p < 1)):
        assert abs(loss - skm.log_loss(y, p)) < 1e-12, name
    expected = {
        "accuracy_at_0_5": float(skm.accuracy_score(y, p > 0.5)),
        "balanced_accuracy": dragonn_balanced_accuracy(y, p),
        "roc_auc": float(skm.roc_auc_score(y, p)),
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "thresholds": thresholds.tolist(),
        "pr_auc_trapezoid": float(skm.auc(recall, precision)),
        "average_precision": float(skm.average_precision_score(y, p)),
        "log_loss": loss,
        "recall_at_fdr": [dragonn_recall_at_fdr(precision, recall, f) for f in FDRS],
        "intended_recall_at_fdr": [intended_recall_at_fdr(precision, recall, f) for f in FDRS],
        "num_positives": int(y.sum()),
        "num_negatives": int((1 - y).sum()),
    }
    return {"name": name, "y_true": y.tolist(), "y_prob": p.tolist(), "expected": expected}


def regression_case(name, x, y):
    x, y = f32(x), f32(y)
    expected = {
        "mse": float(np.mean((y - x) ** 2)),
        "pearson": float(scipy.stats.pearsonr(x, y)[0]),
        "spearman": float(scipy.stats.spearmanr(x, y)[0]),
    }
    return {"name": name, "y_true": x.tolist(), "y_pred": y.tolist(), "expected": expected}


def confusion_case(name, t, p, n):
    m = skm.confusion_matrix(t, p, labels=list(range(n)))
    return {"name": name, "n_classes": n, "y_true": list(map(int, t)), "y_pred": list(map(int, p)),
            "expected": m.tolist()}


def noisy_scores(rng, y, separation, decimals):
    logits = separation * (y - 0.5) + rng.normal(size=y.shape)
    return np.round(1 / (1 + np.exp(-logits)), decimals)


def binary_cases(rng):
    cases = []
    y = (rng.random(600) < 0.45).astype(float)
    cases.append(binary_case("balanced_600_ties_2dp", y, noisy_scores(rng, y, 2.0, 2)))
    y = (rng.random(400) < 0.12).astype(float)
    cases.append(binary_case("imbalanced_400_ties_1dp", y, noisy_scores(rng, y, 3.0, 1)))
    y = (rng.random(300) < 0.5).astype(float)
    cases.append(binary_case("weak_300_ties_1dp", y, noisy_scores(rng, y, 0.8, 1)))
    # hand cases: ties across classes, p exactly 0.5, 0 and 1, a perfect and a reversed ranking
    cases.append(binary_case("hand_ties", [1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1]))
    cases.append(binary_case("hand_exact_0_and_1", [1, 0, 1, 0, 1], [1.0, 0.0, 0.0, 1.0, 0.7]))
    cases.append(binary_case("hand_perfect", [0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.8, 0.9]))
    cases.append(binary_case("hand_reversed", [1, 1, 0, 0, 0], [0.1, 0.2, 0.3, 0.8, 0.9]))
    cases.append(binary_case("hand_all_tied", [1, 0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5]))
    # precision is not monotone here, so DragoNN's binary search lands below the intended recall
    # (at 10% and 20% FDR: 41.7 and 91.7 instead of 91.7 and 100)
    cases.append(binary_case("hand_unsorted_precision",
                             [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1],
                             [0.95, 0.89, 0.82, 0.76, 0.69, 0.63, 0.56, 0.5, 0.44, 0.37, 0.31, 0.24, 0.18, 0.11, 0.05]))
    return cases


def regression_cases(rng):
    x = np.round(rng.normal(size=500), 1)
    y = np.round(0.6 * x + 0.8 * rng.normal(size=500), 1)
    cases = [regression_case("linear_500_ties_1dp", x, y)]
    x = rng.integers(0, 6, size=200).astype(float)
    y = np.round(np.exp(0.3 * x) + rng.normal(size=200), 0)
    cases.append(regression_case("monotone_200_integer_ties", x, y))
    cases.append(regression_case("hand_ties", [1, 2, 2, 3, 4], [1, 3, 3, 2, 5]))
    cases.append(regression_case("hand_anticorrelated", [1, 2, 3, 4], [8, 6, 4, 2]))
    return cases


def multitask_case(rng):
    n, t = 250, 3
    y = (rng.random((n, t)) < np.array([0.5, 0.3, 0.15])).astype(float)
    p = np.stack([noisy_scores(rng, y[:, k], s, 2) for k, s in enumerate([2.5, 1.5, 0.7])], axis=1)
    y, p = f32(y), f32(p)
    tasks = [binary_case(f"task{k}", y[:, k], p[:, k])["expected"] for k in range(t)]
    return {"name": "multitask_250x3", "n_tasks": t, "y_true": y.ravel().tolist(), "y_prob": p.ravel().tolist(),
            "expected": {"roc_auc": [e["roc_auc"] for e in tasks], "pr_auc_trapezoid": [e["pr_auc_trapezoid"] for e in tasks],
                         "log_loss": [e["log_loss"] for e in tasks], "recall_at_fdr": [e["recall_at_fdr"] for e in tasks]}}


def main():
    rng = np.random.default_rng(20261121)
    classes = rng.integers(0, 3, size=300)
    predicted = np.where(rng.random(300) < 0.7, classes, rng.integers(0, 3, size=300))
    data = {
        "generator": "crates/seq-train/tests/scripts/make_metrics_fixtures.py (numpy default_rng seed 20261121)",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "fdrs": FDRS,
        "binary_cases": binary_cases(rng),
        "regression_cases": regression_cases(rng),
        "confusion_cases": [confusion_case("three_classes_300", classes, predicted, 3),
                            confusion_case("hand_out_of_range_ignored", [0, 1, 2, 1], [0, 1, 1, 5], 2)],
        "multitask_cases": [multitask_case(rng)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    for case in data["binary_cases"]:
        e = case["expected"]
        print(f'{case["name"]}: auROC {e["roc_auc"]:.4f} auPRC {e["pr_auc_trapezoid"]:.4f} '
              f'R@FDR {e["recall_at_fdr"]} (intended {e["intended_recall_at_fdr"]})')


if __name__ == "__main__":
    main()
