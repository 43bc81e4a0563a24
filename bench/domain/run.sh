#!/usr/bin/env bash
# Target-domain benchmark (issue #17): SemEval-2017 as the target domain, the 16k Sentiment140
# split as the base, in one run on the same rows:
#   - learning curves (logreg and one deep model): budgets 0/50/100/200/500/1000 (+2000 random),
#     random vs uncertainty, 3 repeats, 2,000 held-out target tweets, 200 more target labels to
#     calibrate each model; TweetLab's `curve` exports every repeat's rows;
#   - the same loop in scikit-learn on those rows (TF-IDF + LR, Sentiment140 + random target
#     labels, threshold 0.5) as the reference;
#   - `calibrate` on a Sentiment140-only bundle: ECE and balanced accuracy before/after on the
#     held-out target tweets;
#   - the targets of the issue, each met or not, with the numbers.
# Usage: bench/domain/run.sh [BUILD_DIR]      (DEEP_MODEL=cnn|bilstm|none, DEEP_EPOCHS, REPEATS,
#        TARGET_WEIGHT (how much each target label counts in training, 1 by default),
#        SHARED_DATA=.../shared/data; writes BUILD_DIR/bench/domain/results.json and the plots)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
shared=${SHARED_DATA:-$root/../shared/data}
semeval=$shared/semeval2017_train/train_2013-2016_dedup_by_id.csv
if [[ ! -f $semeval ]]; then
  echo "bench/domain: the SemEval-2017 training tweets are not at $semeval" >&2
  echo "  (the shared data folder beside the project; set SHARED_DATA=/path/to/shared/data)" >&2
  exit 2
fi
base=$root/resources/data/sentiment140_sample.csv   # = shared/data/s140_sample20k
cli=$build/app/cli/tweetlab-cli
work=$build/bench/domain
deep=${DEEP_MODEL:-cnn}
deep_epochs=${DEEP_EPOCHS:-5}
repeats=${REPEATS:-3}
target_weight=${TARGET_WEIGHT:-1}
budgets=0,50,100,200,500,1000
rm -rf "$work"
mkdir -p "$work"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=1

# The target: SemEval-2017 task 4A training tweets, neutral dropped, as text,label.
/usr/bin/python3 - "$semeval" "$work/semeval_target.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["sentiment"] != "neutral"]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["text", "label"])
    for r in rows:
        w.writerow([r["text"], 1 if r["sentiment"] == "positive" else 0])
print(f"target: {len(rows)} SemEval tweets ({sum(r['sentiment'] == 'positive' for r in rows)} positive)",
      file=sys.stderr)
PY

common=(--data "$base" --sample 16000 --split 0.7,0.15,0.15 --seed 42)
store=(--store "$work/store")
"$cli" split "${common[@]}" --out "$work/split" --quiet > /dev/null

curve() {  # name, model flags...
  local name=$1
  shift
  echo "curve: $name" >&2
  local start=$SECONDS
  "$cli" curve "${common[@]}" --target "$work/semeval_target.csv" --labels "$budgets" \
    --strategy random,uncertainty --repeats "$repeats" --test-rows 2000 --calibration-labels 200 \
    --export "$work/$name/rows" --plots "$work/$name" "${store[@]}" --target-weight "$target_weight" \
    --json --quiet "$@" \
    > "$work/$name/curve_run.json"   # --plots writes curve.json (and the PNGs) itself
  echo "  $name: $((SECONDS - start)) s" >&2
}
mkdir -p "$work/logreg"
curve logreg --model logreg --extra-random 2000
if [[ $deep != none ]]; then
  mkdir -p "$work/$deep"
  curve "$deep" --model "$deep" --epochs "$deep_epochs" --no-target-only
fi

echo "scikit-learn reference" >&2
/usr/bin/python3 "$here/sklearn_reference.py" "$work/split/train.csv" "$work/logreg/rows" \
  "$budgets,2000" > "$work/sklearn.json"

# calibrate: a Sentiment140-only bundle, 200 target labels, the held-out target tweets of repeat 1.
echo "calibrate" >&2
rows=$work/logreg/rows/repeat1
"$cli" train "${common[@]}" --model logreg --out "$work/s140_bundle" --no-track --quiet --json \
  > "$work/s140_train.json"
for method in platt isotonic; do
  "$cli" calibrate --bundle "$work/s140_bundle" --data "$rows/calibration.csv" --method "$method" \
    --out "$work/s140_$method" --json > "$work/calibrate_$method.json"
  "$cli" evaluate --bundle "$work/s140_$method" --data "target=$rows/test.csv" --no-track --json \
    > "$work/evaluate_$method.json"
done
"$cli" calibrate --bundle "$work/s140_bundle" --unlabelled "$rows/pool.csv" --method none \
  --out "$work/s140_prior" --json > "$work/calibrate_prior.json"
"$cli" evaluate --bundle "$work/s140_prior" --data "target=$rows/test.csv" --no-track --json \
  > "$work/evaluate_prior.json"
"$cli" evaluate --bundle "$work/s140_bundle" --data "target=$rows/test.csv" --no-track --json \
  --plots "$work/s140_reliability" > "$work/evaluate_s140.json"

/usr/bin/python3 "$here/report.py" "$work" "$deep"
