# Fuzz target for the HTTP API's query-string parsing and dispatch (src/leotwin/api).
leotwin_fuzzer(api_query_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/api_query_fuzzer.cc
               DEPS leotwin_api CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/api_query SECONDS 20)
# Fuzz target for raw HTTP requests through the server's request handling (server.h: admission
# checks, httplib's parser, ranges, static files, the Router), one connection per input, in memory.
leotwin_fuzzer(http_request_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/http_request_fuzzer.cc
               DEPS leotwin_api CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/http_request SECONDS 20)
