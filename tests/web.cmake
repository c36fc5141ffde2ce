# Browser tests of the map (web/): build the page with Vite (web.build), then drive Debian's
# chromium with playwright-core against the real `leotwin serve` (web.browser). Both skip (exit 77)
# with a message when node, web/node_modules (`cd web && npm ci`) or chromium are missing.
if(TARGET leotwin AND EXISTS ${PROJECT_SOURCE_DIR}/web/package.json)
  add_test(NAME web.build COMMAND ${PROJECT_SOURCE_DIR}/tests/web_test.sh build)
  set_tests_properties(web.build PROPERTIES FIXTURES_SETUP leotwin_web_dist LABELS web TIMEOUT 900
                       SKIP_RETURN_CODE 77 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       RESOURCE_LOCK leotwin_web_dist)
  add_test(NAME web.browser
           COMMAND ${PROJECT_SOURCE_DIR}/tests/web_test.sh browser $<TARGET_FILE:leotwin>
                   ${PROJECT_BINARY_DIR}/web-screenshot.png)
  set_tests_properties(web.browser PROPERTIES FIXTURES_REQUIRED leotwin_web_dist LABELS web
                       TIMEOUT 900 SKIP_RETURN_CODE 77 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       RESOURCE_LOCK leotwin_web_dist)
endif()
