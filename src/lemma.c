/*
 * lemma.c - WordNet morphy-style lemmatizer over the "lemma" section.
 *
 * Section "lemma" (written by tools/lemmac from WordNet's verb.exc, noun.exc, adj.exc and
 * index.verb, index.noun, index.adj; integers little-endian):
 *
 *   header, 8 u32: "NLEM" | version (2) | n_slots (power of 2) | n_entries | pool_len
 *                  | 3 x reserved
 *   slots, n_slots x 32 bytes, one open-addressing (linear probing) table of words, each
 *       with everything the lemmatizer needs of it, so a word costs one probe of one cache
 *       line (mostly) and no string compares outside it:
 *         0  u32 hash: lem_hash() of the word (never 0)
 *         4  u8  klen: length of the word (1..255; 0 marks an empty slot)
 *         5  u8  bases: the word is a WordNet base form of 1 verbs, 2 nouns, 4 adjectives
 *         6  u16 codes: 2 bits per tag group (LG_*): 0 nothing known (lemma_of guesses),
 *                1 the word itself, 2 lemma A, 3 lemma B; what morphy's steps (exception
 *                list, suffix rules checked against base forms, the word as a base form)
 *                give, run by lemmac
 *         8  key: klen <= 12: the word, zero-padded; else its first 8 bytes, then (at 16)
 *                u32 offset of the whole word in the pool
 *        20  lemma A, 26 lemma B: u8 keep, u8 tail_len, 4 bytes tail: the lemma is the first
 *                keep bytes of the word then the tail, which is inline when tail_len <= 4,
 *                else a u32 offset of it in the pool
 *   pool, pool_len bytes: the long words and tails the slots point at; ends with a NUL.
 * The section is read byte by byte (no alignment needed) and every slot is checked on load.
 */
#include "lemma.h"

#include <string.h>

#define LEM_MAGIC 0x4d454c4eu /* "NLEM" */
#define LEM_VERSION 2u
#define LEM_HDR 32u
#define LEM_SLOT 32u
#define LEM_KEY_INLINE 12u
#define LEM_TAIL_INLINE 4u
#define LEM_WORD_MAX 64 /* longer words are copied unchanged */

/* tag groups: their code in the slot's codes */
enum { LG_VB, LG_VBZ, LG_VBD, LG_VBG, LG_NNS, LG_ADJ };

struct lemma_model {
    nev_alloc alloc;      /* copy of the allocator */
    const uint8_t *slots; /* n_slots x LEM_SLOT bytes */
    uint32_t mask;        /* n_slots - 1 */
    const char *pool;
    uint32_t pool_len;
};

static inline uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* The slot hash of w[0..len), w zero-padded to a multiple of 8 bytes: 8 bytes a step (the
 * last zero-padded), each multiplied in and folded. lemmac has the same function. */
