/*
 * internal.h - the library's internal types: the compiled model, the per-document state
 * (arena, tokens, sentences, mentions, events, quotes, places), and one prototype block per
 * pipeline stage. Data flows one way: ingest -> clean -> segment -> tag -> mention -> event
 * -> quote -> geo -> time -> dedup -> output.
 */
#ifndef NEV_INTERNAL_H
#define NEV_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common.h"
#include "geo.h"
#include "lemma.h"
#include "map.h"
#include "newsevents.h"
#include "tag.h"
#include "text.h"

/* ---- limits (NEV_ELIMIT beyond) --------------------------------------------------------- */
#define NEV_MAX_TEXT (64u << 20)   /* bytes per article */
#define NEV_MAX_TOKENS (4u << 20)  /* tokens per article */
#define NEV_MAX_SENT_TOKENS 400u   /* longer sentences are split for the coder */

/* ---- arena.c: bump allocator for everything per document -------------------------------- */
typedef struct arena_block arena_block;
typedef struct arena {
    const nev_alloc *alc;
    arena_block *head; /* current block; older blocks chained behind */
    size_t used_total, limit;
} arena;
void arena_init(arena *a, const nev_alloc *alc, size_t limit);
void *arena_alloc(arena *a, size_t n);          /* 8-byte aligned, NULL on failure */
char *arena_strndup(arena *a, const char *s, size_t n);
void arena_reset(arena *a);                     /* keep the first block, free the rest */
void arena_free(arena *a);

/* Growable array in the arena: vec_push copies elem and returns its index or -1. */
typedef struct vec {
    void *data;
    uint32_t n, cap, size;
} vec;
void vec_init(vec *v, uint32_t elem_size);
int64_t vec_push(arena *a, vec *v, const void *elem);
/* The slot after the last element (room made for it), to be filled in place and counted
 * with v->n++; NULL when out of memory. Inline: the pipeline adds every token this way. */
void *vec_grow_slot(arena *a, vec *v);
/* Room for at least cap elements at once (one allocation instead of the doublings and their
 * copies, when the count can be estimated); NEV_OK or NEV_ENOMEM. */
int vec_reserve(arena *a, vec *v, uint32_t cap);
static inline void *vec_slot(arena *a, vec *v)
{
    if (v->n < v->cap)
        return (char *)v->data + (size_t)v->n * v->size;
    return vec_grow_slot(a, v);
}
#define VEC_AT(v, T, i) (((T *)(v).data)[i])

/* ---- actors (actor.c) -------------------------------------------------------------------- */
enum actor_kind {
    AK_COUNTRY = 1,  /* a country name: "Russia" */
    AK_ADJ,          /* a country adjective or demonym: "Russian" */
    AK_SEAT,         /* a capital or government seat: "Moscow", "the Kremlin" */
    AK_ORG,          /* IGO / NGO */
    AK_GROUP,        /* armed non-state group: takes the story's country + REB */
    AK_MEDIA,        /* news agency */
    AK_PERSON,       /* a named person with a dated role */
    AK_AGENT,        /* a role noun: "troops" (code = role only) */
    AK_TITLE,        /* a title before a name: "Foreign Minister" (code = role or "-") */
    AK_BLOCK         /* a phrase that yields no actor ("South America" hides "America") */
};

enum { AEF_PLACE = 1, AEF_CAPS = 2, AEF_AMBIGUOUS = 4 };

typedef struct actor_entry {
    char code[12];      /* RUSGOV, IGONAT, MIL (agents), "-" (titles without role) */
    uint8_t kind;       /* enum actor_kind */
    uint8_t flags;      /* AEF_*: also a place, capitals only, ambiguous */
    char home[4];       /* armed groups: country when the story names none, or "" */
    int32_t from, to;   /* days since 1970-01-01; INT32_MIN / INT32_MAX when open */
    const char *name;   /* canonical form (first form of the line), in the model */
} actor_entry;

/* ---- the compiled model ------------------------------------------------------------------ */
typedef struct pattern pattern;
typedef struct cameo_info {
    char code[6];
    float goldstein;
    uint8_t quad;
    char plover[24];
} cameo_info;

