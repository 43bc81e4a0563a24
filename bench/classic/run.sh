#!/usr/bin/env bash
# Classic models against their references on the same rows, in one run:
#   TweetLab TF-IDF + logistic regression (C=1, no CV: the reference's configuration, and with
#   5-fold CV over C) vs scikit-learn; TweetLab fastText vs the fastText CLI.
# Usage: bench/classic/run.sh [BUILD_DIR] [DATA] [SAMPLE]     Prints a table and writes
# BUILD_DIR/bench/classic/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/resources/data/sentiment140_sample.csv}
sample=${3:-16000}
cli=$build/app/cli/tweetlab-cli
work=$build/bench/classic
mkdir -p "$work"

"$cli" split --data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --out "$work/split" --quiet >/dev/null
/usr/bin/python3 "$here/sklearn_reference.py" "$work/split" > "$work/sklearn.json"
/usr/bin/python3 "$here/fasttext_reference.py" "$work/split" "$work/ft" > "$work/fasttext_cli.json"
common=(--data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --json --quiet)
"$cli" train "${common[@]}" --model logreg --cv 0 --C 1 --threads 1 > "$work/logreg_c1.json"
"$cli" train "${common[@]}" --model logreg --cv 5 > "$work/logreg_cv.json"
"$cli" train "${common[@]}" --model fasttext > "$work/fasttext.json"

/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
load = lambda n: json.load(open(f"{w}/{n}.json"))
sk, ftc = load("sklearn"), load("fasttext_cli")
lr, lrcv, ft = load("logreg_c1"), load("logreg_cv"), load("fasttext")
def fit(r):  # TweetLab's fit as a user waits for it: preprocessing (all splits) + model fit
    return r["fit_time_s"] + r.get("preprocess_time_s", 0.0)
rows = [
    ("scikit-learn TF-IDF + LR (C=1)", sk["val_accuracy"], sk["val_auc"], sk["fit_time_s"]),
    ("TweetLab TF-IDF + LR (C=1)", lr["val_accuracy"], lr["val_auc"], fit(lr)),
    ("TweetLab TF-IDF + LR (5-fold CV)", lrcv["val_accuracy"], lrcv["val_auc"], fit(lrcv)),
    ("fastText CLI", ftc["val_accuracy"], ftc["val_auc"], ftc["fit_time_s"]),
    ("TweetLab fastText", ft["val_accuracy"], ft["val_auc"], fit(ft)),
]
print(f"{'model':36} {'val_acc':>8} {'val_auc':>8} {'fit_s':>8}")
for name, acc, auc, t in rows:
    print(f"{name:36} {acc:8.4f} {auc:8.4f} {t:8.3f}")
ratio = sk["fit_time_s"] / fit(lr)
print(f"\nfit speed-up vs scikit-learn (same config, one thread): {ratio:.2f}x")
print(f"accuracy difference vs scikit-learn: {100*(lr['val_accuracy']-sk['val_accuracy']):+.2f} points")
json.dump({"rows": rows, "fit_speedup_vs_sklearn": ratio,
           "cv_best_C": lrcv["fit_report"].get("cv", {}).get("best_C")},
          open(f"{w}/results.json", "w"), indent=2)
PY
