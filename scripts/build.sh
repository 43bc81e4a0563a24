#!/usr/bin/env bash
# Installs what is missing, configures and builds TweetLab (Release, Ninja, ccache) into
# build/release. Safe to run again: only what changed is rebuilt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
jobs=${TWEETLAB_JOBS:-$(nproc)}
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
