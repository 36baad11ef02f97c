/*
 * lemma.c - WordNet morphy-style lemmatizer over the "lemma" section.
 *
 * Section "lemma" (written by tools/lemmac from WordNet's verb.exc, noun.exc, adj.exc and
 * index.verb, index.noun, index.adj; all integers little-endian u32):
 *
 *   header, 8 words: "NLEM" | version (1) | n_slots (power of 2) | n_entries | pool_len
 *                    | 3 x reserved
 *   slots, n_slots x 4 words: { hash, key_off, val_off, flags }; hash 0 marks an empty slot.
 *       One open-addressing (linear probing) table holds two kinds of entry:
 *       - exceptions: flags = LEM_EXC | class (1 verb, 2 noun, 3 adjective); key the
 *         inflected form, val its base form ("struck" -> "strike");
 *       - base forms: flags = LEM_BASE | LEM_VERB/LEM_NOUN/LEM_ADJ bits; val_off = key_off.
 *       hash is FNV-1a (32-bit) over a one-byte prefix ('v', 'n', 'a' for the exceptions of a
 *       class, 'B' for base forms) followed by the word; never 0.
 *   pool, pool_len bytes: the NUL-terminated strings the offsets point at; ends with a NUL.
 */
#include "lemma.h"

#include <string.h>

#define LEM_MAGIC 0x4d454c4eu /* "NLEM" */
#define LEM_VERSION 1u
#define LEM_HDR_WORDS 8u
#define LEM_EXC 0x10u
#define LEM_BASE 0x20u
#define LEM_VERB 0x100u
#define LEM_NOUN 0x200u
#define LEM_ADJ 0x400u
#define LEM_WORD_MAX 64 /* longer words are copied unchanged */

struct lemma_model {
    nev_alloc alloc;       /* copy of the allocator */
    const uint32_t *slots; /* n_slots x 4 words */
    uint32_t mask;         /* n_slots - 1 */
    const char *pool;
    uint32_t pool_len;
    uint32_t *owned; /* copy of the section when it could not be aliased */
};

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define LEM_FNV_BASIS 2166136261u
#define LEM_FNV_PRIME 16777619u

/* FNV-1a step */
static inline uint32_t lem_step(uint32_t h, char c)
{
    return (h ^ (uint8_t)c) * LEM_FNV_PRIME;
}

/* The states of lem_hash('B', w, k) before its final "never 0" for every k <= len, in
 * st[0..len] (a base-form candidate of a rule is a prefix of w plus a short ending, so its
 * hash continues a state), and the hash of prefix + w, both in one pass. */
static uint32_t lem_states(char prefix, const char *w, size_t len, uint32_t *st)
{
    uint32_t b = lem_step(LEM_FNV_BASIS, 'B'), h = lem_step(LEM_FNV_BASIS, prefix);
    st[0] = b;
    for (size_t i = 0; i < len; i++) {
        b = lem_step(b, w[i]);
        h = lem_step(h, w[i]);
        st[i + 1] = b;
    }
    return h ? h : 1u;
}

/* lem_hash('B', w[0..n) + rep[0..rl)) from the states of w */
static inline uint32_t lem_cand(const uint32_t *st, size_t n, const char *rep, size_t rl)
{
    uint32_t h = st[n];
    for (size_t i = 0; i < rl; i++)
        h = lem_step(h, rep[i]);
    return h ? h : 1u;
}

static uint32_t lem_hash(char prefix, const char *w, size_t len)
{
    uint32_t h = lem_step(LEM_FNV_BASIS, prefix);
    for (size_t i = 0; i < len; i++)
        h = lem_step(h, w[i]);
    return h ? h : 1u;
}

