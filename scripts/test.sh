#!/usr/bin/env bash
# Sets up, builds, checks the house rules (scripts/check-format.sh) and runs the whole test suite
# (unit, integration and offscreen UI tests), then the package test: build the .deb, install it,
# use it, remove it (scripts/test-package.sh; TWEETLAB_SKIP_PACKAGE_TEST=1 skips it locally).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
bash scripts/check-format.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset release
if [ "${TWEETLAB_SKIP_PACKAGE_TEST:-0}" != 1 ]; then
  bash scripts/test-package.sh build/release
fi
