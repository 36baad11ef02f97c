/*
 * geo.h - the gazetteer: place lookup by folded name and disambiguation in the context of an
 * article. The data is the "geo" section of the compiled model, written at build time by
 * tools/geoc from GeoNames cities500, GeoNames admin1 names, iso-codes (alpha-2 -> alpha-3)
 * and data/places.txt (seas, straits, rivers, regions, the common-word stoplist).
 *
 * The runtime works directly on the section's memory block: geo_model_load() checks the
 * layout once and keeps pointers into the block, which must outlive the model. Lookups
 * allocate nothing and the model is immutable, so one model may serve any number of threads.
 *
 * Section layout (host byte order, little-endian in practice; every table 4-byte aligned):
 *   geo_hdr                       counts and byte offsets of the tables below
 *   geo_rec   places[n_places]    one record per place (city, admin1 region, sea, ...)
 *   geo_krec  keys[n_slots]       open-addressing hash table (geo_hash, linear probing) of
 *                                 the folded name keys (and name prefixes), a 16-byte record
 *                                 a slot, key_len 0 for an empty slot; n_slots a power of 2.
 *                                 The record holds the key's hash and, when the key has one
 *                                 candidate, the candidate: a lookup reads the slot and the
 *                                 key's text, not a bucket, then a record, then cands
 *   uint32_t  cands[n_cands]      place indexes of keys with several candidates, population
 *                                 descending; the top bit (GEO_CAND_ALT) marks a match
 *                                 through an alternate name
 *   char      pool[pool_len]      place names (NUL-terminated) and keys (by offset+length);
 *                                 offset 0 is the empty string
 *   uint64_t  bloom[bloom_words]  Bloom filter of every key (see geo_build_filters)
 *   uint64_t  lower[lower_words]  Bloom filter of the keys geo_maybe_lower() must accept
 *   uint64_t  next[8 * next_lines] the continuation filter: for every key P + ' ' + rest, a
 *                                 Bloom entry of that key in one 64-byte line chosen by P
 *                                 (geo_next_line), so all the longer keys of one prefix lie in
 *                                 a few lines that stay in the cache when the prefix is common
 * The two Bloom filters start on 8-byte boundaries of the section, the continuation filter
 * on a 64-byte one; their sizes are powers of 2. The first two are built by tools/geoc with
 * geo_build_filters(), so loading does not hash every key.
 */
#ifndef NEV_GEO_H
#define NEV_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* Place kinds (geo_place.kind). */
enum {
    GEO_CITY = 0,       /* populated place */
    GEO_CAPITAL = 1,    /* national capital or seat of government (PPLC, PPLG) */
    GEO_ADMIN_SEAT = 2, /* seat of an administrative division (PPLA..PPLA4) */
    GEO_REGION = 3,     /* first-level division, or a region/border area/peninsula */
    GEO_WATER = 4,      /* sea, gulf, strait, river */
    GEO_OTHER = 5
};

typedef struct geo_model geo_model;

/* Open the "geo" section data[0..len) (4-byte aligned, kept alive by the caller for the
 * model's lifetime). Returns NEV_OK, NEV_EDATA for a malformed section (message in err),
 * NEV_EINVAL for bad arguments, NEV_ENOMEM. */
int geo_model_load(geo_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                   nev_error *err);
void geo_model_free(geo_model *m);

typedef struct geo_place {
    uint32_t geonameid; /* 0 for data/places.txt entries and admin1 regions */
    float lat, lon;
    uint32_t population; /* admin1 regions: sum over their cities; own entries: 0 */
    char cc3[4];         /* ISO alpha-3, NUL-terminated */
    const char *name;    /* canonical name (GeoNames "name"), NUL-terminated, in model */
    const char *admin1;  /* first-level division name or "" */
    uint8_t kind;        /* GEO_CITY ... GEO_OTHER */
} geo_place;

/* Candidates for a folded key (text_fold output, e.g. "rostov region", "kyiv"): writes up
 * to max candidates to out (out may be NULL when max is 0), ordered by population
 * descending, and returns the total count; 0 when the name is unknown. */
