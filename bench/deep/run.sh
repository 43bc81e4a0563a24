#!/usr/bin/env bash
# TweetLab's BiLSTM over Word2Vec against the same architecture in PyTorch + gensim, on the same
# rows and the same tokens, with the same thread count; and TweetLab's Word2Vec against gensim's
# (one worker each).
#
# The machine is shared (2 cores, other builds run next to us), so the two sides are alternated:
# PyTorch run, TweetLab run, PyTorch run, ... for ROUNDS rounds. Each round gives a ratio of
# seconds per epoch measured minutes apart under the same load; the 1-minute load average is
# sampled every 5 s during every run and reported next to it.
#
# Usage: bench/deep/run.sh [BUILD_DIR] [DATA] [SAMPLE] [THREADS] [ROUNDS]
# Prints a table and writes BUILD_DIR/bench/deep/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/resources/data/sentiment140_sample.csv}
sample=${3:-16000}
threads=${4:-2}
rounds=${5:-2}
cli=$build/app/cli/tweetlab-cli
tool=$build/bench/deep/tweetlab-deep-bench
work=$build/bench/deep
py=/usr/bin/python3  # Debian's python3-torch / python3-gensim, not a pyenv shim
# LibTorch's OpenMP threads spin while they wait for work. On a machine whose cores other processes
# also use, a 2-thread BiLSTM epoch then took 10x longer than with 1 thread (46.7 s against 4.4 s
# on 2,800 tweets, load average 6.5); passive waiting brought it to 5.0 s. Both sides get the same
# setting (libgomp reads it when it loads, so it has to come from the environment).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
mkdir -p "$work"
rm -f "$work"/round-*.json "$work"/load-*.txt

"$cli" split --data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --out "$work/split" --quiet >/dev/null
"$tool" preprocess "$work/split" "$work/tokens" none

"$tool" word2vec "$work/tokens/train.csv" > "$work/w2v_tweetlab.json"
"$py" "$here/pytorch_reference.py" "$work/tokens" --word2vec-only > "$work/w2v_gensim.json"

source "$here/../common/with_load.sh"

for round in $(seq 1 "$rounds"); do
  with_load "$work/load-pytorch-$round.txt" \
    "$py" "$here/pytorch_reference.py" "$work/tokens" --threads "$threads" > "$work/round-pytorch-$round.json"
  with_load "$work/load-tweetlab-$round.txt" \
    "$cli" train --data "$data" --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --model bilstm \
      --embedding word2vec --dropout 0.5 --max-length 50 --param embedding_epochs=5 \
      --threads "$threads" --no-track --json --quiet > "$work/round-tweetlab-$round.json"
done

"$py" - "$work" "$rounds" <<'PY'
import json, statistics, sys
w, rounds = sys.argv[1], int(sys.argv[2])
load = lambda n: json.load(open(f"{w}/{n}.json"))
def mean_load(name):
    values = [float(x) for x in open(f"{w}/load-{name}.txt").read().split()]
    return sum(values) / len(values), max(values)
split = json.load(open(f"{w}/split/split.json"))
print(f"{'round':>5} {'model':34} {'val_acc':>8} {'val_auc':>8} {'s/epoch':>8} {'epochs':>7} {'load avg/max':>13}")
ratios, rows = [], []
for r in range(1, rounds + 1):
    pt, tl = load(f"round-pytorch-{r}"), load(f"round-tweetlab-{r}")
    assert tl["dataset_digest"] == split["dataset_digest"], "TweetLab trained on other rows than the export"
    rep = tl["fit_report"]
    lp, lt = mean_load(f"pytorch-{r}"), mean_load(f"tweetlab-{r}")
    for name, acc, auc, s, e, l in (
            ("PyTorch BiLSTM + gensim Word2Vec", pt["val_accuracy"], pt["val_auc"], pt["seconds_per_epoch"], pt["epochs_run"], lp),
            ("TweetLab BiLSTM + Word2Vec", tl["val_accuracy"], tl["val_auc"], rep["seconds_per_epoch"], rep["epochs_run"], lt)):
        print(f"{r:5d} {name:34} {acc:8.4f} {auc:8.4f} {s:8.2f} {e:7d} {l[0]:6.2f}/{l[1]:5.2f}")
    ratio = rep["seconds_per_epoch"] / pt["seconds_per_epoch"]
    ratios.append(ratio)
    rows.append({"round": r, "pytorch": pt, "pytorch_load": lp,
                 "tweetlab": {k: tl[k] for k in ("val_accuracy", "val_auc", "fit_time_s", "dataset_digest")} | {"fit_report": rep},
                 "tweetlab_load": lt, "seconds_per_epoch_ratio": ratio,
                 "accuracy_difference_points": 100 * (tl["val_accuracy"] - pt["val_accuracy"])})
    print(f"      accuracy TweetLab - PyTorch: {rows[-1]['accuracy_difference_points']:+.2f} points; "
          f"s/epoch TweetLab / PyTorch: {ratio:.2f} ({pt['threads']} threads each)")
wt, wg = load("w2v_tweetlab"), load("w2v_gensim")
print(f"\nmedian s/epoch ratio over {rounds} rounds: {statistics.median(ratios):.2f}")
print(f"Word2Vec skip-gram, 5 epochs on {wt['corpus_words']} words: TweetLab {wt['seconds']:.2f} s, "
      f"gensim {wg['seconds']:.2f} s (one worker each) -> {wg['seconds'] / wt['seconds']:.2f}x")
json.dump({"rounds": rows, "median_seconds_per_epoch_ratio": statistics.median(ratios),
           "word2vec": {"tweetlab": wt, "gensim": wg}}, open(f"{w}/results.json", "w"), indent=2)
PY
