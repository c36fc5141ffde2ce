# The README tour's opening (scripts/tour-story.sh): the demo scenario seeded and asked who decided.
if(TARGET leotwin AND TARGET leotwin_scenario)
  add_test(NAME scenario.readme_tour
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tour_test.sh $<TARGET_FILE:leotwin>
                   ${PROJECT_SOURCE_DIR} story)
  set_tests_properties(scenario.readme_tour PROPERTIES LABELS scenario TIMEOUT 300)
endif()
