#!/usr/bin/env bash
# TweetLab's BERT against the PyTorch reference (the test suite's reference_bert.py) on the same
# token ids: inference tokens/second over the 16k sample and seconds per fine-tuning epoch on its
# 70% training split, for a 2-layer, 128-wide BERT in BERT-Tiny's shape (google/
# bert_uncased_L-2_H-128_A-2: 2 heads, intermediate 512, 30,522-entry vocabulary). No pretrained
# weights can be downloaded here: the checkpoint has BERT's random initialisation and a
# vocabulary built from the sample, padded to BERT-Tiny's size, so speed and memory are
# BERT-Tiny's while accuracy is not.
#
# Threads: TweetLab runs torch's 2 OpenMP threads with OpenBLAS single-threaded (core/bert/
# TorchThreads.cpp), so the two pools do not fight over 2 cores. The PyTorch side gets the same
# configuration (OPENBLAS_NUM_THREADS=1, torch.set_num_threads) for the ratio; one extra
# inference run per round with OpenBLAS left at its default shows what that choice is worth.
#
# The machine is shared (2 cores, other builds run next to us): the two sides alternate,
# TweetLab then PyTorch, for ROUNDS rounds, each measurement in its own process (its own peak
# RSS), with the 1-minute load average sampled every 5 s during every run.
#
# Usage: bench/bert/run.sh [BUILD_DIR] [THREADS] [ROUNDS]
# Prints a table and writes BUILD_DIR/bench/bert/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
threads=${2:-2}
rounds=${3:-2}
data=$root/resources/data/sentiment140_sample.csv
tool=$build/bench/bert/tweetlab-bert-bench
work=$build/bench/bert
py=/usr/bin/python3  # Debian's python3-torch, not a pyenv shim
mkdir -p "$work/vocab"
rm -f "$work"/round-*.json "$work"/load-*.txt

"$py" "$root/tests/unit/bert/reference_tokenizer.py" "$data" "$work/vocab" 20000
"$py" - "$work/vocab/vocab.txt" <<'PY'
import sys
path = sys.argv[1]
vocab = open(path, encoding="utf-8").read().split("\n")[:-1]
vocab += [f"[unused{i}]" for i in range(30522 - len(vocab))]
open(path, "w", encoding="utf-8").write("".join(t + "\n" for t in vocab))
PY
rm -rf "$work/bert-tiny-shape"
"$py" "$root/tests/unit/bert/reference_bert.py" make "$work/bert-tiny-shape" --layers 2 --hidden 128 \
  --heads 2 --intermediate 512 --vocab "$work/vocab/vocab.txt" --bert-init --seed 7
"$tool" prepare "$work/bert-tiny-shape" "$data" "$work/rows" > "$work/prepare.json"

source "$here/../common/with_load.sh"

for round in $(seq 1 "$rounds"); do
  for mode in infer finetune; do
    with_load "$work/load-tweetlab-$mode-$round.txt" \
      "$tool" "$mode" "$work/bert-tiny-shape" "$work/rows" "$threads" > "$work/round-tweetlab-$mode-$round.json"
    with_load "$work/load-pytorch-$mode-$round.txt" \
      env OPENBLAS_NUM_THREADS=1 "$py" "$here/pytorch_reference.py" "$mode" "$work/bert-tiny-shape" "$work/rows" "$threads" \
      > "$work/round-pytorch-$mode-$round.json"
  done
  with_load "$work/load-pytorch-default-$round.txt" \
    "$py" "$here/pytorch_reference.py" infer "$work/bert-tiny-shape" "$work/rows" "$threads" \
    > "$work/round-pytorch-default-$round.json"
done

"$py" - "$work" "$rounds" <<'PY'
import json, sys
w, rounds = sys.argv[1], int(sys.argv[2])
load = lambda n: json.load(open(f"{w}/{n}.json"))
def mean_load(name):
    values = [float(x) for x in open(f"{w}/load-{name}.txt").read().split()] or [float("nan")]
    return round(sum(values) / len(values), 2), max(values)
results = {"prepare": load("prepare"), "rounds": []}
print(f"{'round':>5} {'mode':>8} | {'tweetlab':>22} | {'pytorch':>22} | ratio (pytorch/tweetlab time) | load tl / py")
for r in range(1, rounds + 1):
    for mode in ("infer", "finetune"):
        t, p = load(f"round-tweetlab-{mode}-{r}"), load(f"round-pytorch-{mode}-{r}")
        lt, lp = mean_load(f"tweetlab-{mode}-{r}"), mean_load(f"pytorch-{mode}-{r}")
        if mode == "infer":
            ratio = t["tokens_per_second"] / p["tokens_per_second"]
            line = (f"{t['tokens_per_second']:>12.0f} tok/s {t['peak_rss_mb']:>4.0f}MB | "
                    f"{p['tokens_per_second']:>12.0f} tok/s {p['peak_rss_mb']:>4.0f}MB")
        else:
            ratio = p["seconds_per_epoch"] / t["seconds_per_epoch"]
            line = (f"{t['seconds_per_epoch']:>10.1f} s/epoch {t['peak_rss_mb']:>4.0f}MB | "
                    f"{p['seconds_per_epoch']:>10.1f} s/epoch {p['peak_rss_mb']:>4.0f}MB")
        print(f"{r:>5} {mode:>8} | {line} | {ratio:>6.2f} | {lt} / {lp}")
        results["rounds"].append({"round": r, "mode": mode, "tweetlab": t, "pytorch": p,
                                  "speed_ratio_tweetlab_over_pytorch": ratio,
                                  "load_tweetlab_mean_max": lt, "load_pytorch_mean_max": lp})
    t, d = load(f"round-tweetlab-infer-{r}"), load(f"round-pytorch-default-{r}")
    ld = mean_load(f"pytorch-default-{r}")
    print(f"{r:>5} {'infer':>8} | {'(same as above)':>22} | {d['tokens_per_second']:>12.0f} tok/s {d['peak_rss_mb']:>4.0f}MB |"
          f" {t['tokens_per_second'] / d['tokens_per_second']:>6.2f} | PyTorch with OpenBLAS threads at their default; load {ld}")
    results["rounds"].append({"round": r, "mode": "infer-pytorch-default-blas-threads", "pytorch": d,
                              "speed_ratio_tweetlab_over_pytorch": t["tokens_per_second"] / d["tokens_per_second"],
                              "load_pytorch_mean_max": ld})
json.dump(results, open(f"{w}/results.json", "w"), indent=2)
PY