size_t geo_lookup(const geo_model *m, const char *key, size_t key_len, geo_place *out,
                  size_t max);

/* True when some indexed name starts with key followed by a space (for longest match over
 * tokens: "chasiv" -> true because of "chasiv yar"). */
bool geo_has_prefix(const geo_model *m, const char *key, size_t key_len);

/* True for folded keys on the common-word stoplist ("police", "reading", "march", "nice"):
 * place names that are far more often ordinary words. */
bool geo_is_common_word(const geo_model *m, const char *key, size_t key_len);

/* True for folded keys that name a country ("ukraine", "kuwait", "singapore"): countries are
 * actors, not locations, so geo_resolve() refuses them. */
bool geo_is_country_name(const geo_model *m, const char *key, size_t key_len);

typedef struct geo_context {
    const char (*countries)[4]; /* alpha-3 codes of countries the article mentions */
    const float *weights;       /* how much the article is about each (mention counts) */
    size_t n_countries;
    bool cue; /* preceded by "in", "near", "city of", "town of"... */
} geo_context;

/* Pick the best candidate for the key in this context (ctx may be NULL), or return false
 * when none is plausible: unknown name, a country name, a common word without a cue, or only
 * small places abroad. Candidates in countries the article is about win strongly; then
 * capitals, admin seats, regions and big populations; a cue allows smaller places. */
bool geo_resolve(const geo_model *m, const char *key, size_t key_len, const geo_context *ctx,
                 geo_place *out);

/* ---- Faster paths for the pipeline's scan over every token -------------------------------- */

typedef struct geo_krec geo_krec;

/* The key record of a folded key (its candidate count and GEO_KF_* flags), or NULL when the
 * gazetteer has no such name or name prefix. One hash lookup answers what geo_lookup(),
 * geo_has_prefix(), geo_is_common_word() and geo_is_country_name() would. */
const geo_krec *geo_find(const geo_model *m, const char *key, size_t key_len);

/* geo_resolve() for a key record from geo_find() (k may be NULL: false). */
bool geo_resolve_rec(const geo_model *m, const geo_krec *k, const char *key, size_t key_len,
                     const geo_context *ctx, geo_place *out);

/* Population from which a national capital counts as well known (a name written in lower
 * case still names it: "arms supplies to kyiv"). */
#define GEO_BIG_CAPITAL 500000u

/* A quick filter for a word written in lower case: false when the key is neither the start
 * of a longer name (GEO_KF_PREFIX) nor a name of a national capital of GEO_BIG_CAPITAL people
 * or more, so a lower-case word can start no place but such a capital. A Bloom filter built
 * at build time: it may answer true for other keys, never false for these. */
bool geo_maybe_lower(const geo_model *m, const char *key, size_t key_len);

/* Start loading what geo_find() or geo_maybe_lower() (lower set) will read first for key: the
 * filter's word and the first table slot. Only a hint to the cache; answers do not change. */
void geo_prefetch(const geo_model *m, const char *key, size_t key_len, bool lower);

/* geo_find(), geo_maybe_lower() and geo_prefetch() given the key's geo_hash() h, for a caller
 * that asks all three about a word and hashes it once. */
const geo_krec *geo_find_h(const geo_model *m, const char *key, size_t key_len, uint32_t h);
bool geo_maybe_lower_h(const geo_model *m, const char *key, size_t key_len, uint32_t h);
void geo_prefetch_h(const geo_model *m, size_t key_len, uint32_t h, bool lower);

/* The filter words and table slots that geo_prefetch_h() loads, for a caller that hints
 * them for every word inline (geo_prefetch_with) instead of by a call. */
typedef struct geo_prefetcher {
    const unsigned char *all, *lower; /* the two Bloom filters */
    const void *keys;                 /* the slot table (geo_krec, 16 bytes a slot) */
    uint32_t all_mask, lower_mask, slot_mask;
} geo_prefetcher;
void geo_prefetcher_init(const geo_model *m, geo_prefetcher *p);

