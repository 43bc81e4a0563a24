# Helpers so that every core folder and test group is declared the same way.

# Warnings for project code only (third-party headers are included as SYSTEM by their targets).
function(tweetlab_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wno-unused-parameter)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O3 reports impossible memcpy overlaps inside std::string (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(TWEETLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# tweetlab_core_library(<name> SOURCES ... [DEPS ...])
# Declares tweetlab_<name> (alias TweetLab::<name>) for one folder of core/.
function(tweetlab_core_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  set(target tweetlab_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(TweetLab::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  tweetlab_warnings(${target})
endfunction()

# tweetlab_test_support(<name> SOURCES ... [DEPS ...]) — tweetlab_test_<name> (alias
# TweetLab::test_<name>): a test stand-in or fixture from tests/support, linked by the test programs
# that use it. It sees the same TWEETLAB_SOURCE_DIR / TWEETLAB_BINARY_DIR as they do.
function(tweetlab_test_support name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  set(target tweetlab_test_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(TweetLab::test_${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  target_compile_definitions(${target} PRIVATE
    TWEETLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" TWEETLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  tweetlab_warnings(${target})
endfunction()

# tweetlab_test(<name> SOURCES ... [DEPS ...]) — one GoogleTest executable, tests discovered by CTest.
function(tweetlab_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE
    TWEETLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" TWEETLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  tweetlab_warnings(${name})
  set(env "QT_QPA_PLATFORM=offscreen;TWEETLAB_RESOURCE_DIR=${PROJECT_SOURCE_DIR}/resources")
  if(TWEETLAB_CTEST_PER_CASE)
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "${env}")
  else()
    # One CTest test per executable: every process start loads LibTorch (~1 s on these
    # machines), which per-case tests would pay hundreds of times. GoogleTest still reports
    # each case; run one with `build/release/tests/.../test_x --gtest_filter=Suite.Case`.
    add_test(NAME ${name} COMMAND ${name} --gtest_color=no)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT 1200)
  endif()
endfunction()
