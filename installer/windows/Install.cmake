# Windows: an installed TweetLab is one folder, so everything the .exe files load at run time
# must sit beside them in bin/ (Windows finds DLLs in the executable's folder first).
# Written from the CMake, CPack NSIS and windeployqt documentation; it cannot be run on the
# Debian machines this project builds on (see docs/install.md, "Windows").

# Qt: windeployqt copies the Qt DLLs the programs link plus the plugins they load (platforms/
# qwindows.dll, styles, image formats) into bin/. It runs at install time, on the installed
# copies, so it serves `cmake --install` and CPack (whose staging prefix is CMAKE_INSTALL_PREFIX
# while it runs) alike.
# Qt's cache entry Qt6_DIR is <qt>/lib/cmake/Qt6.
cmake_path(SET tweetlab_qt_bin NORMALIZE "${Qt6_DIR}/../../../bin")
find_program(TWEETLAB_WINDEPLOYQT windeployqt HINTS "${tweetlab_qt_bin}" REQUIRED)
install(CODE "
  message(STATUS \"windeployqt: deploying Qt into \${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  execute_process(
    COMMAND \"${TWEETLAB_WINDEPLOYQT}\" --release --no-translations --no-system-d3d-compiler
            --no-opengl-sw --no-compiler-runtime
            --dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\"
            \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/tweetlab.exe\"
            \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/tweetlab-cli.exe\"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR \"windeployqt failed (\${rc})\")
  endif()
")

# LibTorch (the CPU build from pytorch.org): its lib/ folder holds the DLLs (c10, torch_cpu,
# fbgemm, asmjit, libiomp5md, uv, ...). the cache entry Torch_DIR is
# <libtorch>/share/cmake/Torch.
cmake_path(SET tweetlab_torch_root NORMALIZE "${Torch_DIR}/../../..")
file(GLOB tweetlab_torch_dlls "${tweetlab_torch_root}/lib/*.dll")
if(NOT tweetlab_torch_dlls)
  message(FATAL_ERROR "no LibTorch DLLs in ${tweetlab_torch_root}/lib: use the CPU LibTorch zip")
endif()
install(FILES ${tweetlab_torch_dlls} DESTINATION ${CMAKE_INSTALL_BINDIR})

# The MSVC runtime (vcruntime140.dll, msvcp140.dll, ...) beside the programs, so that users need
# no separate Visual C++ Redistributable; the module installs into bin/ by default.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

# WordNet has no Windows package: the release workflow passes the dictionary taken from Debian's
# wordnet-base (same WordNet 3.0 files) so that lemmatization works; core/text/WordNet.cpp finds
# it as the resource "wordnet".
set(TWEETLAB_WORDNET_DIR "" CACHE PATH "WordNet 3.0 dict folder to ship in share/tweetlab/wordnet")
if(TWEETLAB_WORDNET_DIR)
  install(DIRECTORY "${TWEETLAB_WORDNET_DIR}/" DESTINATION ${TWEETLAB_INSTALL_DATADIR}/wordnet)
endif()

# The icon inside tweetlab.exe (CPACK_NSIS_INSTALLED_ICON_NAME points at it).
target_sources(tweetlab PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tweetlab.rc)
