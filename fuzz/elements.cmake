# Fuzz targets for the element-set readers of src/leotwin/orbit: TLE (orbit/tle.h), OMM JSON, CSV
# and XML (orbit/omm.h). Each checks that any bytes give a Status or element sets within the
# documented ranges, never a crash, hang or out-of-bounds read.
if(TARGET leotwin_orbit)
  foreach(name tle omm_json omm_csv omm_xml)
    leotwin_fuzzer(${name}_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${name}_fuzzer.cc
                   DEPS leotwin_orbit CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${name} SECONDS 20)
  endforeach()
endif()
