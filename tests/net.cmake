# Network-twin tests that need the whole orbit stack (presets + batch SGP4): the Handley
# London-New York reproduction and checks of the propagator-backed ephemeris.
if(TARGET leotwin_net)
  leotwin_test(net_handley_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/net_handley_test.cc
               DEPS leotwin_net LABELS net)
endif()
