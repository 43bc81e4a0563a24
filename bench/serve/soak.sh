#!/usr/bin/env bash
# tweetlab-serve held under load for a while, and under a slowloris attack (issue #15):
#   - soak: wrk at 64 keep-alive connections for SOAK seconds against a logreg and a CNN bundle,
#     default server settings: requests, errors, timeouts (wrk --timeout 5s), p50/p99/max
#     latency, RSS before and after (and its peak) — flat memory and no request over 5 s;
#   - slowloris: SLOW connections (far more than the 16 workers) each trickling a header byte
#     a second and reconnecting when cut, while /health is probed every 0.5 s with a 2 s
#     timeout: how many probes were answered, their p50/p99 against the same probes on the idle
#     server in the same run, and how many slow requests the server cut (408).
# Usage: bench/serve/soak.sh [BUILD_DIR]     env: SOAK (60 s), SLOW (256), SLOW_SECONDS (30),
#        SAMPLE (16000). Prints a table; writes BUILD_DIR/bench/serve/soak.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
soak=${SOAK:-60}
slow=${SLOW:-256}
slow_seconds=${SLOW_SECONDS:-30}
sample=${SAMPLE:-16000}
cli=$build/app/cli/tweetlab-cli
serve=$build/app/serve/tweetlab-serve
work=$build/bench/serve
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
ulimit -n 4096 2>/dev/null || true

source "$here/common.sh"
rss_mb() { awk -v k="$2" '$1 == k":" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
prepare_rows "$cli" "$work" "$sample"
common=(--data sample --sample "$sample" --split 0.7,0.15,0.15 --seed 42 --quiet --no-track)
[ -d "$work/bundle-logreg" ] || "$cli" train "${common[@]}" --model logreg --cv 0 --C 1 --out "$work/bundle-logreg" >/dev/null
[ -d "$work/bundle-cnn" ] || "$cli" train "${common[@]}" --model cnn --param epochs=2 --out "$work/bundle-cnn" >/dev/null

start_serve() {  # bundle log -> sets port, pid
  port=$(free_port)
  "$serve" --bundle "$1" --port "$port" --no-access-log --feedback-log "$work/feedback.jsonl" 2>"$2" &
  pid=$!
  pids+=("$pid")
  wait_for "http://127.0.0.1:$port/ready"
}

: > "$work/soak.jsonl"
for m in logreg cnn; do
  start_serve "$work/bundle-$m" "$work/soak-$m.log"
  # Warm up (first requests allocate the model's buffers), then measure.
  TWEETS="$work/tweets.jsonl" wrk -t2 -c64 -d5s -s "$here/post.lua" "http://127.0.0.1:$port" >/dev/null
  before=$(rss_mb "$pid" VmRSS)
  out=$(TWEETS="$work/tweets.jsonl" wrk -t2 -c64 -d"${soak}s" --timeout 5s --latency -s "$here/post.lua" "http://127.0.0.1:$port")
  after=$(rss_mb "$pid" VmRSS)
  peak=$(rss_mb "$pid" VmHWM)
  kill -TERM "$pid"; wait "$pid" || true
  /usr/bin/python3 - "$m" "$before" "$after" "$peak" "$soak" <<PY >> "$work/soak.jsonl"
import json, re, sys
out = """$out"""
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[u]
pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(json.dumps({"model": sys.argv[1], "seconds": int(sys.argv[5]), "connections": 64,
                  "requests": int(re.search(r"(\d+) requests in", out).group(1)),
                  "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                  "p50_ms": ms(pct["50"]), "p99_ms": ms(pct["99"]),
                  "max_ms": ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1)),
                  "non_2xx": int(non2xx.group(1)) if non2xx else 0,
                  "socket_errors": [int(x) for x in sock.groups()] if sock else [0, 0, 0, 0],
                  "rss_before_mb": float(sys.argv[2]), "rss_after_mb": float(sys.argv[3]),
                  "rss_peak_mb": float(sys.argv[4])}))
PY
done

# Slowloris against the logreg bundle, default settings (16 workers, 10 s per request).
start_serve "$work/bundle-logreg" "$work/slowloris.log"
rss_start=$(rss_mb "$pid" VmRSS)
/usr/bin/python3 - "$port" "$slow" "$slow_seconds" "$work/slowloris.json" <<'PY'
import json, socket, statistics, sys, threading, time
port, slow, seconds, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

