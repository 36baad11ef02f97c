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

#include "common.h"

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
                      in the cache) and touches a slot only when the byte matches */
    uint32_t mask;  /* capacity - 1 (power of two) */
    uint32_t count;
    const nev_alloc *alc;
} strmap;

uint32_t map_hash(const char *s, size_t len);
int strmap_init(strmap *m, const nev_alloc *a, uint32_t expected);
void strmap_free(strmap *m);
/* Insert or find. Returns a pointer to the value slot (new slots start with `init`),
 * or NULL when out of memory. *found tells whether the key existed. */
uint32_t *strmap_put(strmap *m, const char *key, size_t len, uint32_t init, bool *found);
/* Lookup: pointer to the value or NULL. */
const uint32_t *strmap_get(const strmap *m, const char *key, size_t len);

#endif
