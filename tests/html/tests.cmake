# tests/html/tests.cmake - an HTML page is read as an article: the event in its text is coded;
# script, navigation and footer text never reach the record.
add_test(NAME html_page COMMAND newsevents_cli code -q --date 2024-06-19
         ${CMAKE_SOURCE_DIR}/tests/html/page.html)
set_tests_properties(html_page PROPERTIES
  PASS_REGULAR_EXPRESSION "\"id\":\"page.html\".*\"code\":\"KORMIL\""
  FAIL_REGULAR_EXPRESSION "Russia attacked|Copyright|Home \\\\| World")
