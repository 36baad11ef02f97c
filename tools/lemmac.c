/*
 * lemmac.c - host tool: compiles WordNet's morphology data into the "lemma" section
 * (format at the top of src/lemma.c).
 *
 * usage: lemmac WORDNET_DIR OUT.sec
 *
 * Reads WORDNET_DIR/{verb,noun,adj}.exc (inflected form, then base forms; the first base is
 * kept) and WORDNET_DIR/index.{verb,noun,adj} (the first field of each line is a base form;
 * the license lines start with a space). Multi-word entries (with '_') are skipped, since the
 * lemmatizer sees one token. A few clitic forms our tokenizer produces ('s, 're, 've, ...)
 * are added as verb exceptions.
 *
 * The lemmatizer of the library makes one table lookup per word: this tool runs WordNet's
 * morphy steps (exceptions, then suffix rules whose results must be base forms, then the word
 * itself as a base form) here, for every word where one of them can succeed (the exception
 * forms, the base forms, and every base form inflected back by each suffix rule), and stores
 * per word and tag group the result, so lemma.c only adds its guesses for the words the table
 * lacks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEM_EXC 0x10u
#define LEM_BASE 0x20u
#define LEM_VERB 0x100u
#define LEM_NOUN 0x200u
#define LEM_ADJ 0x400u

typedef struct entry {
    uint32_t hash, key_off, val_off, flags;
} entry;

static entry *tab;
static size_t tab_mask, n_entries;
static char *pool;
static size_t pool_len, pool_cap;

static void die(const char *msg)
{
    fprintf(stderr, "lemmac: %s\n", msg);
    exit(1);
}

static uint32_t lem_hash(char prefix, const char *w, size_t len)
{
    uint32_t h = 2166136261u;
    h ^= (uint8_t)prefix;
    h *= 16777619u;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)w[i];
        h *= 16777619u;
    }
    return h ? h : 1u;
}

static uint32_t pool_add(const char *s)
{
    size_t n = strlen(s) + 1;
    if (pool_len + n > pool_cap) {
        pool_cap = pool_cap ? pool_cap * 2 : 1 << 20;
        pool = realloc(pool, pool_cap);
        if (!pool)
            die("out of memory");
    }
    memcpy(pool + pool_len, s, n);
    pool_len += n;
    return (uint32_t)(pool_len - n);
}

/* The slot of (prefix, word, kind) or the empty slot where it goes. */
static entry *slot(char prefix, const char *w, uint32_t kind)
{
    uint32_t h = lem_hash(prefix, w, strlen(w));
    for (size_t i = h & tab_mask;; i = (i + 1) & tab_mask) {
        entry *e = &tab[i];
        if (e->hash == 0)
            return e;
        if (e->hash == h && (e->flags & kind) && strcmp(pool + e->key_off, w) == 0)
            return e;
    }
}

static void add_exc(char prefix, uint32_t cls, const char *infl, const char *base)
{
    entry *e = slot(prefix, infl, LEM_EXC);
    if (e->hash)
        return; /* first one wins */
    if ((n_entries + 1) * 2 > tab_mask)
        die("table full");
    e->hash = lem_hash(prefix, infl, strlen(infl));
    e->key_off = pool_add(infl);
    e->val_off = pool_add(base);
    e->flags = LEM_EXC | cls;
    n_entries++;
}

static void add_base(const char *w, uint32_t bit)
{
    entry *e = slot('B', w, LEM_BASE);
    if (e->hash) {
        e->flags |= bit;
        return;
    }
    if ((n_entries + 1) * 2 > tab_mask)
        die("table full");
    e->hash = lem_hash('B', w, strlen(w));
    e->key_off = pool_add(w);
    e->val_off = e->key_off;
    e->flags = LEM_BASE | bit;
    n_entries++;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "lemmac: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static size_t read_exc(const char *dir, const char *name, char prefix, uint32_t cls)
{
    FILE *f = open_in(dir, name);
    char line[1024];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char *save = NULL;
        char *infl = strtok_r(line, " \t\r\n", &save);
        char *base = strtok_r(NULL, " \t\r\n", &save);
        if (!infl || !base || strchr(infl, '_') || strchr(base, '_'))
            continue;
        add_exc(prefix, cls, infl, base);
        n++;
    }
    fclose(f);
    return n;
}

