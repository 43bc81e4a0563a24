#!/usr/bin/env bash
# Compiles TweetLab's sources for Windows as far as this Debian machine can: MinGW-w64's g++
# (-fsyntax-only, C++20, _WIN32 defined) over every .cpp of core/, app/ and ui/ whose
# dependencies have headers here. The Windows branches of the platform layer
# (core/common/Platform.cpp, DurableFile.cpp, core/data/MappedFile.cpp, app/serve/StopSignal.cpp)
# and every portable file are checked; files that include Qt, LibTorch, ICU or SentencePiece
# are listed as not checked (no Windows builds of those here). The release workflow's Windows
# job is the real build; this catches POSIX calls and path-type mistakes before it runs.
#
# Usage: scripts/check-windows-sources.sh BUILD_DIR   (exit 1 when a checked file fails)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: check-windows-sources.sh BUILD_DIR}" && pwd)
cxx=$(command -v x86_64-w64-mingw32-g++-posix || command -v x86_64-w64-mingw32-g++ || true)
[ -n "$cxx" ] || { echo "check-windows-sources: MinGW-w64 g++ is not installed (scripts/setup.sh)" >&2; exit 1; }

# Third-party headers from the Debian packages: header-only or C APIs that are the same on
# Windows. Linux system headers must stay out of the include path, hence one folder of links.
inc=$build/windows-check/include
rm -rf "$inc" && mkdir -p "$inc/openssl"
for h in nlohmann sqlite3.h sqlite3ext.h httplib.h linear.h libstemmer.h fasttext; do
  [ -e "/usr/include/$h" ] && ln -s "/usr/include/$h" "$inc/$h"
done
for h in /usr/include/openssl/* /usr/include/x86_64-linux-gnu/openssl/*; do ln -sf "$h" "$inc/openssl/"; done
# zconf.h as zlib's Windows build configures it (Debian's says "this system has unistd.h"),
# beside a copy of zlib.h (which includes "zconf.h" from its own folder).
cp /usr/include/zlib.h "$inc/zlib.h"
awk '/define Z_HAVE_UNISTD_H/ && !done { print "/* no unistd.h on Windows */"; done = 1; next } { print }' \
  /usr/include/zconf.h > "$inc/zconf.h"
# MinGW ships some POSIX headers that MSVC, the Windows job's compiler, does not: make them errors.
for h in unistd.h dlfcn.h strings.h pwd.h sys/mman.h sys/utsname.h sys/wait.h sys/resource.h sys/socket.h; do
  mkdir -p "$(dirname "$inc/$h")"
  echo "#error \"<$h> is POSIX: not available with MSVC; use core/common/Platform.h\"" > "$inc/$h"
done

unavailable='Q[A-Za-z]+|qt[a-z]*/|torch/|ATen/|c10/|unicode/|sentencepiece|gtest/'
results=$build/windows-check/results
rm -rf "$results" && mkdir -p "$results"
# One file: "ok", "skip <header>" or "fail" (+ the compiler's errors) into results/<n>.
check() {
  local n=$1 file=$2 out missing
  if out=$("$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_ZLIB_SUPPORT \
           -I"$root" -I"$build/core/common/generated" -isystem "$inc" "$root/$file" 2>&1); then
    echo "ok $file" > "$results/$n"
    return
  fi
  missing=$(printf '%s\n' "$out" | sed -nE 's/.*fatal error: ([^:]+): No such file.*/\1/p' | head -1)
  if [ -n "$missing" ] && printf '%s' "$missing" | grep -qE "^($unavailable)"; then
    echo "skip $file ($missing)" > "$results/$n"
  else
    { echo "fail $file"; printf '%s\n' "$out" | grep -E 'error' | head -5; } > "$results/$n"
  fi
}

# One folder at a time, its files as one translation unit (the sanitizer's unity build already
# requires that files of one target never define the same file-local name): the headers are
# parsed once per folder instead of once per file. A folder that does not compile whole (a file
# needs Qt or LibTorch, or two targets of the folder share a name) is checked file by file, which
# gives each file its own verdict. The price: a Windows-only #include one file forgets but another
# file of its folder has is not noticed here (the release workflow's Windows job notices).
units=$build/windows-check/units
rm -rf "$units" && mkdir -p "$units"
check_folder() {
  local unit=$units/$1.cpp k=$2 f
  shift 2
  printf '#include "%s"\n' "$@" > "$unit"
  if "$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_ZLIB_SUPPORT \
       -I"$root" -I"$build/core/common/generated" -isystem "$inc" "$unit" > /dev/null 2>&1; then
    for f in "$@"; do echo "ok ${f#"$root"/}" > "$results/$k"; k=$((k + 1)); done
  else
    for f in "$@"; do check "$k" "${f#"$root"/}"; k=$((k + 1)); done
  fi
}

mapfile -t files < <(cd "$root" && { git ls-files --cached --others --exclude-standard 'core/*.cpp' 'app/*.cpp' 'ui/*.cpp' 2>/dev/null \
                                     || find core app ui -name '*.cpp'; } | sort -u)
n=0 groups=0
i=0
while [ "$i" -lt "${#files[@]}" ]; do
  folder=${files[$i]%/*}
  group=()
  while [ "$i" -lt "${#files[@]}" ] && [ "${files[$i]%/*}" = "$folder" ]; do
    group+=("$root/${files[$i]}")
    i=$((i + 1))
  done
  groups=$((groups + 1))
  check_folder "$groups" "$((n + 1))" "${group[@]}" &
  n=$((n + ${#group[@]}))
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
done
wait

checked=$(cat "$results"/* | grep -c '^ok ' || true)
skipped=$(cat "$results"/* | grep -c '^skip ' || true)
failed=$(cat "$results"/* | grep -c '^fail ' || true)
echo "check-windows-sources: $checked files compile for Windows (MinGW-w64, syntax), $skipped not checked (Qt, LibTorch, ICU or SentencePiece headers), $failed failed"
if [ "$failed" -gt 0 ]; then
  for r in "$results"/*; do grep -q '^fail ' "$r" && cat "$r" >&2; done
  exit 1
fi
exit 0
