# Tests of the map (web/): unit tests of its pure modules with `node --test` (web.unit), then build
# the page with Vite (web.build) and drive Debian's chromium with playwright-core against the real
# `leotwin serve` (web.browser) and `leotwin serve --scenario demo` (web.story). They skip (exit 77) with a message when node, web/node_modules
# (`cd web && npm ci`; not needed by web.unit) or chromium are missing.
if(EXISTS ${PROJECT_SOURCE_DIR}/web/package.json)
  add_test(NAME web.unit COMMAND ${PROJECT_SOURCE_DIR}/tests/web_test.sh unit)
  set_tests_properties(web.unit PROPERTIES LABELS web TIMEOUT 120 SKIP_RETURN_CODE 77
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
if(TARGET leotwin AND EXISTS ${PROJECT_SOURCE_DIR}/web/package.json)
  add_test(NAME web.build COMMAND ${PROJECT_SOURCE_DIR}/tests/web_test.sh build)
  set_tests_properties(web.build PROPERTIES FIXTURES_SETUP leotwin_web_dist LABELS web TIMEOUT 900
                       SKIP_RETURN_CODE 77 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       RESOURCE_LOCK leotwin_web_dist)
  # web.browser (no scenario: web-screenshot.png), web.story (the demo: story-screenshot.png).
  foreach(page browser story)
    set(shot ${page}-screenshot.png)
    if(page STREQUAL browser)
      set(shot web-screenshot.png)
    endif()
    add_test(NAME web.${page}
             COMMAND ${PROJECT_SOURCE_DIR}/tests/web_test.sh ${page} $<TARGET_FILE:leotwin>
                     ${PROJECT_BINARY_DIR}/${shot})
    set_tests_properties(web.${page} PROPERTIES FIXTURES_REQUIRED leotwin_web_dist LABELS web
                         TIMEOUT 900 SKIP_RETURN_CODE 77 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                         RESOURCE_LOCK leotwin_web_dist)
  endforeach()
endif()
