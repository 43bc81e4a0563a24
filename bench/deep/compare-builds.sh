#!/usr/bin/env bash
# The deep benchmark's accuracy and seconds per epoch for two builds of tweetlab-cli, on the same
# rows, the same settings and the same load: issue #16's "behaviour unchanged" check for a change
# to the training loop (e.g. the build before core/train/EpochLoop against the one after).
# The machine is shared, so the builds alternate within each round (A B, then B A, ...) and the
# 1-minute load average is sampled during every run (bench/common/with_load.sh).
#
# Usage: bench/deep/compare-builds.sh CLI_A CLI_B [ROUNDS] [MODELS]
#   MODELS: comma-separated families (default cnn,bilstm); SAMPLE (default 16000), THREADS (2),
#   EPOCHS (3), DATA (the bundled Sentiment140 sample) and OUT (build/release/bench/deep-ab).
# Prints a table and writes OUT/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 2 ] || { sed -n 2,11p "$0" >&2; exit 2; }
cli_a=$1
cli_b=$2
rounds=${3:-2}
IFS=, read -r -a models <<< "${4:-cnn,bilstm}"
data=${DATA:-$root/resources/data/sentiment140_sample.csv}
sample=${SAMPLE:-16000}
threads=${THREADS:-2}
epochs=${EPOCHS:-3}
out=${OUT:-$root/build/release/bench/deep-ab}
for cli in "$cli_a" "$cli_b"; do
  [ -x "$cli" ] || { echo "compare-builds: $cli is not an executable" >&2; exit 2; }
done
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}  # why: bench/deep/run.sh
mkdir -p "$out"
rm -f "$out"/run-*.json "$out"/load-*.txt
source "$here/../common/with_load.sh"

train() {  # cli, model, output name
  # The same explicit settings for both builds, so a changed default cannot pass as a change of
  # the loop; patience above the epoch count, so both run every epoch.
  with_load "$out/load-$3.txt" "$1" train --data "$data" --sample "$sample" \
    --split 0.7,0.15,0.15 --seed 42 --model "$2" --embedding word2vec --epochs "$epochs" \
    --param patience=$((epochs + 1)) --param dropout=0.5 --param max_length=50 \
    --param embedding_epochs=5 --threads "$threads" --no-track --json --quiet > "$out/run-$3.json"
}
for round in $(seq 1 "$rounds"); do
  for model in "${models[@]}"; do
    echo "round $round: $model" >&2
    if (( round % 2 )); then order=(a b); else order=(b a); fi
    for side in "${order[@]}"; do
      cli=$cli_a; [ "$side" = a ] || cli=$cli_b
      train "$cli" "$model" "$model-$side-$round"
    done
  done
done

/usr/bin/python3 - "$out" "$rounds" "${4:-cnn,bilstm}" "$cli_a" "$cli_b" <<'PY'
import json, statistics, sys
out, rounds, models, cli_a, cli_b = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4], sys.argv[5]
def run(name):
    r = json.load(open(f"{out}/run-{name}.json"))
    load = [float(x) for x in open(f"{out}/load-{name}.txt").read().split()] or [float("nan")]
    rep = r["fit_report"]
    return {"val_accuracy": r["val_accuracy"], "val_auc": r["val_auc"], "digest": r["dataset_digest"],
            "seconds_per_epoch": rep["seconds_per_epoch"], "epochs_run": rep["epochs_run"],
            "load_mean": sum(load) / len(load), "params": r["params"]}
print(f"A = {cli_a}\nB = {cli_b}")
print(f"{'model':7} {'round':>5} {'side':>4} {'val_acc':>8} {'val_auc':>8} {'s/epoch':>8} {'epochs':>6} {'load':>5}")
results = {}
for m in models:
    rows = []
    for r in range(1, rounds + 1):
        a, b = run(f"{m}-a-{r}"), run(f"{m}-b-{r}")
        assert a["digest"] == b["digest"], "the two builds trained on different rows"
        # Same settings: a parameter one build lacks (one added later) is listed, not compared.
        pa, pb = a.pop("params"), b.pop("params")
        differ = sorted(k for k in pa.keys() & pb.keys() if pa[k] != pb[k])
        assert not differ, f"the two builds trained {m} with different settings: {differ}"
        if r == 1 and pa.keys() ^ pb.keys():
            print(f"{m}: parameters of one build only: " +
                  ", ".join(f"{k}={(pa | pb)[k]}" for k in sorted(pa.keys() ^ pb.keys())))
        for side, x in (("A", a), ("B", b)):
            print(f"{m:7} {r:5d} {side:>4} {x['val_accuracy']:8.4f} {x['val_auc']:8.4f} "
                  f"{x['seconds_per_epoch']:8.2f} {x['epochs_run']:6d} {x['load_mean']:5.2f}")
        rows.append({"round": r, "a": a, "b": b,
                     "accuracy_difference_points": 100 * (b["val_accuracy"] - a["val_accuracy"]),
                     "seconds_per_epoch_ratio": b["seconds_per_epoch"] / a["seconds_per_epoch"]})
    ratio = statistics.median(x["seconds_per_epoch_ratio"] for x in rows)
    diff = statistics.mean(x["accuracy_difference_points"] for x in rows)
    print(f"{m}: accuracy B - A {diff:+.2f} points (mean), s/epoch B / A {ratio:.2f} (median of {rounds})")
    results[m] = {"rounds": rows, "median_seconds_per_epoch_ratio": ratio,
                  "mean_accuracy_difference_points": diff}
json.dump({"a": cli_a, "b": cli_b, "results": results}, open(f"{out}/results.json", "w"), indent=2)
PY
