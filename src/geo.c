/*
 * geo.c - gazetteer runtime: opens the "geo" model section in place (see geo.h for its
 * layout), looks folded place names up through the section's hash table, and picks the most
 * plausible place for a name given the countries an article is about.
 */
#include "geo.h"

#include <math.h>
#include <string.h>

#define GEO_MEMO 512     /* memo slots (power of 2, at least twice the words) */
#define GEO_MEMO_WORD 19 /* longest memo word + 1 */

/* The most frequent word forms of the press sections (A-C) of the Brown corpus. */
static const char *const memo_words[] = {
    "the", "of", "and", "to", "in", "is", "for", "that", "was", "it", "he", "on", "as", "with",
    "be", "at", "by", "his", "this", "are", "has", "but", "not", "from", "will", "an", "have",
    "who", "which", "they", "one", "had", "would", "all", "or", "said", "new", "were", "more",
    "been", "their", "its", "there", "we", "when", "than", "other", "out", "no", "up", "first",
    "if", "about", "two", "last", "some", "so", "what", "can", "only", "her", "him", "into",
    "state", "after", "time", "may", "do", "most", "year", "also", "them", "president", "any",
    "over", "now", "our", "years", "you", "she", "man", "american", "these", "made", "many",
    "could", "such", "should", "then", "government", "even", "city", "home", "people", "world",
    "good", "before", "program", "those", "united", "too", "under", "much", "states", "public",
    "like", "three", "just", "school", "house", "each", "being", "where", "work", "week", "well",
    "both", "how", "here", "back", "way", "must", "make", "against", "get", "day", "since", "own",
    "did", "war", "off", "because", "night", "kennedy", "national", "great", "very", "little",
    "high", "old", "through", "john", "my", "long", "york", "while", "between", "members", "take",
    "still", "might", "during", "without", "per", "four", "does", "us", "men", "another", "down",
    "learned", "west", "county", "committee", "see", "music", "never", "life", "however",
    "service", "white", "right", "general", "far", "party", "few", "board", "children",
    "university", "know", "come", "big", "part", "left", "east", "today", "course",
    "administration", "young", "washington", "same", "news", "tax", "set", "s'learned'", "go",
    "bill", "next", "every", "miss", "million", "company", "cent", "business", "better", "show",
    "me", "himself", "called", "soviet", "group", "family", "fact", "days", "country", "came",
    "again", "several", "second", "meeting", "season", "political", "need", "best", "almost",
    "system", "says", "place", "court", "use", "special", "among", "until", "told", "enough",
    "help", "given", "college", "case", "put", "give", "club", "toward", "present", "play",
    "least", "small", "say", "got", "end", "problem", "khrushchev", "car", "area", "along",
};

struct geo_model {
    const nev_alloc *a;
    const geo_hdr *hdr;
    const geo_rec *places;
    const geo_krec *keys; /* the slot table */
    uint32_t slot_mask;   /* n_slots - 1 */
    const uint32_t *cands;
    const char *pool;
    /* The section's Bloom filters, each a power-of-2 array of 64-bit words with three bits of
     * a key set in one word: every key (find_key answers most unknown names without touching
     * the tables) and the keys of geo_maybe_lower(). They are read in place, word by word
     * with memcpy (the section need only be 4-byte aligned). */
    const unsigned char *all_bloom, *lower_bloom;
    uint32_t all_mask, lower_mask; /* words - 1 */
    const unsigned char *next; /* the continuation filter (64-byte lines, read like those) */
    uint32_t next_mask;        /* lines - 1 */
    /* find_key's answers for the most frequent English words, looked up at load time: most
     * tokens of an article are among them, and this small table stays in the cache */
    struct geo_memo {
        const geo_krec *k;
        uint32_t h;
        uint8_t len;
        bool lower; /* what geo_maybe_lower() answers (exactly) */
        char w[GEO_MEMO_WORD];
    } memo[GEO_MEMO];
    /* memo[i].h | 1 for a used slot, 0 for an empty one: a probe reads this 2 KB array and
     * the entry only when the hash matches */
    uint32_t memo_tag[GEO_MEMO];
};

_Static_assert(sizeof(geo_hdr) == 80, "geo_hdr layout");
_Static_assert(sizeof(geo_rec) == 32, "geo_rec layout");
_Static_assert(sizeof(geo_krec) == 16, "geo_krec layout");

/* True when [off, off + n * size) lies inside a block of len bytes. */
static bool in_block(uint32_t off, uint32_t n, size_t size, size_t len)
{
    if (off % 4 != 0 || off > len)
        return false;
    return (uint64_t)n * size <= (uint64_t)(len - off);
}

