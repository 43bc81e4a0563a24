# CPack: the Debian package on Linux, the NSIS installer on Windows. What goes in is decided by
# the install() rules (app/*, core/text/sentencepiece_shim, installer/); this file only says how
# it is packed. Build with `cmake --build <dir> --target package`; scripts/test-package.sh
# builds, installs, exercises and removes the .deb.

set(CPACK_PACKAGE_NAME tweetlab)
set(CPACK_PACKAGE_VENDOR "TweetLab")
set(CPACK_PACKAGE_CONTACT "TweetLab developers <tweetlab@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for tweet sentiment models")
set(CPACK_PACKAGE_DESCRIPTION
  "TweetLab trains, compares and tracks sentiment models of tweets: TF-IDF with logistic\n\
regression, fastText, CNN and BiLSTM models over trained or pretrained embeddings, with live\n\
loss and ROC curves. The package holds the Qt workbench (tweetlab), the command line\n\
(tweetlab-cli), the prediction REST API (tweetlab-serve) and a Sentiment140 sample.")
# The one version: project() in the top CMakeLists.txt.
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY "TweetLab")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
# Each program links the engine statically; symbols are most of its size.
set(CPACK_STRIP_FILES ON)
# Start-menu entry (NSIS): executable in bin/, label.
set(CPACK_PACKAGE_EXECUTABLES "tweetlab;TweetLab")

# NSIS settings are set on every platform: harmless to the DEB generator, and they let
# `cpack -G NSIS` run on Linux with Debian's makensis to check the installer script compiles.
set(CPACK_NSIS_PACKAGE_NAME "TweetLab ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "TweetLab")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/installer/icons/tweetlab.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/installer/icons/tweetlab.ico")
# Icon shown in "Apps & features": the one built into tweetlab.exe's resources.
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\tweetlab.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# Offers to put bin/ on PATH so that tweetlab-cli and tweetlab-serve work from a terminal.
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "tweetlab.exe")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
set(CPACK_NSIS_IGNORE_LICENSE_PAGE ON)
# Start menu, beside TweetLab itself and the "Uninstall" link CPack always adds.
set(CPACK_NSIS_MENU_LINKS "share/tweetlab/data/PROVENANCE.md" "Sample data provenance")
if(WIN32)
  set(CPACK_GENERATOR NSIS)
  set(CPACK_PACKAGE_FILE_NAME "TweetLab-${PROJECT_VERSION}-win64")
else()
  set(CPACK_GENERATOR DEB)
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tweetlab_<version>_<arch>.deb
  set(CPACK_DEBIAN_PACKAGE_SECTION science)
  set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
  set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
  set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
  # Library dependencies come from dpkg-shlibdeps on the packed binaries (and the SentencePiece
  # shim), so they are the versions this build really linked. What shlibdeps cannot see is added
  # by hand: WordNet is data read at run time (the lemmatizer).
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "wordnet-base")
  # LibTorch runs on any libblas.so.3; OpenBLAS trains deep models ~4x faster than the reference
  # BLAS (shared/PLATFORM-NOTES.md), so apt installs it unless told not to.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread")
endif()

include(CPack)
