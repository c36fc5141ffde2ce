# Fuzz target for the shared input toolkit of src/leotwin/base (base/input.h): the CSV reader every
# CSV format of the library goes through.
if(TARGET leotwin_base)
  leotwin_fuzzer(input_csv_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/input_csv_fuzzer.cc
                 DEPS leotwin_base CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/input_csv SECONDS 20)
endif()
