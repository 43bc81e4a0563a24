#!/usr/bin/python3
"""Reads what bench/scale/run.sh measured and prints the three comparisons against their targets
(docs/scale.md); writes results.json beside the inputs. Usage: report.py WORK_DIR ROUNDS"""
import json
import os
import statistics
import sys

work, rounds = sys.argv[1], int(sys.argv[2])
results = {}


def load(name):
    with open(os.path.join(work, name)) as f:
        return json.load(f)


def mean_load(name):
    path = os.path.join(work, f"load-{name}.txt")
    if not os.path.exists(path):
        return float("nan")
    values = [float(x) for x in open(path).read().split()]
    return sum(values) / len(values) if values else float("nan")


if os.path.exists(os.path.join(work, "bilstm-1x1-1.json")):
    print("1. BiLSTM, one epoch on the 100k file (70k training tweets), batch 256 global")
    # allreduce: rank 0's seconds in the gradient exchange over the epoch's; waiting: the part of
    # them it spent waiting for the other rank to arrive (allreduce_wait_seconds).
    print(f"{'round':>5} {'setup':22} {'tweets/s':>9} {'s/epoch':>8} {'val_acc':>8} {'allreduce':>10} "
          f"{'waiting':>8} {'load':>5}")
    speedups, shares, gaps, waits = [], [], [], []
    per_rank_speedups, per_rank_shares, per_rank_gaps, per_rank_waits = [], [], [], []
    for r in range(1, rounds + 1):
        row = {}
        for setup, label in (("1x1", "1 process x 1 thread"), ("1x2", "1 process x 2 threads"),
                             ("2x1", "2 ranks x 1 thread"), ("2x1pr", "2 ranks, 256/rank, lr")):
            if not os.path.exists(os.path.join(work, f"bilstm-{setup}-{r}.json")):
                continue
            j = load(f"bilstm-{setup}-{r}.json")
            report = j["fit_report"]
            seconds = report["seconds_per_epoch"]
            rate = j["train_rows"] / seconds
            share = report.get("allreduce_seconds", 0.0) / seconds
            wait = report.get("allreduce_wait_seconds", 0.0) / seconds
            row[setup] = (rate, j["val_accuracy"], share, wait)
            print(f"{r:5d} {label:22} {rate:9.0f} {seconds:8.1f} {j['val_accuracy']:8.4f} "
                  f"{100 * share:9.1f}% {100 * wait:7.1f}% {mean_load(f'{setup}-{r}'):5.1f}")
        speedups.append(row["2x1"][0] / row["1x1"][0])
        shares.append(row["2x1"][2])
        waits.append(row["2x1"][3])
        gaps.append(100 * abs(row["2x1"][1] - row["1x2"][1]))
        if "2x1pr" in row:
            per_rank_speedups.append(row["2x1pr"][0] / row["1x1"][0])
            per_rank_shares.append(row["2x1pr"][2])
            per_rank_waits.append(row["2x1pr"][3])
            per_rank_gaps.append(100 * (row["2x1pr"][1] - row["1x1"][1]))
    speedup = statistics.median(speedups)
    print(f"   2 ranks vs 1 process x 1 thread: {speedup:.2f}x tweets/s (target >= 1.6x)")
    print(f"   all-reduce share of the 2-rank epoch: {100 * statistics.median(shares):.1f}% "
          f"(target < 15%), of which waiting for the other rank "
          f"{100 * statistics.median(waits):.1f}%")
    print(f"   validation accuracy, 2 ranks vs 1 process x 2 threads: {statistics.median(gaps):.2f} "
          f"points apart (target <= 0.5)")
    results["bilstm"] = {"speedup_2ranks_vs_1x1": speedups, "allreduce_share": shares,
                         "allreduce_wait_share": waits,
                         "val_accuracy_gap_points": gaps}
    if per_rank_speedups:
        print(f"   2 ranks, --batch-per-rank --lr 0.0014 (global batch 512) vs 1 process x 1 thread (256): "
              f"{statistics.median(per_rank_speedups):.2f}x tweets/s, all-reduce "
              f"{100 * statistics.median(per_rank_shares):.1f}% (waiting "
              f"{100 * statistics.median(per_rank_waits):.1f}%), validation accuracy "
              f"{statistics.median(per_rank_gaps):+.2f} points")
        results["bilstm"].update({"speedup_per_rank_batch_vs_1x1": per_rank_speedups,
                                  "allreduce_share_per_rank_batch": per_rank_shares,
                                  "allreduce_wait_share_per_rank_batch": per_rank_waits,
                                  "val_accuracy_delta_points_per_rank_batch": per_rank_gaps})

