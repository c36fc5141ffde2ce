# Common compile options for every leotwin target.
add_library(leotwin_options INTERFACE)
target_compile_options(leotwin_options INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter
                                                 -ffp-contract=off)
# -ffp-contract=off: no fused multiply-add, so geometry predicates and orbits give the same bits on
# every machine (S2 does the same); the ledger's time travel depends on that.
if(LEOTWIN_WERROR)
  target_compile_options(leotwin_options INTERFACE -Werror)
endif()
if(LEOTWIN_SANITIZE)
  target_compile_options(leotwin_options INTERFACE -fsanitize=address,undefined
                                                   -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(leotwin_options INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(leotwin_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

# leotwin_library(NAME SOURCES ... DEPS ...): one static library per layer.
function(leotwin_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC leotwin_options ${ARG_DEPS})
endfunction()

# leotwin_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary registered with ctest.
# Tests run with the source tree as working directory so they can find tests/data and ../shared.
function(leotwin_test name)
  if(NOT LEOTWIN_BUILD_TESTS OR LEOTWIN_FUZZ)
    return()
  endif()
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE leotwin_options ${ARG_DEPS} GTest::gtest GTest::gtest_main
                                        GTest::gmock)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 600)
  endif()
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
                       DISCOVERY_TIMEOUT 60)
endfunction()

# leotwin_fuzzer(NAME SOURCES ... DEPS ... CORPUS dir): a libFuzzer target (fuzz preset, clang).
# In a normal build, when LEOTWIN_FUZZ_BINARY_DIR is set, ctest runs the fuzzer for a bounded time.
function(leotwin_fuzzer name)
  cmake_parse_arguments(ARG "" "CORPUS;SECONDS" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_SECONDS)
    set(ARG_SECONDS 20)
  endif()
  if(LEOTWIN_FUZZ)
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE leotwin_options ${ARG_DEPS})
    set_property(GLOBAL APPEND PROPERTY LEOTWIN_FUZZERS ${name})
  elseif(LEOTWIN_BUILD_TESTS AND LEOTWIN_FUZZ_BINARY_DIR)
    add_test(NAME fuzz.${name}
             COMMAND ${PROJECT_SOURCE_DIR}/scripts/run-fuzzer.sh
                     ${LEOTWIN_FUZZ_BINARY_DIR}/fuzz/${name} ${ARG_CORPUS} ${ARG_SECONDS})
    set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 300
                         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endif()
endfunction()

# leotwin_layer(LAYER DEPS ... [TEST_DEPS ...]): the library leotwin_<LAYER> from every *.cc in the
# folder (and internal/) that is not a test or benchmark, plus one test binary per *_test.cc.
# Adding a file to a layer needs no CMake edit.
function(leotwin_layer layer)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc
       ${CMAKE_CURRENT_SOURCE_DIR}/internal/*.cc)
  set(lib_sources ${sources})
  list(FILTER lib_sources EXCLUDE REGEX "_(test|benchmark|fuzzer)\\.cc$")
  leotwin_library(leotwin_${layer} SOURCES ${lib_sources} DEPS ${ARG_DEPS})
  set(test_sources ${sources})
  list(FILTER test_sources INCLUDE REGEX "_test\\.cc$")
  foreach(test_source ${test_sources})
    get_filename_component(test_name ${test_source} NAME_WE)
    leotwin_test(${layer}_${test_name} SOURCES ${test_source}
                 DEPS leotwin_${layer} ${ARG_TEST_DEPS} LABELS ${layer})
  endforeach()
endfunction()
