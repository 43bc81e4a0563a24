#!/usr/bin/env bash
# Renders the PNG sizes and the Windows .ico from tweetlab.svg. Run it by hand after editing the
# SVG and commit the results: the build only copies them, so it needs no SVG renderer.
# Needs: librsvg2-bin (rsvg-convert) and icoutils (icotool).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" tweetlab.svg -o "tweetlab-$size.png"
done
# The 256 px image is stored as PNG inside the .ico (Vista+), the small ones as bitmaps.
icotool -c -o tweetlab.ico tweetlab-16.png tweetlab-32.png tweetlab-48.png -r tweetlab-256.png
