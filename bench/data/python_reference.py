#!/usr/bin/python3
"""The reference a Python user would write: csv module read, balanced random.sample, stratified
split with scikit-learn's train_test_split. Prints the same JSON fields as bench_data_scale.
Usage: python_reference.py FILE [SAMPLE]"""
import csv
import json
import random
import resource
import sys
import time

from sklearn.model_selection import train_test_split

path = sys.argv[1]
sample = int(sys.argv[2]) if len(sys.argv) > 2 else 0
t = time.perf_counter()
texts, labels = [], []
with open(path, newline="", encoding="latin-1") as f:
    for row in csv.reader(f):
        if len(row) == 6 and row[0] in ("0", "4"):
            texts.append(row[5])
            labels.append(1 if row[0] == "4" else 0)
load_s = time.perf_counter() - t
t = time.perf_counter()
rng = random.Random(42)
idx = list(range(len(labels)))
if sample:
    neg = [i for i in idx if labels[i] == 0]
    pos = [i for i in idx if labels[i] == 1]
    idx = rng.sample(neg, sample // 2) + rng.sample(pos, sample - sample // 2)
rng.shuffle(idx)
x = [texts[i] for i in idx]
y = [labels[i] for i in idx]
sample_s = time.perf_counter() - t
t = time.perf_counter()
x_train, x_rest, y_train, y_rest = train_test_split(x, y, train_size=0.7, stratify=y, random_state=42)
x_val, x_test, y_val, y_test = train_test_split(x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=42)
split_s = time.perf_counter() - t
print(json.dumps({"rows_loaded": len(labels), "sample": sample, "train_rows": len(x_train),
                  "load_s": load_s, "sample_s": sample_s, "split_s": split_s,
                  "total_s": load_s + sample_s + split_s,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
