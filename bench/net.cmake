# Network-twin benchmark (bench/net_benchmark.cc): Starlink Gen1 + 100 cities, per-step graph
# build and all-pairs routing against a plain Dijkstra reference, and the 2,000-step run.
if(TARGET leotwin_net)
  add_executable(net_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/net_benchmark.cc)
  target_link_libraries(net_benchmark PRIVATE leotwin_options leotwin_net benchmark::benchmark)
endif()
# Hypatia's satgenpy work done by leotwin on Hypatia's inputs (bench/hypatia_compare.sh runs it
# beside satgenpy itself).
if(TARGET leotwin_net)
  add_executable(hypatia_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/hypatia_benchmark.cc)
  target_link_libraries(hypatia_benchmark PRIVATE leotwin_options leotwin_net)
endif()
