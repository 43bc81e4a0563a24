#!/usr/bin/env bash
# Scale: a 1.6 million-row Sentiment140-format file (the bundled sample repeated with fresh ids)
# loaded, sampled and split by TweetLab and by the Python reference, in one run.
# Usage: bench/data/run.sh [BUILD_DIR] [ROWS] [SAMPLE]   Writes BUILD_DIR/bench/data/results.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
rows=${2:-1600000}
sample=${3:-0}
work=$build/bench/data
mkdir -p "$work"
big=$work/s140_${rows}.csv
[ -f "$big" ] || /usr/bin/python3 "$here/make_large.py" "$root/resources/data/sentiment140_sample.csv" "$big" "$rows"
echo "file: $big ($(du -h "$big" | cut -f1))"
"$build/bench/data/bench_data_scale" "$big" "$sample" > "$work/tweetlab.json"
/usr/bin/python3 "$here/python_reference.py" "$big" "$sample" > "$work/python.json"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
tl, py = json.load(open(f"{w}/tweetlab.json")), json.load(open(f"{w}/python.json"))
print(f"{'':28} {'load_s':>8} {'sample_s':>9} {'split_s':>8} {'total_s':>8} {'peak_MiB':>9}")
for name, r in (("TweetLab", tl), ("Python csv + sklearn split", py)):
    print(f"{name:28} {r['load_s']:8.2f} {r['sample_s']:9.2f} {r['split_s']:8.2f} {r['total_s']:8.2f} {r['peak_rss_mib']:9.0f}")
ratio = py["total_s"] / tl["total_s"]
print(f"\nrows {tl['rows_loaded']:,}; TweetLab is {ratio:.1f}x faster, uses {tl['peak_rss_mib']/py['peak_rss_mib']:.2f}x the memory")
json.dump({"tweetlab": tl, "python": py, "speedup": ratio}, open(f"{w}/results.json", "w"), indent=2)
PY
