#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from the real workbench: builds, then drives the application
# through the study (load the sample, train, compare, try the API, monitor) under a virtual X
# server, so fonts and styles are those a user sees. Takes a few minutes (it trains a CNN). Every
# page is also rendered at 1366×768 (docs/screenshots/*-1366x768.png), the small laptop screen
# the workbench must fit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
xvfb-run -a -s "-screen 0 1600x1000x24" \
  build/release/app/screenshots/tweetlab-screenshots "$root/docs/screenshots"