if os.path.exists(os.path.join(work, "tfidf-tweetlab.json")):
    sk, tl = load("tfidf-sklearn.json"), load("tfidf-tweetlab.json")
    print("\n2. TF-IDF (1-2 grams, min_df 2, sublinear) + logistic regression (C=1, liblinear), "
          f"{tl['train_rows']} training rows")
    print(f"   scikit-learn: fit {sk['fit_time_s']:.1f} s (TF-IDF {sk.get('vectorize_time_s', float('nan')):.1f}, "
          f"liblinear {sk.get('solver_time_s', float('nan')):.1f}), val accuracy {sk['val_accuracy']:.4f} "
          f"(load {mean_load('sklearn'):.1f})")
    results["tfidf"] = {"sklearn_fit_s": sk["fit_time_s"], "sklearn_val_accuracy": sk["val_accuracy"]}
    for name, label, key in (("tfidf-tweetlab.json", "1 thread", "tfidf"),
                             ("tfidf-tweetlab-all.json", "all cores", "tfidf-all")):
        if not os.path.exists(os.path.join(work, name)):
            continue
        tl = load(name)
        report = tl.get("fit_report", {})
        seconds = tl["fit_time_s"] + tl.get("preprocess_time_s", 0.0)
        ratio = seconds / sk["fit_time_s"]
        print(f"   TweetLab, {label}: {seconds:.1f} s (preprocessing {tl.get('preprocess_time_s', 0):.1f}, "
              f"TF-IDF {report.get('vectorize_seconds', float('nan')):.1f}, liblinear "
              f"{report.get('solver_seconds', float('nan')):.1f}), val accuracy "
              f"{tl['val_accuracy']:.4f} (load {mean_load(key):.1f})")
        print(f"      / scikit-learn: {ratio:.2f} (target <= 0.5), accuracy "
              f"{100 * (tl['val_accuracy'] - sk['val_accuracy']):+.2f} points")
        suffix = "" if key == "tfidf" else "_all_cores"
        results["tfidf"].update({"tweetlab_fit_s" + suffix: seconds, "ratio" + suffix: ratio,
                                 "tweetlab_val_accuracy" + suffix: tl["val_accuracy"]})

if os.path.exists(os.path.join(work, "grid-slurm.time")):
    def seconds(name):
        start, end = open(os.path.join(work, name)).read().split()
        return float(end) - float(start)
    local, slurm = seconds("grid-local.time"), seconds("grid-slurm.time")
    status = load("grid-slurm.json")
    done = sum(1 for t in status["tasks"] if t["state"] == "COMPLETED")
    tracked = sum(1 for t in status["tasks"] if t.get("mlflow_run_id"))
    print("\n3. 8-combination BiLSTM grid (6,000 tweets, 2 epochs, 1 thread per run)")
    print(f"   local, one after another: {local:.0f} s (load {mean_load('grid-local'):.1f})")
    print(f"   Slurm array, one-node cluster (2 CPUs): {slurm:.0f} s (load "
          f"{mean_load('grid-slurm'):.1f}); {done}/8 completed, {tracked}/8 runs in MLflow")
    print(f"   speed-up: {local / slurm:.2f}x")
    results["grid"] = {"local_s": local, "slurm_s": slurm, "completed": done, "tracked": tracked}

json.dump(results, open(os.path.join(work, "results.json"), "w"), indent=2)