static inline uint32_t lem_hash(const char *w, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    for (size_t i = 0; i < len; i += 8) {
        h = (h ^ rd64((const uint8_t *)w + i)) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    return (uint32_t)h ? (uint32_t)h : 1u;
}

/* Is the tail of the lemma { keep, tail_len, tail } at p inline or inside the pool? */
static bool tail_ok(const uint8_t *p, uint32_t pool_len)
{
    return p[1] <= LEM_TAIL_INLINE || (uint64_t)rd32(p + 2) + p[1] <= pool_len;
}

int lemma_model_load(lemma_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                     nev_error *err)
{
    if (!out || (!data && len))
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "lemma_model_load: bad arguments");
    *out = NULL;
    if (len < LEM_HDR || rd32(data) != LEM_MAGIC || rd32(data + 4) != LEM_VERSION)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: bad magic or version");
    uint32_t n_slots = rd32(data + 8), pool_len = rd32(data + 16);
    if (!n_slots || (n_slots & (n_slots - 1)) || pool_len == 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: bad table sizes");
    uint64_t table_bytes = LEM_HDR + (uint64_t)LEM_SLOT * n_slots;
    if (table_bytes + pool_len != len || data[len - 1] != 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: size mismatch");
    const uint8_t *slots = data + LEM_HDR;
    uint32_t n_empty = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        const uint8_t *s = slots + (size_t)LEM_SLOT * i;
        uint32_t klen = s[4];
        if (klen == 0) {
            n_empty++;
            continue;
        }
        if (s[20] > klen || s[26] > klen ||
            /* (most slots have no pool offset to check) */
            ((klen > LEM_KEY_INLINE || s[21] > LEM_TAIL_INLINE || s[27] > LEM_TAIL_INLINE) &&
             ((klen > LEM_KEY_INLINE && (uint64_t)rd32(s + 16) + klen > pool_len) ||
              !tail_ok(s + 20, pool_len) || !tail_ok(s + 26, pool_len))))
            return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: corrupt table");
    }
    if (n_empty == 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: corrupt table");

    lemma_model *m = nev_calloc(a, 1, sizeof *m);
    if (!m)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "lemma: out of memory");
    if (a)
        m->alloc = *a;
    m->slots = slots;
    m->mask = n_slots - 1;
    m->pool = (const char *)data + table_bytes;
    m->pool_len = pool_len;
    *out = m;
    return NEV_OK;
}

void lemma_model_free(lemma_model *m)
{
    if (!m)
        return;
    nev_alloc a = m->alloc;
    nev_free(&a, m);
}

#define LEM_PAD 16 /* zero bytes after a word find() reads */

/* The slot of w[0..len) (1 <= len <= 255), or NULL; w is followed by LEM_PAD zero bytes. */
static inline const uint8_t *find(const lemma_model *m, const char *w, size_t len)
{
    uint32_t h = lem_hash(w, len);
    uint64_t k0 = rd64((const uint8_t *)w), k1 = rd32((const uint8_t *)w + 8);
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        const uint8_t *s = m->slots + (size_t)LEM_SLOT * i;
        if (s[4] == 0)
            return NULL;
        if (rd32(s) != h || s[4] != len || rd64(s + 8) != k0)
            continue;
        /* (the key is zero-padded like w: the inline bytes match only for the same word) */
        if (len <= LEM_KEY_INLINE ? rd32(s + 16) == k1
                                  : memcmp(m->pool + rd32(s + 16), w, len) == 0)
            return s;
    }
}

/* Copy s[0..len) to out (cap) NUL-terminated; returns len. */
static size_t emit(const char *s, size_t len, char *out, size_t cap)
{
    if (cap) {
        size_t k = len < cap - 1 ? len : cap - 1;
        memcpy(out, s, k);
        out[k] = 0;
    }
    return len;
}