/* The lengths of event.c's sports words: 3 to 14 bytes. */
#define NEV_SPORT_LENS 12

struct nev_model {
    nev_alloc alc;
    nev_log_fn log;
    void *log_ctx;
    uint8_t *owned;        /* blob copy owned by the model, or NULL when borrowed */
    const uint8_t *blob;
    size_t blob_len;
    tag_model *tagger;
    lemma_model *lemma;
    geo_model *geo;
    /* actors */
    char *actor_text;      /* copy of the actors section text, NUL-separated fields */
    actor_entry *actors;
    uint32_t n_actors;
    strmap actor_index;    /* folded key -> first index in actor_chain; prefixes flagged */
    uint32_t *actor_chain; /* linked lists of entries sharing a key */
    /* event patterns */
    char *pattern_text;
    pattern *patterns;
    uint32_t n_patterns;
    strmap verb_index;     /* verb lemma -> first pattern; noun lemma with "n:" prefix */
    strmap word_class;     /* closed word lists: light verbs, say verbs... */
    uint64_t light_bits;   /* a bit of each light verb's first two bytes (is_light_verb) */
    uint64_t key_bits[256]; /* a bit of each verb_index key (pat_key_bit): most lookups, of
                             * words that head no pattern, end there */
    uint32_t sport_bits[NEV_SPORT_LENS + 1][32]; /* sports words: second bytes by length (3
                                                  * up; a last row of none for the other
                                                  * lengths) and first byte's low five bits
                                                  * (event.c, sports_story) */
    cameo_info *cameo;
    uint32_t n_cameo;
    strmap cameo_index;
};

/* ---- per-document state ------------------------------------------------------------------ */
enum {
    TF_CAP = 1,        /* first letter upper case */
    TF_ALLCAP = 2,     /* every letter upper case (two letters or more) */
    TF_SPACE = 4,      /* white space before the token */
    TF_NEWLINE = 8,    /* a line break before the token */
    TF_QUOTED = 16,    /* inside a quotation */
    TF_CAPSENT = 32,   /* the sentence is in capitals: case tells nothing */
    TF_HYPHEN = 64     /* a word joined by an inner hyphen ("US-led"): its folded form may hold
                          a '-' after its first byte; without the flag it holds none there */
};

typedef struct token {
    uint32_t off, len;      /* span in doc->text */
    const char *norm;       /* folded form, NUL-terminated (arena) */
    const char *lemma;      /* lemma of norm for its tag (arena or norm) */
    uint16_t norm_len;
    uint8_t pos;            /* nev_pos */
    uint8_t flags;          /* TF_* */
    int32_t ment;           /* index of the actor mention covering it, or -1 */
    int32_t place;          /* index into doc->places, or -1 */
    uint32_t actor1;        /* norm as a key of the actor index (actor_tokens): 0 when not a
                               key, else 1 + its value (1: only the prefix of longer keys) */
} token;

/* The token's folded form equals w (a folded form has no NUL inside, so length and bytes
 * decide). Called in word-list loops on every token, so it must be cheap: always inlined,
 * so a literal w folds to two byte compares and a constant length (GCC otherwise calls an
 * out-of-line copy from the big coder functions). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool tok_is(const token *t, const char *w)
{
    /* the first byte settles most comparisons without measuring w */
    if (t->norm_len == 0 || (unsigned char)t->norm[0] != (unsigned char)w[0])
        return t->norm_len == 0 && w[0] == '\0';
    if (t->norm_len == 1)
        return w[1] == '\0';
    if ((unsigned char)t->norm[1] != (unsigned char)w[1])
        return false;
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

/* The token's lemma is w (the first byte settles most comparisons). */
static inline bool tok_is_lemma(const token *t, const char *w)
{
    return t->lemma && t->lemma[0] == w[0] && strcmp(t->lemma, w) == 0;
}

/* Append token t's folded form to a multi-word key ("kim jong-un", "donetsk region"), with
 * a space before all but the first word. False (key unchanged) when it would not fit in cap
 * bytes with room to spare. */
