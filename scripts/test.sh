#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (unit, integration and offscreen UI tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset release
