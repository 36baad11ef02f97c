/*
 * translit.h - Latin keys for words written in another script ("Путин" -> "putin",
 * "김정은" -> "gimjeong-eun"), so that names an article writes in Cyrillic, Arabic, Hangul,
 * Han, Greek... meet the Latin forms of the actor dictionaries.
 *
 * One ICU transliterator (TRANSLIT_ID below) does the work: the BGN romanisation for Russian
 * Cyrillic (the spelling closest to English news: "Zhukov", "Shoygu", "Zelenskiy"), ICU's
 * Any-Latin for every other script, then plain ASCII and lower case; the result is folded with
 * text_fold() like every other key. The dictionary compiler (tools/dictc) runs native-script
 * forms of the actor dictionaries (data/actors/) through the same functions, so a form and the
 * article's word become the same key whatever the romanisation gives.
 *
 * An ICU transliterator must not be used by two threads at once: a translit belongs to one
 * nev_doc (or one host tool run) and is opened the first time it is needed.
 */
#ifndef NEV_TRANSLIT_H
#define NEV_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "newsevents.h"

#define TRANSLIT_ID                                                                         \
    "Russian-Latin/BGN; Any-Latin; [\\u02B9\\u02BA\\u02BE\\u02BF\\u00B7] Remove; Latin-ASCII; " \
    "Lower"

/* A word longer than this (UTF-16 units) is not transliterated: no name is that long. */
#define TRANSLIT_MAX_WORD 64

typedef struct translit translit;

/* Open a transliterator (its handle is allocated through alc). NEV_ENOMEM, or NEV_EDATA when
 * ICU cannot build TRANSLIT_ID (missing ICU data). */
int translit_open(translit **out, const nev_alloc *alc);
void translit_close(translit *t);

/* s[0..len) holds a letter of a script other than Latin (Cyrillic, Arabic, Hangul...). */
bool translit_wanted(const char *s, size_t len);

/* The folded Latin key of one word into out (cap bytes, NUL-terminated); *n gets its length,
 * 0 when nothing of the word is left. White space the romanisation puts between Han
 * syllables is dropped (a token has none), as are apostrophes and hyphens at either end.
 * NEV_ELIMIT for a word over TRANSLIT_MAX_WORD or a key over cap - 1 bytes, NEV_ENOMEM, or
 * NEV_EDATA for another ICU failure. */
int translit_word(translit *t, const char *s, size_t len, char *out, size_t cap, size_t *n);

/* A phrase: its words (split at white space) through translit_word when translit_wanted,
 * else text_fold, joined by one space - the key a dictionary form of that phrase must have.
 * Errors as translit_word. */
int translit_phrase(translit *t, const char *s, size_t len, char *out, size_t cap, size_t *n);

/* The handle's scratch space for one display name (TRANSLIT_NAME_CAP bytes), valid until the
 * next call with t. */
#define TRANSLIT_NAME_CAP 256
char *translit_namebuf(translit *t);

/* translit_phrase with a transliterator opened for this call when s needs one, text_fold
 * otherwise (the dictionary compiler and `newsevents actors NAME`). */
int translit_key(const nev_alloc *alc, const char *s, size_t len, char *out, size_t cap,
                 size_t *n);

/* ---- the pipeline stage (translit_doc.c) ------------------------------------------------- */
/* After tagging, before places and actors: every token with letters of another script gets
 * the Latin key as its folded form (norm) and lemma; its span in the text is unchanged. A word
 * of a script without case (Arabic, Hangul, Han) counts as capitalised, and a capitalised one
 * the tagger took for a common noun or adjective (it knows English words only) is a proper
 * noun. The document's transliterator is opened on the first such token and kept until
 * nev_doc_free. When ICU cannot transliterate, the record gets a warning and the words keep
 * their own-script forms. */
int translit_run(nev_doc *d);

/* A person's name as the article writes it (*name, *len: a span of the text): when it holds
 * words of another script, replaced by a Latin display form - the dictionary's canonical name
 * when the key is a known person, else the key in title case ("Ivan Petrov") - that stays
 * valid until the next transliteration (copy it). Unchanged when translit_run opened no
 * transliterator. Allocates nothing and cannot fail. */
void translit_name(nev_doc *d, const char **name, size_t *len);

/* Close the document's transliterator (nev_doc_free). */
void translit_doc_free(nev_doc *d);

#endif /* NEV_TRANSLIT_H */