/* The word and the three bits of a key hash in a Bloom filter of mask + 1 words. */
static inline uint32_t bloom_word(uint32_t h, uint32_t mask)
{
    return geo_bloom_word(h, mask);
}

static inline uint64_t bloom_bits(uint32_t h)
{
    uint32_t g = h * 0x2c1b3c6du;
    g ^= g >> 15;
    return (1ull << (g & 63)) | (1ull << ((g >> 6) & 63)) | (1ull << ((g >> 12) & 63));
}

static inline bool bloom_has(const unsigned char *w, uint32_t mask, uint32_t h)
{
    uint64_t b = bloom_bits(h), x;
    memcpy(&x, w + (size_t)bloom_word(h, mask) * 8, sizeof x);
    return (x & b) == b;
}

/* A filter with room for n keys (about 12 bits a key). */
static uint64_t *bloom_new(const nev_alloc *a, size_t n, uint32_t *words_out)
{
    uint32_t words = 1;
    while ((uint64_t)words * 64 < (uint64_t)n * 12 && words < (1u << 26))
        words *= 2;
    *words_out = words;
    return nev_calloc(a, words, sizeof(uint64_t));
}

/* A key that geo_maybe_lower() must accept: one word (no space) that starts a longer name or
 * names a big national capital. */
static bool lower_key(const geo_rec *places, const uint32_t *cands, const char *pool,
                      const geo_krec *k)
{
    if (memchr(pool + k->key_off, ' ', k->key_len))
        return false;
    if (k->flags & GEO_KF_PREFIX)
        return true;
    for (uint32_t j = 0; j < k->n_cand; j++) {
        const geo_rec *r = &places[geo_krec_cand(k, cands, j) & ~GEO_CAND_ALT];
        if (r->kind == GEO_CAPITAL && r->population >= GEO_BIG_CAPITAL)
            return true;
    }
    return false;
}

int geo_build_filters(const geo_rec *places, const geo_krec *keys, uint32_t n_slots,
                      const uint32_t *cands, const char *pool, const nev_alloc *a,
                      uint64_t **bloom, uint32_t *bloom_words, uint64_t **lower,
                      uint32_t *lower_words)
{
    size_t n_keys = 0, n_lower = 0;
    for (uint32_t i = 0; i < n_slots; i++)
        if (keys[i].key_len) {
            n_keys++;
            n_lower += lower_key(places, cands, pool, &keys[i]);
        }
    *bloom = bloom_new(a, n_keys, bloom_words);
    *lower = bloom_new(a, n_lower, lower_words);
    if (!*bloom || !*lower) {
        nev_free(a, *bloom);
        nev_free(a, *lower);
        *bloom = *lower = NULL;
        return NEV_ENOMEM;
    }
    for (uint32_t i = 0; i < n_slots; i++) {
        const geo_krec *k = &keys[i];
        if (!k->key_len)
            continue;
        uint32_t h = k->hash;
        (*bloom)[bloom_word(h, *bloom_words - 1)] |= bloom_bits(h);
        if (lower_key(places, cands, pool, k))
            (*lower)[bloom_word(h, *lower_words - 1)] |= bloom_bits(h);
    }
    return NEV_OK;
}

static const struct geo_memo *memo_get(const geo_model *m, const char *key, size_t key_len,
                                       uint32_t h);
static void build_memo(geo_model *m);

bool geo_maybe_lower(const geo_model *m, const char *key, size_t key_len)
{
    return geo_maybe_lower_h(m, key, key_len, geo_hash(key, key_len));
}

/* The filter first: it is small (its word is what geo_prefetch_h loads for a lower-case
 * word) and rejects most words in one test; a memo word's exact answer is needed only when
 * it passes (memo[].lower implies the filter's bits). */
