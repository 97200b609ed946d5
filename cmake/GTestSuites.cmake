# rapport_add_gtest_suites: registers a GoogleTest binary with CTest as one test per suite (not
# one per TEST), each running `<binary> --gtest_filter=<the suite's tests>`.
#
# Why not gtest_discover_tests: it makes every TEST its own process, so a suite fixture that
# starts a server once per suite (tests/support/server_suite.hpp) started it once per test.
# Suites are discovered after each build of the target, as gtest_discover_tests does.
#
#   rapport_add_gtest_suites(TARGET api_tests
#     [PREFIX "pg."]            # prepended to each CTest name (Suite -> pg.Suite)
#     [FILTER "*postgres*"]     # GoogleTest filter choosing which tests are registered
#     [LABELS a b] [ENVIRONMENT "K=V" ...] [FIXTURES_REQUIRED f] [TIMEOUT s])
#
# Generator expressions are allowed in ENVIRONMENT. Each suite's COST is its number of tests, so
# `ctest -j` starts the long suites first.
function(rapport_add_gtest_suites)
  cmake_parse_arguments(A "" "TARGET;PREFIX;FILTER;FIXTURES_REQUIRED;TIMEOUT" "LABELS;ENVIRONMENT" ${ARGN})
  if(NOT A_FILTER)
    set(A_FILTER "*")
  endif()
  set(base "${CMAKE_CURRENT_BINARY_DIR}/${A_TARGET}_${A_PREFIX}suites")
  set(props "")
  if(A_LABELS)
    string(APPEND props " LABELS \"${A_LABELS}\"")
  endif()
  if(A_ENVIRONMENT)
    string(APPEND props " ENVIRONMENT \"${A_ENVIRONMENT}\"")
  endif()
  if(A_FIXTURES_REQUIRED)
    string(APPEND props " FIXTURES_REQUIRED \"${A_FIXTURES_REQUIRED}\"")
  endif()
  if(A_TIMEOUT)
    string(APPEND props " TIMEOUT ${A_TIMEOUT}")
  endif()
  # What the post-build step needs, with generator expressions resolved.
  file(GENERATE OUTPUT "${base}_config.cmake" CONTENT
"set(SUITE_BIN \"$<TARGET_FILE:${A_TARGET}>\")
set(SUITE_PREFIX \"${A_PREFIX}\")
set(SUITE_FILTER \"${A_FILTER}\")
set(SUITE_PROPERTIES [==[${props}]==])
set(SUITE_OUT \"${base}_tests.cmake\")
set(SUITE_WORKDIR \"${CMAKE_CURRENT_BINARY_DIR}\")
")
  add_custom_command(TARGET ${A_TARGET} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -D "CONFIG=${base}_config.cmake"
            -P "${PROJECT_SOURCE_DIR}/cmake/GTestSuitesList.cmake"
    COMMENT "Listing the GoogleTest suites of ${A_TARGET} ${A_PREFIX}"
    VERBATIM)
  # CTest reads the list when it exists; before the first build it reports the binary missing.
  file(WRITE "${base}_include.cmake"
"if(EXISTS \"${base}_tests.cmake\")
  include(\"${base}_tests.cmake\")
else()
  add_test(${A_PREFIX}${A_TARGET}_NOT_BUILT ${A_TARGET}_NOT_BUILT)
endif()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${base}_include.cmake")
endfunction()