/* The word of key hash h in a Bloom filter of mask + 1 64-bit words. */
static inline uint32_t geo_bloom_word(uint32_t h, uint32_t mask)
{
    return ((h >> 16) ^ (h * 0x45d9f3bu)) & mask;
}

/* geo_prefetch_h() with p from geo_prefetcher_init() (a hint only). */
static inline void geo_prefetch_with(const geo_prefetcher *p, uint32_t h, bool lower)
{
#if defined(__GNUC__)
    if (lower) {
        __builtin_prefetch(p->lower + (size_t)geo_bloom_word(h, p->lower_mask) * 8);
    } else {
        __builtin_prefetch(p->all + (size_t)geo_bloom_word(h, p->all_mask) * 8);
        __builtin_prefetch((const char *)p->keys + (size_t)(h & p->slot_mask) * 16);
    }
#else
    (void)p, (void)h, (void)lower;
#endif
}

/* geo_find_h() for a key that geo_maybe_lower_h() accepted: its answer is mostly yes, so
 * it goes to the table without the all-keys filter. */
const geo_krec *geo_find_lower_h(const geo_model *m, const char *key, size_t key_len,
                                 uint32_t h);

/* geo_maybe_lower_h() and then geo_find_lower_h() in one: NULL when geo_maybe_lower_h()
 * answers false, else what geo_find_lower_h() answers. */
const geo_krec *geo_find_lower_start_h(const geo_model *m, const char *key, size_t key_len,
                                       uint32_t h);

/* geo_find_h() for a key that continues the key of record prefix (hash prefix_h, from
 * geo_find) by a space and more: "chasiv yar" after "chasiv", as in a longest match that
 * goes on while the key found has GEO_KF_PREFIX. NULL when prefix is NULL or has no
 * GEO_KF_PREFIX, and, without reading the big tables, when the continuation filter of prefix
 * does not let the key through. */
const geo_krec *geo_find_more_h(const geo_model *m, const geo_krec *prefix, uint32_t prefix_h,
                                const char *key, size_t key_len, uint32_t h);

/* Number of name keys with candidates (for reports). */
size_t geo_n_names(const geo_model *m);

/* ---- Section format, shared with tools/geoc.c ------------------------------------------ */

#define GEO_MAGIC 0x314F4547u /* "GEO1" read as little-endian u32 */
#define GEO_VERSION 4u /* 2: Bloom filters; 3: continuation filter; 4: keys in the slots */
#define GEO_CAND_ALT 0x80000000u
#define GEO_KEY_MAX 255 /* longest key indexed, in bytes */

/* geo_krec.flags */
#define GEO_KF_PREFIX 1u  /* some longer key starts with this key + ' ' */
#define GEO_KF_COMMON 2u  /* on the common-word stoplist */
#define GEO_KF_COUNTRY 4u /* a country name */
/* bits 3-7: log2 of the number of continuation-filter lines of the keys that continue this
 * one (see geo_next_line) */
#define GEO_KF_SPAN_SHIFT 3
#define GEO_NEXT_PER_LINE 32 /* geoc: a prefix gets a line per this many continuations */

/* geo_rec.flags: bits 0-2 admin level of a seat (1 = PPLA ... 4 = PPLA4) */
#define GEO_RF_LEVEL_MASK 7u
#define GEO_RF_OWN 8u     /* from data/places.txt */
#define GEO_RF_ADMIN1 16u /* an admin1 region built from admin1.json */

typedef struct geo_hdr {
    uint32_t magic, version;
    uint32_t n_places, n_keys, n_slots, n_cands, pool_len; /* n_keys: slots in use */
    uint32_t off_places, off_keys, reserved0, off_cands, off_pool; /* from section start */
    uint32_t n_names;     /* keys with candidates */
    float float_check;    /* 1.5f: guards against a foreign float format */
    uint32_t bloom_words, lower_words; /* sizes of the two filters in 64-bit words */
    uint32_t off_bloom, off_lower;     /* from section start, multiples of 8 */
    uint32_t next_lines, off_next;     /* the continuation filter: 64-byte lines, offset */
} geo_hdr;

