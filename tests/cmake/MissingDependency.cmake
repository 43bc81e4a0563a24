# Configures tests/cmake/project (cmake/Dependencies.cmake and nothing else) with one dependency
# hidden at a time, and checks that each configure fails and names the Debian package to install.
# Run by CTest: cmake -DTWEETLAB_SOURCE_DIR=... -DWORK_DIR=... -P MissingDependency.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/empty-pkgconfig)

set(case_count 0)
# expect_failure(<name> <package> [ENV var=value...] [ARGS cmake-arguments...])
function(expect_failure name package)
  cmake_parse_arguments(ARG "" "" "ENV;ARGS" ${ARGN})
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env ${ARG_ENV}
            ${CMAKE_COMMAND} -S ${TWEETLAB_SOURCE_DIR}/tests/cmake/project -B ${WORK_DIR}/${name}
            -G Ninja -DTWEETLAB_SOURCE_DIR=${TWEETLAB_SOURCE_DIR} ${ARG_ARGS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: configured although the dependency was hidden:\n${out}")
  endif()
  string(FIND "${err}" "Debian package ${package}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${name}: the error does not name ${package}:\n${err}")
  endif()
  message(STATUS "${name}: fails naming ${package}")
endfunction()

# find_package(...)
expect_failure(sqlite libsqlite3-dev ARGS -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON)
expect_failure(torch libtorch-dev ARGS -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON)
expect_failure(qt-charts qt6-charts-dev ARGS -DCMAKE_DISABLE_FIND_PACKAGE_Qt6Charts=ON)
expect_failure(gtest libgtest-dev ARGS -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON)
# pkg_check_modules(...): no module at all; cpp-httplib is the first one looked up.
expect_failure(pkg-config libcpp-httplib-dev ENV PKG_CONFIG_LIBDIR=${WORK_DIR}/empty-pkgconfig)
# A plain header + library that does not exist: everything real is found before it.
expect_failure(bogus libtweetlab-bogus-dev ARGS -DBOGUS_LIBRARY=ON)
