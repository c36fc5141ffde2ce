# Fuzz target for the scenario reader (src/leotwin/scenario/scenario.h). Seeds (corpus/scenario/,
# written by hand): a minimal scenario, one with every change kind, and the shapes of its errors.
if(TARGET leotwin_scenario)
  leotwin_fuzzer(scenario_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/scenario_fuzzer.cc
                 DEPS leotwin_scenario CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/scenario
                 SECONDS 15)
endif()
