# cli.cmake - libraries of the optional CLI parts: the database sinks (cli/db.c SQLite,
# cli/db_pg.c PostgreSQL via libpq) and export/query/merge (cli/export.c). Included by the top
# CMakeLists.txt right after the newsevents_cli target is defined; SQLite and cJSON are
# already linked there.
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
target_link_libraries(newsevents_cli PkgConfig::PQ m)
