/*
 * tag.h - part-of-speech tagger: a greedy left-to-right averaged perceptron over hashed
 * features, with the Penn Treebank tag set of enum nev_pos (common.h).
 *
 * The model is the section "tagger" of the compiled .nevm model, written by
 * tools/tagger_train from the Brown corpus. The section format is described at the top of
 * tag.c. The feature extraction is declared here too (the "trainer interface" below) so the
 * trainer and the runtime compute exactly the same features.
 */
#ifndef NEV_TAG_H
#define NEV_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

typedef struct tag_model tag_model;

/*
 * Load the "tagger" section data[0..len). The model aliases the data block when it is
 * 4-byte aligned on a little-endian host (the usual case: nevm payloads are 8-byte aligned),
 * so the blob must stay alive and unchanged while the model lives; otherwise the tables are
 * copied. Returns NEV_OK, NEV_EDATA for a malformed section, NEV_ENOMEM.
 */
int tag_model_load(tag_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                   nev_error *err);

/* Free a model from tag_model_load (NULL is a no-op). */
void tag_model_free(tag_model *m);

/*
 * Tag one sentence. words[i] points at the token text (UTF-8, as written in the article, not
 * NUL-terminated), lens[i] its byte length. Writes n tags (nev_pos values) to tags[].
 * Thread-safe on a shared model; uses no heap and a small, fixed amount of stack whatever n
 * is. Returns NEV_OK, or NEV_EINVAL for NULL arguments with n > 0.
 */
int tag_sentence(const tag_model *m, const char *const *words, const uint32_t *lens, size_t n,
                 uint8_t *tags);

/* ---- Trainer interface (used by tools/tagger_train; not needed by the pipeline) ---------- */

#define TAG_N_CLASSES POS__COUNT /* classes are nev_pos values; POS_NONE is never predicted */
#define TAG_MAX_FEATS 32         /* upper bound on features of one token */
#define TAG_WORD_MAX 64          /* bytes of a normalised word form kept */
#define TAG_N_FORMS_MAX 2048     /* frequent word forms listed in the section (see tag.c) */

/* What the feature extractor keeps about one token. */
typedef struct tag_tok {
    uint64_t h_word;  /* hash of the lower-cased normalised form (digits folded to 0) */
    uint64_t h_suf1;  /* hashes of the last 1, 2, 3 bytes of that form */
    uint64_t h_suf2;
    uint64_t h_suf3;
    uint64_t h_pre1;  /* first byte */
    uint64_t h_exact; /* hash of the normalised form with case kept (tag dictionary key) */
    uint32_t shape;   /* TAG_SHAPE_* bits */
    uint32_t cls;     /* TAG_CLS_*: auxiliary verb forms */
    uint32_t no_lower; /* 1 when the token has letters and none is lower case (what
                          tag_sentence_is_caps counts); not a feature */
} tag_tok;

enum { TAG_CLS_OTHER = 0, TAG_CLS_BE = 1, TAG_CLS_HAVE = 2, TAG_CLS_GET = 3 };

/* Left context carried through a sentence while tagging left to right: the last two tags and
 * the nearest verb or modal in the current clause (which separates "forces fired" from
 * "were fired" and "have fired"). */
typedef struct tag_state {
    int p1, p2;  /* tags of the two previous tokens (POS_NONE at the start) */
    int lv;      /* kind of the nearest verb to the left in this clause, 0 none */
    int lv_dist; /* tokens since it */
} tag_state;

/* Start of a sentence. */
void tag_state_init(tag_state *s);

/* Token t has been given tag; move the state past it. */
void tag_state_push(tag_state *s, const tag_tok *t, int tag);

enum {
    TAG_SHAPE_UPPER1 = 1u << 0,  /* first letter upper case */
    TAG_SHAPE_ALLCAPS = 1u << 1, /* letters, none lower case, more than one */
    TAG_SHAPE_DIGIT = 1u << 2,   /* has a digit */
    TAG_SHAPE_HYPHEN = 1u << 3,  /* has a hyphen inside */
    TAG_SHAPE_ALPHA = 1u << 4,   /* has a letter */
    TAG_SHAPE_PERIOD = 1u << 5,  /* has a '.' (U.S., Mr.) */
    TAG_SHAPE_CAPSENT = 1u << 6, /* the sentence is mostly upper case: case says nothing */
    TAG_SHAPE_FIRST = 1u << 7    /* first token of the sentence */
};

/* Analyse token text (as in the article). Sets every field except TAG_SHAPE_CAPSENT and
 * TAG_SHAPE_FIRST, which depend on the sentence. */
void tag_token_info(const char *w, size_t len, tag_tok *t);

/* True when the sentence words[0..n) is mostly upper case (a headline in capitals). */
int tag_sentence_is_caps(const char *const *words, const uint32_t *lens, size_t n);

/* Features of token i: ctx[0..5) are tokens i-2, i-1, i, i+1, i+2 (NULL outside the
 * sentence); st the state after token i-1. Writes the feature keys (non-zero) to feats and
 * returns their count (<= TAG_MAX_FEATS). */
size_t tag_features(const tag_tok *const ctx[5], const tag_state *st, uint32_t *feats);

/* Tag dictionary key of a token (from tag_tok.h_exact); never 0. */
static inline uint32_t tag_dict_key(uint64_t h_exact)
{
    uint32_t k = (uint32_t)(h_exact >> 32) ^ (uint32_t)h_exact;
    return k ? k : 1u;
}

#endif /* NEV_TAG_H */
