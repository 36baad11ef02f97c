/*
 * map.c - open-addressing string hash map with linear probing (see map.h). FNV-1a hash.
 */
#include "map.h"

#include <string.h>

uint32_t map_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}

int strmap_init(strmap *m, const nev_alloc *a, uint32_t expected)
{
    uint32_t cap = 16;
    while (cap < expected * 2 && cap < (1u << 30))
        cap <<= 1;
    m->alc = a;
    m->slots = nev_calloc(a, cap, sizeof *m->slots);
    m->hashes = nev_calloc(a, cap, sizeof *m->hashes);
    m->mask = cap - 1;
    m->count = 0;
    if (!m->slots || !m->hashes) {
        strmap_free(m);
        return NEV_ENOMEM;
    }
    return NEV_OK;
}

void strmap_free(strmap *m)
{
    if (m->slots)
        nev_free(m->alc, m->slots);
    if (m->hashes)
        nev_free(m->alc, m->hashes);
    m->slots = NULL;
    m->hashes = NULL;
}

static int grow(strmap *m)
{
    uint32_t cap = (m->mask + 1) * 2;
    strmap_slot *s = nev_calloc(m->alc, cap, sizeof *s);
    uint32_t *hs = nev_calloc(m->alc, cap, sizeof *hs);
    if (!s || !hs) {
        if (s)
            nev_free(m->alc, s);
        if (hs)
            nev_free(m->alc, hs);
        return NEV_ENOMEM;
    }
    for (uint32_t i = 0; i <= m->mask; i++) {
        strmap_slot *o = &m->slots[i];
        if (!o->key)
            continue;
        uint32_t j = o->hash & (cap - 1);
        while (s[j].key)
            j = (j + 1) & (cap - 1);
        s[j] = *o;
        hs[j] = o->hash;
    }
    nev_free(m->alc, m->slots);
    nev_free(m->alc, m->hashes);
    m->slots = s;
    m->hashes = hs;
    m->mask = cap - 1;
    return NEV_OK;
}

uint32_t *strmap_put(strmap *m, const char *key, size_t len, uint32_t init, bool *found)
{
    if ((m->count + 1) * 4 > (m->mask + 1) * 3 && grow(m) != NEV_OK)
        return NULL;
    uint32_t h = map_hash(key, len);
    uint32_t i = h & m->mask;
    while (m->hashes[i]) {
        strmap_slot *s = &m->slots[i];
        if (m->hashes[i] == h && s->len == len && memcmp(s->key, key, len) == 0) {
            if (found)
                *found = true;
            return &s->value;
        }
        i = (i + 1) & m->mask;
    }
    m->slots[i].key = key;
    m->slots[i].len = (uint32_t)len;
    m->slots[i].hash = h;
    m->slots[i].value = init;
    m->hashes[i] = h;
    m->count++;
    if (found)
        *found = false;
    return &m->slots[i].value;
}

const uint32_t *strmap_get(const strmap *m, const char *key, size_t len)
{
    if (!m->slots)
        return NULL;
    uint32_t h = map_hash(key, len);
    uint32_t i = h & m->mask;
    for (uint32_t g; (g = m->hashes[i]) != 0; i = (i + 1) & m->mask) {
        if (g != h)
            continue;
        const strmap_slot *s = &m->slots[i];
        if (s->len == len && memcmp(s->key, key, len) == 0)
            return &s->value;
    }
    return NULL;
}