static int ends(const char *w, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return len >= n && memcmp(w + len - n, suf, n) == 0;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* A guess for words WordNet lacks. Returns the length written to buf, 0 for none. */
static size_t guess(const char *w, size_t len, int pos, char *buf)
{
    size_t n = 0;
    if (pos == POS_VBD || pos == POS_VBN) {
        if (ends(w, len, "ied") && len > 4) {
            n = len - 3;
            memcpy(buf, w, n);
            buf[n++] = 'y';
        } else if (ends(w, len, "ed") && len > 4) {
            n = len - 2;
            memcpy(buf, w, n);
            if (n >= 3 && buf[n - 1] == buf[n - 2] && !is_vowel(buf[n - 1]) && buf[n - 1] != 'l' &&
                buf[n - 1] != 's' && buf[n - 1] != 'z')
                n--;
        }
    } else if (pos == POS_VBG) {
        if (ends(w, len, "ing") && len > 5) {
            n = len - 3;
            memcpy(buf, w, n);
            if (n >= 3 && buf[n - 1] == buf[n - 2] && !is_vowel(buf[n - 1]) && buf[n - 1] != 'l' &&
                buf[n - 1] != 's' && buf[n - 1] != 'z')
                n--;
        }
    } else if (pos == POS_VBZ || pos == POS_NNS || pos == POS_NNPS) {
        if (ends(w, len, "ies") && len > 4) {
            n = len - 3;
            memcpy(buf, w, n);
            buf[n++] = 'y';
        } else if ((ends(w, len, "sses") || ends(w, len, "shes") || ends(w, len, "ches") ||
                    ends(w, len, "xes") || ends(w, len, "zes")) && len > 4) {
            n = len - 2;
            memcpy(buf, w, n);
        } else if (ends(w, len, "s") && len > 3 && !ends(w, len, "ss") && !ends(w, len, "us") &&
                   !ends(w, len, "is") && !ends(w, len, "'s")) {
            n = len - 1;
            memcpy(buf, w, n);
        }
    }
    return n;
}

/* The tag group of pos (LG_*), -1 when lemma_of copies words of that tag. */
static inline int group_of(int pos)
{
    switch (pos) {
    case POS_VB: case POS_VBP: return LG_VB;
    case POS_VBZ: return LG_VBZ;
    case POS_VBD: case POS_VBN: return LG_VBD;
    case POS_VBG: return LG_VBG;
    case POS_NNS: case POS_NNPS: return LG_NNS;
    case POS_JJR: case POS_JJS: return LG_ADJ;
    default: return -1;
    }
}

size_t lemma_of(const lemma_model *m, const char *word, size_t len, int pos, char *out,
                size_t cap)
{
    char w[LEM_WORD_MAX + LEM_PAD], buf[LEM_WORD_MAX + 4];
    size_t n = 0;
    if (!word || len >= LEM_WORD_MAX)
        return emit(word ? word : "", word ? len : 0, out, cap);
    int g = group_of(pos);
    if (g < 0)
        return emit(word, len, out, cap);
    /* read a curly apostrophe (U+2019) as ' (copied byte by byte: words are short) */
    while (n < len && (uint8_t)word[n] != 0xe2) {
        w[n] = word[n];
        n++;
    }
    if (n < len) {
        for (size_t i = n; i < len; i++) {
            if (i + 2 < len && (uint8_t)word[i] == 0xe2 && (uint8_t)word[i + 1] == 0x80 &&
                (uint8_t)word[i + 2] == 0x99) {
                w[n++] = '\'';
                i += 2;
            } else {
                w[n++] = word[i];
            }
        }
    }
    memset(w + n, 0, LEM_PAD);
    const uint8_t *s = m && n ? find(m, w, n) : NULL;
    uint32_t code = s ? (rd32(s + 4) >> (16 + 2 * g)) & 3u : 0;
    if (code == 1)
        return emit(w, n, out, cap);
    if (code >= 2) {
        /* the lemma: the word's first keep bytes, then the tail */
        const uint8_t *l = s + 20 + 6 * (code - 2);
        size_t keep = l[0], tl = l[1];
        const char *tail = tl <= LEM_TAIL_INLINE ? (const char *)l + 2 : m->pool + rd32(l + 2);
        if (cap) {
            size_t k = keep < cap - 1 ? keep : cap - 1;
            memcpy(out, w, k);
            size_t t = tl < cap - 1 - k ? tl : cap - 1 - k;
            memcpy(out + k, tail, t);
            out[k + t] = 0;
        }
        return keep + tl;
    }
    size_t k = guess(w, n, pos, buf);
    if (k)
        return emit(buf, k, out, cap);
    return emit(w, n, out, cap);
}

void lemma_prefetch(const lemma_model *m, const char *word, size_t len, int pos)
{
    if (!m || !word || len == 0 || len >= LEM_WORD_MAX || group_of(pos) < 0)
        return;
    /* (a word with a curly apostrophe is looked up as another word: no matter, a hint) */
    char w[LEM_WORD_MAX + LEM_PAD];
    memcpy(w, word, len);
    memset(w + len, 0, LEM_PAD);
#if defined(__GNUC__)
    __builtin_prefetch(m->slots + (size_t)LEM_SLOT * (lem_hash(w, len) & m->mask));
#endif
}

bool lemma_is_word(const lemma_model *m, const char *w, size_t len)
{
    if (!m || !w || len == 0 || len > 255)
        return false;
    char b[256 + LEM_PAD];
    memcpy(b, w, len);
    memset(b + len, 0, LEM_PAD);
    const uint8_t *s = find(m, b, len);
    return s && s[5] != 0;
}
