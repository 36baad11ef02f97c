/*
 * common.h - the small set of helpers every module of the library uses: allocation through
 * the caller's allocator, error reporting, growable buffers, the part-of-speech tag set.
 * Included by internal.h and by the host tools in tools/.
 */
#ifndef NEV_COMMON_H
#define NEV_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "newsevents.h"

/* Allocation through a nev_alloc (NULL allocator or NULL members: libc). Never dies. */
void *nev_malloc(const nev_alloc *a, size_t n);
void *nev_calloc(const nev_alloc *a, size_t n, size_t size); /* overflow-checked, zeroed */
void *nev_realloc(const nev_alloc *a, void *p, size_t n);
void nev_free(const nev_alloc *a, void *p);

/* Fill *e (may be NULL) and return code. file may be NULL. printf-style message. */
int nev_seterr(nev_error *e, int code, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Part-of-speech tags: Penn Treebank, with punctuation split into a few classes. */
typedef enum nev_pos {
    POS_NONE = 0,
    POS_CC, POS_CD, POS_DT, POS_EX, POS_FW, POS_IN, POS_JJ, POS_JJR, POS_JJS, POS_MD,
    POS_NN, POS_NNS, POS_NNP, POS_NNPS, POS_PDT, POS_POS, POS_PRP, POS_PRPS, POS_RB,
    POS_RBR, POS_RBS, POS_RP, POS_TO, POS_UH, POS_VB, POS_VBD, POS_VBG, POS_VBN, POS_VBP,
    POS_VBZ, POS_WDT, POS_WP, POS_WPS, POS_WRB,
    POS_PUNCT,  /* . ! ? */
    POS_COMMA,  /* , */
    POS_COLON,  /* : ; -- and dashes */
    POS_LQUOTE, /* opening quote mark */
    POS_RQUOTE, /* closing quote mark */
    POS_LRB,    /* ( [ { */
    POS_RRB,    /* ) ] } */
    POS_SYM,    /* $ % & # and other symbols */
    POS__COUNT
} nev_pos;

/* Tag name ("NN", "VBD", ...) and back; nev_pos_from_name returns POS_NONE when unknown. */
/* Split a line of a compiled section at its tabs, in place: fills f with at most max fields
 * and returns how many there are. */
int nev_split_tabs(char *line, char **f, int max);

const char *nev_pos_name(nev_pos p);
nev_pos nev_pos_from_name(const char *s, size_t len);

/* snprintf(out, cap, "%.*s", max, s) without the formatting machinery (codes are copied on
 * hot paths): at most max bytes of s and cap - 1 in all, NUL-terminated; cap > 0. */
static inline void str_put(char *out, size_t cap, const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && n + 1 < cap && s[n])
        n++;
    memcpy(out, s, n);
    out[n] = '\0';
}

static inline bool pos_is_verb(int p) { return p >= POS_VB && p <= POS_VBZ; }
static inline bool pos_is_noun(int p) { return p >= POS_NN && p <= POS_NNPS; }
static inline bool pos_is_adj(int p) { return p >= POS_JJ && p <= POS_JJS; }

#endif /* NEV_COMMON_H */