bool geo_maybe_lower_h(const geo_model *m, const char *key, size_t key_len, uint32_t h)
{
    if (!bloom_has(m->lower_bloom, m->lower_mask, h))
        return false;
    const struct geo_memo *e = memo_get(m, key, key_len, h);
    return e ? e->lower : true;
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
        !in_block(h->off_keys, h->n_slots, sizeof(geo_krec), len) ||
        !in_block(h->off_cands, h->n_cands, 4, len) || !in_block(h->off_pool, h->pool_len, 1, len))
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: table out of bounds");
    if (h->n_slots == 0 || (h->n_slots & (h->n_slots - 1)) != 0 ||
        h->n_keys >= h->n_slots || h->pool_len == 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad hash table");
    if (h->bloom_words == 0 || (h->bloom_words & (h->bloom_words - 1)) != 0 ||
        h->lower_words == 0 || (h->lower_words & (h->lower_words - 1)) != 0 ||
        h->off_bloom % 8 != 0 || h->off_lower % 8 != 0 ||
        !in_block(h->off_bloom, h->bloom_words, 8, len) ||
        !in_block(h->off_lower, h->lower_words, 8, len))
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad Bloom filters");
    if (h->next_lines == 0 || (h->next_lines & (h->next_lines - 1)) != 0 ||
        h->off_next % 8 != 0 || !in_block(h->off_next, h->next_lines, 64, len))
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad continuation filter");
    const geo_rec *places = (const geo_rec *)(const void *)(data + h->off_places);
    const geo_krec *keys = (const geo_krec *)(const void *)(data + h->off_keys);
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
    /* every key's text and candidates lie inside, and there are the empty slots that end
     * every probe (n_keys < n_slots) */
    uint32_t used = 0;
    for (uint32_t i = 0; i < h->n_slots; i++) {
        const geo_krec *k = &keys[i];
        if (k->key_len == 0)
            continue;
        used++;
        if ((uint64_t)k->key_off + k->key_len > h->pool_len ||
            (k->n_cand == 1 && (k->cand & ~GEO_CAND_ALT) >= h->n_places) ||
            (k->n_cand > 1 && (uint64_t)k->cand + k->n_cand > h->n_cands))
            return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad key %u", i);
    }
    if (used != h->n_keys)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "geo section: bad key count");
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
    m->slot_mask = h->n_slots - 1;
    m->cands = cands;
    m->pool = pool;
    m->all_bloom = data + h->off_bloom;
    m->all_mask = h->bloom_words - 1;
    m->lower_bloom = data + h->off_lower;
    m->lower_mask = h->lower_words - 1;
    m->next = data + h->off_next;
    m->next_mask = h->next_lines - 1;
    build_memo(m);
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

/* The key record for key with hash h, or NULL, from the hash table alone. Out of line, so
 * the filter and memo tests before it need not save registers for its memcmp call. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static const geo_krec *probe_key_h(const geo_model *m, const char *key, size_t key_len,
                                   uint32_t h)
{
    uint32_t mask = m->slot_mask;
    uint32_t i = h & mask;
    /* The table is never full (n_keys < n_slots), so an empty slot ends every probe. */
    for (;;) {
        const geo_krec *k = &m->keys[i];
        if (k->key_len == 0)
            return NULL;
        if (k->hash == h && k->key_len == key_len &&
            memcmp(m->pool + k->key_off, key, key_len) == 0)
            return k;
        i = (i + 1) & mask;
    }
}

/* The key record for key with hash h, or NULL, from the tables. */
static const geo_krec *find_key_h(const geo_model *m, const char *key, size_t key_len,
                                  uint32_t h)
{
    if (!bloom_has(m->all_bloom, m->all_mask, h))
        return NULL;
    return probe_key_h(m, key, key_len, h);
}

const geo_krec *geo_find_more_h(const geo_model *m, const geo_krec *prefix, uint32_t prefix_h,
                                const char *key, size_t key_len, uint32_t h)
{
    if (!m || !prefix || !(prefix->flags & GEO_KF_PREFIX) || !key || key_len == 0 ||
        key_len > GEO_KEY_MAX)
        return NULL;
    uint32_t line = geo_next_line(prefix_h, h, prefix->flags >> GEO_KF_SPAN_SHIFT, m->next_mask);
    unsigned bit[3];
    geo_next_bits(h, bit);
    const unsigned char *w = m->next + (size_t)line * 64;
    for (int q = 0; q < 3; q++) {
        uint64_t x;
        memcpy(&x, w + (bit[q] >> 6) * 8, sizeof x);
        if (!(x >> (bit[q] & 63) & 1))
            return NULL;
    }
    return probe_key_h(m, key, key_len, h);
}

static inline const geo_krec *find_key_hashed(const geo_model *m, const char *key,
                                              size_t key_len, uint32_t h);

/* The key record for key, or NULL. */
static const geo_krec *find_key(const geo_model *m, const char *key, size_t key_len)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX)
        return NULL;
    return find_key_hashed(m, key, key_len, geo_hash(key, key_len));
}

static inline const geo_krec *find_key_hashed(const geo_model *m, const char *key,
                                              size_t key_len, uint32_t h)
{
    const struct geo_memo *e = memo_get(m, key, key_len, h);
    return e ? e->k : find_key_h(m, key, key_len, h);
}