static inline bool key_append(char *key, size_t *kl, size_t cap, const token *t)
{
    if (*kl + t->norm_len + 2 >= cap)
        return false;
    if (*kl)
        key[(*kl)++] = ' ';
    /* words are short: up to 16 bytes as two overlapping loads and stores (memcpy of a
     * fixed size is no call), not a library call per word */
    char *dst = key + *kl;
    const char *src = t->norm;
    size_t n = t->norm_len;
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, src, 8);
        memcpy(&b, src + n - 8, 8);
        memcpy(dst, &a, 8);
        memcpy(dst + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, src, 4);
        memcpy(&b, src + n - 4, 4);
        memcpy(dst, &a, 4);
        memcpy(dst + n - 4, &b, 4);
    } else if (n > 0 && n < 4) {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    } else {
        memcpy(dst, src, n);
    }
    *kl += n;
    return true;
}

typedef struct sentence {
    uint32_t off, len;      /* span in doc->text */
    uint32_t tok0, ntok;    /* tokens [tok0, tok0 + ntok) */
    int32_t dup_of;         /* index of the sentence it repeats, or -1 */
    int32_t place;          /* first place named in the sentence, or -1 */
    int32_t date;           /* resolved date (days since epoch) or INT32_MIN */
} sentence;

/* An actor phrase found in a sentence: a name, a role noun with its country, a pronoun. */
typedef struct mention {
    uint32_t sent, t0, t1;  /* tokens [t0, t1) */
    uint32_t head;          /* head token */
    uint8_t kind;           /* enum actor_kind, or 0 for a pronoun resolved to an actor */
    char code[12];          /* resolved code, "" when unknown */
    const char *name;       /* canonical or written full name (persons), or NULL */
    int32_t person;         /* doc person index or -1 */
} mention;

/* A person named in the article: first full mention and its surname, for later links. */
typedef struct person {
    const char *name;       /* full name as first written ("Dmytro Kuleba") */
    const char *surname;    /* folded last word ("kuleba") */
    char code[12];
} person;

typedef struct place_ref {
    geo_place gp;
    uint32_t off, len, sent;
    const char *written;    /* the name as the article writes it ("Kiev", "St Petersburg") */
    bool cued;              /* after "in", "near", "at"...: where things happen */
} place_ref;

typedef struct event {
    char src[12], tgt[12];
    const char *src_name, *tgt_name;
    uint32_t src_t0, src_t1, tgt_t0, tgt_t1; /* token spans of the actor phrases (or 0,0) */
    char cameo[6];
    uint32_t sent;
    uint32_t trig_t0, trig_t1;               /* tokens that triggered the code */
    int32_t src_ment;                        /* mention of the source, or -1 */
    const char *lemma;                       /* lemma of the trigger word ("visit", "trip") */
    uint8_t modality;                        /* MOD_* */
    bool negated;
    bool dropped;                            /* duplicate inside the article */
} event;

enum { MOD_ASSERTED, MOD_REPORTED, MOD_INTENDED, MOD_HYPOTHETICAL };

typedef struct quote {
    uint32_t off, len, sent;                 /* text span without the quote marks */
    int32_t person;                          /* doc person or -1 */
    const char *speaker;                     /* name when no person entry, or NULL */
    char code[12];
} quote;

struct nev_doc {
    const nev_model *m;
    arena ar;
    /* input */
    char *text;             /* title "\n\n" body, UTF-8 valid (arena) */
    uint32_t text_len, body_off;
    const char *id, *src_name, *date_str;
    int32_t date;           /* article date in days, INT32_MIN when unknown */
    int32_t text_date;      /* without a date: the latest dated year the text names (days) */
    /* stages */
    vec toks, sents, ments, persons, events, places, quotes, warnings;
    uint32_t *tok_hash;     /* strmap_hash of each token's norm (segment_run; translit_run
                               rehashes a norm it rewrites): repeat detection and actor_tokens
                               share it (a side array: the token struct stays 40 bytes) */
    vec acts;               /* every act coded, duplicates too: lemma -> source, for "the trip" */
    uint32_t n_dropped;
    char dateline[4];       /* country of a wire dateline ("KUWAIT, June 2 -"), or "" */
    /* output */
    char *json;
    size_t json_len;
    void *pub_events, *pub_places, *pub_quotes; /* views built for sinks */
    size_t n_pub_events, n_pub_places, n_pub_quotes;
    nev_error err;          /* sticky first error */
    struct translit *translit; /* ICU transliterator (translit.h), opened on first use and
                                * kept across nev_doc_reset until nev_doc_free */
};

