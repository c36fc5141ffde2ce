# The CLI as a careless user meets it (tests/cli_failure_test.sh, issue 19): full disks, file-size
# limits, unwritable standard output, unbounded requests, values to refuse, skipped records,
# ledger files that must not be created, and errors that name what is wrong.
if(TARGET leotwin)
  add_test(NAME cli.loud_failures
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_failure_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli.loud_failures PROPERTIES LABELS cli TIMEOUT 900)
endif()
# The README's orbit/network/coverage tour (scripts/tour-cli.sh) runs as printed (issue 19, item 9).
if(TARGET leotwin)
  add_test(NAME cli.readme_tour
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tour_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR} cli)
  set_tests_properties(cli.readme_tour PROPERTIES LABELS cli TIMEOUT 900)
endif()
# The CLI and the HTTP API compute coverage the same way (one computation behind both).
if(TARGET leotwin)
  add_test(NAME cli.api_agree
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_api_agree_test.sh $<TARGET_FILE:leotwin>)
  set_tests_properties(cli.api_agree PROPERTIES LABELS cli TIMEOUT 900)
endif()
# leotwin track (issue 13): the demo's front-line story along a track, its outputs and its errors.
if(TARGET leotwin)
  add_test(NAME cli.track
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/track_cli_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli.track PROPERTIES LABELS cli TIMEOUT 900)
endif()
# The README's track tour (scripts/tour-track.sh) runs as printed.
if(TARGET leotwin)
  add_test(NAME cli.track_tour
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tour_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR} track)
  set_tests_properties(cli.track_tour PROPERTIES LABELS cli TIMEOUT 900)
endif()
