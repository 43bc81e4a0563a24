#!/usr/bin/env bash
# House rule check: every C++ file git knows is formatted as .clang-format says. Debian 12's
# clang-format (14) is the reference: other versions format some constructs differently, so any
# other version is refused rather than reporting false differences.
# Lists the files that differ and exits 1; fix them with  clang-format -i FILE...
# Usage: scripts/check-format.sh [FILE...]   (default: every tracked .cpp/.h file)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
format=$(command -v clang-format-14 || command -v clang-format || true)
[ -n "$format" ] || { echo "check-format: clang-format is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
case "$("$format" --version)" in
  *"version 14."*) ;;
  *) echo "check-format: $("$format" --version) is not clang-format 14, the tree's reference" >&2; exit 1 ;;
esac

if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files -- '*.cpp' '*.h'); fi
# One clang-format process per 64 files (one per file costs ~10x longer); its warnings start
# with "FILE:LINE:COL: error:", which is how the differing files are collected.
mapfile -t bad < <(printf '%s\0' "${files[@]}" |
  xargs -0 -n 64 "$format" --dry-run --Werror 2>&1 >/dev/null |
  sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix with: clang-format -i ${bad[*]}" >&2
  exit 1
fi
echo "check-format: all ${#files[@]} C++ files match .clang-format"