int lemma_model_load(lemma_model **out, const uint8_t *data, size_t len, const nev_alloc *a,
                     nev_error *err)
{
    if (!out || (!data && len))
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "lemma_model_load: bad arguments");
    *out = NULL;
    if (len < LEM_HDR_WORDS * 4 || rd32(data) != LEM_MAGIC || rd32(data + 4) != LEM_VERSION)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: bad magic or version");
    uint32_t n_slots = rd32(data + 8), pool_len = rd32(data + 16);
    if (!n_slots || (n_slots & (n_slots - 1)) || pool_len == 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: bad table sizes");
    uint64_t table_bytes = (LEM_HDR_WORDS + 4ull * n_slots) * 4;
    if (table_bytes + pool_len != len || data[len - 1] != 0)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: size mismatch");

    lemma_model *m = nev_calloc(a, 1, sizeof *m);
    if (!m)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "lemma: out of memory");
    if (a)
        m->alloc = *a;
    const uint16_t probe = 1;
    int little = *(const uint8_t *)&probe == 1;
    if (little && ((uintptr_t)data & 3u) == 0) {
        m->slots = (const uint32_t *)(const void *)(data + LEM_HDR_WORDS * 4);
        m->pool = (const char *)data + table_bytes;
    } else {
        size_t words = (size_t)(table_bytes / 4) + (pool_len + 3) / 4;
        m->owned = nev_malloc(a, words * 4);
        if (!m->owned) {
            nev_free(a, m);
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "lemma: out of memory");
        }
        for (size_t i = 0; i < table_bytes / 4; i++)
            m->owned[i] = rd32(data + 4 * i);
        memcpy(m->owned + table_bytes / 4, data + table_bytes, pool_len);
        m->slots = m->owned + LEM_HDR_WORDS;
        m->pool = (const char *)(m->owned + table_bytes / 4);
    }
    m->mask = n_slots - 1;
    m->pool_len = pool_len;
    uint32_t n_empty = 0;
    for (uint32_t i = 0; i < n_slots; i++) {
        const uint32_t *s = m->slots + 4 * i;
        if (s[0] == 0)
            n_empty++;
        else if (s[1] >= pool_len || s[2] >= pool_len)
            goto bad;
    }
    if (n_empty == 0)
        goto bad;
    *out = m;
    return NEV_OK;
bad:
    lemma_model_free(m);
    return nev_seterr(err, NEV_EDATA, NULL, 0, "lemma section: corrupt table");
}

void lemma_model_free(lemma_model *m)
{
    if (!m)
        return;
    nev_alloc a = m->alloc;
    nev_free(&a, m->owned);
    nev_free(&a, m);
}

/* The slot for the key w with hash h whose flags match want (all bits of want_mask), or
 * NULL. */
static const uint32_t *find_h(const lemma_model *m, uint32_t h, const char *w, size_t len,
                              uint32_t want_mask)
{
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        const uint32_t *s = m->slots + 4 * i;
        if (s[0] == 0)
            return NULL;
        if (s[0] != h || (s[3] & want_mask) != want_mask)
            continue;
        uint32_t off = s[1];
        if ((uint64_t)off + len < m->pool_len && memcmp(m->pool + off, w, len) == 0 &&
            m->pool[off + len] == 0)
            return s;
    }
}

/* The slot for (prefix, w) whose flags match want (all bits of want_mask), or NULL. */
static const uint32_t *find(const lemma_model *m, char prefix, const char *w, size_t len,
                            uint32_t want_mask)
{
    if (!m)
        return NULL;
    return find_h(m, lem_hash(prefix, w, len), w, len, want_mask);
}

/* is_base() of a key with hash h ('B' prefix) */
static int is_base_h(const lemma_model *m, uint32_t h, const char *w, size_t len, uint32_t cls_bit)
{
    return m && find_h(m, h, w, len, LEM_BASE | cls_bit) != NULL;
}

