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
    fit_times, vectorize_times, solver_times = [], [], []
    for _ in range(repeat):
        # The two steps of the pipeline timed apart: Pipeline.fit runs exactly these.
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        classifier = LogisticRegression(solver="liblinear")
        start = time.perf_counter()
        x = vectorizer.fit_transform(x_train)
        vectorized = time.perf_counter()
        classifier.fit(x, y_train)
        solved = time.perf_counter()
        fit_times.append(solved - start)
        vectorize_times.append(vectorized - start)
        solver_times.append(solved - vectorized)
        model = make_pipeline(vectorizer, classifier)
    start = time.perf_counter()
    p = model.predict_proba(x_val)[:, 1]
    predict = time.perf_counter() - start
    print(json.dumps({
        "reference": "scikit-learn " + __import__("sklearn").__version__,
        "val_accuracy": accuracy_score(y_val, p >= 0.5),
        "val_auc": roc_auc_score(y_val, p),
        "fit_time_s": min(fit_times),
        "vectorize_time_s": vectorize_times[fit_times.index(min(fit_times))],
        "solver_time_s": solver_times[fit_times.index(min(fit_times))],
        "predict_time_s": predict,
        "vocabulary_size": len(model[0].vocabulary_),
    }))


if __name__ == "__main__":
    main()
