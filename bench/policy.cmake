# Policy decision benchmark (bench/policy_benchmark.cc): decisions per second per core on the
# Natural Earth territories plus 100 geofences with the compiled index, with direct S2 polygon
# tests, and with GEOS prepared geometry (libgeos-dev, C API) as the peer, on the same points in
# the same run; prints result digests and the ratios.
if(TARGET leotwin_policy)
  find_package(GEOS CONFIG QUIET)
  if(TARGET GEOS::geos_c)
    add_executable(policy_benchmark ${CMAKE_CURRENT_SOURCE_DIR}/policy_benchmark.cc)
    target_link_libraries(policy_benchmark PRIVATE leotwin_options leotwin_policy GEOS::geos_c
                                                   benchmark::benchmark fmt::fmt)
    target_compile_definitions(policy_benchmark
                               PRIVATE LEOTWIN_SOURCE_DIR_FOR_BENCH="${PROJECT_SOURCE_DIR}")
  else()
    message(STATUS "libgeos-dev not found: policy_benchmark skipped")
  endif()
endif()
