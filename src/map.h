/*
 * map.h - an open-addressing hash map from byte strings to uint32 values, built once when a
 * model loads and read-only afterwards (safe to share between threads). Keys are not copied:
 * they must outlive the map (they point into the model's text).
 */
#ifndef NEV_MAP_H
#define NEV_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

typedef struct strmap_slot {
    const char *key;
    uint32_t len;
    uint32_t hash;
    uint32_t value;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    uint8_t *tags; /* a byte of each slot's hash (never 0), 0 for an empty slot: probing
                      reads this compact array (a quarter of a 32-bit hash array, so it stays
                      in the cache) and touches a slot only when the byte matches; MAP_GROUP
                      more bytes at the end repeat the first ones */
    uint32_t mask;  /* capacity - 1 (power of two) */
    uint32_t count;
    const nev_alloc *alc;
} strmap;

static inline uint64_t map_rd64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint32_t map_rd32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* strmap_hash's last step: the tail word w (the last 1-8 bytes, see below) mixed into h */
static inline uint32_t strmap_hash_end(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    uint32_t r = (uint32_t)h;
    return r ? r : 1;
}

/* The slot hash of a key, never 0. Keys are mostly short words and phrases, hashed a word at
 * a time: 8-byte blocks, then the last 1-8 bytes as two overlapping 4-byte reads or three single
 * bytes, which with the length mixed in tell every key of a length apart before mixing. */
static inline uint32_t strmap_hash(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
    for (; len > 8; s += 8, len -= 8) {
        h = (h ^ map_rd64(s)) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    if (len >= 4)
        w = (uint64_t)map_rd32(s) << 32 | map_rd32(s + len - 4);
    else if (len > 0)
        w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 |
            (unsigned char)s[len - 1];
    return strmap_hash_end(h, w);
}

/* The probe tag of a hash: its top byte, 1 when that is 0. */
static inline uint8_t strmap_tag(uint32_t h)
{
    uint8_t t = (uint8_t)(h >> 24);
    return t ? t : 1;
}

/* a[0..n) == b[0..n), reading no byte outside them (most keys are a few bytes: no call) */
static inline bool map_same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (map_rd64(a + i) != map_rd64(b + i))
                return false;
        return map_rd64(a + n - 8) == map_rd64(b + n - 8);
    }
    if (n >= 4)
        return map_rd32(a) == map_rd32(b) && map_rd32(a + n - 4) == map_rd32(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Tags are probed in groups of MAP_GROUP bytes: the tags array holds MAP_GROUP more bytes
 * after the last slot's, a copy of the first ones, so a group that wraps around reads on. */
enum { MAP_GROUP = 16 };

/* The slot whose key is key[0..len) with hash h, else NULL. */
static inline const strmap_slot *map_slot_match(const strmap_slot *s, const char *key,
                                                size_t len, uint32_t h)
{
    return s->hash == h && s->len == len && map_same_bytes(s->key, key, len) ? s : NULL;
}

/* strmap_get_hashed() inline, for a hot loop (m built: slots not NULL). With SSE2 a group of
 * 16 tags is compared at once, and only the slots whose tag matches before the first empty
 * one are read: the probe's length costs no branch (a scalar loop mispredicts its exit). */
static inline const uint32_t *strmap_probe(const strmap *m, const char *key, size_t len,
                                           uint32_t h)
{
    uint8_t tag = strmap_tag(h);
    uint32_t i = h & m->mask;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i vt = _mm_set1_epi8((char)tag), z = _mm_setzero_si128();
    for (;;) {
        __m128i g = _mm_loadu_si128((const __m128i *)(const void *)(m->tags + i));
        unsigned e = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(g, z));
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(g, vt)) & (e - 1) & ~e;
        for (; c; c &= c - 1) {
            const strmap_slot *s =
                map_slot_match(&m->slots[(i + (uint32_t)__builtin_ctz(c)) & m->mask], key, len, h);
            if (s)
                return &s->value;
        }
        if (e)
            return NULL;
        i = (i + MAP_GROUP) & m->mask;
    }
#else
    for (uint8_t g; (g = m->tags[i]) != 0; i = (i + 1) & m->mask) {
        if (g != tag)
            continue;
        const strmap_slot *s = map_slot_match(&m->slots[i], key, len, h);
        if (s)
            return &s->value;
    }
    return NULL;
#endif
}

int strmap_init(strmap *m, const nev_alloc *a, uint32_t expected);
void strmap_free(strmap *m);
/* Insert or find. Returns a pointer to the value slot (new slots start with `init`),
 * or NULL when out of memory. *found tells whether the key existed. */
uint32_t *strmap_put(strmap *m, const char *key, size_t len, uint32_t init, bool *found);
/* Lookup: pointer to the value or NULL. */
const uint32_t *strmap_get(const strmap *m, const char *key, size_t len);
/* The same in two steps, for batches: strmap_hash() of a key, strmap_prefetch() of the tag
 * its probe reads first, then strmap_get_hashed() with that hash. */
const uint32_t *strmap_get_hashed(const strmap *m, const char *key, size_t len, uint32_t h);
static inline void strmap_prefetch(const strmap *m, uint32_t h)
{
#if defined(__GNUC__)
    if (m->tags) {
        __builtin_prefetch(&m->tags[h & m->mask]);
        __builtin_prefetch(&m->slots[h & m->mask]);
    }
#else
    (void)m;
    (void)h;
#endif
}

#endif
