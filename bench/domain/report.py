#!/usr/bin/python3
"""Reads what bench/domain/run.sh wrote and prints the tables and the issue's targets.

Usage: report.py WORK_DIR DEEP_MODEL      Writes WORK_DIR/results.json.
"""
import json
import os
import sys

work, deep = sys.argv[1], sys.argv[2]
models = ["logreg"] + ([deep] if deep != "none" else [])
load = lambda name: json.load(open(os.path.join(work, name)))


def summary(curve):
    """{(strategy, budget): {metric: mean}} from `curve --json`."""
    out = {}
    for row in curve["summary"]:
        out[(row["strategy"], row["budget"])] = {
            k: v["mean"] for k, v in row["metrics"].items()} | {
            k + "_min": v["min"] for k, v in row["metrics"].items()} | {
            k + "_max": v["max"] for k, v in row["metrics"].items()}
    return out


def fmt(v, d=3):
    return "   -  " if v is None else f"{v:.{d}f}"


weight = float(os.environ.get("TARGET_WEIGHT", "1"))
results = {"curves": {}, "targets": [], "target_weight": weight}
print(f"target labels weigh {weight:g} each in training (TARGET_WEIGHT)")
sk = load("sklearn.json")
sk_sum = {int(b): v for b, v in sk["summary"].items()}
for name in models:
    curve = load(f"{name}/curve.json")
    s = summary(curve)
    results["curves"][name] = {f"{k[0]}@{k[1]}": v for k, v in s.items()}
    budgets = sorted({b for (_, b) in s})
    print(f"\n== {name}: held-out SemEval tweets (mean over repeats; threshold 0.5 | calibrated on "
          f"200 more labels)")
    print(f"{'labels':>7} | {'random b_acc':>12} {'cal':>6} {'auc':>6} | {'uncert b_acc':>12} "
          f"{'cal':>6} {'auc':>6} | {'target-only auc':>15} | {'sklearn b_acc':>13} {'auc':>6}")
    for b in budgets:
        r, u, t = s.get(("random", b), {}), s.get(("uncertainty", b), {}), s.get(("target only", b), {})
        k = sk_sum.get(b, {}) if name == "logreg" else {}
        print(f"{b:7d} | {fmt(r.get('balanced_accuracy')):>12} {fmt(r.get('cal_balanced_accuracy')):>6} "
              f"{fmt(r.get('roc_auc')):>6} | {fmt(u.get('balanced_accuracy')):>12} "
              f"{fmt(u.get('cal_balanced_accuracy')):>6} {fmt(u.get('roc_auc')):>6} | "
              f"{fmt(t.get('roc_auc')):>15} | {fmt(k.get('balanced_accuracy')):>13} {fmt(k.get('roc_auc')):>6}")


def target(name, met, detail):
    results["targets"].append({"target": name, "met": bool(met), "detail": detail})
    print(f"  [{'met' if met else 'NOT met'}] {name}: {detail}")


print("\n== Targets (issue #17, on the held-out target tweets)")
for name in models:
    s = summary(load(f"{name}/curve.json"))
    base = s[("random", 0)]
    best500 = max(("random", "uncertainty"), key=lambda st: s[(st, 500)].get("cal_balanced_accuracy", 0))
    gain = s[(best500, 500)]["cal_balanced_accuracy"] - base["balanced_accuracy"]
    target(f"{name}: 500 target labels (+200 for calibration) lift balanced accuracy >= 5 points "
           f"over the Sentiment140-only model",
           gain >= 0.05,
           f"{best500} {s[(best500, 500)]['cal_balanced_accuracy']:.3f} vs Sentiment140-only "
           f"{base['balanced_accuracy']:.3f} at 0.5 ({100 * gain:+.1f} points; Sentiment140-only "
           f"calibrated: {base.get('cal_balanced_accuracy', float('nan')):.3f})")
    auc500 = max(s[("random", 500)]["roc_auc"], s[("uncertainty", 500)]["roc_auc"])
    ref = sk_sum[2000]["roc_auc"]
    target(f"{name}: AUC with 500 labels >= scikit-learn's with 2,000 random labels",
           auc500 >= ref, f"{auc500:.4f} vs {ref:.4f}")
    rows = []
    ok_auc = ok_bal = True
    for b in sorted({b for (_, b) in s if b >= 200}):
        if ("uncertainty", b) not in s:
            continue
        u, r = s[("uncertainty", b)], s[("random", b)]
        ok_auc &= u["roc_auc"] >= r["roc_auc"]
        ok_bal &= u.get("cal_balanced_accuracy", 0) >= r.get("cal_balanced_accuracy", 0)
        rows.append(f"{b}: AUC {u['roc_auc']:.4f} vs {r['roc_auc']:.4f}, calibrated b_acc "
                    f"{u.get('cal_balanced_accuracy', float('nan')):.4f} vs "
                    f"{r.get('cal_balanced_accuracy', float('nan')):.4f}")
    target(f"{name}: uncertainty >= random at every budget from 200 (AUC)", ok_auc, "; ".join(rows))
    target(f"{name}: uncertainty >= random at every budget from 200 (calibrated balanced accuracy)",
           ok_bal, "")

before = load("evaluate_s140.json")
for method in ("platt", "isotonic"):
    after = load(f"evaluate_{method}.json")
    target(f"calibrate ({method}) at least halves ECE on held-out target tweets",
           after["ece"] <= before["ece"] / 2,
           f"ECE {before['ece']:.4f} -> {after['ece']:.4f}; balanced accuracy "
           f"{before['balanced_accuracy']:.4f} -> {after['balanced_accuracy']:.4f}; predicted "
           f"positive {before['predicted_positive_rate']:.3f} -> {after['predicted_positive_rate']:.3f} "
           f"(true {before['positive_rate']:.3f})")
prior = load("evaluate_prior.json")
cal = load("calibrate_prior.json")["calibration"]["prior_shift"]
print(f"  EM prior (no labels): {cal['source']:.3f} -> {cal['target']:.3f} (true "
      f"{prior['positive_rate']:.3f}); balanced accuracy {before['balanced_accuracy']:.4f} -> "
      f"{prior['balanced_accuracy']:.4f}, accuracy {before['accuracy']:.4f} -> {prior['accuracy']:.4f}, "
      f"ECE {before['ece']:.4f} -> {prior['ece']:.4f}")
results["calibrate"] = {"before": before, "after": {m: load(f"evaluate_{m}.json") for m in ("platt", "isotonic")},
                        "prior": prior, "prior_shift": cal}
results["sklearn"] = sk
json.dump(results, open(os.path.join(work, "results.json"), "w"), indent=2)
