#!/usr/bin/python3
"""fastText CLI reference (`fasttext supervised`) on a split exported by `tweetlab-cli split`.

Same hyper-parameters as TweetLab's fastText defaults: dim 50, 10 epochs, lr 0.1, wordNgrams 2,
buckets 200000, one thread, seed 0. Text is lower-cased (fastText itself does no normalisation).
Prints one JSON object. Usage: fasttext_reference.py SPLIT_DIR WORK_DIR
"""
import csv
import json
import os
import subprocess
import sys
import time

from sklearn.metrics import accuracy_score, roc_auc_score


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [" ".join(r["text"].lower().split()) for r in rows], [int(r["label"]) for r in rows]


def main():
    split, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    x_train, y_train = read(f"{split}/train.csv")
    x_val, y_val = read(f"{split}/val.csv")
    train_file = os.path.join(work, "ft_train.txt")
    with open(train_file, "w", encoding="utf-8") as f:
        for text, label in zip(x_train, y_train):
            f.write(f"__label__{label} {text}\n")
    val_file = os.path.join(work, "ft_val.txt")
    with open(val_file, "w", encoding="utf-8") as f:
        for text in x_val:
            f.write(text + "\n")
    model = os.path.join(work, "ft_model")
    start = time.perf_counter()
    subprocess.run(["fasttext", "supervised", "-input", train_file, "-output", model, "-dim", "50",
                    "-epoch", "10", "-lr", "0.1", "-wordNgrams", "2", "-bucket", "200000",
                    "-thread", "1", "-seed", "0", "-verbose", "0"], check=True)
    fit = time.perf_counter() - start
    out = subprocess.run(["fasttext", "predict-prob", model + ".bin", val_file, "2"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    p = []
    for line in out:
        parts = line.split()
        prob = dict(zip(parts[0::2], map(float, parts[1::2])))
        p.append(prob.get("__label__1", 1.0 - prob.get("__label__0", 0.5)))
    print(json.dumps({
        "reference": "fasttext CLI",
        "val_accuracy": accuracy_score(y_val, [x >= 0.5 for x in p]),
        "val_auc": roc_auc_score(y_val, p),
        "fit_time_s": fit,
    }))


if __name__ == "__main__":
    main()
