/*
 * map.c - open-addressing string hash map with linear probing (see map.h).
 */
#include "map.h"

#include <string.h>

/* The probe tag of a hash: its top byte, 1 when that is 0. */
static inline uint8_t map_tag(uint32_t h)
{
    uint8_t t = (uint8_t)(h >> 24);
    return t ? t : 1;
}

uint32_t map_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}

/* a[0..n) == b[0..n), reading no byte outside them (most keys are a few bytes: no call) */
static inline bool same_bytes(const char *a, const char *b, size_t n)
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

int strmap_init(strmap *m, const nev_alloc *a, uint32_t expected)
{
    uint32_t cap = 16;
    while (cap < expected * 2 && cap < (1u << 30))
        cap <<= 1;
    m->alc = a;
    m->slots = nev_calloc(a, cap, sizeof *m->slots);
    m->tags = nev_calloc(a, cap, sizeof *m->tags);
    m->mask = cap - 1;
    m->count = 0;
    if (!m->slots || !m->tags) {
        strmap_free(m);
        return NEV_ENOMEM;
    }
    return NEV_OK;
}

void strmap_free(strmap *m)
{
    if (m->slots)
        nev_free(m->alc, m->slots);
    if (m->tags)
        nev_free(m->alc, m->tags);
    m->slots = NULL;
    m->tags = NULL;
}

static int grow(strmap *m)
{
    uint32_t cap = (m->mask + 1) * 2;
    strmap_slot *s = nev_calloc(m->alc, cap, sizeof *s);
    uint8_t *hs = nev_calloc(m->alc, cap, sizeof *hs);
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
        hs[j] = map_tag(o->hash);
    }
    nev_free(m->alc, m->slots);
    nev_free(m->alc, m->tags);
    m->slots = s;
    m->tags = hs;
    m->mask = cap - 1;
    return NEV_OK;
}

uint32_t *strmap_put(strmap *m, const char *key, size_t len, uint32_t init, bool *found)
{
    if ((m->count + 1) * 4 > (m->mask + 1) * 3 && grow(m) != NEV_OK)
        return NULL;
    uint32_t h = strmap_hash(key, len);
    uint32_t i = h & m->mask;
    while (m->tags[i]) {
        strmap_slot *s = &m->slots[i];
        if (s->hash == h && s->len == len && same_bytes(s->key, key, len)) {
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
    m->tags[i] = map_tag(h);
    m->count++;
    if (found)
        *found = false;
    return &m->slots[i].value;
}

static inline const uint32_t *get_hashed(const strmap *m, const char *key, size_t len,
                                         uint32_t h)
{
    uint8_t tag = map_tag(h);
    uint32_t i = h & m->mask;
    for (uint8_t g; (g = m->tags[i]) != 0; i = (i + 1) & m->mask) {
        if (g != tag)
            continue;
        const strmap_slot *s = &m->slots[i];
        if (s->hash == h && s->len == len && same_bytes(s->key, key, len))
            return &s->value;
    }
    return NULL;
}

const uint32_t *strmap_get(const strmap *m, const char *key, size_t len)
{
    if (!m->slots)
        return NULL;
    return get_hashed(m, key, len, strmap_hash(key, len));
}

const uint32_t *strmap_get_hashed(const strmap *m, const char *key, size_t len, uint32_t h)
{
    if (!m->slots)
        return NULL;
    return get_hashed(m, key, len, h);
}
