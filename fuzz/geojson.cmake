# Fuzz target for the GeoJSON region parser (src/leotwin/geo/region.h) and the policy-change JSON
# parser (src/leotwin/policy/change.h): the first input byte picks the parser. Any bytes must give
# a Status or valid S2 polygons / a change that round-trips, never a crash, hang or S2 check.
if(TARGET leotwin_policy)
  leotwin_fuzzer(geojson_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/geojson_fuzzer.cc
                 DEPS leotwin_policy CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/geojson SECONDS 20)
endif()
