# tests/db/tests.cmake - tests of the database side of the CLI (cli/db.c, cli/db_pg.c,
# cli/export.c), included by the top CMakeLists.txt after the CLI target is defined.
#   db_sqlite  SQLite store, grouping, re-coding, GDELT/jsonl/csv export, query, merge, on
#              hand-written engine records through tests/db/db_driver.c (no engine needed)
#   db_pg      the same store in a throwaway PostgreSQL 15 server, exports equal to SQLite's;
#              fails without the server binaries when CI=true, skipped otherwise
#   db_cli     `newsevents code --db` on tests/db/articles.jsonl (and the dev set when it is
#              there); skipped while the CLI has no --db option
if(NOT TARGET PkgConfig::PQ)
  pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
endif()
add_executable(db_driver tests/db/db_driver.c cli/db.c cli/db_pg.c cli/export.c)
target_include_directories(db_driver PRIVATE cli include)
target_link_libraries(db_driver PkgConfig::SQLITE PkgConfig::PQ PkgConfig::CJSON m)

set(_db_dir ${CMAKE_SOURCE_DIR}/tests/db)
add_test(NAME db_sqlite COMMAND sh ${_db_dir}/sqlite_test.sh $<TARGET_FILE:db_driver> ${_db_dir})
add_test(NAME db_pg COMMAND sh ${_db_dir}/pg_test.sh $<TARGET_FILE:db_driver> ${_db_dir}
  $<TARGET_FILE:newsevents_cli>)
add_test(NAME db_cli COMMAND sh ${_db_dir}/cli_test.sh $<TARGET_FILE:newsevents_cli> ${_db_dir}
  ${CMAKE_SOURCE_DIR}/../shared/eval/dev/dev.articles.jsonl)
set_tests_properties(db_pg db_cli PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(db_sqlite db_pg db_cli PROPERTIES TIMEOUT 600)