def probe_for(duration):
    """GET /health every 0.5 s with a 2 s timeout: (answered, total, latencies in ms)."""
    answered, total, latencies = 0, 0, []
    end = time.time() + duration
    while time.time() < end:
        total += 1
        start = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.settimeout(2)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            reply = s.recv(64)
            s.close()
            if reply.startswith(b"HTTP/1.1 200"):
                answered += 1
                latencies.append((time.time() - start) * 1000)
        except OSError:
            pass
        time.sleep(0.5)
    return answered, total, latencies

def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

idle = probe_for(5)
stop = threading.Event()
cut = [0]
lock = threading.Lock()

def slow_client():
    line = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 10000
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.5)
            continue
        s.settimeout(0.01)
        try:
            for byte in line:
                if stop.is_set():
                    break
                s.sendall(bytes([byte]))
                try:
                    data = s.recv(256)
                    if data.startswith(b"HTTP/1.1 408") or data == b"":
                        with lock:
                            cut[0] += 1
                        break
                except socket.timeout:
                    pass
                time.sleep(1)
        except OSError:
            with lock:
                cut[0] += 1
        finally:
            s.close()

threads = [threading.Thread(target=slow_client, daemon=True) for _ in range(slow)]
for t in threads:
    t.start()
time.sleep(2)  # every slow connection is open and trickling
attacked = probe_for(seconds)
stop.set()
for t in threads:
    t.join(timeout=3)
result = {"slow_connections": slow, "seconds": seconds,
          "idle_probes": {"answered": idle[0], "total": idle[1], "p50_ms": pct(idle[2], 50), "p99_ms": pct(idle[2], 99)},
          "attacked_probes": {"answered": attacked[0], "total": attacked[1], "p50_ms": pct(attacked[2], 50),
                              "p99_ms": pct(attacked[2], 99)},
          "slow_requests_cut": cut[0]}
json.dump(result, open(out, "w"))
PY
rss_end=$(rss_mb "$pid" VmRSS)
kill -TERM "$pid"; wait "$pid" || true

/usr/bin/python3 - "$work" "$rss_start" "$rss_end" <<'PY'
import json, sys
w = sys.argv[1]
rows = [json.loads(l) for l in open(f"{w}/soak.jsonl")]
slow = json.load(open(f"{w}/slowloris.json"))
slow["rss_start_mb"], slow["rss_end_mb"] = float(sys.argv[2]), float(sys.argv[3])
print(f"{'soak':8} {'s':>4} {'conns':>5} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
      f"{'non-2xx':>7} {'sock err c/r/w/t':>17} {'RSS before':>10} {'after':>7} {'peak':>7}")
for r in rows:
    print(f"{r['model']:8} {r['seconds']:>4} {r['connections']:>5} {r['requests']:>9} {r['rps']:>8.0f} {r['p50_ms']:>7.2f} "
          f"{r['p99_ms']:>7.2f} {r['max_ms']:>7.1f} {r['non_2xx']:>7} {'/'.join(map(str, r['socket_errors'])):>17} "
          f"{r['rss_before_mb']:>8.1f}MB {r['rss_after_mb']:>5.1f}MB {r['rss_peak_mb']:>5.1f}MB "
          f"(after/before {r['rss_after_mb'] / r['rss_before_mb']:.2f})")
i, a = slow["idle_probes"], slow["attacked_probes"]
print(f"slowloris: {slow['slow_connections']} connections trickling 1 byte/s for {slow['seconds']} s; "
      f"/health answered {a['answered']}/{a['total']} (idle: {i['answered']}/{i['total']}), "
      f"p50 {a['p50_ms']:.1f} ms / p99 {a['p99_ms']:.1f} ms (idle p50 {i['p50_ms']:.1f} / p99 {i['p99_ms']:.1f}; "
      f"p99 ratio {a['p99_ms'] / i['p99_ms']:.1f}x); {slow['slow_requests_cut']} slow requests cut (408); "
      f"RSS {slow['rss_start_mb']:.1f} -> {slow['rss_end_mb']:.1f} MB")
json.dump({"soak": rows, "slowloris": slow}, open(f"{w}/soak.json", "w"), indent=2)
PY
