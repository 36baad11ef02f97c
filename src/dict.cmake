# Dictionaries: data/*.txt compiled by tools/dictc into the actors, patterns and cameo sections.
add_executable(dictc tools/dictc.c src/doc_dates.c)
target_link_libraries(dictc nevtool)
file(GLOB NEV_ACTOR_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/data/actors/*.txt")
list(SORT NEV_ACTOR_FILES)
add_custom_command(OUTPUT ${NEV_GEN_DIR}/actors.sec
  COMMAND dictc actors ${NEV_GEN_DIR}/actors.sec ${NEV_ISO_DIR}/iso_3166-1.json ${NEV_ACTOR_FILES}
  DEPENDS dictc ${NEV_ACTOR_FILES} COMMENT "Compiling actor dictionaries")
add_custom_command(OUTPUT ${NEV_GEN_DIR}/patterns.sec
  COMMAND dictc patterns ${NEV_GEN_DIR}/patterns.sec ${CMAKE_SOURCE_DIR}/data/cameo.txt
          ${CMAKE_SOURCE_DIR}/data/verbs.txt ${CMAKE_SOURCE_DIR}/data/nouns.txt
  DEPENDS dictc ${CMAKE_SOURCE_DIR}/data/cameo.txt ${CMAKE_SOURCE_DIR}/data/verbs.txt
          ${CMAKE_SOURCE_DIR}/data/nouns.txt COMMENT "Compiling event patterns")
add_custom_command(OUTPUT ${NEV_GEN_DIR}/cameo.sec
  COMMAND dictc cameo ${NEV_GEN_DIR}/cameo.sec ${CMAKE_SOURCE_DIR}/data/cameo.txt
  DEPENDS dictc ${CMAKE_SOURCE_DIR}/data/cameo.txt COMMENT "Compiling the CAMEO table")
list(APPEND NEV_SECTIONS ${NEV_GEN_DIR}/actors.sec ${NEV_GEN_DIR}/patterns.sec ${NEV_GEN_DIR}/cameo.sec)
list(APPEND NEV_LIB_SOURCES src/arena.c src/map.c src/doc.c src/doc_dates.c src/segment.c
  src/actor.c src/event.c src/quote.c src/place.c src/when.c src/out_json.c src/model.c src/explain.c src/ingest_html.c)

# The dictionary check (duplicates, conflicting codes, overlapping dates) is a test.
add_test(NAME dict_check COMMAND dictc check ${NEV_ACTOR_FILES})
# `newsevents actors` resolves dated names: in office, and after office (country only).
add_test(NAME actors_in_office COMMAND newsevents_cli actors "Kim Jong Un" --date 2024-06-18)
set_tests_properties(actors_in_office PROPERTIES PASS_REGULAR_EXPRESSION "-> PRKGOV")
add_test(NAME actors_out_of_office COMMAND newsevents_cli actors "Kuleba" --date 2025-01-01)
set_tests_properties(actors_out_of_office PROPERTIES PASS_REGULAR_EXPRESSION "-> UKR \\(no entry")
add_test(NAME actors_unknown COMMAND newsevents_cli actors "Nobody Inparticular")
set_tests_properties(actors_unknown PROPERTIES PASS_REGULAR_EXPRESSION "no dictionary entry")