static size_t read_index(const char *dir, const char *name, uint32_t bit)
{
    FILE *f = open_in(dir, name);
    char line[65536];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == ' ' || line[0] == '\n')
            continue; /* license text */
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = 0;
        if (strchr(line, '_'))
            continue;
        add_base(line, bit);
        n++;
    }
    fclose(f);
    return n;
}

/* ---- The reference lemmatizer over the dictionary above (lemma.c's version 1 steps) ---- */

#define WORD_MAX 64 /* lemma.c's LEM_WORD_MAX: longer words are copied unchanged */
#define KEY_MAX 255 /* longest key (its length is one byte) */

/* The dictionary entry of (prefix, w[0..n)) of kind, or NULL. */
static const entry *dict_find(char prefix, const char *w, size_t n, uint32_t kind)
{
    char k[KEY_MAX + 1];
    if (n > KEY_MAX)
        return NULL;
    memcpy(k, w, n);
    k[n] = 0;
    const entry *e = slot(prefix, k, kind);
    return e->hash ? e : NULL;
}

static int is_base(const char *w, size_t n, uint32_t bit)
{
    const entry *e = dict_find('B', w, n, LEM_BASE);
    return e && (e->flags & bit);
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

typedef struct rule {
    const char *suf, *rep;
} rule;

static const rule noun_rules[] = {{"ses", "s"},   {"xes", "x"},  {"zes", "z"}, {"ches", "ch"},
                                  {"shes", "sh"}, {"men", "man"}, {"ies", "y"}, {"s", ""}};
static const rule verbz_rules[] = {{"ies", "y"}, {"es", "e"}, {"es", ""}, {"s", ""}};
static const rule verbd_rules[] = {{"ied", "y"}, {"ed", "e"}, {"ed", ""}};
static const rule verbg_rules[] = {{"ying", "ie"}, {"ing", "e"}, {"ing", ""}};
static const rule adj_rules[] = {{"er", ""},  {"est", ""},  {"er", "e"},
                                 {"est", "e"}, {"ier", "y"}, {"iest", "y"}};

typedef struct rule_set {
    const rule *rules;
    size_t n;
    int undouble;
} rule_set;

#define RULE_SET(r, u) {r, sizeof r / sizeof r[0], u}
static const rule_set verbz_set = RULE_SET(verbz_rules, 0), verbd_set = RULE_SET(verbd_rules, 1),
                      verbg_set = RULE_SET(verbg_rules, 1), noun_set = RULE_SET(noun_rules, 0),
                      adj_set = RULE_SET(adj_rules, 1);
static const rule_set *const all_sets[] = {&verbz_set, &verbd_set, &verbg_set, &noun_set,
                                           &adj_set};

/* The tag groups, as lemma.c numbers them: VB/VBP, VBZ, VBD/VBN, VBG, NNS/NNPS, JJR/JJS. */
enum { G_VB, G_VBZ, G_VBD, G_VBG, G_NNS, G_ADJ, N_GROUPS };

/* try_rules of lemma.c version 1: the first candidate of rs that is a base form of bit, in
 * buf; its length, 0 for none. */
static size_t try_rules(const char *w, size_t len, const rule_set *rs, uint32_t bit, char *buf)
{
    for (size_t r = 0; r < rs->n; r++) {
        size_t sl = strlen(rs->rules[r].suf), rl = strlen(rs->rules[r].rep);
        if (len < sl || memcmp(w + len - sl, rs->rules[r].suf, sl) != 0 || len - sl < 2 ||
            len - sl + rl >= WORD_MAX)
            continue;
        size_t n = len - sl;
        memcpy(buf, w, n);
        memcpy(buf + n, rs->rules[r].rep, rl);
        n += rl;
        if (is_base(buf, n, bit))
            return n;
        if (rs->undouble && rl == 0 && n >= 3 && buf[n - 1] == buf[n - 2] &&
            !is_vowel(buf[n - 1]) && is_base(buf, n - 1, bit))
            return n - 1;
    }
    return 0;
}

/* What lemma_of of version 1 made of w[0..len) (len < WORD_MAX, apostrophes straight) with
 * a tag of group g before its guesses: the lemma in buf and its length, or -1 when it would
 * guess (for VB/VBP and JJR/JJS the guess is the word itself). */
static long reference(const char *w, size_t len, int g, char *buf)
{
    static const char prefix[N_GROUPS] = {'v', 'v', 'v', 'v', 'n', 'a'};
    static const uint32_t bits[N_GROUPS] = {LEM_VERB, LEM_VERB, LEM_VERB, LEM_VERB, LEM_NOUN,
                                            LEM_ADJ};
    static const rule_set *const sets[N_GROUPS] = {NULL,      &verbz_set, &verbd_set,
                                                   &verbg_set, &noun_set,  &adj_set};
    const entry *e = dict_find(prefix[g], w, len, LEM_EXC);
    if (e) {
        size_t n = strlen(pool + e->val_off);
        if (n > KEY_MAX)
            die("exception base form too long");
        memcpy(buf, pool + e->val_off, n);
        return (long)n;
    }
    size_t k = sets[g] ? try_rules(w, len, sets[g], bits[g], buf) : 0;
    if (k)
        return (long)k;
    if (is_base(w, len, bits[g])) {
        memcpy(buf, w, len);
        return (long)len;
    }
    if (g == G_VB) {
        if ((k = try_rules(w, len, &verbz_set, bits[g], buf)) ||
            (k = try_rules(w, len, &verbd_set, bits[g], buf)) ||
            (k = try_rules(w, len, &verbg_set, bits[g], buf)))
            return (long)k;
        memcpy(buf, w, len);
        return (long)len;
    }
    return -1;
}

/* ---- The words to store: a set of strings ---- */

static char **words;
static size_t words_mask, n_words;

static void word_add(const char *w, size_t n)
{
    if (n == 0 || n > KEY_MAX)
        return;
    if ((n_words + 1) * 2 > words_mask) {
        size_t cap = words_mask ? 2 * (words_mask + 1) : 1 << 20;
        char **nw = calloc(cap, sizeof *nw);
        if (!nw)
            die("out of memory");
        for (size_t i = 0; words_mask && i <= words_mask; i++) {
            if (!words[i])
                continue;
            size_t j = lem_hash(0, words[i], strlen(words[i])) & (cap - 1);
            while (nw[j])
                j = (j + 1) & (cap - 1);
            nw[j] = words[i];
        }
        free(words);
        words = nw;
        words_mask = cap - 1;
    }
    size_t j = lem_hash(0, w, n) & words_mask;
    for (; words[j]; j = (j + 1) & words_mask)
        if (strlen(words[j]) == n && memcmp(words[j], w, n) == 0)
            return;
    words[j] = malloc(n + 1);
    if (!words[j])
        die("out of memory");
    memcpy(words[j], w, n);
    words[j][n] = 0;
    n_words++;
}

/* Every word a rule of rs turns into the base form b (b inflected back), plus the doubled
 * forms ("stop" -> "stopped") when rs undoubles. */
static void add_inflections(const char *b, const rule_set *rs)
{
    size_t bl = strlen(b);
    char w[2 * KEY_MAX];
    for (size_t r = 0; r < rs->n; r++) {
        const char *suf = rs->rules[r].suf, *rep = rs->rules[r].rep;
        size_t sl = strlen(suf), rl = strlen(rep);
        if (bl < rl || memcmp(b + bl - rl, rep, rl) != 0 || bl + sl - rl > KEY_MAX)
            continue;
        memcpy(w, b, bl - rl);
        memcpy(w + bl - rl, suf, sl);
        word_add(w, bl - rl + sl);
        if (rs->undouble && rl == 0 && bl >= 1 && bl + 1 + sl <= KEY_MAX) {
            memcpy(w, b, bl);
            w[bl] = b[bl - 1];
            memcpy(w + bl + 1, suf, sl);
            word_add(w, bl + 1 + sl);
        }
    }
}

/* ---- The section ---- */

#define SLOT_BYTES 32
#define KEY_INLINE 12
#define TAIL_INLINE 4

static uint8_t *out_pool;
static size_t out_pool_len, out_pool_cap;

static uint32_t out_pool_add(const char *s, size_t n)
{
    if (out_pool_len + n + 1 > out_pool_cap) {
        out_pool_cap = out_pool_cap ? out_pool_cap * 2 : 1 << 16;
        out_pool = realloc(out_pool, out_pool_cap);
        if (!out_pool)
            die("out of memory");
    }
    memcpy(out_pool + out_pool_len, s, n);
    out_pool[out_pool_len + n] = 0;
    out_pool_len += n + 1;
    return (uint32_t)(out_pool_len - n - 1);
}

static void st32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Write the lemma buf[0..n) of the word w as { keep, tail length, tail } at p (6 bytes). */
static void put_lemma(uint8_t *p, const char *w, size_t wl, const char *buf, size_t n)
{
    size_t keep = 0;
    while (keep < wl && keep < n && w[keep] == buf[keep])
        keep++;
    size_t tl = n - keep;
    if (tl > KEY_MAX)
        die("lemma too long");
    p[0] = (uint8_t)keep;
    p[1] = (uint8_t)tl;
    if (tl <= TAIL_INLINE)
        memcpy(p + 2, buf + keep, tl);
    else
        st32(p + 2, out_pool_add(buf + keep, tl));
}

static size_t n_tail_pool, n_key_pool;

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* lemma.c's lem_hash: 8 bytes a step, the last zero-padded, each multiplied in and folded */
static uint32_t slot_hash(const char *w, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    for (size_t i = 0; i < len; i += 8) {
        uint8_t c[8] = {0};
        memcpy(c, w + i, len - i < 8 ? len - i : 8);
        h = (h ^ rd64(c)) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    return (uint32_t)h ? (uint32_t)h : 1u;
}

/* Fill the slot s of word w; returns 0 when the table knows nothing of w. */
static int make_slot(uint8_t *s, const char *w)
{
    size_t wl = strlen(w);
    uint32_t bases = 0;
    const entry *b = dict_find('B', w, wl, LEM_BASE);
    if (b)
        bases = (b->flags & LEM_VERB ? 1u : 0) | (b->flags & LEM_NOUN ? 2u : 0) |
                (b->flags & LEM_ADJ ? 4u : 0);
    char lem[2][KEY_MAX + 1], buf[2 * KEY_MAX];
    size_t lem_len[2], n_lem = 0;
    uint32_t codes = 0;
    for (int g = 0; g < N_GROUPS && wl < WORD_MAX; g++) {
        long n = reference(w, wl, g, buf);
        uint32_t c;
        if (n < 0) {
            c = 0;
        } else if ((size_t)n == wl && memcmp(buf, w, wl) == 0) {
            c = g == G_VB || g == G_ADJ ? 0 : 1; /* (their guess is the word itself) */
        } else {
            size_t j = 0;
            while (j < n_lem && !(lem_len[j] == (size_t)n && memcmp(lem[j], buf, (size_t)n) == 0))
                j++;
            if (j == n_lem) {
                if (n_lem == 2)
                    die("a word with more than two lemmas");
                memcpy(lem[j], buf, (size_t)n);
                lem_len[j] = (size_t)n;
                n_lem++;
            }
            c = 2 + (uint32_t)j;
        }
        codes |= c << (2 * g);
    }
    if (!bases && !codes)
        return 0;
    memset(s, 0, SLOT_BYTES);
    st32(s, slot_hash(w, wl));
    s[4] = (uint8_t)wl;
    s[5] = (uint8_t)bases;
    s[6] = (uint8_t)codes;
    s[7] = (uint8_t)(codes >> 8);
    if (wl <= KEY_INLINE) {
        memcpy(s + 8, w, wl);
    } else {
        memcpy(s + 8, w, 8);
        st32(s + 16, out_pool_add(w, wl));
        n_key_pool++;
    }
    for (size_t j = 0; j < n_lem; j++) {
        put_lemma(s + 20 + 6 * j, w, wl, lem[j], lem_len[j]);
        n_tail_pool += lem_len[j] > TAIL_INLINE && s[21 + 6 * j] > TAIL_INLINE;
    }
    return 1;
}

static void put32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    if (fwrite(b, 1, 4, f) != 4)
        die("write failed");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: lemmac WORDNET_DIR OUT.sec\n");
        return 2;
    }
    const char *dir = argv[1];
    size_t n_slots = 1u << 19; /* ~170k entries at most half full */
    tab = calloc(n_slots, sizeof *tab);
    if (!tab)
        die("out of memory");
    tab_mask = n_slots - 1;
    pool_add(""); /* offset 0: the empty string */

    /* clitics as our tokenizer splits them: he's, they're, we've, I'm, she'd */
    static const char *const clitics[][2] = {{"'s", "be"}, {"'re", "be"}, {"'m", "be"},
                                             {"'ve", "have"}, {"'d", "have"}, {"ai", "be"}};
    for (size_t i = 0; i < sizeof clitics / sizeof clitics[0]; i++)
        add_exc('v', 1, clitics[i][0], clitics[i][1]);
    size_t nv = read_exc(dir, "verb.exc", 'v', 1);
    size_t nn = read_exc(dir, "noun.exc", 'n', 2);
    size_t na = read_exc(dir, "adj.exc", 'a', 3);
    size_t bv = read_index(dir, "index.verb", LEM_VERB);
    size_t bn = read_index(dir, "index.noun", LEM_NOUN);
    size_t ba = read_index(dir, "index.adj", LEM_ADJ);
    if (nv < 100 || bv < 1000 || bn < 1000)
        die("WordNet files look empty");

    /* every word one of the steps can succeed for: the exception forms, the base forms and
     * the base forms inflected back by every rule */
    for (size_t i = 0; i <= tab_mask; i++) {
        if (!tab[i].hash)
            continue;
        const char *k = pool + tab[i].key_off;
        if (strlen(k) > KEY_MAX)
            die("a word longer than the table holds");
        word_add(k, strlen(k));
        if (tab[i].flags & LEM_BASE)
            for (size_t s = 0; s < sizeof all_sets / sizeof all_sets[0]; s++)
                add_inflections(k, all_sets[s]);
    }

    /* the slots of the words the table knows something of */
    out_pool_add("", 0); /* offset 0: the empty string */
    uint8_t *recs = malloc(n_words * SLOT_BYTES);
    if (!recs)
        die("out of memory");
    size_t n_out = 0;
    for (size_t i = 0; i <= words_mask; i++)
        if (words[i] && make_slot(recs + n_out * SLOT_BYTES, words[i]))
            n_out++;
    /* the table: linear probing, at most 5/8 full (a smaller table is more of it in the
     * cache; 281k words make it 54% full) */
    size_t out_slots = 1;
    while (out_slots * 5 < 8 * n_out + 1)
        out_slots <<= 1;
    uint8_t *out = calloc(out_slots, SLOT_BYTES);
    if (!out)
        die("out of memory");
    for (size_t i = 0; i < n_out; i++) {
        const uint8_t *s = recs + i * SLOT_BYTES;
        uint32_t h = (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 |
                     (uint32_t)s[3] << 24;
        size_t j = h & (out_slots - 1);
        while (out[j * SLOT_BYTES + 4]) /* klen 0: empty */
            j = (j + 1) & (out_slots - 1);
        memcpy(out + j * SLOT_BYTES, s, SLOT_BYTES);
    }
    free(recs);

    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        fprintf(stderr, "lemmac: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    put32(f, 0x4d454c4eu);
    put32(f, 2);
    put32(f, (uint32_t)out_slots);
    put32(f, (uint32_t)n_out);
    put32(f, (uint32_t)out_pool_len);
    put32(f, 0);
    put32(f, 0);
    put32(f, 0);
    if (fwrite(out, SLOT_BYTES, out_slots, f) != out_slots ||
        fwrite(out_pool, 1, out_pool_len, f) != out_pool_len || fclose(f) != 0)
        die("write failed");
    printf("lemma: %zu verb, %zu noun, %zu adjective exceptions; %zu verb, %zu noun, %zu "
           "adjective base forms; %zu words (%zu long, %zu long lemma tails) in %zu slots, "
           "%zu bytes\n",
           nv, nn, na, bv, bn, ba, n_out, n_key_pool, n_tail_pool, out_slots,
           32 + out_slots * SLOT_BYTES + out_pool_len);
    free(tab);
    free(pool);
    free(out);
    free(out_pool);
    for (size_t i = 0; words && i <= words_mask; i++)
        free(words[i]);
    free(words);
    return 0;
}
