# Shared by bench/serve/run.sh and soak.sh (sourced): process cleanup, ports, waiting for a
# server, and the same rows for every benchmark (an exported split; validation tweets as bodies).
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timeout: $1" >&2; return 1; }

# prepare_rows CLI WORK SAMPLE: WORK/split/{train,val,test}.csv, WORK/tweets.jsonl (one
# {"text": ...} per validation tweet) and WORK/texts.txt (one tweet per line).
prepare_rows() {
  "$1" split --data sample --sample "$3" --split 0.7,0.15,0.15 --seed 42 --out "$2/split" --quiet >/dev/null
  /usr/bin/python3 - "$2" <<'PY'
import csv, json, sys
w = sys.argv[1]
rows = list(csv.DictReader(open(f"{w}/split/val.csv", newline="", encoding="utf-8")))
texts = [" ".join(r["text"].split()) for r in rows if r["text"].strip()]
open(f"{w}/tweets.jsonl", "w").write("".join(json.dumps({"text": t}) + "\n" for t in texts))
open(f"{w}/texts.txt", "w").write("".join(t + "\n" for t in texts))
PY
}
