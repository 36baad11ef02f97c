/*
 * geo.c - gazetteer runtime: opens the "geo" model section in place (see geo.h for its
 * layout), looks folded place names up through the section's hash table, and picks the most
 * plausible place for a name given the countries an article is about.
 */
#include "geo.h"

#include <math.h>
#include <string.h>

struct geo_model {
    const nev_alloc *a;
    const geo_hdr *hdr;
    const geo_rec *places;
    const geo_krec *keys;
    const uint32_t *buckets;
    const uint32_t *cands;
    const char *pool;
};

_Static_assert(sizeof(geo_hdr) == 64, "geo_hdr layout");
_Static_assert(sizeof(geo_rec) == 32, "geo_rec layout");
_Static_assert(sizeof(geo_krec) == 12, "geo_krec layout");

uint32_t geo_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)key[i];
        h *= 16777619u;
    }
    return h;
}

/* True when [off, off + n * size) lies inside a block of len bytes. */
static bool in_block(uint32_t off, uint32_t n, size_t size, size_t len)
{
    if (off % 4 != 0 || off > len)
        return false;
    return (uint64_t)n * size <= (uint64_t)(len - off);
}

int geo_model_load(geo_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                   nev_error *err)
{
    if (!out || !data)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "geo_model_load: NULL argument");
    *out = NULL;
    if (((uintptr_t)data % 4) != 0 || len < sizeof(geo_hdr) || len > UINT32_MAX)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad size or alignment");
    const geo_hdr *h = (const geo_hdr *)(const void *)data;
    if (h->magic != GEO_MAGIC || h->version != GEO_VERSION || h->float_check != 1.5f)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad magic or version");
    if (!in_block(h->off_places, h->n_places, sizeof(geo_rec), len) ||
        !in_block(h->off_keys, h->n_keys, sizeof(geo_krec), len) ||
        !in_block(h->off_buckets, h->n_buckets, 4, len) ||
        !in_block(h->off_cands, h->n_cands, 4, len) || !in_block(h->off_pool, h->pool_len, 1, len))
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: table out of bounds");
    if (h->n_buckets == 0 || (h->n_buckets & (h->n_buckets - 1)) != 0 ||
        h->n_keys >= h->n_buckets || h->pool_len == 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad hash table");
    const geo_rec *places = (const geo_rec *)(const void *)(data + h->off_places);
    const geo_krec *keys = (const geo_krec *)(const void *)(data + h->off_keys);
    const uint32_t *buckets = (const uint32_t *)(const void *)(data + h->off_buckets);
    const uint32_t *cands = (const uint32_t *)(const void *)(data + h->off_cands);
    const char *pool = (const char *)(data + h->off_pool);
    /* Check every reference once so that lookups need no bounds checks. */
    if (pool[0] != '\0' || pool[h->pool_len - 1] != '\0')
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad string pool");
    for (uint32_t i = 0; i < h->n_places; i++) {
        const geo_rec *p = &places[i];
        if (p->name_off >= h->pool_len || p->admin1_off >= h->pool_len || p->cc3[3] != '\0' ||
            p->kind > GEO_OTHER)
            return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad place %u", i);
    }
    for (uint32_t i = 0; i < h->n_keys; i++) {
        const geo_krec *k = &keys[i];
        if ((uint64_t)k->key_off + k->key_len > h->pool_len ||
            (uint64_t)k->cand_start + k->n_cand > h->n_cands)
            return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad key %u", i);
    }
    for (uint32_t i = 0; i < h->n_buckets; i++)
        if (buckets[i] > h->n_keys)
            return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad bucket %u", i);
    for (uint32_t i = 0; i < h->n_cands; i++)
        if ((cands[i] & ~GEO_CAND_ALT) >= h->n_places)
            return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad candidate %u", i);
    geo_model *m = nev_calloc(a, 1, sizeof *m);
    if (!m)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "geo_model_load: out of memory");
    m->a = a;
    m->hdr = h;
    m->places = places;
    m->keys = keys;
    m->buckets = buckets;
    m->cands = cands;
    m->pool = pool;
    *out = m;
    return NEV_OK;
}

