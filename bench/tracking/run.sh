#!/usr/bin/env bash
# Builds and runs the tracking benchmark (store write/read vs one JSON file per run; track()
# overhead vs the fit it records) on the bundled sample.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$root/build/release}"
cmake --build "$build" --target tracking_bench
QT_QPA_PLATFORM=offscreen TWEETLAB_RESOURCE_DIR="$root/resources" "$build/bench/tracking/tracking_bench" "$@"
