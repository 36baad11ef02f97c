/*
 * lemma.h - base forms of verbs, nouns and comparative adjectives, WordNet morphy-style:
 * exception lists first, then suffix rules whose results must be known base forms, from
 * the section "lemma" that tools/lemmac compiles from WordNet (format at the top of lemma.c).
 */
#ifndef NEV_LEMMA_H
#define NEV_LEMMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

typedef struct lemma_model lemma_model;

/*
 * Load the "lemma" section data[0..len), checking every slot. The model aliases the data block
 * (any alignment, read byte by byte): it must stay alive and unchanged while the model lives.
 * Returns NEV_OK, NEV_EDATA for a malformed section, NEV_ENOMEM.
 */
int lemma_model_load(lemma_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                     nev_error *err);

/* Free a model from lemma_model_load (NULL is a no-op). */
void lemma_model_free(lemma_model *m);

/*
 * Base form of word[0..len) (already lower-cased UTF-8, not NUL-terminated) with tag pos:
 * verbs (POS_VB..POS_VBZ), common nouns (POS_NN, POS_NNS, POS_NNPS; POS_NNP is left alone)
 * and POS_JJR/POS_JJS. Order: the WordNet exception list (fled -> flee, men -> man), then the
 * suffix rules for the tag checked against WordNet's base forms (fired -> fire,
 * stopped -> stop), then the word itself when it is a base form, then for verbs and plural
 * nouns a plain suffix strip as a guess for words WordNet lacks (tweeted -> tweet). For other
 * tags, or when nothing applies, the word is copied. A curly apostrophe is read as '.
 * Writes the lemma NUL-terminated to out (cap bytes, truncated when too small, like snprintf)
 * and returns its full length. m may be NULL: then only the guesses apply.
 */
size_t lemma_of(const lemma_model *m, const char *word, size_t len, int pos, char *out,
                size_t cap);

/* Start loading the table slot lemma_of(m, word, len, pos) will probe first (a hint to the
 * cache for a lookup a little later; nothing else changes). */
void lemma_prefetch(const lemma_model *m, const char *word, size_t len, int pos);

/* True when w (lower case) is an English noun, verb or adjective base form in WordNet. */
bool lemma_is_word(const lemma_model *m, const char *w, size_t len);

#endif /* NEV_LEMMA_H */
