#!/usr/bin/env bash
# Defaults that transfer (issue #17, item 6): preprocessing and CNN/BiLSTM settings judged by
# validation accuracy on the 16k Sentiment140 split AND by accuracy on the SemEval-2017 target
# tweets (all 27,368 non-neutral training tweets, never trained on). One run, same rows.
# Usage: bench/domain/defaults.sh [BUILD_DIR]   (SHARED_DATA=.../shared/data, DEEP=0 to skip the
#        deep models; writes BUILD_DIR/bench/domain-defaults/results.json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
shared=${SHARED_DATA:-$root/../shared/data}
semeval=$shared/semeval2017_train/train_2013-2016_dedup_by_id.csv
if [[ ! -f $semeval ]]; then
  echo "bench/domain/defaults: no SemEval-2017 tweets at $semeval (set SHARED_DATA)" >&2
  exit 2
fi
cli=$build/app/cli/tweetlab-cli
work=$build/bench/domain-defaults
mkdir -p "$work"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=1
/usr/bin/python3 - "$semeval" "$work/semeval_target.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["sentiment"] != "neutral"]
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n")
w.writerow(["text", "label"])
w.writerows([r["text"], 1 if r["sentiment"] == "positive" else 0] for r in rows)
PY
common=(--data "$root/resources/data/sentiment140_sample.csv" --sample 16000 --split 0.7,0.15,0.15
        --seed 42 --eval "target=$work/semeval_target.csv" --no-track --json --quiet)
run() {  # name, flags...
  local name=$1
  shift
  echo "  $name" >&2
  "$cli" train "${common[@]}" "$@" > "$work/$name.json"
}
echo "preprocessing (logreg, 5-fold CV over C)" >&2
run pre_today --model logreg
run pre_keep_urls_mentions --model logreg --keep-urls --keep-mentions
run pre_keep_urls_mentions_case --model logreg --keep-urls --keep-mentions --keep-case
run pre_keep_urls_mentions_repeats --model logreg --keep-urls --keep-mentions --keep-repeats
run pre_keep_urls_mentions_stopwords --model logreg --keep-urls --keep-mentions --stopwords
run pre_keep_all --model logreg --keep-urls --keep-mentions --keep-case --keep-repeats
run pre_keep_urls --model logreg --keep-urls
run pre_keep_mentions --model logreg --keep-mentions
run pre_keep_case --model logreg --keep-case
run pre_keep_repeats --model logreg --keep-repeats
run pre_stopwords --model logreg --stopwords
if [[ ${DEEP:-1} == 1 ]]; then
  echo "deep models" >&2
  # Deep defaults since 2026-12-02: dropout 0.3, max_length 40, embedding_epochs 10 (the PyTorch
  # reference's settings); "before" are the earlier ones.
  run bilstm_defaults --model bilstm --threads 2
  run bilstm_before --model bilstm --threads 2 --dropout 0.5 --max-length 50 \
    --param embedding_epochs=5
  run cnn_defaults --model cnn --threads 2
  run cnn_before --model cnn --threads 2 --dropout 0.5 --max-length 50 \
    --param embedding_epochs=5
fi
/usr/bin/python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
rows = []
for f in sorted(glob.glob(os.path.join(work, "*.json"))):
    if f.endswith("results.json"):
        continue
    r = json.load(open(f))
    rows.append({"run": os.path.basename(f)[:-5], "val_accuracy": r["val_accuracy"],
                 "val_auc": r["val_auc"], "target_accuracy": r.get("target_accuracy"),
                 "target_balanced_accuracy": r.get("target_balanced_accuracy"),
                 "target_roc_auc": r.get("target_roc_auc"), "fit_time_s": r["fit_time_s"]})
print(f"{'run':34} {'val_acc':>8} {'val_auc':>8} {'tgt_acc':>8} {'tgt_bacc':>8} {'tgt_auc':>8}")
for r in rows:
    print(f"{r['run']:34} {r['val_accuracy']:8.4f} {r['val_auc']:8.4f} {r['target_accuracy']:8.4f} "
          f"{r['target_balanced_accuracy']:8.4f} {r['target_roc_auc']:8.4f}")
json.dump(rows, open(os.path.join(work, "results.json"), "w"), indent=2)
PY
