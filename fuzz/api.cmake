# Fuzz target for the HTTP API's query-string parsing and dispatch (src/leotwin/api).
leotwin_fuzzer(api_query_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/api_query_fuzzer.cc
               DEPS leotwin_api CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/api_query SECONDS 20)
