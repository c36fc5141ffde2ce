# Time travel on a 100,000-entry ledger: a past query from the journal's checkpoints against a
# from-scratch replay of the same prefix (what every past query cost before), in the same run.
if(TARGET leotwin_ledger)
  add_executable(ledger_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/ledger_benchmark.cc)
  target_link_libraries(ledger_benchmark PRIVATE leotwin_options leotwin_ledger)
endif()

# The control plane at scale (issue 18): a million terminals registered in batches, verify, open
# with and without the derived terminal table, decisions per second with 1,000 and 10,000,000
# terminals, in one run.
if(TARGET leotwin_ledger)
  add_executable(ledger_scale_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/ledger_scale_benchmark.cc)
  target_link_libraries(ledger_scale_benchmark PRIVATE leotwin_options leotwin_ledger)
endif()

# Group commit: single-entry commits per second with 1, 4 and 16 writer threads, one transaction
# per entry against group commit, in one run.
if(TARGET leotwin_ledger)
  add_executable(ledger_group_commit_benchmark
                 ${CMAKE_CURRENT_SOURCE_DIR}/ledger_group_commit_benchmark.cc)
  target_link_libraries(ledger_group_commit_benchmark PRIVATE leotwin_options leotwin_ledger)
endif()