/* The memo entry of a key, or NULL. */
static const struct geo_memo *memo_get(const geo_model *m, const char *key, size_t key_len,
                                       uint32_t h)
{
    if (key_len >= GEO_MEMO_WORD)
        return NULL;
    uint32_t tag = h | 1;
    for (uint32_t i = h & (GEO_MEMO - 1); m->memo_tag[i]; i = (i + 1) & (GEO_MEMO - 1))
        if (m->memo_tag[i] == tag && m->memo[i].h == h && m->memo[i].len == key_len) {
            /* a short word: compared inline */
            size_t j = 0;
            while (j < key_len && m->memo[i].w[j] == key[j])
                j++;
            if (j == key_len)
                return &m->memo[i];
        }
    return NULL;
}

#if defined(__GNUC__)
#define GEO_PREFETCH(p) __builtin_prefetch(p)
#else
#define GEO_PREFETCH(p) ((void)(p))
#endif

void geo_prefetch(const geo_model *m, const char *key, size_t key_len, bool lower)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX)
        return;
    geo_prefetch_h(m, key_len, geo_hash(key, key_len), lower);
}

void geo_prefetch_h(const geo_model *m, size_t key_len, uint32_t h, bool lower)
{
    if (!m || key_len == 0 || key_len > GEO_KEY_MAX)
        return;
    if (lower) {
        GEO_PREFETCH(m->lower_bloom + (size_t)bloom_word(h, m->lower_mask) * 8);
    } else {
        GEO_PREFETCH(m->all_bloom + (size_t)bloom_word(h, m->all_mask) * 8);
        GEO_PREFETCH(&m->keys[h & m->slot_mask]);
    }
}

void geo_prefetcher_init(const geo_model *m, geo_prefetcher *p)
{
    p->all = m->all_bloom;
    p->lower = m->lower_bloom;
    p->keys = m->keys;
    p->all_mask = m->all_mask;
    p->lower_mask = m->lower_mask;
    p->slot_mask = m->slot_mask;
}

const geo_krec *geo_find(const geo_model *m, const char *key, size_t key_len)
{
    return find_key(m, key, key_len);
}

const geo_krec *geo_find_lower_h(const geo_model *m, const char *key, size_t key_len,
                                 uint32_t h)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX)
        return NULL;
    const struct geo_memo *e = memo_get(m, key, key_len, h);
    return e ? e->k : probe_key_h(m, key, key_len, h);
}

const geo_krec *geo_find_lower_start_h(const geo_model *m, const char *key, size_t key_len,
                                       uint32_t h)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX ||
        !bloom_has(m->lower_bloom, m->lower_mask, h))
        return NULL;
    const struct geo_memo *e = memo_get(m, key, key_len, h);
    if (e)
        return e->lower ? e->k : NULL;
    return probe_key_h(m, key, key_len, h);
}

const geo_krec *geo_find_h(const geo_model *m, const char *key, size_t key_len, uint32_t h)
{
    if (!m || !key || key_len == 0 || key_len > GEO_KEY_MAX)
        return NULL;
    /* the filter first (geo_prefetch_h loaded its word): most words are no key, and a memo
     * word that is one passes it too, so the memo is probed only then */
    if (!bloom_has(m->all_bloom, m->all_mask, h))
        return NULL;
    const struct geo_memo *e = memo_get(m, key, key_len, h);
    return e ? e->k : probe_key_h(m, key, key_len, h);
}

