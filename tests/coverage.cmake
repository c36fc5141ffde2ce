# End-to-end tests of `leotwin coverage` and `leotwin activity` (tests/coverage_cli_test.sh on the
# real binary, small grids and populations so they stay fast under the sanitizers).
if(TARGET leotwin AND TARGET leotwin_coverage AND TARGET leotwin_activity)
  add_test(NAME coverage.cli
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/coverage_cli_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(coverage.cli PROPERTIES LABELS coverage TIMEOUT 600
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
