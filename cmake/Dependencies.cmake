# Every third-party dependency of TweetLab, found once, here: the imported targets and variables
# are then visible in every folder. A missing one stops the configure step with the name of the
# Debian package that provides it (scripts/setup.sh installs them all); nothing is ever left out
# of the build because something is missing.
#
# tests/cmake/ configures a small project that includes this file with dependencies hidden, and
# checks that it fails naming their packages.

# Stops the configure step unless the variable named `found_variable` is true. `reason` is what the finder
# itself said, when it said anything.
function(tweetlab_require found_variable package what)
  if(NOT ${found_variable})
    set(reason "")
    if(ARGN)
      string(JOIN " " reason ${ARGN})
      set(reason " (${reason})")
    endif()
    message(FATAL_ERROR "TweetLab needs ${what}, which was not found${reason}.\n"
      "Install the Debian package ${package}: `bash scripts/setup.sh` installs every dependency "
      "(and prints the list on systems without apt-get).")
  endif()
endfunction()

# find_package(<name> <args...> QUIET), then tweetlab_require on <name>_FOUND.
macro(tweetlab_find_package package name)
  find_package(${name} ${ARGN} QUIET)
  tweetlab_require(${name}_FOUND "${package}" "${name} (CMake package)" ${${name}_NOT_FOUND_MESSAGE})
endmacro()

# pkg_check_modules(<prefix> QUIET IMPORTED_TARGET <module>): the target PkgConfig::<prefix>.
macro(tweetlab_find_pkgconfig package prefix module)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  tweetlab_require(${prefix}_FOUND "${package}" "${module} (pkg-config module)")
endmacro()

# A library without CMake or pkg-config files: its header and its shared library, as the target
# TweetLab::<name>.
function(tweetlab_find_plain_library package name header library)
  find_path(TWEETLAB_${name}_INCLUDE_DIR ${header})
  find_library(TWEETLAB_${name}_LIBRARY ${library})
  set(TWEETLAB_${name}_FOUND FALSE)
  if(TWEETLAB_${name}_INCLUDE_DIR AND TWEETLAB_${name}_LIBRARY)
    set(TWEETLAB_${name}_FOUND TRUE)
  endif()
  tweetlab_require(TWEETLAB_${name}_FOUND "${package}" "${header} and lib${library}")
  add_library(TweetLab::${name} UNKNOWN IMPORTED)
  set_target_properties(TweetLab::${name} PROPERTIES
    IMPORTED_LOCATION "${TWEETLAB_${name}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${TWEETLAB_${name}_INCLUDE_DIR}")
endfunction()

# Build tools and the small system libraries first: they fail fastest.
tweetlab_find_package("pkg-config" PkgConfig)
tweetlab_find_package("libc6-dev (g++)" Threads)
tweetlab_find_package("nlohmann-json3-dev" nlohmann_json 3)
tweetlab_find_package("libssl-dev" OpenSSL)
tweetlab_find_package("zlib1g-dev" ZLIB)
tweetlab_find_package("libsqlite3-dev" SQLite3)
tweetlab_find_package("libicu-dev" ICU COMPONENTS uc)

tweetlab_find_pkgconfig("libcpp-httplib-dev" CPPHTTPLIB cpp-httplib)
tweetlab_find_pkgconfig("libfasttext-dev" FASTTEXT fasttext)
tweetlab_find_pkgconfig("libsentencepiece-dev" SENTENCEPIECE sentencepiece)
tweetlab_find_plain_library("liblinear-dev" liblinear linear.h linear)
tweetlab_find_plain_library("libstemmer-dev" stemmer libstemmer.h stemmer)

# LibTorch: Debian's (CPU-only), or the official distribution chosen with
# -DTorch_DIR=.../libtorch/share/cmake/Torch (docs/install.md).
tweetlab_find_package("libtorch-dev (or -DTorch_DIR= an official LibTorch)" Torch)
# LibTorch's c10d headers (torch.distributed) include Gloo's; the symbols are in LibTorch.
find_path(TWEETLAB_GLOO_INCLUDE_DIR gloo/config.h HINTS ${TORCH_INCLUDE_DIRS})
tweetlab_require(TWEETLAB_GLOO_INCLUDE_DIR "libgloo-dev" "Gloo's headers (gloo/config.h)")

# Qt 6: Gui's CMake files also need the OpenGL, xkbcommon and Vulkan development packages.
tweetlab_find_package("qt6-base-dev libgl-dev libxkbcommon-dev libvulkan-dev" Qt6
  COMPONENTS Core Gui Widgets Concurrent Network)
tweetlab_find_package("qt6-charts-dev" Qt6Charts)

if(TWEETLAB_BUILD_TESTS)
  tweetlab_find_package("libgtest-dev" GTest)
  if(NOT TARGET GTest::gmock)
    tweetlab_require(FALSE "libgmock-dev" "GoogleMock")
  endif()
  tweetlab_find_package("python3" Python3 COMPONENTS Interpreter)
endif()
