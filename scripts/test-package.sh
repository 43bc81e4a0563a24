#!/usr/bin/env bash
# Builds the TweetLab .deb, installs it, uses the installed programs the way a user would, and
# removes it again. Called by scripts/test.sh after the CTest suite (so in CI); run it alone as
#   bash scripts/test-package.sh [BUILD_DIR]          (default build/release, already built:
#                                                      it packs what the build holds)
#
# As root (CI) or with password-less sudo, the package is really installed with dpkg -i, which
# also checks that its Depends are satisfiable, and purged afterwards. Otherwise it is unpacked
# with dpkg -x into a temporary root and the programs run from there: the same files and the
# same resource lookup (<bin>/../share/tweetlab), but no dependency resolution and no dpkg
# database; the script says which of the two it did. Either way:
#   - the packed desktop entry and AppStream file validate, and every library the packed ELF
#     files load comes from a package reachable from Depends (scripts/check-deb-depends.py);
#   - `--version` of all three programs, with the resources found under the install prefix;
#   - tweetlab-cli trains on the bundled sample (logistic regression with lemmatization, which
#     reads WordNet, and a 1-epoch CNN on LibTorch; over SentencePiece subwords when the build has
#     the SentencePiece shim, which then must load from the installed lib/tweetlab) and predicts
#     with the saved bundle;
#   - tweetlab-serve serves that bundle on loopback; the GUI starts offscreen and quits;
#   - after removal no file of the package is left and nothing was written under the prefix.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=$(cd "${1:-build/release}" && pwd)
started=$(date +%s)
say() { echo "test-package: $*"; }
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }

# --- build the package -------------------------------------------------------------------------
rm -f "$build"/packages/tweetlab_*.deb
# cpack directly rather than the `package` target, which would first build every test and benchmark.
(cd "$build" && cpack -G DEB) >"$build/package.log" 2>&1 || { cat "$build/package.log"; fail "cpack"; }
deb=$(ls "$build"/packages/tweetlab_*.deb)
version=$(dpkg-deb -f "$deb" Version)
packed=$(date +%s)
say "built $(basename "$deb") in $((packed - started)) s"
say "Depends: $(dpkg-deb -f "$deb" Depends)"

