#!/usr/bin/python3
"""scikit-learn reference for the classic model, on a split exported by `tweetlab-cli split`.

TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True) + LogisticRegression(liblinear),
the configuration the foundation issue names. Prints one JSON object.
Usage: sklearn_reference.py SPLIT_DIR [--repeat N]
"""
import csv
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def main():
    split = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    x_train, y_train = read(f"{split}/train.csv")
    x_val, y_val = read(f"{split}/val.csv")
    fit_times = []
    for _ in range(repeat):
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            LogisticRegression(solver="liblinear"),
        )
        start = time.perf_counter()
        model.fit(x_train, y_train)
        fit_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    p = model.predict_proba(x_val)[:, 1]
    predict = time.perf_counter() - start
    print(json.dumps({
        "reference": "scikit-learn " + __import__("sklearn").__version__,
        "val_accuracy": accuracy_score(y_val, p >= 0.5),
        "val_auc": roc_auc_score(y_val, p),
        "fit_time_s": min(fit_times),
        "predict_time_s": predict,
        "vocabulary_size": len(model[0].vocabulary_),
    }))


if __name__ == "__main__":
    main()
