#!/usr/bin/env bash
# TweetLab's BiLSTM over Word2Vec against the same architecture in PyTorch + gensim, on the same
# rows and the same tokens, in one run and with the same thread count; and TweetLab's Word2Vec
# against gensim's (one worker each).
# Usage: bench/deep/run.sh [BUILD_DIR] [DATA] [SAMPLE] [THREADS]
# Prints a table and writes BUILD_DIR/bench/deep/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/resources/data/sentiment140_sample.csv}
sample=${3:-16000}
threads=${4:-2}
cli=$build/app/cli/tweetlab-cli
tool=$build/bench/deep/tweetlab-deep-bench
work=$build/bench/deep
py=/usr/bin/python3  # Debian's python3-torch / python3-gensim, not a pyenv shim
mkdir -p "$work"

"$cli" split --data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --out "$work/split" --quiet >/dev/null
"$tool" preprocess "$work/split" "$work/tokens" none

"$tool" word2vec "$work/tokens/train.csv" > "$work/w2v_tweetlab.json"
"$py" "$here/pytorch_reference.py" "$work/tokens" --word2vec-only > "$work/w2v_gensim.json"

"$py" "$here/pytorch_reference.py" "$work/tokens" --threads "$threads" > "$work/pytorch.json"
"$cli" train --data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --model bilstm \
  --embedding word2vec --threads "$threads" --json --quiet > "$work/tweetlab.json"

"$py" - "$work" <<'PY'
import json, sys
w = sys.argv[1]
load = lambda n: json.load(open(f"{w}/{n}.json"))
pt, tl = load("pytorch"), load("tweetlab")
wt, wg = load("w2v_tweetlab"), load("w2v_gensim")
rep = tl["fit_report"]
rows = [("PyTorch BiLSTM + gensim Word2Vec", pt["val_accuracy"], pt["val_auc"], pt["seconds_per_epoch"], pt["epochs_run"]),
        ("TweetLab BiLSTM + Word2Vec", tl["val_accuracy"], tl["val_auc"], rep["seconds_per_epoch"], rep["epochs_run"])]
print(f"{'model':34} {'val_acc':>8} {'val_auc':>8} {'s/epoch':>8} {'epochs':>7}")
for name, acc, auc, s, e in rows:
    print(f"{name:34} {acc:8.4f} {auc:8.4f} {s:8.2f} {e:7d}")
print(f"\naccuracy difference vs PyTorch: {100 * (tl['val_accuracy'] - pt['val_accuracy']):+.2f} points")
print(f"seconds per epoch, TweetLab / PyTorch: {rep['seconds_per_epoch'] / pt['seconds_per_epoch']:.2f} "
      f"({pt['threads']} threads each)")
print(f"Word2Vec skip-gram, 5 epochs on {wt['corpus_words']} words: TweetLab {wt['seconds']:.2f} s, "
      f"gensim {wg['seconds']:.2f} s (one worker each) -> {wg['seconds'] / wt['seconds']:.2f}x")
json.dump({"pytorch": pt, "tweetlab": {k: tl[k] for k in ("val_accuracy", "val_auc", "fit_time_s")} | {"fit_report": rep},
           "word2vec": {"tweetlab": wt, "gensim": wg}}, open(f"{w}/results.json", "w"), indent=2)
PY
