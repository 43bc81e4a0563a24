#!/usr/bin/env bash
# clang-tidy over TweetLab's own sources with the checks of .clang-tidy (why each check is in or
# out: docs/house-rules.md). Any finding fails the run.
#
# Usage: scripts/check-tidy.sh [--changed [BASE]] [FILE...]
#   default    every translation unit of TweetLab's own (CI, through scripts/test.sh)
#   --changed  the sources changed since BASE (default: the merge base with main), uncommitted ones,
#              and every unit that includes a changed header
#   FILE...    just these sources
# TWEETLAB_TIDY_JOBS (default: the number of cores) clang-tidy processes run at once.
#
# Needs the release build (scripts/build.sh): its compile commands, and Ninja's record of which
# headers each unit includes. For speed it analyses the sanitizer build's unity batches (eight
# sources of a target in one translation unit, the files CMake's configure step writes; the
# sanitizer build compiles exactly these, so they are known to compile together): clang-tidy's
# time goes into parsing Qt, JSON and GoogleTest headers, once per batch instead of once per file.
#
# Left out: the units that include LibTorch (directly or through a target's precompiled header).
# clang (16 and 19 tried) cannot compile Debian's LibTorch 1.13 headers as C++20, neither against
# GCC 12's libstdc++ nor against libc++ 16 (c10::IValue is incomplete where std::vector's constexpr
# members need it), so clang-tidy would report only that. GCC compiles them with every warning on,
# and the sanitizer run executes them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
release=$root/build/release
unity=$root/build/sanitize
[ -f "$release/compile_commands.json" ] ||
  { echo "check-tidy: no $release/compile_commands.json (run scripts/build.sh first)" >&2; exit 1; }
tidy=$(command -v clang-tidy-19 || true)
[ -n "$tidy" ] || { echo "check-tidy: clang-tidy-19 is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -f "$unity/compile_commands.json" ]; then
  cmake --preset sanitize > "$root/build/sanitize-configure.log" 2>&1 ||
    { cat "$root/build/sanitize-configure.log" >&2; exit 1; }
fi

mode=all
base=""
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --changed) mode=changed; if [ $# -gt 1 ] && [[ "$2" != -* ]] && [ ! -f "$2" ]; then base=$2; shift; fi ;;
    *) mode=files; files+=("$1") ;;
  esac
  shift
done
if [ "$mode" = changed ]; then
  base=${base:-$(git merge-base HEAD main)}
  mapfile -t files < <({ git diff --name-only "$base"; git diff --name-only; git ls-files --others --exclude-standard; } \
    | grep -E '\.(cpp|h)$' | sort -u)
  [ ${#files[@]} -gt 0 ] || { echo "check-tidy: nothing changed"; exit 0; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ninja -C "$release" -t deps > "$work/deps"
# One line per clang-tidy run: the compile database's folder, the file to analyse, and checks to
# turn off for that run, if any.
python3 "$root/scripts/tidy_units.py" "$root" "$release" "$unity" "$work/deps" "$mode" "${files[@]}" > "$work/runs"
count=$(wc -l < "$work/runs")
[ "$count" -gt 0 ] || { echo "check-tidy: nothing to analyse"; exit 0; }

start=$SECONDS
status=0
# Only TweetLab's own files are reported (not Qt's, GoogleTest's, LibTorch's or generated ones).
# -Wno-unknown-warning-option: the compile commands are GCC's (-Wno-restrict has no clang twin).
# A unity batch gets TWEETLAB_TIDY_BATCH_SECONDS (default 240), then is analysed again file by
# file: the optional-access check's solver can take far longer on a batch than on its files (with
# clang-tidy 16 the telemetry batch ran over 15 minutes, its eight files 75 s; 19 is steadier).
analyse() {  # run list, report of batches that ran out of time
  TIDY_SLOW=$2 xargs -a "$1" -P "${TWEETLAB_TIDY_JOBS:-$(nproc)}" -L 1 \
    sh -c 'limit=""; case "$3" in */Unity/unity_*) limit="timeout ${TWEETLAB_TIDY_BATCH_SECONDS:-240}";; esac
           $limit "$0" -p "$2" "$3" ${4:+--checks=$4} --quiet --header-filter="^$1/(core|app|ui|tests|bench)/" \
             --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-error
           rc=$?; [ $rc -ne 124 ] || { echo "$3" >> "$TIDY_SLOW"; rc=0; }; exit $rc' \
    "$tidy" "$root" 2>> "$work/stderr"
}
analyse "$work/runs" "$work/slow" || status=$?
if [ -s "$work/slow" ]; then
  mapfile -t members < <(sed -n 's/^#include "\(.*\)"$/\1/p' $(cat "$work/slow"))
  python3 "$root/scripts/tidy_units.py" "$root" "$release" "$unity" "$work/deps" files "${members[@]}" > "$work/split"
  echo "check-tidy: $(wc -l < "$work/slow") unity batch(es) ran out of time; their $(wc -l < "$work/split") files one by one" >&2
  count=$((count + $(wc -l < "$work/split")))
  analyse "$work/split" "$work/slow-again" || status=$?
fi
# clang-tidy prints "N warnings generated" for the headers it filtered out; keep the rest.
grep -v -E '^[0-9]+ warnings?( and [0-9]+ errors?)? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing' "$work/stderr" >&2 || true
echo "check-tidy: $count clang-tidy runs in $((SECONDS - start)) s" >&2
if [ "$status" -ne 0 ]; then
  echo "check-tidy: findings above (the checks and why: .clang-tidy, docs/house-rules.md)" >&2
  exit 1
fi