sudo=""
work=$(mktemp -d /tmp/tweetlab-package-test.XXXXXX)
purge_on_exit=0
serve=""
# A failing run must not leave the package installed or the API server running.
cleanup() {
  if [ -n "$serve" ]; then kill "$serve" 2>/dev/null || true; fi
  if [ "$purge_on_exit" = 1 ]; then $sudo dpkg --purge tweetlab >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- what is inside ----------------------------------------------------------------------------
dpkg-deb -x "$deb" "$work/unpacked"
# The SentencePiece shim is a loadable module, not linked: only a build that has it ships it.
shim=""
if [ -n "$(find "$build/core" -name libtweetlab_spm_shim.so -print -quit 2>/dev/null)" ]; then
  shim=usr/lib/tweetlab/libtweetlab_spm_shim.so
fi
for f in usr/bin/tweetlab usr/bin/tweetlab-cli usr/bin/tweetlab-serve $shim \
         usr/share/tweetlab/data/sentiment140_sample.csv usr/share/tweetlab/data/PROVENANCE.md \
         usr/share/applications/org.tweetlab.TweetLab.desktop \
         usr/share/metainfo/org.tweetlab.TweetLab.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.tweetlab.TweetLab.svg \
         usr/share/icons/hicolor/256x256/apps/org.tweetlab.TweetLab.png; do
  [ -e "$work/unpacked/$f" ] || fail "$f is not in the package"
done
desktop-file-validate "$work/unpacked/usr/share/applications/org.tweetlab.TweetLab.desktop"
appstreamcli validate --no-net --no-color "$work/unpacked/usr/share/metainfo/org.tweetlab.TweetLab.metainfo.xml"
python3 scripts/check-deb-depends.py "$deb" "$work/unpacked"

# --- install -----------------------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
# TWEETLAB_PACKAGE_TEST_MODE=extract forces the unprivileged way, e.g. to try it as root.
if [ "${TWEETLAB_PACKAGE_TEST_MODE:-}" != extract ] && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
  mode=dpkg
  prefix=/usr
  # One package test at a time on a machine: dpkg's own lock would fail a second one outright.
  exec 9>/tmp/tweetlab-package-test.lock
  flock 9
  if dpkg-query -W -f='${Status}' tweetlab 2>/dev/null | grep -q installed; then
    say "purging a tweetlab left installed by an earlier run"
    $sudo dpkg --purge tweetlab >/dev/null
  fi
  touch "$work/before-install"
  purge_on_exit=1
  $sudo dpkg -i "$deb" >/dev/null || fail "dpkg -i (missing dependencies?)"
  dpkg-query -L tweetlab >"$work/files"
  say "installed $version with dpkg -i ($(wc -l <"$work/files") paths)"
else
  mode=extracted
  prefix="$work/root/usr"
  dpkg-deb -x "$deb" "$work/root"
  (cd "$work/root" && find . -mindepth 1 | sed 's|^\.||') >"$work/files"
  say "unpacked with dpkg -x into $work/root (not installed: no dependency resolution)"
fi
bin="$prefix/bin"
installed=$(date +%s)

# --- use it like a user: a clean environment, a fresh home, a working directory elsewhere ------
home="$work/home"
mkdir -p "$home"
user() { (cd "$home" && env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"); }

for program in tweetlab-cli tweetlab-serve tweetlab; do
  # No display and no QT_QPA_PLATFORM: --version must not need one, not even the GUI's.
  user env -u QT_QPA_PLATFORM -u DISPLAY "$bin/$program" --version >"$work/$program.version" || fail "$program --version"
  head -1 "$work/$program.version" | grep -qx "$program $version (commit [0-9a-f]*\(unknown\)\?)" \
    || fail "$program --version: $(head -1 "$work/$program.version")"
  grep -q "resources: *$prefix/share/tweetlab\$" "$work/$program.version" \
    || fail "$program does not find its resources under $prefix/share/tweetlab"
done
cat "$work/tweetlab-cli.version"

user "$bin/tweetlab-cli" train --data sample --sample 4000 --model logreg --preprocess lemma --cv 0 \
  --out "$work/bundle" --json --quiet --no-track >"$work/logreg.json" || fail "training logreg"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["val_accuracy"] > 0.6, r' "$work/logreg.json" \
  || fail "logreg accuracy: $(cat "$work/logreg.json")"
tokenizer=(--tokenizer word)
if [ -n "$shim" ]; then
  # TWEETLAB_SPM_SHIM is unset and <bin>/../lib/tweetlab comes before the build tree's copy in
  # the shim lookup (core/text/SentencePieceTokenizer.cpp), so this loads the installed shim.
  tokenizer=(--tokenizer sentencepiece --subword-vocab 500)
fi
user "$bin/tweetlab-cli" train --data sample --sample 2000 --model cnn "${tokenizer[@]}" \
  --embedding random --epochs 1 --out "$work/cnn" --quiet --no-track >"$work/cnn.out" 2>&1 \
  || { cat "$work/cnn.out"; fail "training a CNN (${tokenizer[*]})"; }
user "$bin/tweetlab-cli" predict --bundle "$work/bundle" "what a lovely sunny day" "worst day ever" \
  >"$work/predict.out" || fail "predict"
say "trained on the bundled sample: logreg (lemma) $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("val_accuracy %.3f val_auc %.3f" % (r["val_accuracy"], r["val_auc"]))' "$work/logreg.json"), CNN (${tokenizer[*]})"

# tweetlab-serve on a loopback port: ready, one prediction, graceful stop on SIGTERM.
port=$((20000 + $$ % 20000))
# Started inline, not through user(): `user ... &` would fork a shell around it and $! would
# not be the server's PID.
(cd "$home" && exec env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 TWEETLAB_HOST=127.0.0.1 \
  TWEETLAB_PORT="$port" TWEETLAB_BUNDLE="$work/bundle" TWEETLAB_FEEDBACK_LOG="$home/feedback.jsonl" \
  "$bin/tweetlab-serve") 2>"$work/serve.log" &
serve=$!
python3 - "$port" <<'PY' || { cat "$work/serve.log" >&2; kill "$serve" || true; fail "tweetlab-serve"; }
import json, sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(120):
    try:
        urllib.request.urlopen(base + "/ready", timeout=2)
        break
    except OSError:
        time.sleep(0.25)
req = urllib.request.Request(base + "/predict", data=json.dumps({"text": "what a lovely day"}).encode(),
                             headers={"Content-Type": "application/json"})
print("test-package: tweetlab-serve /predict ->", urllib.request.urlopen(req, timeout=10).read().decode())
PY
kill -TERM "$serve"
wait "$serve" || fail "tweetlab-serve did not stop cleanly"
serve=""

# The GUI: opens the bundled sample offscreen, then quits by itself.
timeout 120 env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  "$bin/tweetlab" --sample --quit-after 3000 >"$work/gui.log" 2>&1 || { cat "$work/gui.log"; fail "GUI"; }
used=$(date +%s)

# --- uninstall: nothing of the package left, nothing written under the prefix ------------------
if [ "$mode" = dpkg ]; then
  written=$(find /usr -newer "$work/before-install" \( -path '*tweetlab*' -o -path '*TweetLab*' \) 2>/dev/null \
    | grep -vxFf "$work/files" || true)
  $sudo dpkg --purge tweetlab >/dev/null
  purge_on_exit=0
  exec 9>&-
  dpkg-query -W tweetlab >/dev/null 2>&1 && fail "dpkg still lists tweetlab"
  left=$(grep -v '^/\.$' "$work/files" | while read -r p; do
    # Shared directories (/usr/bin, /usr/share/icons/...) stay; the package's own files must not.
    if [ -e "$p" ] && ! [ -d "$p" ]; then echo "$p"; fi
    if [ -d "$p" ] && [[ "$p" == */tweetlab ]]; then echo "$p/"; fi
  done)
else
  written=$(cd "$work/root" && find . -mindepth 1 | sed 's|^\.||' | grep -vxFf "$work/files" || true)
  rm -rf "$work/root"
  left=""
fi
[ -z "$written" ] || fail "files written under the prefix while running: $written"
[ -z "$left" ] || fail "left after removal: $left"
done_at=$(date +%s)

deb_kib=$(( $(stat -c %s "$deb") / 1024 ))
say "sizes: $(basename "$deb") ${deb_kib} KiB, installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
say "times: package $((packed - started)) s, checks+install $((installed - packed)) s," \
    "use $((used - installed)) s, removal $((done_at - used)) s, total $((done_at - started)) s"
say "OK: installed, used and removed (mode: $mode)"