typedef struct geo_rec {
    uint32_t geonameid;
    float lat, lon;
    uint32_t population;
    uint32_t name_off, admin1_off; /* pool offsets */
    char cc3[4];
    uint8_t kind, flags;
    uint16_t admin1_idx; /* id of the first-level division (shared by its cities and its
                            region record), 0xFFFF none */
} geo_rec;

struct geo_krec {
    uint32_t hash;    /* geo_hash of the key */
    uint32_t key_off; /* in the pool */
    uint32_t cand;    /* n_cand 1: the candidate (as in cands); more: index of the first */
    uint16_t n_cand;
    uint8_t key_len, flags; /* key_len 0: an empty slot */
};

/* geo_hash() of a key that continues one whose hash is h (FNV-1a runs on). Four bytes a
 * round: the same hash in fewer loop tests (place_run hashes every word). */
static inline uint32_t geo_hash_more(uint32_t h, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        h = (h ^ p[i]) * 16777619u;
        h = (h ^ p[i + 1]) * 16777619u;
        h = (h ^ p[i + 2]) * 16777619u;
        h = (h ^ p[i + 3]) * 16777619u;
    }
    /* the last len % 4 bytes without a loop (a data-dependent loop exit mispredicts on about
     * every word): a pair when len % 4 >= 2, then one byte when it is odd, each kept or
     * dropped by a mask (GCC makes branches of ?:). A dropped step reads byte 0, so nothing
     * outside the key is read. */
    if (len == 0)
        return h;
    size_t rem = len - i; /* 0..3 */
    size_t m2 = 0 - (rem >> 1), m1 = 0 - (rem & 1);
    uint32_t x = (h ^ p[i & m2]) * 16777619u;
    x = (x ^ p[(i + 1) & m2]) * 16777619u;
    h ^= (x ^ h) & (uint32_t)m2;
    x = (h ^ p[(len - 1) & m1]) * 16777619u;
    h ^= (x ^ h) & (uint32_t)m1;
    return h;
}

/* The hash of a folded key (FNV-1a, 32 bits) used by the bucket table. */
static inline uint32_t geo_hash(const char *key, size_t len)
{
    return geo_hash_more(2166136261u, key, len);
}

/* The continuation-filter line of key h that continues a key of hash hp with the given span
 * (flags >> GEO_KF_SPAN_SHIFT) in a filter of mask + 1 lines. */
static inline uint32_t geo_next_line(uint32_t hp, uint32_t h, unsigned span_log, uint32_t mask)
{
    uint32_t base = (hp ^ (hp >> 16)) * 0x7feb352du;
    base ^= base >> 15;
    uint32_t g = (h ^ (h >> 15)) * 0x846ca68bu;
    uint32_t off = span_log ? (g ^ (g >> 16)) >> (32 - span_log) : 0;
    return (base + off) & mask;
}

/* The three bits of key h in its 512-bit continuation-filter line. */
static inline void geo_next_bits(uint32_t h, unsigned bit[3])
{
    uint32_t g = h * 0x2c1b3c6du;
    g ^= g >> 13;
    bit[0] = g & 511;
    bit[1] = (g >> 9) & 511;
    bit[2] = (g >> 18) & 511;
}

/* Candidate j < k->n_cand of key record k (cands: the section's cands). */
static inline uint32_t geo_krec_cand(const geo_krec *k, const uint32_t *cands, uint32_t j)
{
    return k->n_cand == 1 ? k->cand : cands[k->cand + j];
}

/* For tools/geoc: the two Bloom filters of a section whose other tables are given (the slot
 * table keys[0..n_slots) refers to places, cands and pool as in the section). Allocates *bloom
 * and *lower with a (NULL: malloc) and sets their sizes in 64-bit words. Returns NEV_OK or
 * NEV_ENOMEM. */
int geo_build_filters(const geo_rec *places, const geo_krec *keys, uint32_t n_slots,
                      const uint32_t *cands, const char *pool, const nev_alloc *a,
                      uint64_t **bloom, uint32_t *bloom_words, uint64_t **lower,
                      uint32_t *lower_words);

#endif /* NEV_GEO_H */
