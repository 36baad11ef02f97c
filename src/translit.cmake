# translit.cmake - transliteration of names in other scripts through ICU (libicu-dev):
# src/translit.c (shared with the host tools: tools/dictc compiles native-script aliases with
# it) and the pipeline stage src/translit_doc.c.
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
list(APPEND NEV_LIB_SOURCES src/translit.c src/translit_doc.c)
list(APPEND NEV_LIB_LINK PkgConfig::ICU)
target_sources(nevtool PRIVATE src/translit.c)
target_link_libraries(nevtool PUBLIC PkgConfig::ICU)
