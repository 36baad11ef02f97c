# tests/golden/tests.cmake - golden tests: one ctest per case folder (y_ must extract, n_ must
# not, i_ tolerated), run by tests/golden/run_golden.py on the CLI; `golden-update` target
# rewrites every expected.jsonl from the current output (NEV_GOLDEN_UPDATE=1).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  file(GLOB _golden_cases LIST_DIRECTORIES true "${CMAKE_SOURCE_DIR}/tests/golden/[yni]_*")
  foreach(_dir ${_golden_cases})
    if(IS_DIRECTORY ${_dir})
      get_filename_component(_case ${_dir} NAME)
      add_test(NAME golden_${_case}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/golden/run_golden.py
                $<TARGET_FILE:newsevents_cli> ${CMAKE_SOURCE_DIR}/tests/golden ${_case})
    endif()
  endforeach()
  add_custom_target(golden-update
    COMMAND ${CMAKE_COMMAND} -E env NEV_GOLDEN_UPDATE=1 ${Python3_EXECUTABLE}
            ${CMAKE_SOURCE_DIR}/tests/golden/run_golden.py $<TARGET_FILE:newsevents_cli>
            ${CMAKE_SOURCE_DIR}/tests/golden
    DEPENDS newsevents_cli
    COMMENT "Rewriting tests/golden/*/expected.jsonl from the current output (review the diff)")
endif()
