# Track benchmark (bench/track_benchmark.cc): 24 h of a 1 Hz track for the demo's roaming terminal
# over starlink-gen1, against the from-scratch reference, with a digest of every instant.
if(TARGET leotwin_track AND TARGET leotwin_scenario)
  add_executable(track_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/track_benchmark.cc)
  target_link_libraries(track_benchmark PRIVATE leotwin_options leotwin_track leotwin_scenario
                                                benchmark::benchmark fmt::fmt OpenMP::OpenMP_CXX)
endif()
