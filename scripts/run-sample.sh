#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled Sentiment140 sample: the TweetLab workbench
# opens with the sample loaded (Data page), ready to train and compare by clicking.
# Without a display (ssh, CI) or with --cli it runs the same study on the command line instead:
# the classic and deep models trained and compared on the same 16,000-tweet split (70/15/15,
# seed 42), tracked in the local run store, bundles under build/release/sample-run/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
# LibTorch's OpenMP threads spin while waiting; on a busy machine that costs 10x (docs/deep.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
if [ "${1:-}" != "--cli" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/release/app/gui/tweetlab --sample
fi
[ "${1:-}" = "--cli" ] && shift
echo "run-sample: no display; running the comparison on the command line (the GUI: build/release/app/gui/tweetlab --sample)"
build/release/app/cli/tweetlab-cli compare --data sample --sample 16000 --seed 42 \
  --models logreg,fasttext,cnn,bilstm --preprocess none --out build/release/sample-run "$@"
