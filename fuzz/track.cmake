# Fuzz targets for the track readers (src/leotwin/track/track.h): GPX 1.1, CSV and GeoJSON. Seeds
# (corpus/track_*/, written by hand): small valid tracks and the shapes of their errors.
if(TARGET leotwin_track)
  foreach(format gpx csv geojson)
    leotwin_fuzzer(track_${format}_fuzzer
                   SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/track_${format}_fuzzer.cc
                   DEPS leotwin_track CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/track_${format}
                   SECONDS 15)
  endforeach()
endif()