/* Fill the memo (after the tables and filters are set up). */
static void build_memo(geo_model *m)
{
    for (size_t w = 0; w < sizeof memo_words / sizeof *memo_words; w++) {
        size_t len = strlen(memo_words[w]);
        if (len == 0 || len >= GEO_MEMO_WORD)
            continue;
        uint32_t h = geo_hash(memo_words[w], len);
        uint32_t i = h & (GEO_MEMO - 1);
        while (m->memo[i].len)
            i = (i + 1) & (GEO_MEMO - 1);
        m->memo[i].k = find_key_h(m, memo_words[w], len, h);
        m->memo[i].lower = m->memo[i].k && lower_key(m->places, m->cands, m->pool, m->memo[i].k);
        m->memo[i].h = h;
        m->memo_tag[i] = h | 1;
        m->memo[i].len = (uint8_t)len;
        memcpy(m->memo[i].w, memo_words[w], len);
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
        fill_place(m, &m->places[geo_krec_cand(k, m->cands, i) & ~GEO_CAND_ALT], &out[i]);
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

/* The largest country weight of ctx (0 when there are none), computed once per name for
 * context_share. */
static float context_max(const geo_context *ctx)
{
    float maxw = 0.0f;
    if (!ctx || !ctx->countries)
        return maxw;
    for (size_t i = 0; i < ctx->n_countries; i++) {
        float wi = ctx->weights ? ctx->weights[i] : 1.0f;
        if (wi > maxw)
            maxw = wi;
    }
    return maxw;
}

/* Share of the article's attention on country cc3: its weight over the largest weight maxw
 * (context_max), in [0, 1]; 0 when the article does not mention it. */
static float context_share(const geo_context *ctx, float maxw, const char *cc3)
{
    if (!ctx || !ctx->countries || ctx->n_countries == 0)
        return 0.0f;
    float w = 0.0f;
    bool found = false;
    for (size_t i = 0; i < ctx->n_countries; i++) {
        if (memcmp(ctx->countries[i], cc3, 3) == 0) {
            float wi = ctx->weights ? ctx->weights[i] : 1.0f;
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
        const geo_rec *c = &m->places[geo_krec_cand(k, m->cands, j) & ~GEO_CAND_ALT];
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
    return geo_resolve_rec(m, find_key(m, key, key_len), key, key_len, ctx, out);
}

bool geo_resolve_rec(const geo_model *m, const geo_krec *k, const char *key, size_t key_len,
                     const geo_context *ctx, geo_place *out)
{
    if (!k || k->n_cand == 0 || (k->flags & GEO_KF_COUNTRY))
        return false;
    bool cue = ctx && ctx->cue;
    if ((k->flags & GEO_KF_COMMON) && !cue)
        return false;
    const geo_rec *best = NULL;
    float best_score = -1e9f, best_share = 0.0f;
    /* Alternate names are English exonyms ("Geneva" for Genève) and old names ("Pokrovsk"
     * for Engels). When a place of that primary name lies in a country the story names, the
     * alternates step far back; otherwise only a little. */
    uint64_t primary_pop = 0; /* biggest place of that primary name in the story's countries */
    bool primary_in_context = false;
    const float maxw = context_max(ctx);
    for (uint32_t j = 0; j < k->n_cand; j++) {
        uint32_t c = geo_krec_cand(k, m->cands, j);
        if (!(c & GEO_CAND_ALT) && m->places[c].kind != GEO_REGION &&
            context_share(ctx, maxw, m->places[c].cc3) > 0.0f) {
            primary_in_context = true;
            if (m->places[c].population > primary_pop)
                primary_pop = m->places[c].population;
        }
    }
    /* the biggest places of that primary name and of that alternate name anywhere */
    uint64_t any_primary_pop = 0, any_alt_pop = 0;
    for (uint32_t j = 0; j < k->n_cand; j++) {
        uint32_t c = geo_krec_cand(k, m->cands, j);
        const geo_rec *r = &m->places[c & ~GEO_CAND_ALT];
        if (r->kind == GEO_REGION || r->kind == GEO_WATER)
            continue;
        uint64_t *mx = (c & GEO_CAND_ALT) ? &any_alt_pop : &any_primary_pop;
        if (r->population > *mx)
            *mx = r->population;
    }
    for (uint32_t j = 0; j < k->n_cand; j++) {
        uint32_t c = geo_krec_cand(k, m->cands, j);
        const geo_rec *r = &m->places[c & ~GEO_CAND_ALT];
        float s = base_score(r);
        /* ... unless the alternate is far bigger ("Rostov" is Rostov-on-Don, not the town
         * of Rostov with a twentieth of its people) */
        if (c & GEO_CAND_ALT) {
            s -= primary_in_context ? (primary_pop * 5 >= r->population ? 4.0f : 0.0f) : 1.0f;
            /* an English name of a big city is known abroad: "Geneva" is Geneva, not
             * Geneva, Illinois, even in an American story */
            if (r->population >= 100000 && r->population >= any_primary_pop * 8)
                s += 2.5f;
            /* an obscure alternate of a small place yields to the big city of that name
             * ("Milan" is Milan, not an old name of Syracuse, New York) */
            if ((uint64_t)r->population * 5 < any_alt_pop ||
                (uint64_t)r->population * 5 < any_primary_pop)
                s -= 3.0f;
        }
        if ((r->flags & GEO_RF_ADMIN1) && region_yields(m, k, r))
            s -= 5.0f;
        float share = context_share(ctx, maxw, r->cc3);
        /* any country the story names, a little more for the main ones; a small town there
         * does not beat a city known abroad (Geneva, Illinois vs Geneva) */
        if (share > 0.0f)
            s += (r->population < 50000 && !(r->flags & GEO_RF_OWN) ? 1.0f : 2.0f) +
                 1.5f * share + (cue ? 0.5f : 0.0f);
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
    bool region_ok =
        best->kind == GEO_REGION && (best_share > 0.0f || cue || (best->flags & GEO_RF_OWN));
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