typedef struct act_ref {
    const char *lemma;      /* trigger lemma ("trip", "visit", "detain") */
    int32_t src_ment;       /* mention of the source */
} act_ref;

#define TOK(d, i) VEC_AT((d)->toks, token, i)
#define SENT(d, i) VEC_AT((d)->sents, sentence, i)
#define MENT(d, i) VEC_AT((d)->ments, mention, i)

/* out_json.c: a growable string in the document's arena (JSON records, explanations) */
typedef struct sbuf {
    arena *ar;
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;
void sb_put(sbuf *b, const char *s, size_t n);
void sb_str(sbuf *b, const char *s);
void sb_fmt(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void sb_json(sbuf *b, const char *s, size_t n); /* a JSON string; NULL writes null */
void sb_jstr(sbuf *b, const char *s);

/* doc.c */
/* nev_doc_parse_json with the flat-record reader (fast = 1) or with cJSON alone (fast = 0):
 * both must read every record the same (the JSON fuzz target checks it). */
int doc_parse_json(nev_doc *d, const char *line, size_t len, nev_article *a, int fast,
                   nev_error *err);
int doc_warn(nev_doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int32_t days_from_civil(int y, int m, int dd);
void civil_from_days(int32_t z, int *y, int *m, int *dd);
int32_t parse_date(const char *s, size_t len); /* YYYY-MM-DD..., INT32_MIN when not a date */
/* Day number days as "%04d-%02d-%02d" in out (16 bytes; years 0-9999 without printf).
 * Returns the length. */
size_t format_date(int32_t days, char out[16]);

/* segment.c: tokens and sentences, then repeated sentences marked (clean) */
int segment_run(nev_doc *d);
/* tag + lemma for every sentence */
int segment_tag(nev_doc *d);

/* actor.c: model loading of actors, and mention finding */
int actor_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err);
void actor_free(nev_model *m);
/* The first entry for a folded key, or NULL; *n (if given) gets the number of entries. */
const actor_entry *actor_lookup(const nev_model *m, const char *key, size_t len, uint32_t *n);
/* The first entry of a form with the given kind (AK_*), or NULL: "president" is a role noun
 * and a title. */
const actor_entry *actor_lookup_kind(const nev_model *m, const char *key, size_t len, int kind);
bool actor_has_prefix(const nev_model *m, const char *key, size_t len);
/* The role code ("REB", "COP") of a role-noun mention that has no country yet ("rebels",
 * "the police"), or NULL. */
const char *actor_open_role(const nev_doc *d, const mention *m);
/* actor_lookup (the first entry, NULL when none) and actor_has_prefix (*known) in one probe. */
const actor_entry *actor_lookup_known(const nev_model *m, const char *key, size_t len,
                                      bool *known);
/* Every token's one-word key looked up in the actor index once, into token.actor1 (after
 * translit_run, which may change norm; place_run and actor_run read it). */
void actor_tokens(nev_doc *d);
/* actor_lookup_known() of a token's norm, from token.actor1 */
const actor_entry *actor_tok_known(const nev_model *m, const token *t, bool *known);
int actor_run(nev_doc *d);
/* Country key (3 letters) the article is most about, or "" */
const char *actor_doc_country(const nev_doc *d);
/* The country an unqualified "the Foreign Ministry" belongs to: the dateline's when the story
 * names that country, else the main one. */
const char *actor_home_country(const nev_doc *d);

/* event.c */
int pattern_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err);
int cameo_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err);
void pattern_free(nev_model *m);
const cameo_info *cameo_get(const nev_model *m, const char *code);
int event_run(nev_doc *d);

/* quote.c, place.c, when.c, dedup in event.c, out_json.c */
int quote_run(nev_doc *d);
int place_run(nev_doc *d);
int when_run(nev_doc *d);
int out_json(nev_doc *d);
int out_views(nev_doc *d);

#endif /* NEV_INTERNAL_H */
