# SGP4 benchmark (bench/orbit_benchmark.cc): scalar vs batch propagation, propagations per second,
# with a digest of the results. Uses ../shared/data/starlink_20250923.tle when present, otherwise
# a seeded synthetic Starlink-like set.
if(TARGET leotwin_orbit)
  add_executable(orbit_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/orbit_benchmark.cc)
  target_link_libraries(orbit_benchmark PRIVATE leotwin_options leotwin_orbit benchmark::benchmark
                                                OpenMP::OpenMP_CXX)
  target_compile_definitions(orbit_benchmark PRIVATE LEOTWIN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
