# Fuzz target for the ground-segment readers of src/leotwin/net: ground-node CSV, ground-node
# GeoJSON and the place-pairs CSV of `leotwin routes` (the first input byte picks the reader).
if(TARGET leotwin_net)
  leotwin_fuzzer(ground_csv_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/ground_csv_fuzzer.cc
                 DEPS leotwin_net CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/ground_csv SECONDS 20)
endif()
# Hypatia's input files (net/hypatia_input.h): tles.txt, ground_stations(.basic).txt, isls.txt
# (the first input byte picks the reader).
if(TARGET leotwin_net)
  leotwin_fuzzer(hypatia_input_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hypatia_input_fuzzer.cc
                 DEPS leotwin_net CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/hypatia_input SECONDS 20)
endif()
