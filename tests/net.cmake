# Network-twin tests that need the whole orbit stack (presets + batch SGP4): the Handley
# London-New York reproduction and checks of the propagator-backed ephemeris.
if(TARGET leotwin_net)
  leotwin_test(net_handley_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/net_handley_test.cc
               DEPS leotwin_net LABELS net)
  # Hypatia's published Kuiper-630 results (read from Hypatia's repository at run time; skipped
  # when it is absent: net/testing/hypatia_reference.h).
  leotwin_test(net_hypatia_reference_test
               SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/net_hypatia_reference_test.cc
               DEPS leotwin_net LABELS net)
endif()

# End-to-end: the CLI commands of the network twin (short windows; the output format is checked).
if(TARGET leotwin AND LEOTWIN_BUILD_TESTS)
  add_test(NAME net.cli_route_lasers
           COMMAND leotwin route --from London --to "New York" --constellation handley2018
                   --min-elevation 40 --duration 60s --step 10s)
  set_tests_properties(net.cli_route_lasers PROPERTIES LABELS net
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       PASS_REGULAR_EXPRESSION "RTT: min 4[0-9]\\.[0-9]+ ms, median (4[0-9]|5[0-4])\\.[0-9]+ ms.*fiber baseline: great circle 5570 km")
  add_test(NAME net.cli_route_bent_pipe
           COMMAND leotwin route --from Paris --to Madrid --constellation oneweb --lasers none --duration 60s
                   --step 20s --threads 1)
  set_tests_properties(net.cli_route_bent_pipe PROPERTIES LABELS net
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       PASS_REGULAR_EXPRESSION "bent pipe via 190 ground nodes")
  # A real snapshot (beside the project, see ../shared/data/PROVENANCE.md): slots inferred.
  set(starlink_snapshot ${PROJECT_SOURCE_DIR}/../shared/data/starlink_20250923.tle)
  if(EXISTS ${starlink_snapshot})
    add_test(NAME net.cli_route_inferred_lasers
             COMMAND leotwin route --from London --to "New York" --constellation ${starlink_snapshot}
                     --lasers plus-grid --duration 60s --step 20s --threads 1)
    set_tests_properties(net.cli_route_inferred_lasers PROPERTIES LABELS net
                         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                         PASS_REGULAR_EXPRESSION "slots inferred: [0-9]+ shells.*RTT: min 4[0-9]\\.[0-9]+ ms")
  endif()
  # Hypatia's inputs as they are, through the CLI, against Hypatia's published Manila -> Dalian
  # results; skipped (77) when Hypatia's repository is not on the machine.
  add_test(NAME net.hypatia_cli
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/hypatia_cli_test.sh $<TARGET_FILE:leotwin>)
  set_tests_properties(net.hypatia_cli PROPERTIES LABELS net SKIP_RETURN_CODE 77 TIMEOUT 600
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  add_test(NAME net.cli_route_unknown_place
           COMMAND leotwin route --from Atlantis --to London --duration 10s)
  set_tests_properties(net.cli_route_unknown_place PROPERTIES LABELS net WILL_FAIL TRUE
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # An output file that cannot be written: an error naming it and a failing exit code.
  add_test(NAME net.cli_routes_unwritable_output
           COMMAND sh -c "\"$0\" routes --top-cities 2 --constellation handley2018 --duration 10s --summary /nonexistent-dir/summary.csv 2>&1; echo exit $?"
                   $<TARGET_FILE:leotwin>)
  set_tests_properties(net.cli_routes_unwritable_output PROPERTIES LABELS net
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       PASS_REGULAR_EXPRESSION "cannot write /nonexistent-dir/summary.csv.*exit [1-9]")
  add_test(NAME net.cli_routes_top_cities
           COMMAND leotwin routes --top-cities 4 --constellation handley2018 --duration 20s
                   --step 10s)
  set_tests_properties(net.cli_routes_top_cities PROPERTIES LABELS net
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       PASS_REGULAR_EXPRESSION "6 pairs")
endif()
