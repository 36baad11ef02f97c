/*
 * map.c - open-addressing string hash map with linear probing (see map.h).
 */
#include "map.h"

#include <string.h>

int strmap_init(strmap *m, const nev_alloc *a, uint32_t expected)
{
    uint32_t cap = 16;
    while (cap < expected * 2 && cap < (1u << 30))
        cap <<= 1;
    m->alc = a;
    m->slots = nev_calloc(a, cap, sizeof *m->slots);
    m->tags = nev_calloc(a, cap + MAP_GROUP, sizeof *m->tags);
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
    uint8_t *hs = nev_calloc(m->alc, cap + MAP_GROUP, sizeof *hs);
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
        hs[j] = strmap_tag(o->hash);
    }
    memcpy(hs + cap, hs, MAP_GROUP); /* (cap >= 16) */
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
        if (s->hash == h && s->len == len && map_same_bytes(s->key, key, len)) {
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
    m->tags[i] = strmap_tag(h);
    if (i < MAP_GROUP)
        m->tags[m->mask + 1 + i] = m->tags[i];
    m->count++;
    if (found)
        *found = false;
    return &m->slots[i].value;
}

const uint32_t *strmap_get(const strmap *m, const char *key, size_t len)
{
    if (!m->slots)
        return NULL;
    return strmap_probe(m, key, len, strmap_hash(key, len));
}

const uint32_t *strmap_get_hashed(const strmap *m, const char *key, size_t len, uint32_t h)
{
    if (!m->slots)
        return NULL;
    return strmap_probe(m, key, len, h);
}
