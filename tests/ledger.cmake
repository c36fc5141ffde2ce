# Ledger tests that drive whole programs: crash safety (SIGKILL in the middle of a burst of
# approved changes, tests/ledger_crash_test.cc with its driver) and the end-to-end CLI test
# (tests/ledger_cli_test.sh on the real `leotwin` binary and a real SQLite file in a temp dir).
if(TARGET leotwin_ledger AND TARGET leotwin_policy)
  add_executable(ledger_crash_driver ${CMAKE_CURRENT_SOURCE_DIR}/ledger_crash_driver.cc)
  target_link_libraries(ledger_crash_driver PRIVATE leotwin_options leotwin_ledger)
  leotwin_test(ledger_crash_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/ledger_crash_test.cc
               DEPS leotwin_ledger LABELS ledger TIMEOUT 300)
  if(TARGET ledger_crash_test)
    target_compile_definitions(ledger_crash_test
                               PRIVATE LEOTWIN_CRASH_DRIVER="$<TARGET_FILE:ledger_crash_driver>")
    add_dependencies(ledger_crash_test ledger_crash_driver)
  endif()
endif()
if(TARGET leotwin AND TARGET leotwin_ledger)
  add_test(NAME ledger.cli
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ledger_cli_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(ledger.cli PROPERTIES LABELS ledger TIMEOUT 600)
endif()
# The README's control-plane tour (scripts/tour-policy.sh) runs as printed (issue 19, item 9).
if(TARGET leotwin AND TARGET leotwin_ledger)
  add_test(NAME ledger.readme_tour
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tour_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(ledger.readme_tour PROPERTIES LABELS ledger TIMEOUT 300)
endif()
