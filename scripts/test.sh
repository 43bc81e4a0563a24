#!/usr/bin/env bash
# Sets up, builds, checks the house rules (scripts/check-format.sh, scripts/check-tidy.sh) and runs
# the whole test suite (unit, integration and offscreen UI tests); then the same unit, integration
# and fuzz tests built with AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/test-sanitizers.sh); then the package test: build the .deb, install it, use it, remove
# it (scripts/test-package.sh).
# In a quick local loop, TWEETLAB_SKIP_TIDY=1, TWEETLAB_SKIP_SANITIZERS=1 and
# TWEETLAB_SKIP_PACKAGE_TEST=1 skip those.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
bash scripts/check-format.sh
if [ "${TWEETLAB_SKIP_TIDY:-0}" != 1 ]; then
  bash scripts/check-tidy.sh
fi
export QT_QPA_PLATFORM=offscreen
ctest --preset release
if [ "${TWEETLAB_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/test-sanitizers.sh
fi
if [ "${TWEETLAB_SKIP_PACKAGE_TEST:-0}" != 1 ]; then
  bash scripts/test-package.sh build/release
fi