static int is_base(const lemma_model *m, const char *w, size_t len, uint32_t cls_bit)
{
    return find(m, 'B', w, len, LEM_BASE | cls_bit) != NULL;
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

typedef struct rule {
    const char *suf, *rep;
    uint8_t sl, rl; /* their lengths */
} rule;
#define R(suf, rep) {suf, rep, sizeof suf - 1, sizeof rep - 1}

static const rule noun_rules[] = {R("ses", "s"),   R("xes", "x"),   R("zes", "z"),
                                  R("ches", "ch"), R("shes", "sh"), R("men", "man"),
                                  R("ies", "y"),   R("s", "")};
static const rule verbz_rules[] = {R("ies", "y"), R("es", "e"), R("es", ""), R("s", "")};
static const rule verbd_rules[] = {R("ied", "y"), R("ed", "e"), R("ed", "")};
static const rule verbg_rules[] = {R("ying", "ie"), R("ing", "e"), R("ing", "")};
static const rule adj_rules[] = {R("er", ""),  R("est", ""),  R("er", "e"),
                                 R("est", "e"), R("ier", "y"), R("iest", "y")};

/* A rule list and whether a stripped candidate may also be undoubled ("stopp" -> "stop"). */
typedef struct rule_set {
    const rule *rules;
    size_t n;
    int undouble;
} rule_set;

#define RULE_SET(r, u) {r, sizeof r / sizeof r[0], u}
static const rule_set verbz_set = RULE_SET(verbz_rules, 0), verbd_set = RULE_SET(verbd_rules, 1),
                      verbg_set = RULE_SET(verbg_rules, 1), noun_set = RULE_SET(noun_rules, 0),
                      adj_set = RULE_SET(adj_rules, 1);

/* The rules for a word of tag pos, NULL for none. */
static inline const rule_set *rules_for(int pos)
{
    switch (pos) {
    case POS_VBZ: return &verbz_set;
    case POS_VBD: case POS_VBN: return &verbd_set;
    case POS_VBG: return &verbg_set;
    case POS_NNS: case POS_NNPS: return &noun_set;
    case POS_JJR: case POS_JJS: return &adj_set;
    default: return NULL;
    }
}

/* Does rule r make a candidate of w[0..len)? w ends in its suffix (a few bytes: compared
 * inline), at least two bytes stay, and the candidate fits. */
static inline bool rule_applies(const char *w, size_t len, const rule *r)
{
    if (len < r->sl)
        return false;
    for (size_t i = 0; i < r->sl; i++) /* (most words fail at the first byte) */
        if (w[len - r->sl + i] != r->suf[i])
            return false;
    return len - r->sl >= 2 && len - r->sl + r->rl < LEM_WORD_MAX;
}

/* Try the rules of rs on w (st: the 'B' hash states of w's prefixes); a candidate must be a
 * base form of class bit. Also tries undoubling a final consonant after stripping
 * ("stopped" -> "stopp" -> "stop") when the set says so. Writes the first hit to buf and
 * returns its length, 0 when none. */
static inline size_t try_rules(const lemma_model *m, const char *w, size_t len, const rule_set *rs,
                        uint32_t bit, char *buf, const uint32_t *st)
{
    const rule *rules = rs->rules;
    for (size_t r = 0; r < rs->n; r++) {
        size_t sl = rules[r].sl, rl = rules[r].rl;
        if (!rule_applies(w, len, &rules[r]))
            continue;
        size_t n = len - sl;
        memcpy(buf, w, n);
        memcpy(buf + n, rules[r].rep, rl);
        uint32_t h = lem_cand(st, n, rules[r].rep, rl);
        n += rl;
        if (is_base_h(m, h, buf, n, bit))
            return n;
        /* (rl == 0: buf[0..n - 1) is a prefix of w) */
        if (rs->undouble && rl == 0 && n >= 3 && buf[n - 1] == buf[n - 2] && !is_vowel(buf[n - 1]) &&
            is_base_h(m, lem_cand(st, n - 1, "", 0), buf, n - 1, bit))
            return n - 1;
    }
    return 0;
}

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

size_t lemma_of(const lemma_model *m, const char *word, size_t len, int pos, char *out,
                size_t cap)
{
    char w[LEM_WORD_MAX], buf[LEM_WORD_MAX + 4];
    size_t n = 0;
    if (!word || len >= LEM_WORD_MAX)
        return emit(word ? word : "", word ? len : 0, out, cap);
    char prefix;
    uint32_t bit;
    if (pos_is_verb(pos)) {
        prefix = 'v';
        bit = LEM_VERB;
    } else if (pos == POS_NNS || pos == POS_NNPS) {
        prefix = 'n';
        bit = LEM_NOUN;
    } else if (pos == POS_JJR || pos == POS_JJS) {
        prefix = 'a';
        bit = LEM_ADJ;
    } else {
        return emit(word, len, out, cap);
    }
    /* read a curly apostrophe (U+2019) as ' */
    if (!memchr(word, 0xe2, len)) {
        memcpy(w, word, len);
        n = len;
    } else {
        for (size_t i = 0; i < len; i++) {
            if (i + 2 < len && (uint8_t)word[i] == 0xe2 && (uint8_t)word[i + 1] == 0x80 &&
                (uint8_t)word[i + 2] == 0x99) {
                w[n++] = '\'';
                i += 2;
            } else {
                w[n++] = word[i];
            }
        }
    }
    uint32_t st[LEM_WORD_MAX + 1]; /* 'B' hash states of w's prefixes */
    uint32_t hp = lem_states(prefix, w, n, st);
    const uint32_t *s = m ? find_h(m, hp, w, n, LEM_EXC) : NULL;
    if (s) {
        const char *v = m->pool + s[2];
        return emit(v, strnlen(v, m->pool_len - s[2]), out, cap);
    }
    const rule_set *rs = rules_for(pos);
    size_t k = rs ? try_rules(m, w, n, rs, bit, buf, st) : 0;
    if (k)
        return emit(buf, k, out, cap);
    if (is_base_h(m, lem_cand(st, n, "", 0), w, n, bit))
        return emit(w, n, out, cap);
    if (m) {
        /* a verb form the tagger may have misread (VBD for VBZ...): any verb rule */
        if (pos == POS_VB || pos == POS_VBP) {
            if ((k = try_rules(m, w, n, &verbz_set, bit, buf, st)) ||
                (k = try_rules(m, w, n, &verbd_set, bit, buf, st)) ||
                (k = try_rules(m, w, n, &verbg_set, bit, buf, st)))
                return emit(buf, k, out, cap);
            return emit(w, n, out, cap);
        }
    }
    k = guess(w, n, pos, buf);
    if (k)
        return emit(buf, k, out, cap);
    return emit(w, n, out, cap);
}

#if defined(__GNUC__)
#define LEM_PREFETCH(p) __builtin_prefetch(p)
#else
#define LEM_PREFETCH(p) ((void)(p))
#endif

static inline void prefetch_h(const lemma_model *m, uint32_t h)
{
    LEM_PREFETCH(m->slots + 4 * (h & m->mask));
}

/* Prefetch the base-form slots of the candidates of rules[] for w (as try_rules makes them),
 * from the 'B' hash states st of w. */
static void prefetch_rules(const lemma_model *m, const char *w, size_t len, const rule *rules,
                           size_t n_rules, const uint32_t *st)
{
    for (size_t r = 0; r < n_rules; r++)
        if (rule_applies(w, len, &rules[r]))
            prefetch_h(m, lem_cand(st, len - rules[r].sl, rules[r].rep, rules[r].rl));
}

#define PREFETCH_RULES(r) prefetch_rules(m, word, len, r, sizeof r / sizeof r[0], st)

void lemma_prefetch(const lemma_model *m, const char *word, size_t len, int pos)
{
    if (!m || !word || len >= LEM_WORD_MAX || !(pos_is_verb(pos) || pos == POS_NNS ||
                                                 pos == POS_NNPS) || memchr(word, 0xe2, len))
        return;
    uint32_t st[LEM_WORD_MAX + 1];
    prefetch_h(m, lem_states(pos_is_verb(pos) ? 'v' : 'n', word, len, st));
    /* the rules of rules_for(pos), named here so each call is compiled with its rules known
     * (through rules_for's pointer the prefetch costs half as much again) */
    switch (pos) {
    case POS_VBZ: PREFETCH_RULES(verbz_rules); break;
    case POS_VBD: case POS_VBN: PREFETCH_RULES(verbd_rules); break;
    case POS_VBG: PREFETCH_RULES(verbg_rules); break;
    case POS_NNS: case POS_NNPS: PREFETCH_RULES(noun_rules); break;
    default: prefetch_h(m, lem_cand(st, len, "", 0)); break; /* VB, VBP: the word itself */
    }
}
#undef PREFETCH_RULES

bool lemma_is_word(const lemma_model *m, const char *w, size_t len)
{
    return is_base(m, w, len, LEM_NOUN) || is_base(m, w, len, LEM_VERB) ||
           is_base(m, w, len, LEM_ADJ);
}
