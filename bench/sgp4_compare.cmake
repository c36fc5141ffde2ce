# SGP4 peer comparison: leotwin's side (bench/compare_sgp4.sh runs it next to satellite.js and
# python-sgp4).
add_executable(sgp4_compare ${CMAKE_CURRENT_LIST_DIR}/sgp4_compare.cc)
target_link_libraries(sgp4_compare PRIVATE leotwin_orbit OpenMP::OpenMP_CXX fmt::fmt)
