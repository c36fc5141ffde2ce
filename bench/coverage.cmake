# Coverage benchmark (bench/coverage_benchmark.cc): a global level-9 snapshot and a one-hour window
# at one-minute steps for the Starlink snapshot (../shared/data/starlink_20250923.tle; the
# starlink-gen1 preset when absent), with the brute-force reference on a sample of cells in the
# same run (must agree exactly), timings, ratios and a digest.
if(TARGET leotwin_coverage)
  add_executable(coverage_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/coverage_benchmark.cc)
  target_link_libraries(coverage_benchmark PRIVATE leotwin_options leotwin_coverage leotwin_orbit
                                                   OpenMP::OpenMP_CXX fmt::fmt)
  target_compile_definitions(coverage_benchmark PRIVATE LEOTWIN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
