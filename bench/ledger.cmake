# Time travel on a 100,000-entry ledger: a past query from the journal's checkpoints against a
# from-scratch replay of the same prefix (what every past query cost before), in the same run.
if(TARGET leotwin_ledger)
  add_executable(ledger_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/ledger_benchmark.cc)
  target_link_libraries(ledger_benchmark PRIVATE leotwin_options leotwin_ledger)
endif()
