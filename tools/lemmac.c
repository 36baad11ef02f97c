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

    /* re-hash into the smallest power of two at most half full */
    size_t out_slots = 1;
    while (out_slots < 2 * n_entries + 1)
        out_slots <<= 1;
    entry *out = calloc(out_slots, sizeof *out);
    if (!out)
        die("out of memory");
    for (size_t i = 0; i < n_slots; i++) {
        if (!tab[i].hash)
            continue;
        size_t j = tab[i].hash & (out_slots - 1);
        while (out[j].hash)
            j = (j + 1) & (out_slots - 1);
        out[j] = tab[i];
    }
    free(tab);
    tab = out;
    n_slots = out_slots;

    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        fprintf(stderr, "lemmac: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    put32(f, 0x4d454c4eu);
    put32(f, 1);
    put32(f, (uint32_t)n_slots);
    put32(f, (uint32_t)n_entries);
    put32(f, (uint32_t)pool_len);
    put32(f, 0);
    put32(f, 0);
    put32(f, 0);
    for (size_t i = 0; i < n_slots; i++) {
        put32(f, tab[i].hash);
        put32(f, tab[i].key_off);
        put32(f, tab[i].val_off);
        put32(f, tab[i].flags);
    }
    if (fwrite(pool, 1, pool_len, f) != pool_len || fclose(f) != 0)
        die("write failed");
    printf("lemma: %zu verb, %zu noun, %zu adjective exceptions; %zu verb, %zu noun, %zu "
           "adjective base forms; %zu entries, %zu bytes\n",
           nv, nn, na, bv, bn, ba, n_entries, 32 + n_slots * 16 + pool_len);
    free(tab);
    free(pool);
    return 0;
}