void geo_model_free(geo_model *m)
{
    if (m)
        nev_free(m->a, m);
}

size_t geo_n_names(const geo_model *m)
{
    return m ? m->hdr->n_names : 0;
}

/* The key record for key, or NULL. */
static const geo_krec *find_key(const geo_model *m, const char *key, size_t key_len)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX)
        return NULL;
    uint32_t mask = m->hdr->n_buckets - 1;
    uint32_t i = geo_hash(key, key_len) & mask;
    /* The table is never full (n_keys < n_buckets), so an empty slot ends every probe. */
    for (;;) {
        uint32_t b = m->buckets[i];
        if (b == 0)
            return NULL;
        const geo_krec *k = &m->keys[b - 1];
        if (k->key_len == key_len && memcmp(m->pool + k->key_off, key, key_len) == 0)
            return k;
        i = (i + 1) & mask;
    }
}

static void fill_place(const geo_model *m, const geo_rec *r, geo_place *out)
{
    out->geonameid = r->geonameid;
    out->lat = r->lat;
    out->lon = r->lon;
    out->population = r->population;
    memcpy(out->cc3, r->cc3, 4);
    out->name = m->pool + r->name_off;
    out->admin1 = m->pool + r->admin1_off;
    out->kind = r->kind;
}

size_t geo_lookup(const geo_model *m, const char *key, size_t key_len, geo_place *out,
                  size_t max)
{
    const geo_krec *k = find_key(m, key, key_len);
    if (!k)
        return 0;
    for (size_t i = 0; i < k->n_cand && i < max && out; i++)
        fill_place(m, &m->places[m->cands[k->cand_start + i] & ~GEO_CAND_ALT], &out[i]);
    return k->n_cand;
}

bool geo_has_prefix(const geo_model *m, const char *key, size_t key_len)
{
    const geo_krec *k = find_key(m, key, key_len);
    return k && (k->flags & GEO_KF_PREFIX);
}

bool geo_is_common_word(const geo_model *m, const char *key, size_t key_len)
{
    const geo_krec *k = find_key(m, key, key_len);
    return k && (k->flags & GEO_KF_COMMON);
}

bool geo_is_country_name(const geo_model *m, const char *key, size_t key_len)
{
    const geo_krec *k = find_key(m, key, key_len);
    return k && (k->flags & GEO_KF_COUNTRY);
}

/* Share of the article's attention on country cc3: its weight over the largest weight, in
 * [0, 1]; 0 when the article does not mention it. */
static float context_share(const geo_context *ctx, const char *cc3)
{
    if (!ctx || !ctx->countries || ctx->n_countries == 0)
        return 0.0f;
    float maxw = 0.0f, w = 0.0f;
    bool found = false;
    for (size_t i = 0; i < ctx->n_countries; i++) {
        float wi = ctx->weights ? ctx->weights[i] : 1.0f;
        if (wi > maxw)
            maxw = wi;
        if (memcmp(ctx->countries[i], cc3, 3) == 0) {
            found = true;
            if (wi > w)
                w = wi;
        }
    }
    if (!found)
        return 0.0f;
    if (maxw <= 0.0f)
        return 1.0f; /* mentioned, but no weights given */
    float s = w / maxw;
    return s < 0.05f ? 0.05f : s;
}

static unsigned admin_level(const geo_rec *r)
{
    return r->kind == GEO_ADMIN_SEAT ? (r->flags & GEO_RF_LEVEL_MASK) : 0;
}

