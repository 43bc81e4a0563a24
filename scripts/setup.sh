#!/usr/bin/env bash
# Installs every Debian package TweetLab needs to build, test and run. Safe to run twice:
# apt-get skips what is already installed. The list lives here and nowhere else.
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build ccache g++ pkg-config git
  # house rules checked by scripts/test.sh: formatting (scripts/check-format.sh) and clang-tidy's
  # bug checks (scripts/check-tidy.sh; 19 from Debian 12's main archive: 14's optional-access
  # check is unsound, 16's solver stalls for minutes on some files)
  clang-format clang-tidy-19
  # Qt 6 (Charts' CMake config needs the OpenGL/xkb/vulkan dev packages without recommends)
  qt6-base-dev qt6-charts-dev qt6-httpserver-dev libqt6sql6-sqlite qt6-tools-dev
  libqt6opengl6-dev libxkbcommon-dev libgl-dev libvulkan-dev
  # ML engine
  libtorch-dev libopenblas0-pthread liblinear-dev libfasttext-dev fasttext
  # torch.distributed: LibTorch's c10d headers include Gloo's (its symbols are in LibTorch)
  libgloo-dev
  libsentencepiece-dev libstemmer-dev libicu-dev wordnet-base
  # misc libraries
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  libsqlite3-dev libssl-dev zlib1g-dev openssl
  # a one-node Slurm cluster the grid tests start and stop themselves (tests/support/slurm)
  slurm-wlm munge
  # tests and benchmarks: offscreen/X display, Python references on the same rows
  xvfb python3 python3-sklearn python3-numpy python3-torch python3-gensim wrk python3-flask
  # packaging: CPack's DEB generator (dpkg-shlibdeps, file) and the checks of the package test
  dpkg-dev file appstream desktop-file-utils
  # the Windows port's compile check (scripts/check-windows-sources.sh)
  g++-mingw-w64-x86-64-posix
)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get on this system. Install these packages (Debian 12 names) by hand:" >&2
  printf '  %s\n' "${PACKAGES[@]}" | grep -v '^  #' >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
