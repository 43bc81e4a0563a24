#!/usr/bin/env bash
# Scaling out, measured on this machine in one run (docs/scale.md has the numbers and targets):
#
#  1. BiLSTM data-parallel throughput on the 100k Sentiment140 file (for throughput only: its
#     classes are time blocks, see its PROVENANCE): one epoch as 1 process x 1 thread, 1 process
#     x 2 threads and 2 ranks x 1 thread (torch.distributed, Gloo on loopback), the same global
#     batch and seed; tweets/s, validation accuracy, and the gradient all-reduce's share of the
#     epoch; then the 2 ranks again with --batch-per-rank (256 rows per rank a step, as torch
#     DDP counts a batch, at --lr 0.0014 as docs/scale.md advises). The runs alternate over ROUNDS rounds (the machine is shared), with the
#     load average sampled beside each.
#  2. TF-IDF + logistic regression fit on 1.6M rows (bench/data's generator) against
#     scikit-learn on the same rows (both C=1, liblinear; TweetLab on one thread, then on all).
#  3. An 8-combination grid: `grid --executor local` (one after another) against
#     `grid --executor slurm` (one job array on a one-node cluster started here).
#
# Usage: bench/scale/run.sh [BUILD_DIR] [DATA_100K_CSV] [ROUNDS] [PARTS]
#   PARTS: any of "bilstm tfidf grid" (default all). Writes BUILD_DIR/bench/scale/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
data100k=${2:-$root/../shared/data/s140_100k_txt/derived/sentiment140_100k_headtail.csv}
rounds=${3:-1}
parts=${4:-bilstm tfidf grid}
cli=$build/app/cli/tweetlab-cli
work=$build/bench/scale
py=/usr/bin/python3
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE} TWEETLAB_RESOURCE_DIR=$root/resources
mkdir -p "$work"
source "$here/../common/with_load.sh"
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ " $parts " == *" bilstm "* ]]; then
  # BiLSTM(64) over random 100-d embeddings (Word2Vec would add a fit per rank that is not the
  # loop under test), batch 256 global, one epoch; every run the same split and seed.
  bilstm=(train --data "$data100k" --label-column polarity --sample 0 --split 0.7,0.15,0.15 --seed 42 --model bilstm
          --embedding random --epochs 1 --batch-size 256 --no-track --json --quiet)
  # Two ranks on loopback, one thread each; rank 0's report is bilstm-SETUP-ROUND.json.
  two_ranks() {  # SETUP [extra flags]
    local setup=$1 rank1
    shift
    export MASTER_ADDR=127.0.0.1 MASTER_PORT=$(free_port) WORLD_SIZE=2
    RANK=1 "$cli" "${bilstm[@]}" --threads 1 --distributed "$@" > /dev/null &
    rank1=$!
    RANK=0 with_load "$work/load-$setup-$round.txt" "$cli" "${bilstm[@]}" --threads 1 --distributed \
      "$@" > "$work/bilstm-$setup-$round.json"
    wait "$rank1"
    unset MASTER_ADDR MASTER_PORT WORLD_SIZE
  }
  for round in $(seq 1 "$rounds"); do
    with_load "$work/load-1x1-$round.txt" "$cli" "${bilstm[@]}" --threads 1 > "$work/bilstm-1x1-$round.json"
    with_load "$work/load-1x2-$round.txt" "$cli" "${bilstm[@]}" --threads 2 > "$work/bilstm-1x2-$round.json"
    two_ranks 2x1
    # The same two ranks with torch DDP's convention: 256 rows per rank a step (global 512), at
    # the learning rate docs/scale.md advises for it (Adam's 1e-3 times the square root of 2).
    two_ranks 2x1pr --batch-per-rank --lr 0.0014
  done
fi

if [[ " $parts " == *" tfidf "* ]]; then
  large=$work/large-1.6M.csv
  [ -f "$large" ] || "$py" "$root/bench/data/make_large.py" "$root/resources/data/sentiment140_sample.csv" "$large" 1600000
  "$cli" split --data "$large" --sample 0 --split 0.7,0.15,0.15 --seed 42 --out "$work/split-1.6M" --quiet > /dev/null
  with_load "$work/load-sklearn.txt" "$py" "$root/bench/classic/sklearn_reference.py" "$work/split-1.6M" --repeat 1 \
    > "$work/tfidf-sklearn.json"
  # One thread, as scikit-learn has; then every core, as the workbench runs by default
  # (preprocessing and the TF-IDF counting split across threads; liblinear runs on one).
  with_load "$work/load-tfidf.txt" "$cli" train --data "$large" --sample 0 --split 0.7,0.15,0.15 --seed 42 \
    --model logreg --cv 0 --C 1 --threads 1 --no-track --json --quiet > "$work/tfidf-tweetlab.json"
  with_load "$work/load-tfidf-all.txt" "$cli" train --data "$large" --sample 0 --split 0.7,0.15,0.15 \
    --seed 42 --model logreg --cv 0 --C 1 --threads 0 --no-track --json --quiet \
    > "$work/tfidf-tweetlab-all.json"
fi

if [[ " $parts " == *" grid "* ]]; then
  # 8 combinations of a small BiLSTM (2 morphologies x 2 embeddings x 2 hidden sizes), one thread
  # each: locally one after another, on the cluster two at a time (2 CPUs, --cpus-per-task 1).
  cat > "$work/grid8.json" <<JSON
{"data": {"path": "$root/resources/data/sentiment140_sample.csv", "sample": 6000, "seed": 42},
 "model": {"family": "bilstm", "params": {"epochs": 2, "dim": 50, "batch_size": 64}},
 "grid": {"preprocessing.morphology": ["none", "stem"],
          "model.params.embedding": ["random", "word2vec"],
          "model.params.hidden": [32, 64]}}
JSON
  start=$(date +%s.%N)
  with_load "$work/load-grid-local.txt" "$cli" grid "$work/grid8.json" --threads 1 --no-track --json --quiet \
    > "$work/grid-local.json"
  end=$(date +%s.%N)
  echo "$start $end" > "$work/grid-local.time"

  cluster=$(mktemp -d /tmp/tweetlab-bench-slurm.XXXXXX)
  mlflow_pid=""
  trap 'bash "$root/tests/support/slurm/one-node-cluster.sh" stop "$cluster/slurm"; [ -z "$mlflow_pid" ] || kill "$mlflow_pid" 2>/dev/null || true' EXIT
  eval "$(bash "$root/tests/support/slurm/one-node-cluster.sh" start "$cluster/slurm")"
  # The runs land in an MLflow server: the contract server of the tests, on a free port.
  "$build/bench/scale/tweetlab-mlflow-stand-in" > "$cluster/mlflow.uri" & mlflow_pid=$!
  for _ in $(seq 50); do [ -s "$cluster/mlflow.uri" ] && break; sleep 0.1; done
  mlflow=$(head -n1 "$cluster/mlflow.uri")
  start=$(date +%s.%N)
  job=$("$cli" grid "$work/grid8.json" --executor slurm --cpus-per-task 1 \
          --tracking-uri "$mlflow" --experiment bench \
          --workdir "$cluster/grid" --json | "$py" -c 'import json,sys; print(json.load(sys.stdin)["job_id"])')
  with_load "$work/load-grid-slurm.txt" "$cli" grid status "$job" --tracking-uri "$mlflow" \
    --experiment bench --wait --json > "$work/grid-slurm.json"
  end=$(date +%s.%N)
  echo "$start $end" > "$work/grid-slurm.time"
fi

"$py" "$here/report.py" "$work" "$rounds"
