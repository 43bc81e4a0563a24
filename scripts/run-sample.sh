#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled Sentiment140 sample: every classic model
# trained and compared on the same 16,000-tweet balanced split (70/15/15, seed 42), bundles saved
# under build/release/sample-run/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
build/release/app/cli/tweetlab-cli compare --data sample --sample 16000 --seed 42 \
  --out build/release/sample-run "$@"
