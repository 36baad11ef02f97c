# tests/cli/tests.cmake - the command-line contract (tests/cli/test_cli.py), one ctest per case:
# bad lines reported as FILE:LINE, exit statuses, -j1/-j2/-j4 byte-identical output, --help,
# standard input, .txt input, TSV output, -o FILE.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  foreach(_case all_good_exit_0 bad_lines crlf_and_blank help jobs_identical missing_file
                no_final_newline output_file stdin summary_line tsv txt_input)
    add_test(NAME cli_${_case}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/cli/test_cli.py
              $<TARGET_FILE:newsevents_cli> ${_case})
  endforeach()
endif()
