#!/usr/bin/python3
"""scikit-learn reference for the target-domain learning curve, on the rows TweetLab used.

For each repeat exported by `tweetlab-cli curve --export DIR` (DIR/repeat<k>/pool.csv in random
order, test.csv = the held-out target tweets) and each budget B: TfidfVectorizer(ngram_range=(1, 2),
min_df=2, sublinear_tf=True) + LogisticRegression(liblinear) fitted on the base training split
(Sentiment140, `tweetlab-cli split`) plus the first B pool tweets (random target labels), scored
on the held-out target tweets at threshold 0.5. Prints one JSON object:
{"points": [{"budget", "repeat", "balanced_accuracy", "roc_auc", "accuracy", "ece"}], ...}.
Usage: sklearn_reference.py BASE_TRAIN.csv CURVE_EXPORT_DIR BUDGETS(comma separated)
"""
import csv
import glob
import json
import os
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def ece(labels, p, bins=10):
    """Expected calibration error over equal-width bins of P(positive), as TweetLab's."""
    labels, p = np.asarray(labels), np.asarray(p)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(labels[m].mean() - p[m].mean())
    return total / len(labels)


def main():
    base_x, base_y = read(sys.argv[1])
    repeats = sorted(glob.glob(os.path.join(sys.argv[2], "repeat*")))
    budgets = [int(b) for b in sys.argv[3].split(",")]
    points = []
    for k, rep in enumerate(repeats):
        pool_x, pool_y = read(os.path.join(rep, "pool.csv"))
        test_x, test_y = read(os.path.join(rep, "test.csv"))
        for b in budgets:
            model = make_pipeline(
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                LogisticRegression(solver="liblinear"),
            )
            model.fit(base_x + pool_x[:b], base_y + pool_y[:b])
            p = model.predict_proba(test_x)[:, 1]
            points.append({
                "budget": b,
                "repeat": k + 1,
                "balanced_accuracy": balanced_accuracy_score(test_y, p >= 0.5),
                "roc_auc": roc_auc_score(test_y, p),
                "accuracy": accuracy_score(test_y, p >= 0.5),
                "ece": ece(test_y, p),
            })
    summary = {}
    for b in budgets:
        rows = [q for q in points if q["budget"] == b]
        summary[b] = {m: float(np.mean([q[m] for q in rows]))
                      for m in ("balanced_accuracy", "roc_auc", "accuracy", "ece")}
    print(json.dumps({"reference": "scikit-learn " + __import__("sklearn").__version__,
                      "points": points, "summary": summary}))


if __name__ == "__main__":
    main()