/* Prominence of a place regardless of context. */
static float base_score(const geo_rec *r)
{
    float s = (r->flags & GEO_RF_OWN) ? 6.5f : log10f((float)r->population + 10.0f);
    switch (r->kind) {
    case GEO_CAPITAL:
        s += 3.0f;
        break;
    case GEO_ADMIN_SEAT: {
        static const float lv[5] = {0.0f, 1.5f, 0.6f, 0.2f, 0.2f};
        unsigned l = admin_level(r);
        s += lv[l <= 4 ? l : 4];
        break;
    }
    case GEO_REGION:
        s += 1.0f;
        break;
    default:
        break;
    }
    return s;
}

/* A first-level division yields to a city of the same name in the same country when that
 * city is the capital, the division's seat, or at least a tenth of its size ("Donetsk" is
 * the city; "Washington" is D.C.; "Rostov" is Rostov-on-Don rather than Rostov Veliky). */
static bool region_yields(const geo_model *m, const geo_krec *k, const geo_rec *reg)
{
    for (uint32_t j = 0; j < k->n_cand; j++) {
        const geo_rec *c = &m->places[m->cands[k->cand_start + j] & ~GEO_CAND_ALT];
        if (c == reg || c->kind == GEO_REGION || c->kind == GEO_WATER ||
            memcmp(c->cc3, reg->cc3, 3) != 0)
            continue;
        if (c->kind == GEO_CAPITAL || (admin_level(c) == 1 && c->admin1_idx == reg->admin1_idx) ||
            (uint64_t)c->population * 10 >= reg->population)
            return true;
    }
    return false;
}

bool geo_resolve(const geo_model *m, const char *key, size_t key_len, const geo_context *ctx,
                 geo_place *out)
{
    const geo_krec *k = find_key(m, key, key_len);
    if (!k || k->n_cand == 0 || (k->flags & GEO_KF_COUNTRY))
        return false;
    bool cue = ctx && ctx->cue;
    if ((k->flags & GEO_KF_COMMON) && !cue)
        return false;
    const geo_rec *best = NULL;
    float best_score = -1e9f, best_share = 0.0f;
    for (uint32_t j = 0; j < k->n_cand; j++) {
        uint32_t c = m->cands[k->cand_start + j];
        const geo_rec *r = &m->places[c & ~GEO_CAND_ALT];
        float s = base_score(r);
        if (c & GEO_CAND_ALT)
            s -= 3.0f; /* alternate and historical names ("Pokrovsk" was Engels' old name) */
        if ((r->flags & GEO_RF_ADMIN1) && region_yields(m, k, r))
            s -= 5.0f;
        float share = context_share(ctx, r->cc3);
        if (share > 0.0f) /* any country the story names, a little more for the main ones */
            s += 2.0f + 1.5f * share + (cue ? 0.5f : 0.0f);
        if (s > best_score) { /* ties keep the earlier, i.e. bigger, candidate */
            best_score = s;
            best = r;
            best_share = share;
        }
    }
    if (!best)
        return false;
    bool multiword = memchr(key, ' ', key_len) != NULL;
    uint32_t pop = best->population;
    /* a first-level division abroad needs the story's country or a cue: "South East" is a
     * district of Botswana, but "touring South East Asian countries" is not about it */
    bool region_ok = best->kind == GEO_REGION && (best_share > 0.0f || cue || (best->flags & GEO_RF_OWN));
    bool strong = (best->flags & GEO_RF_OWN) || best->kind == GEO_CAPITAL || region_ok ||
                  best->kind == GEO_WATER || admin_level(best) == 1 || pop >= 50000;
    bool ok;
    if (best_share > 0.0f)
        /* a small town named like a common word ("Congress", "Arab", "Peninsula") needs a
         * cue even in a country the story is about */
        ok = strong || cue || multiword || pop >= 10000 || k->n_cand == 1;
    else
        ok = strong || (cue && pop >= 2000) || (multiword && pop >= 5000);
    if (!ok)
        return false;
    if (out)
        fill_place(m, best, out);
    return true;
}
