#!/usr/bin/env bash
# tweetlab-serve under load vs references, all in one run on this machine:
#   - POST /predict latency (p50, p99) and throughput with wrk at concurrency 1, 8 and 64, for a
#     classic (TF-IDF + logistic regression) and a deep (CNN) bundle;
#   - the same scikit-learn model served by Flask (bench/serve/flask_reference.py), same load;
#   - the bundle's Predictor called in-process (no HTTP), to show what HTTP costs.
# Load generator and servers share the machine's cores (2 here): numbers are for that setup.
# Usage: bench/serve/run.sh [BUILD_DIR]      env: DURATION (s per point, 10), SAMPLE (16000),
#        SERVE_THREADS (64), MODELS ("logreg cnn"). Prints a table; writes BUILD_DIR/bench/serve/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
duration=${DURATION:-10}
sample=${SAMPLE:-16000}
serve_threads=${SERVE_THREADS:-64}
models=${MODELS:-logreg cnn}
cli=$build/app/cli/tweetlab-cli
serve=$build/app/serve/tweetlab-serve
inproc=$build/bench/serve/bench_serve_predictor
work=$build/bench/serve
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

source "$here/common.sh"
# The same rows for every model: an exported split (Flask trains on train.csv) and validation
# tweets as the request bodies.
prepare_rows "$cli" "$work" "$sample"
common=(--data sample --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --quiet)
for m in $models; do
  case $m in
    logreg) "$cli" train "${common[@]}" --model logreg --cv 0 --C 1 --out "$work/bundle-$m" >/dev/null ;;
    *) "$cli" train "${common[@]}" --model "$m" --param epochs=2 --out "$work/bundle-$m" >/dev/null ;;
  esac
done

load() {  # name url -> one JSON line per concurrency
  for c in 1 8 64; do
    t=$(( c < 2 ? 1 : 2 ))
    out=$(TWEETS="$work/tweets.jsonl" wrk -t"$t" -c"$c" -d"${duration}s" --latency -s "$here/post.lua" "$2")
    /usr/bin/python3 - "$1" "$c" <<PY
import json, re, sys
out = """$out"""
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[u]
pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(json.dumps({"server": sys.argv[1], "concurrency": int(sys.argv[2]),
                  "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                  "p50_ms": ms(pct["50"]), "p99_ms": ms(pct["99"]),
                  "non_2xx": int(errors.group(1)) if errors else 0}))
PY
  done
}

: > "$work/results.jsonl"
for m in $models; do
  port=$(free_port)
  "$serve" --bundle "$work/bundle-$m" --port "$port" --threads "$serve_threads" --no-access-log \
    --feedback-log "$work/feedback.jsonl" 2>"$work/serve-$m.log" &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/ready"
  load "tweetlab-serve $m" "http://127.0.0.1:$port" >> "$work/results.jsonl"
  kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
  for threads in 1 2; do
    # One BLAS thread per call, as tweetlab-serve runs its requests.
    OPENBLAS_NUM_THREADS=1 "$inproc" "$work/bundle-$m" "$work/texts.txt" "$duration" "$threads" |
      /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"server": "in-process Predictor '"$m"'", "concurrency": r["threads"], "rps": r["calls_per_s"], "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"], "non_2xx": 0}))' \
      >> "$work/results.jsonl"
  done
done

port=$(free_port)
/usr/bin/python3 "$here/flask_reference.py" "$work/split/train.csv" "$port" >"$work/flask.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/health"
load "Flask + scikit-learn logreg" "http://127.0.0.1:$port" >> "$work/results.jsonl"

/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
rows = [json.loads(l) for l in open(f"{w}/results.jsonl")]
print(f"{'server':34} {'conc':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
for r in rows:
    print(f"{r['server']:34} {r['concurrency']:>5} {r['rps']:>10.0f} {r['p50_ms']:>8.3f} {r['p99_ms']:>8.3f} {r['non_2xx']:>8}")
flask = {r["concurrency"]: r["rps"] for r in rows if r["server"].startswith("Flask")}
ours = {r["concurrency"]: r["rps"] for r in rows if r["server"] == "tweetlab-serve logreg"}
inproc = {r["concurrency"]: r["rps"] for r in rows if r["server"] == "in-process Predictor logreg"}
ratios = {c: ours[c] / flask[c] for c in ours if c in flask}
print("tweetlab-serve logreg / Flask throughput: " + ", ".join(f"c={c}: {v:.1f}x" for c, v in sorted(ratios.items())))
if 8 in ours and 2 in inproc:
    print(f"tweetlab-serve logreg c=8 / in-process Predictor (2 threads) throughput: {ours[8] / inproc[2]:.2f}")
json.dump({"rows": rows, "logreg_vs_flask_throughput": ratios}, open(f"{w}/results.json", "w"), indent=2)
PY
