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
# headers each unit includes. For speed it analyses each target's sources as one translation unit,
# made of the sanitizer build's unity batches (eight sources each, the files CMake's configure
# step writes and the sanitizer build compiles): clang-tidy's time goes into matching its checks
# over the Qt, JSON and GoogleTest headers, once per run instead of once per file or batch.
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
python3 "$root/scripts/tidy_units.py" "$root" "$release" "$unity" "$work/deps" "$work" "$mode" "${files[@]}" > "$work/runs"
count=$(wc -l < "$work/runs")
[ "$count" -gt 0 ] || { echo "check-tidy: nothing to analyse"; exit 0; }

start=$SECONDS
status=0
# Only TweetLab's own files are reported (not Qt's, GoogleTest's, LibTorch's or generated ones).
# --config-file: a merged unit lives in the temporary folder, where no .clang-tidy would be found.
# -Wno-unknown-warning-option: the compile commands are GCC's (-Wno-restrict has no clang twin).
# -Wno-deprecated-declarations: clang 19 flags libstdc++ 12's own use of get_temporary_buffer in
# std::stable_sort; GCC's release build (-Werror) still reports deprecated calls of ours.
# A target's run gets TWEETLAB_TIDY_BATCH_SECONDS (default 300), then its files are analysed
# again one by one: the optional-access check's solver can take far longer on many files at once
# than on each (with clang-tidy 16 one batch of eight ran over 15 minutes, its files 75 s; 19 is
# steadier). So do the files of a target that does not compile as one unit (two of its sources
# define the same name in an anonymous namespace): CMake's batches of eight do, more may not.
mkdir -p "$work/logs"
analyse() {  # run list, list the files to analyse again one by one are added to
  TIDY_AGAIN=$2 TIDY_LOGS=$work/logs xargs -a "$1" -P "${TWEETLAB_TIDY_JOBS:-$(nproc)}" -L 1 \
    sh -c 'limit=""; case "$3" in */merged/unity_*) limit="timeout ${TWEETLAB_TIDY_BATCH_SECONDS:-300}";; esac
           log=$(mktemp "$TIDY_LOGS/run.XXXXXX")
           $limit "$0" --config-file="$1/.clang-tidy" -p "$2" "$3" ${4:+--checks=$4} --quiet \
             --header-filter="^$1/(core|app|ui|tests|bench)/" \
             --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-deprecated-declarations \
             --extra-arg=-Wno-error > "$log" 2>&1
           rc=$?
           case "$3" in */merged/unity_*)
             if [ $rc -eq 124 ] || grep -q "\[clang-diagnostic-error\]" "$log"; then
               echo "$3" >> "$TIDY_AGAIN"; exit 0
             fi;;
           esac
           cat "$log"; exit $rc' \
    "$tidy" "$root" 2>> "$work/stderr" >> "$work/stderr"
}
analyse "$work/runs" "$work/again" || status=$?
if [ -s "$work/again" ]; then
  mapfile -t members < <(sed -n 's/^#include "\(.*\)"$/\1/p' $(cat "$work/again"))
  python3 "$root/scripts/tidy_units.py" "$root" "$release" "$unity" "$work/deps" "$work" files "${members[@]}" > "$work/split"
  echo "check-tidy: $(wc -l < "$work/again") target(s) ran out of time or did not compile as one unit; their $(wc -l < "$work/split") files one by one" >&2
  count=$((count + $(wc -l < "$work/split")))
  analyse "$work/split" "$work/again-2" || status=$?
fi
# clang-tidy prints "N warnings generated" for the headers it filtered out; keep the rest.
grep -v -E '^[0-9]+ warnings?( and [0-9]+ errors?)? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing' "$work/stderr" >&2 || true
echo "check-tidy: $count clang-tidy runs in $((SECONDS - start)) s" >&2
if [ "$status" -ne 0 ]; then
  echo "check-tidy: findings above (the checks and why: .clang-tidy, docs/house-rules.md)" >&2
  exit 1
fi
