/*
 * event.c - event coding: who did what to whom, sentence by sentence.
 *
 * 1. Chunks: noun phrases (NP: determiners, adjectives, nouns, actor mentions, possessives),
 *    verb groups (VG: auxiliaries, modals, adverbs, negation, the main verb) and single
 *    tokens (prepositions, conjunctions, punctuation).
 * 2. For every VG: voice (be + past participle), negation ("not", "never"), modality (modal
 *    verbs, "plan to"), its subject (the nearest NP to the left that is not inside a
 *    prepositional phrase; "who"/"which" skip to the antecedent; a coordinated verb shares
 *    its neighbour's subject; pronouns resolved to the nearest fitting actor) and the verb
 *    patterns of its lemma (data/verbs.txt), matched against the words that follow; the
 *    longest pattern wins. Passive voice swaps source and target ("by" gives the source).
 * 3. Noun patterns (data/nouns.txt) for events named by nouns: after a light verb ("held
 *    talks with"), with an actor possessor ("Russia's strikes on Kyiv"), or as a clause
 *    subject ("a drone strike set fire to ...").
 * 4. Reporting verbs (flag say) are attribution: nothing is coded for them, the event inside
 *    their clause is. Verbal acts (flag comm: accuse, deny, urge, praise...) are coded and
 *    their complement is not. Negated events and speculation (could, might) are not coded;
 *    future acts become intents (03x; 036 for meetings and visits).
 * 5. Dedup: one event per (source, code, target) in an article.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_SYM = 1, P_SAY = 2, P_COMM = 4, P_FUTURE = 8, P_PAIR = 16 };
#define PAT_MAX_ITEMS 10

struct pattern {
    /* the fields code_verbs and match_items read for every pattern of a chain come first, so
     * a pattern ruled out by its first item costs one cache line */
    char code[6];
    char type;          /* 'V' verb, 'N' noun, 'L' light verb */
    uint8_t flags;
    uint8_t n_items;
    uint8_t n_literal;  /* specificity */
    uint8_t chain_flags; /* flags any "-" pattern of the chain from this one on carries (say,
                          * future): "set" is future in "set to" though "set fire to" is an
                          * event pattern; set by pattern_load */
    uint8_t kind[PAT_MAX_ITEMS];   /* items compiled at load: IK_* */
    uint32_t next;      /* next pattern with the same head, index + 1 */
    uint64_t alts[PAT_MAX_ITEMS];  /* literal: bit alt_bit() of each alternative set */
    uint64_t alts2[PAT_MAX_ITEMS]; /* and bit alt_bit2() */
    const char *head;
    const char *items[PAT_MAX_ITEMS];
};

enum { IK_LIT, IK_STAR, IK_PLUS, IK_PREP = 4 }; /* IK_PREP: a preposition literal not after + */

/* One of 64 bits from a word's first two bytes ("" past the end): a literal item's
 * alternatives set theirs, so most tokens are ruled out without reading the item. */
static unsigned alt_bit(unsigned char c0, unsigned char c1)
{
    return ((c0 * 7u) ^ (c1 * 13u)) & 63u;
}

/* A second bit from the first three bytes (c2 is 0 for a word of one byte): a token passes
 * the filter when its form or its lemma has both bits set. */
static unsigned alt_bit2(unsigned char c0, unsigned char c1, unsigned char c2)
{
    return ((c0 * 5u) + (c1 * 11u) + (c2 * 3u)) & 63u;
}

static bool is_prep_word(const char *item);

/* The bit of a verb_index key (len > 0) in key_bits: from its length, the byte after an
 * "n:" prefix and its last two bytes. */
static inline uint32_t pat_key_bit2(char last, char before, char third, size_t len)
{
    uint32_t a = (unsigned char)last, b = (unsigned char)before, c = (unsigned char)third;
    return ((uint32_t)len * 2654435761u ^ a * 0x9E3779B1u ^ b * 0x85EBCA77u ^
            c * 0xC2B2AE3Du) >> 18; /* (14 bits: 256 words of 64) */
}

static inline uint32_t pat_key_bit(const char *key, size_t len)
{
    return pat_key_bit2(key[len - 1], key[len > 1 ? len - 2 : 0], key[len > 2 ? 2 : 0], len);
}
static const pattern *next_pattern(const nev_model *m, const pattern *p);

/* Is the lemma a light verb ("hold", "launch")? The bits of their first two bytes rule out
 * most verbs without measuring the lemma and probing the map. */
static bool is_light_verb(const nev_model *m, const char *lemma)
{
    unsigned b = alt_bit((unsigned char)lemma[0], lemma[0] ? (unsigned char)lemma[1] : 0);
    return (m->light_bits >> b & 1) && strmap_get(&m->word_class, lemma, strlen(lemma));
}

/* Kinds and alternative bits of p's items. */
static void compile_items(pattern *p)
{
    for (uint8_t i = 0; i < p->n_items; i++) {
        const char *it = p->items[i];
        p->alts[i] = p->alts2[i] = 0;
        /* ("*" and "+" pass may_match's filter: all bits; match_items reads none of them) */
        if (strcmp(it, "*") == 0) {
            p->kind[i] = IK_STAR;
            p->alts[i] = p->alts2[i] = ~(uint64_t)0;
            continue;
        }
        if (strcmp(it, "+") == 0) {
            p->kind[i] = IK_PLUS;
            p->alts[i] = p->alts2[i] = ~(uint64_t)0;
            continue;
        }
        p->kind[i] = IK_LIT;
        if (is_prep_word(it) && (i == 0 || strcmp(p->items[i - 1], "+") != 0))
            p->kind[i] |= IK_PREP;
        for (const char *a = it;;) {
            const char *bar = strchr(a, '|');
            size_t l = bar ? (size_t)(bar - a) : strlen(a);
            if (l == 0) { /* an empty alternative: no filter */
                p->alts[i] = p->alts2[i] = ~(uint64_t)0;
            } else {
                unsigned char c0 = (unsigned char)a[0], c1 = l > 1 ? (unsigned char)a[1] : 0,
                              c2 = l > 2 ? (unsigned char)a[2] : 0;
                p->alts[i] |= (uint64_t)1 << alt_bit(c0, c1);
                p->alts2[i] |= (uint64_t)1 << alt_bit2(c0, c1, c2);
            }
            if (!bar)
                break;
            a = bar + 1;
        }
    }
}

/* ---- loading ----------------------------------------------------------------------------- */
int cameo_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err)
{
    uint32_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    m->cameo = nev_calloc(&m->alc, lines + 1, sizeof *m->cameo);
    if (!m->cameo || strmap_init(&m->cameo_index, &m->alc, lines + 1) != NEV_OK)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    const char *p = (const char *)data, *end = p + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        if (*p != '#') {
            char line[128];
            size_t l = (size_t)(nl - p) < sizeof line - 1 ? (size_t)(nl - p) : sizeof line - 1;
            memcpy(line, p, l);
            line[l] = '\0';
            cameo_info *c = &m->cameo[m->n_cameo];
            char plover[64] = "";
            double g = 0;
            int q = 0;
            char code[16];
            if (sscanf(line, "%15[^\t]\t%lf\t%d\t%63[^\t\n]", code, &g, &q, plover) >= 3) {
                snprintf(c->code, sizeof c->code, "%.5s", code);
                c->goldstein = (float)g;
                c->quad = (uint8_t)q;
                snprintf(c->plover, sizeof c->plover, "%.23s", plover);
                uint32_t *v = strmap_put(&m->cameo_index, c->code, strlen(c->code), 0, NULL);
                if (!v)
                    return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
                *v = m->n_cameo++;
            }
        }
        p = nl + 1;
    }
    return NEV_OK;
}

const cameo_info *cameo_get(const nev_model *m, const char *code)
{
    const uint32_t *v = strmap_get(&m->cameo_index, code, strlen(code));
    return v ? &m->cameo[*v] : NULL;
}

static uint8_t parse_flags(const char *f)
{
    uint8_t r = 0;
    if (strstr(f, "sym"))
        r |= P_SYM;
    if (strstr(f, "say"))
        r |= P_SAY;
    if (strstr(f, "comm"))
        r |= P_COMM;
    if (strstr(f, "future"))
        r |= P_FUTURE;
    if (strstr(f, "pair"))
        r |= P_PAIR;
    return r;
}

static void sport_bits_init(nev_model *m);

int pattern_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err)
{
    m->pattern_text = nev_malloc(&m->alc, len + 1);
    if (!m->pattern_text)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    memcpy(m->pattern_text, data, len);
    m->pattern_text[len] = '\0';
    uint32_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    m->patterns = nev_calloc(&m->alc, lines + 1, sizeof *m->patterns);
    if (!m->patterns || strmap_init(&m->verb_index, &m->alc, lines + 1) != NEV_OK ||
        strmap_init(&m->word_class, &m->alc, 64) != NEV_OK)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    long line_no = 0;
    for (char *p = m->pattern_text, *nl; p && *p; p = nl) {
        nl = strchr(p, '\n');
        if (nl)
            *nl++ = '\0';
        line_no++;
        if (*p == '#')
            continue;
        char *f[4];
        if (nev_split_tabs(p, f, 4) != 4)
            return nev_seterr(err, NEV_EDATA, "patterns", line_no, "malformed pattern line");
        if (f[0][0] == 'L') { /* light verb: a word class */
            if (!strmap_put(&m->word_class, f[3], strlen(f[3]), 'L', NULL))
                return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
            m->light_bits |= (uint64_t)1 << alt_bit((unsigned char)f[3][0],
                                                    f[3][0] ? (unsigned char)f[3][1] : 0);
            continue;
        }
        pattern *pt = &m->patterns[m->n_patterns];
        memset(pt, 0, sizeof *pt); /* a skipped line may have filled this slot already */
        pt->type = f[0][0];
        snprintf(pt->code, sizeof pt->code, "%s", f[1]);
        pt->flags = parse_flags(f[2]);
        char *s = f[3];
        char *tok = s;
        int n = 0;
        while (tok && *tok) {
            char *sp = strchr(tok, ' ');
            if (sp)
                *sp++ = '\0';
            if (*tok) {
                if (n == 0)
                    pt->head = tok;
                else if (n - 1 < PAT_MAX_ITEMS) {
                    pt->items[pt->n_items++] = tok;
                    if (strcmp(tok, "+") && strcmp(tok, "*"))
                        pt->n_literal++;
                }
                n++;
            }
            tok = sp;
        }
        if (!pt->head)
            continue;
        compile_items(pt);
        /* index by head; noun patterns as "n:head" */
        if (strlen(pt->head) + 2 >= 80)
            continue; /* lookups build "n:" + head in an 80-byte key */
        /* the key must outlive the map: verbs use the head in the text, nouns an "n:" copy */
        const char *kp = pt->type == 'N' ? NULL : pt->head;
        uint32_t idx = m->n_patterns++;
        uint32_t *v;
        if (kp) {
            size_t kl = strlen(kp);
            if (kl) {
                uint32_t kb = pat_key_bit(kp, kl);
                m->key_bits[kb >> 6] |= (uint64_t)1 << (kb & 63);
            }
            v = strmap_put(&m->verb_index, kp, kl, 0, NULL);
        } else {
            /* store noun heads under their own text with a 0x01 prefix byte in a copy */
            size_t hl = strlen(pt->head);
            char *copy = nev_malloc(&m->alc, hl + 3);
            if (!copy)
                return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
            copy[0] = 'n';
            copy[1] = ':';
            memcpy(copy + 2, pt->head, hl + 1);
            uint32_t kb = pat_key_bit(copy, hl + 2);
            m->key_bits[kb >> 6] |= (uint64_t)1 << (kb & 63);
            bool found;
            v = strmap_put(&m->verb_index, copy, hl + 2, 0, &found);
            if (found)
                nev_free(&m->alc, copy);
        }
        if (!v)
            return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
        /* keep chains sorted by specificity, most literals first */
        uint32_t *link = v;
        while (*link && m->patterns[*link - 1].n_literal + m->patterns[*link - 1].n_items >=
                            pt->n_literal + pt->n_items)
            link = &m->patterns[*link - 1].next;
        pt->next = *link;
        *link = idx + 1;
    }
    sport_bits_init(m);
    /* chain_flags of every chain suffix, now that the chains are final */
    for (uint32_t i = 0; i < m->n_patterns; i++) {
        uint8_t f = 0;
        for (const pattern *q = &m->patterns[i]; q; q = next_pattern(m, q))
            if (!strcmp(q->code, "-"))
                f |= q->flags;
        m->patterns[i].chain_flags = f;
    }
    return NEV_OK;
}

void pattern_free(nev_model *m)
{
    /* free the "n:" key copies */
    if (m->verb_index.slots)
        for (uint32_t i = 0; i <= m->verb_index.mask; i++) {
            strmap_slot *s = &m->verb_index.slots[i];
            if (s->key && s->len > 2 && s->key[0] == 'n' && s->key[1] == ':')
                nev_free(&m->alc, (void *)s->key);
        }
    strmap_free(&m->verb_index);
    strmap_free(&m->word_class);
    strmap_free(&m->cameo_index);
    nev_free(&m->alc, m->patterns);
    nev_free(&m->alc, m->pattern_text);
    nev_free(&m->alc, m->cameo);
}

/* The first pattern of key's chain (a verb lemma, or "n:" and a noun), or NULL. */
static const pattern *patterns_for_len(const nev_model *m, const char *key, size_t len)
{
    if (len) {
        uint32_t kb = pat_key_bit(key, len);
        if (!(m->key_bits[kb >> 6] >> (kb & 63) & 1))
            return NULL; /* no key has its bit */
    }
    const uint32_t *v = strmap_get(&m->verb_index, key, len);
    return v && *v ? &m->patterns[*v - 1] : NULL;
}

static const pattern *patterns_for(const nev_model *m, const char *key)
{
    return patterns_for_len(m, key, strlen(key));
}

/* key = "n:" and at most max bytes of w, cut to fit cap (what snprintf "n:%.*s" writes,
 * without the formatting machinery on a path taken for every noun). */
static size_t noun_key(char *key, size_t cap, const char *w, size_t max)
{
    size_t n = strnlen(w, max);
    if (n > cap - 3)
        n = cap - 3;
    key[0] = 'n';
    key[1] = ':';
    memcpy(key + 2, w, n);
    key[2 + n] = '\0';
    return n + 2; /* the key's length */
}


static const pattern *next_pattern(const nev_model *m, const pattern *p)
{
    return p->next ? &m->patterns[p->next - 1] : NULL;
}

/* ---- chunks ------------------------------------------------------------------------------ */
enum { CH_TOK, CH_NP, CH_VG };
#define MAX_ACT 10

typedef struct chunk {
    /* (bytes together and 32-bit pattern indices: build_chunks clears one per chunk) */
    uint8_t type;
    uint8_t n_act;            /* NP */
    bool pronoun;
    bool passive, negated, infinitive, gerund; /* VG */
    uint8_t modality;
    bool suppressed;          /* inside the complement of a verbal act */
    bool say;                 /* reporting verb */
    bool resolved;            /* NP: actors computed (and maybe merged by coordination) */
    bool busy;                /* NP: being resolved (pronoun resolution can come back here) */
    uint32_t t0, t1;          /* tokens */
    uint32_t head;            /* NP head noun / VG main verb */
    int32_t act[MAX_ACT];     /* NP: mention indices of the actors the NP denotes */
    int32_t possessor;        /* mention before the head: "Russia's", "Russian", or -1 */
    int32_t subj;             /* VG: chunk index of the subject NP, -1 */
    uint32_t npat;            /* NP: noun patterns of the head's lemma ("n:" key): 0 not looked
                               * up yet, 1 none, else pattern index + 2 */
    uint32_t vpat;            /* VG: verb patterns of the main verb's lemma (code_verbs), index
                               * + 1 or 0 */
} chunk;

typedef struct ctx {
    nev_doc *d;
    uint32_t s;
    chunk *ch;
    uint32_t n;
    bool anon_ok;   /* an unknown source is allowed for this act (see emit) */
    bool vague_target; /* the target is a vague collective: "the international community" */
    uint32_t dateline_end; /* first token after a wire dateline ("KUWAIT, June 2 -"), or 0 */
    bool has_q;     /* the sentence has a "?" (else in_question is false throughout) */
    uint32_t *vg, nvg; /* the indices of the VG chunks, in order (build_chunks) */
    uint32_t *np, nnp; /* and of the NP chunks: the coder's loops over one kind walk these */
    uint32_t *cw, ncw; /* and of the single-token chunks of a clause word (clause_limit's) */
} ctx;

static inline bool participle_adj(const nev_doc *d, uint32_t i, uint32_t end);

static bool in_words(const token *t, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tok_is(t, w[i]))
            return true;
    return false;
}

/* "-", "--", an em or en dash (the tagger may call a lone "-" a preposition) */
static bool is_dash(const token *t)
{
    return tok_is(t, "-") || tok_is(t, "--") || tok_is(t, "\xe2\x80\x94") ||
           tok_is(t, "\xe2\x80\x93");
}

/* Words of time that look like nouns but modify the clause: "allies today called". */
static bool temporal(const token *t)
{
    static const char *const w[] = {"today", "yesterday", "tomorrow", "tonight", "monday",
                                    "tuesday", "wednesday", "thursday", "friday", "saturday",
                                    "sunday", "overnight", "earlier", "later"};
    if (t->norm_len < 5 || t->norm_len > 9) /* the lengths of those words */
        return false;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is(t, w[i]))
            return true;
    return false;
}

/* The bit of tag p in a set of tags (the tags are fewer than 64). */
#define PBIT(p) ((uint64_t)1 << ((p) & 63))
#define PBITS_VERB                                                                              \
    (PBIT(POS_VB) | PBIT(POS_VBD) | PBIT(POS_VBG) | PBIT(POS_VBN) | PBIT(POS_VBP) | PBIT(POS_VBZ))

/* A letter's bit in a set of first letters (its low five bits: 'a' is 1). */
#define LBIT(ch) ((uint32_t)1 << ((ch) & 31))
/* The first letters, by length (the length's low four bits), of the words np_token looks up
 * (temporal, the deixis and period words, "that", "which"): a token whose length and first
 * letter are not there is none of them, and is settled without a data-dependent branch. */
static const uint32_t np_word_first[16] = {
    [4] = LBIT('n') | LBIT('l') | LBIT('t') | LBIT('p') | LBIT('w') | LBIT('y'),
    [5] = LBIT('t') | LBIT('l') | LBIT('m') | LBIT('w'),
    [6] = LBIT('m') | LBIT('f') | LBIT('s') | LBIT('c') | LBIT('w') | LBIT('a'),
    [7] = LBIT('t') | LBIT('e') | LBIT('w'),
    [8] = LBIT('t') | LBIT('s'),
    [9] = LBIT('y') | LBIT('w') | LBIT('o'),
};
/* the tags that can make an NP token */
#define PBITS_NP_TOKEN                                                                         \
    (PBIT(POS_DT) | PBIT(POS_PDT) | PBIT(POS_PRPS) | PBIT(POS_JJ) | PBIT(POS_JJR) |             \
     PBIT(POS_JJS) | PBIT(POS_NN) | PBIT(POS_NNS) | PBIT(POS_NNP) | PBIT(POS_NNPS) |            \
     PBIT(POS_CD) | PBIT(POS_POS) | PBIT(POS_VBN) | PBIT(POS_VBG))

static inline bool np_token(const nev_doc *d, uint32_t i)
{
    const token *t = &TOK(d, i);
    if (t->ment >= 0)
        return true;
    /* only a noun-phrase tag or a participle can make an NP token (the tests below) */
    uint64_t b = PBIT(t->pos);
    if (!(b & PBITS_NP_TOKEN))
        return false;
    bool that = false;
    if (np_word_first[t->norm_len & 15] >> ((unsigned char)t->norm[0] & 31) & 1) {
        if (temporal(t))
            return false;
        /* "next week", "last month", "this year" modify the clause, not the noun before */
        static const char *const period[] = {"week",   "month",  "year",   "weekend",
                                             "summer", "winter", "spring", "autumn"};
        static const char *const deixis[] = {"next", "last", "this", "coming", "past"};
        /* (deixis words have 4 or 6 letters, period words 4 to 7) */
        if (t->norm_len >= 4 && t->norm_len <= 7) {
            if (in_words(t, deixis, 5) && i + 1 < d->toks.n && in_words(&TOK(d, i + 1), period, 8))
                return false;
            if (in_words(t, period, 8) && i > 0 && in_words(&TOK(d, i - 1), deixis, 5))
                return false;
        }
        that = tok_is(t, "that") || tok_is(t, "which");
    }
    if (b & (PBIT(POS_VBN) | PBIT(POS_VBG)))
        return participle_adj(d, i, d->toks.n);
    return !that;
}

/* he she it they him her them we us i me you (build_chunks asks for every token: the
 * words by length, so most tokens are settled by their length or first byte) */
/* For each length up to 4 and first byte (its low five bits), the second bytes (theirs) of
 * the pronouns: the one probe settles most tokens without a data-dependent branch. */
static const uint32_t pron_second[5][32] = {
    [1] = {['i' & 31] = LBIT(0)},
    [2] = {['h' & 31] = LBIT('e'), ['w' & 31] = LBIT('e'), ['m' & 31] = LBIT('e'),
           ['i' & 31] = LBIT('t'), ['u' & 31] = LBIT('s')},
    [3] = {['s' & 31] = LBIT('h'), ['h' & 31] = LBIT('i') | LBIT('e'), ['y' & 31] = LBIT('o')},
    [4] = {['t' & 31] = LBIT('h')},
};

static bool is_pronoun(const token *t)
{
    const char *s = t->norm;
    uint32_t n = t->norm_len;
    uint32_t r = n & (0u - (uint32_t)(n < 5)); /* (row 0: none; masked, as no branch) */
    if (!(pron_second[r][(unsigned char)s[0] & 31] >> ((unsigned char)s[n != 0] & 31) & 1))
        return false;
    switch (n) {
    case 1:
        return s[0] == 'i';
    case 2:
        return (s[1] == 'e' && (s[0] == 'h' || s[0] == 'w' || s[0] == 'm')) ||
               (s[0] == 'i' && s[1] == 't') || (s[0] == 'u' && s[1] == 's');
    case 3:
        return !memcmp(s, "she", 3) || !memcmp(s, "him", 3) || !memcmp(s, "her", 3) ||
               !memcmp(s, "you", 3);
    case 4:
        return s[0] == 't' && s[1] == 'h' && s[2] == 'e' && (s[3] == 'y' || s[3] == 'm');
    default:
        return false;
    }
}

static const char *const modals_hyp[] = {"could", "might", "may", "can", "should", "must"};
static const char *const modals_fut[] = {"will", "would", "shall", "'ll", "going"};


static bool is_aux(const token *t)
{
    return tok_is_lemma(t, "be") || tok_is_lemma(t, "have") || tok_is_lemma(t, "do") ||
           tok_is_lemma(t, "get") || t->pos == POS_MD ||
           tok_is(t, "'s") || tok_is(t, "'ve") || tok_is(t, "'re") || tok_is(t, "'d");
}

/* A participle used as an adjective inside a noun phrase: "its banned programs", "the
 * isolated nation", "a war-torn town". */
static inline bool participle_adj(const nev_doc *d, uint32_t i, uint32_t end)
{
    const token *t = &TOK(d, i);
    if (t->pos != POS_VBN && t->pos != POS_VBG)
        return false;
    if (i == 0 || i + 1 >= end)
        return false;
    const token *p = &TOK(d, i - 1), *n = &TOK(d, i + 1);
    bool before = p->pos == POS_DT || p->pos == POS_PRPS || pos_is_adj(p->pos) ||
                  p->pos == POS_POS || p->pos == POS_CD;
    bool after = pos_is_noun(n->pos) || pos_is_adj(n->pos);
    return before && after;
}

/* How the word w before an infinitive's "to" frames the act (t0: the sentence's first
 * token): "the plan to send", "its readiness to continue" (intended; "no plans to" denies
 * it), "threats to use", "unlikely to attack" (only supposed), "likely to visit soon"
 * (expected), "unable to", "failed to", "failure to", "impossible to" (not done). */
static void infinitive_cue(const nev_doc *d, chunk *k, uint32_t w, uint32_t t0)
{
    static const char *const plan[] = {"plan",      "plans",        "intention", "intentions",
                                       "readiness", "willingness",  "offer",     "promise",
                                       "pledge",    "proposal",     "decision",  "preparations",
                                       "bid"};
    static const char *const doubt[] = {"threat", "threats", "unlikely"};
    static const char *const fail[] = {"unable",  "failed",  "fail",      "fails",
                                       "failing", "failure", "refusal", "impossible"};
    const token *t = &TOK(d, w);
    if (k->modality == MOD_ASSERTED && in_words(t, plan, sizeof plan / sizeof *plan)) {
        k->modality = MOD_INTENDED;
        if (w > t0 && tok_is(&TOK(d, w - 1), "no"))
            k->negated = true; /* "had no plans to bow to pressure" */
    }
    if (in_words(t, doubt, sizeof doubt / sizeof *doubt))
        k->modality = MOD_HYPOTHETICAL;
    if (k->modality == MOD_ASSERTED && tok_is(t, "likely"))
        k->modality = MOD_INTENDED;
    if (in_words(t, fail, sizeof fail / sizeof *fail))
        k->negated = true;
}


/* Where a sentence's tags are, for the retag rules: for each tag the set of its tokens (bit
 * i - t0), kept exact as the rules change tags (set_pos), so a rule visits only the tokens
 * of the tags it looks for instead of walking the whole sentence once per rule. A sentence
 * of more than 64 tokens has no sets (ok false) and is walked token by token. */
typedef struct tagpos {
    uint64_t at[64];             /* (indexed like PBIT) */
    uint32_t t0;
    bool ok;
} tagpos;

/* (and whether the sentence has a "?", for ctx.has_q: the same walk over its tokens) */
static bool tagpos_init(tagpos *tp, const nev_doc *d, uint32_t t0, uint32_t end)
{
    tp->t0 = t0;
    tp->ok = end - t0 <= 64;
    memset(tp->at, 0, sizeof tp->at);
    uint64_t b = 1; /* (0 after 64 tokens, when the sets are not used) */
    bool q = false;
    for (uint32_t i = t0; i < end; i++, b <<= 1) {
        const token *t = &TOK(d, i);
        tp->at[t->pos & 63] |= b;
        q |= (t->norm_len == 1) & (t->norm[0] == '?'); /* (no branch) */
    }
    return q;
}

/* The first token from `from` on (before lim, the sentence's end or less) whose tag is in
 * the set want (PBIT), else lim. */
static inline uint32_t tp_next(const nev_doc *d, const tagpos *tp, uint64_t want, uint32_t from,
                               uint32_t lim)
{
    if (from >= lim)
        return lim;
    if (!tp->ok) {
        while (from < lim && !(PBIT(TOK(d, from).pos) & want))
            from++;
        return from;
    }
    uint64_t m = 0;
    for (uint64_t w = want; w; w &= w - 1)
        m |= tp->at[__builtin_ctzll(w) & 63];
    m &= ~(uint64_t)0 << (from - tp->t0); /* (from < lim <= t0 + 64) */
    /* (no branch on an empty set: its first is then 64, at or past lim) */
    uint32_t z = (uint32_t)__builtin_ctzll(m | (uint64_t)1 << 63) + (m == 0);
    uint32_t i = tp->t0 + z;
    return i < lim ? i : lim;
}

/* Token i (of the sentence) is retagged p. */
static inline void set_pos(nev_doc *d, tagpos *tp, uint32_t i, uint8_t p)
{
    token *t = &TOK(d, i);
    if (tp->ok) {
        uint64_t b = (uint64_t)1 << (i - tp->t0);
        tp->at[t->pos & 63] &= ~b;
        tp->at[p & 63] |= b;
    }
    t->pos = p;
}

/* After a modal or "to", a word the tagger took for a noun but that heads verb patterns is
 * the verb ("will host talks", "to return"). */
static void retag_after_modal(nev_doc *d, uint32_t t0, uint32_t end, tagpos *tp)
{
    const uint64_t want = PBIT(POS_MD) | PBIT(POS_TO);
    for (uint32_t i = tp_next(d, tp, want, t0, end); i + 1 < end;
         i = tp_next(d, tp, want, i + 1, end)) {
        uint32_t j = i + 1;
        while (j < end && TOK(d, j).pos == POS_RB)
            j++;
        if (j >= end)
            break;
        token *u = &TOK(d, j);
        if ((u->pos == POS_NN || u->pos == POS_NNS || u->pos == POS_JJ || u->pos == POS_VBP) &&
            u->ment < 0 && u->place < 0 && !(u->flags & TF_CAP) &&
            patterns_for(d->m, u->norm) != NULL) {
            set_pos(d, tp, j, POS_VB);
            u->lemma = u->norm;
        }
    }
}

/* After a light verb, "talks" and "attacks" are nouns ("held talks", "launched attacks"). */
static void retag_after_light(nev_doc *d, uint32_t t0, uint32_t end, tagpos *tp)
{
    for (uint32_t i = tp_next(d, tp, PBITS_VERB, t0, end); i + 1 < end;
         i = tp_next(d, tp, PBITS_VERB, i + 1, end)) {
        token *t = &TOK(d, i);
        if (!is_light_verb(d->m, t->lemma))
            continue;
        uint32_t j = i + 1;
        while (j < end && (TOK(d, j).pos == POS_DT || pos_is_adj(TOK(d, j).pos)))
            j++;
        if (j < end && (TOK(d, j).pos == POS_VBZ || TOK(d, j).pos == POS_VBP)) {
            char key[80];
            noun_key(key, sizeof key, TOK(d, j).norm, 70);
            char key2[80];
            noun_key(key2, sizeof key2, TOK(d, j).lemma, 70);
            if (patterns_for(d->m, key) || patterns_for(d->m, key2)) {
                set_pos(d, tp, j, POS_NNS);
                TOK(d, j).lemma = patterns_for(d->m, key2) ? TOK(d, j).lemma : TOK(d, j).norm;
            }
        }
    }
}

/* "Israeli jets struck": a present-tense verb right before a past-tense one, after an
 * adjective or a name, is a plural noun the tagger misread. */
static void retag_noun_before_verb(nev_doc *d, uint32_t t0, uint32_t end, tagpos *tp)
{
    /* "warning shots", "warning signs": a modifier, not the verb warn */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_VBG), t0, end); i + 1 < end;
         i = tp_next(d, tp, PBIT(POS_VBG), i + 1, end)) {
        token *t = &TOK(d, i);
        const token *n = &TOK(d, i + 1);
        if (tok_is(t, "warning") && (n->pos == POS_NNS || n->pos == POS_NN))
            set_pos(d, tp, i, POS_JJ);
    }
    /* a headline with no verb: "Seoul fires warning shots at ...", "Kremlin warns Kyiv":
     * the -s word after the opening name is the verb */
    bool verb = tp_next(d, tp, PBITS_VERB | PBIT(POS_MD), t0, end) < end;
    if (!verb)
        for (uint32_t i = t0 + 1; i + 1 < end && i < t0 + 5; i++) {
            token *t = &TOK(d, i);
            const token *p = &TOK(d, i - 1);
            if (t->pos == POS_NNS && t->norm_len > 3 && t->norm[t->norm_len - 1] == 's' &&
                (p->ment >= 0 || p->pos == POS_NNP || (i - 1 == t0 && (p->flags & TF_CAP)))) {
                set_pos(d, tp, i, POS_VBZ);
                if (p->pos == POS_JJ && i - 1 == t0)
                    set_pos(d, tp, i - 1, POS_NNP);
                break;
            }
        }
    /* "Seoul plans to send": an intention verb in -s before "to" + verb, after a name */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_NNS), t0 + 1, end); i + 2 < end;
         i = tp_next(d, tp, PBIT(POS_NNS), i + 1, end)) {
        token *t = &TOK(d, i);
        static const char *const fut[] = {"plans", "wants", "hopes", "vows", "intends", "aims",
                                          "seeks", "threatens", "pledges", "promises", "refuses"};
        const token *p = &TOK(d, i - 1);
        if (tok_is(&TOK(d, i + 1), "to") && TOK(d, i + 2).pos == POS_VB &&
            (p->ment >= 0 || p->pos == POS_NNP) && in_words(t, fut, sizeof fut / sizeof *fut)) {
            set_pos(d, tp, i, POS_VBZ);
            if (i - 1 == t0 && p->pos == POS_JJ)
                set_pos(d, tp, i - 1, POS_NNP);
        }
    }
    /* "Fighting between Armenia and Azerbaijan spread": a gerund opening the sentence before
     * a preposition is its subject, a noun of an event */
    if (end > t0 + 2 && TOK(d, t0).pos == POS_VBG && TOK(d, t0 + 1).pos == POS_IN) {
        token *t = &TOK(d, t0);
        char key[80];
        noun_key(key, sizeof key, t->norm, 70);
        if (patterns_for(d->m, key)) {
            set_pos(d, tp, t0, POS_NN);
            t->lemma = t->norm;
        }
    }
    /* "an expected government strike on the town": a base-form verb closing a noun phrase
     * that opens with an article, before a preposition, is its head noun */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_VB), t0 + 2, end); i + 1 < end;
         i = tp_next(d, tp, PBIT(POS_VB), i + 1, end)) {
        token *t = &TOK(d, i);
        if (TOK(d, i + 1).pos != POS_IN)
            continue;
        uint32_t j = i - 1;
        while (j > t0 && (TOK(d, j).pos == POS_NN || pos_is_adj(TOK(d, j).pos) ||
                          TOK(d, j).pos == POS_VBN))
            j--;
        if (j < i - 1 && (tok_is(&TOK(d, j), "a") || tok_is(&TOK(d, j), "an") ||
                          tok_is(&TOK(d, j), "the"))) {
            set_pos(d, tp, i, POS_NN);
            t->lemma = t->norm;
        }
    }
    /* "sentenced two activists to/TO ten years": "to" before a number is a preposition */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_TO), t0, end); i + 1 < end;
         i = tp_next(d, tp, PBIT(POS_TO), i + 1, end))
        if (TOK(d, i + 1).pos == POS_CD)
            set_pos(d, tp, i, POS_IN);
    /* "met visiting Thai Prime Minister X", "the visiting delegation": an adjective */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_VBG), t0 + 1, end); i + 1 < end;
         i = tp_next(d, tp, PBIT(POS_VBG), i + 1, end)) {
        token *t = &TOK(d, i);
        const token *p = &TOK(d, i - 1), *n = &TOK(d, i + 1);
        if (tok_is(t, "visiting") &&
            ((pos_is_verb(p->pos) && !tok_is_lemma(p, "be")) || p->pos == POS_DT ||
             p->pos == POS_IN) &&
            (n->pos == POS_NNP || n->pos == POS_JJ || n->pos == POS_NN || n->pos == POS_NNS))
            set_pos(d, tp, i, POS_JJ);
    }
    /* "is going to decline": a future, not a trip ("going to Kyiv") */
    for (uint32_t j = tp_next(d, tp, PBIT(POS_VB), t0 + 2, end); j < end;
         j = tp_next(d, tp, PBIT(POS_VB), j + 1, end)) {
        /* (by the verb: the rule changes no verb two tokens on) */
        if (tok_is(&TOK(d, j - 2), "going") && tok_is(&TOK(d, j - 1), "to"))
            set_pos(d, tp, j - 2, POS_MD);
    }
    /* "Hundreds of people protested outside the embassy": in a clause with no finite verb,
     * an -ed form after a noun is the past tense, not a participle */
    for (uint32_t i = tp_next(d, tp, PBIT(POS_VBN), t0 + 1, end); i < end;
         i = tp_next(d, tp, PBIT(POS_VBN), i + 1, end)) {
        token *t = &TOK(d, i);
        const token *p = &TOK(d, i - 1);
        if (t->norm_len < 4 || memcmp(t->norm + t->norm_len - 2, "ed", 2) != 0 ||
            !(p->pos == POS_NNS || p->pos == POS_NN || p->pos == POS_NNP || p->pos == POS_NNPS))
            continue;
        bool finite = false;
        for (uint32_t j = t0; j < end && !finite; j++) {
            const token *u = &TOK(d, j);
            if (j == i)
                continue;
            if ((u->flags & TF_QUOTED) != (t->flags & TF_QUOTED))
                continue;
            finite =
                u->pos == POS_VBD || u->pos == POS_VBZ || u->pos == POS_VBP || u->pos == POS_MD;
        }
        if (!finite)
            set_pos(d, tp, i, POS_VBD);
    }
    const uint64_t vbzp = PBIT(POS_VBZ) | PBIT(POS_VBP);
    for (uint32_t i = tp_next(d, tp, vbzp, t0 + 1, end); i + 1 < end;
         i = tp_next(d, tp, vbzp, i + 1, end)) {
        token *t = &TOK(d, i);
        const token *p = &TOK(d, i - 1), *n = &TOK(d, i + 1);
        /* two finite verbs in a row: the first, in -s, is a plural noun ("Israeli jets
         * struck", "coalition airstrikes hit", "Russian attacks have") */
        if ((n->pos == POS_VBD || (t->pos == POS_VBZ && n->pos == POS_VBP)) && t->ment < 0 &&
            (pos_is_adj(p->pos) || p->pos == POS_NNP || p->pos == POS_CD || p->ment >= 0 ||
             (t->pos == POS_VBZ && p->pos == POS_NN)) &&
            t->norm_len > 2 && t->norm[t->norm_len - 1] == 's') {
            set_pos(d, tp, i, POS_NNS);
            t->lemma = t->norm;
        }
    }
}

/* "Ukraine's military shot down 20 drones": a noun (not after a determiner) hardly comes
 * before a particle; a word that can be a verb heading patterns is the past tense there. */
static int retag_before_particle(nev_doc *d, uint32_t t0, uint32_t end, tagpos *tp)
{
    for (uint32_t i = tp_next(d, tp, PBIT(POS_NN), t0 + 1, end); i + 1 < end;
         i = tp_next(d, tp, PBIT(POS_NN), i + 1, end)) {
        token *t = &TOK(d, i);
        const token *nx = &TOK(d, i + 1);
        bool particle = nx->pos == POS_RP || tok_is(nx, "down") || tok_is(nx, "up") ||
                        tok_is(nx, "off") || tok_is(nx, "out");
        if (!particle || t->ment >= 0 || t->place >= 0 ||
            (t->flags & TF_CAP) || TOK(d, i - 1).pos == POS_DT)
            continue;
        char buf[64];
        size_t n = lemma_of(d->m->lemma, t->norm, t->norm_len, POS_VBD, buf, sizeof buf);
        if (n >= sizeof buf || !patterns_for(d->m, buf))
            continue;
        const char *lemma = arena_strndup(&d->ar, buf, n);
        if (!lemma)
            return NEV_ENOMEM;
        set_pos(d, tp, i, POS_VBD);
        t->lemma = lemma;
    }
    return NEV_OK;
}

/* The first letters, by length, of the words clause_limit stops at: ";", "and", "but",
 * "while", "whereas", "although" (the one probe settles most tokens without a branch). */
static const uint32_t clause_first[16] = {
    [1] = LBIT(';'), [3] = LBIT('a') | LBIT('b'), [5] = LBIT('w'), [7] = LBIT('w'),
    [8] = LBIT('a'),
};

static inline bool is_clause_word(const token *t)
{
    if (!(clause_first[t->norm_len & 15] >> ((unsigned char)t->norm[0] & 31) & 1))
        return false;
    return tok_is(t, ";") || tok_is(t, "and") || tok_is(t, "but") || tok_is(t, "while") ||
           tok_is(t, "whereas") || tok_is(t, "although");
}

static int build_chunks(ctx *c)
{
    nev_doc *d = c->d;
    sentence *se = &SENT(d, c->s);
    uint32_t end = se->tok0 + se->ntok;
    tagpos tp;
    c->has_q = tagpos_init(&tp, d, se->tok0, end);
    if (retag_before_particle(d, se->tok0, end, &tp))
        return NEV_ENOMEM;
    retag_noun_before_verb(d, se->tok0, end, &tp);
    retag_after_modal(d, se->tok0, end, &tp);
    retag_after_light(d, se->tok0, end, &tp);
    /* c->ch: event_run's one array for every sentence (room for the longest) */
    c->n = 0;
    c->nvg = 0;
    c->nnp = 0;
    c->ncw = 0;
    /* a wire dateline at the start of the body is no subject: "KUWAIT, June 2 - X was" */
    c->dateline_end = 0;
    if (se->off == d->body_off && se->ntok > 4 && (TOK(d, se->tok0).flags & TF_ALLCAP) &&
        TOK(d, se->tok0 + 1).norm_len == 1 && TOK(d, se->tok0 + 1).norm[0] == ',')
        for (uint32_t i = se->tok0 + 2; i < end && i < se->tok0 + 12; i++) {
            const token *t = &TOK(d, i);
            if (is_dash(t)) {
                c->dateline_end = i + 1;
                break;
            }
        }
    for (uint32_t i = se->tok0; i < end;) {
        chunk *k = &c->ch[c->n];
        memset(k, 0, sizeof *k);
        k->possessor = -1;
        k->subj = -1;
        token *t = &TOK(d, i);
        /* (a personal pronoun, not "her" as a possessive: "met her counterpart") */
        if (is_pronoun(t) && t->ment < 0 && t->pos != POS_PRPS) {
            k->type = CH_NP;
            k->pronoun = true;
            k->t0 = i;
            k->t1 = i + 1;
            k->head = i;
            c->np[c->nnp++] = c->n;
            c->n++;
            i++;
            continue;
        }
        /* verb group */
        if ((pos_is_verb(t->pos) && !participle_adj(d, i, end)) || t->pos == POS_MD ||
            (t->pos == POS_TO && i + 1 < end && (TOK(d, i + 1).pos == POS_VB ||
                                                (TOK(d, i + 1).pos == POS_RB && i + 2 < end &&
                                                 TOK(d, i + 2).pos == POS_VB)))) {
            if (t->ment >= 0 && pos_is_verb(t->pos)) {
                /* a verb-tagged word inside an actor name: part of the NP */
            } else {
                uint32_t j = i, main = i;
                bool any = false;
                while (j < end) {
                    token *u = &TOK(d, j);
                    if (pos_is_verb(u->pos) && u->ment < 0) {
                        /* only auxiliaries chain to a following verb ("has been attacked");
                         * after a full verb a new group starts ("denied giving") */
                        if (any && !is_aux(&TOK(d, main)))
                            break;
                        main = j;
                        any = true;
                        j++;
                        continue;
                    }
                    if (u->pos == POS_MD || u->pos == POS_RB || tok_is(u, "not") ||
                        tok_is(u, "n't") || (u->pos == POS_TO && !any)) {
                        /* adverbs only inside the group (followed by a verb) */
                        if (u->pos == POS_RB && any) {
                            uint32_t q = j + 1;
                            while (q < end && TOK(d, q).pos == POS_RB)
                                q++;
                            if (q >= end || !pos_is_verb(TOK(d, q).pos))
                                break;
                        }
                        j++;
                        continue;
                    }
                    break;
                }
                if (any) {
                    k->type = CH_VG;
                    k->t0 = i;
                    k->t1 = j;
                    k->head = main;
                    token *mv = &TOK(d, main);
                    bool be = false;
                    for (uint32_t q = i; q < j; q++) {
                        token *u = &TOK(d, q);
                        if (q < main &&
                            (tok_is_lemma(u, "be") || tok_is_lemma(u, "get") ||
                             tok_is(u, "been") || tok_is(u, "was") || tok_is(u, "were") ||
                             tok_is(u, "is") || tok_is(u, "are")))
                            be = true;
                        if (tok_is(u, "not") || tok_is(u, "n't") || tok_is(u, "never"))
                            k->negated = true;
                        if (u->pos == POS_MD) {
                            if (in_words(u, modals_hyp, sizeof modals_hyp / sizeof *modals_hyp))
                                k->modality = MOD_HYPOTHETICAL;
                            else if (in_words(u, modals_fut,
                                              sizeof modals_fut / sizeof *modals_fut))
                                k->modality = MOD_INTENDED;
                        }
                        if (u->pos == POS_TO)
                            k->infinitive = true;
                    }
                    /* "the plan to send", "unable to return", "likely to visit": the
                     * word before "to" says whether the act is done */
                    if (k->infinitive && i > se->tok0 && TOK(d, i).pos == POS_TO)
                        infinitive_cue(d, k, i - 1, se->tok0);
                    /* "never praised", "not only": a negation right before the group */
                    if (i > se->tok0 && (tok_is(&TOK(d, i - 1), "never") ||
                                         tok_is(&TOK(d, i - 1), "not")))
                        k->negated = true;
                    k->passive = be && mv->pos == POS_VBN;
                    k->gerund = mv->pos == POS_VBG && !be;
                    c->vg[c->nvg++] = c->n;
                    c->n++;
                    i = j;
                    continue;
                }
            }
        }
        if (np_token(d, i)) {
            uint32_t j = i + 1; /* (token i is in: np_token was just asked) */
            while (j < end && np_token(d, j)) {
                /* an NP ends after a possessive's noun when a new determiner starts */
                if (j > i && TOK(d, j).pos == POS_DT && !tok_is(&TOK(d, j), "the") &&
                    TOK(d, j - 1).pos != POS_POS)
                    break;
                if (j > i && TOK(d, j).pos == POS_DT && TOK(d, j - 1).pos != POS_POS &&
                    TOK(d, j - 1).pos != POS_PDT)
                    break;
                /* a mention boundary that is not a modifier relation splits two names */
                j++;
            }
            /* allow "VBN/VBG" adjectives inside: "war-torn town", "attack drones" */
            k->type = CH_NP;
            k->t0 = i;
            k->t1 = j;
            /* head: last noun-ish token (before a trailing possessive) */
            uint32_t h = j - 1;
            while (h > i && (TOK(d, h).pos == POS_POS || TOK(d, h).pos == POS_CD))
                h--;
            k->head = h;
            c->np[c->nnp++] = c->n;
            c->n++;
            i = j;
            continue;
        }
        k->type = CH_TOK;
        k->t0 = i;
        k->t1 = i + 1;
        k->head = i;
        if (is_clause_word(&TOK(d, i)))
            c->cw[c->ncw++] = c->n;
        c->n++;
        i++;
    }
    return NEV_OK;
}

/* ---- actors of a noun phrase ------------------------------------------------------------- */
static int32_t resolve_pronoun(ctx *c, uint32_t ci);
static int32_t quoted_speaker(const nev_doc *d, uint32_t at);
static int32_t first_person(const nev_doc *d, uint32_t s, uint32_t at);
static int32_t transcript_addressee(const nev_doc *d, uint32_t s);
static inline bool in_question(const ctx *c, uint32_t t);
static int32_t speaker_side(ctx *c, uint32_t ci);
static int32_t find_subject(ctx *c, uint32_t vi);

/* Verb group vi is a participle opening its sentence ("Speaking in Kyiv, ...", "By attacking
 * Ukraine, ..."), after nothing but prepositions and adverbs. */
static bool opening_participle(const ctx *c, uint32_t vi)
{
    const nev_doc *d = c->d;
    if (TOK(d, c->ch[vi].head).pos != POS_VBG || c->ch[vi].infinitive)
        return false;
    for (uint32_t j = 0; j < vi; j++) {
        const token *t = &TOK(d, c->ch[j].t0);
        if (c->ch[j].type != CH_TOK || (t->pos != POS_IN && t->pos != POS_RB))
            return false;
    }
    return true;
}
static bool np_coded(const nev_doc *d, const chunk *k);

/* The country (or IGO) actor most recently mentioned before token t, for "its", "the
 * nation", "the country". */
static int32_t last_country_mention(const nev_doc *d, uint32_t t, bool want_person)
{
    for (int32_t k = (int32_t)d->ments.n - 1; k >= 0; k--) {
        const mention *m = &MENT(d, (uint32_t)k);
        if (m->t0 >= t || SENT(d, m->sent).dup_of >= 0)
            continue;
        if (!m->code[0])
            continue;
        bool is_person = m->kind == AK_PERSON;
        if (want_person != is_person)
            continue;
        return k;
    }
    return -1;
}

/* "the two leaders", "both sides", "the parties": words that point at the two sides of the
 * story */
/* Heads that point at the story's two sides after "two"/"both" ("the two leaders"), and those
 * that do after "the" alone ("the parties"). */
static const char *const pair_nouns[] = {"leaders",   "countries", "nations",  "sides",
                                         "governments", "presidents", "parties", "ministers",
                                         "states",    "interlocutors"};
static const char *const pair_alone_nouns[] = {"parties", "sides", "leaders", "presidents",
                                               "interlocutors"};
#define N_PAIR_NOUNS (sizeof pair_nouns / sizeof *pair_nouns)
#define N_PAIR_ALONE (sizeof pair_alone_nouns / sizeof *pair_alone_nouns)

static bool np_has_reference(const nev_doc *d, const chunk *k)
{
    bool pair_noun = in_words(&TOK(d, k->head), pair_nouns, N_PAIR_NOUNS);
    for (uint32_t i = k->t0; i <= k->head; i++) {
        const token *t = &TOK(d, i);
        /* ("two journalists" are two journalists) */
        if ((tok_is(t, "two") || tok_is(t, "both")) && pair_noun)
            return true;
        if (i == k->head && tok_is(t, "parties"))
            return true;
        if (i == k->head &&
            (tok_is(t, "sides") || tok_is(t, "leaders") || tok_is(t, "presidents")) &&
            k->head == k->t0 + 1 && tok_is(&TOK(d, k->t0), "the") &&
            !(k->t1 < d->toks.n && tok_is(&TOK(d, k->t1), "of")))
            return true;
    }
    return false;
}

/* The noun patterns of NP k's head lemma, looked up once per chunk (np_actors_resolve,
 * find_subject and code_nouns all ask; the lemmas are final once the chunks are built). A
 * noun that has some names an event ("invasion", "talks"): its country modifier is the
 * actor of the event, not what the phrase denotes. */
static const pattern *np_noun_patterns(const nev_doc *d, chunk *k)
{
    if (!k->npat) {
        /* the key's bit (pat_key_bit of "n:" and the lemma, as noun_key cuts it) first:
         * most nouns head no pattern, and then the key is not even written */
        const token *h = &TOK(d, k->head);
        const char *w = h->lemma;
        /* (noun_key's cut for an 80-byte key; a form has no NUL inside) */
        size_t n = w == h->norm ? (h->norm_len < 77 ? h->norm_len : 77) : strnlen(w, 77);
        const char *key2 = "n:";
        uint32_t kb = pat_key_bit2(n ? w[n - 1] : ':', n > 1 ? w[n - 2] : key2[n],
                                   n ? w[0] : 'n', n + 2);
        const pattern *p = NULL;
        if (d->m->key_bits[kb >> 6] >> (kb & 63) & 1) {
            char key[80];
            size_t kl = noun_key(key, sizeof key, w, SIZE_MAX);
            p = patterns_for_len(d->m, key, kl);
        }
        k->npat = p ? (uint32_t)(p - d->m->patterns) + 2 : 1;
    }
    return k->npat > 1 ? &d->m->patterns[k->npat - 2] : NULL;
}

/* The person who is the subject of the nearest verb group before chunk ci, or -1. */
static int32_t clause_subject_person(ctx *c, uint32_t ci)
{
    for (int32_t j = (int32_t)ci - 1; j >= 0; j--) {
        chunk *v = &c->ch[j];
        if (v->type != CH_VG)
            continue;
        if (v->subj < 0)
            v->subj = find_subject(c, (uint32_t)j);
        if (v->subj < 0 || v->subj == (int32_t)ci)
            return -1;
        const chunk *s = &c->ch[v->subj];
        const token *h = &TOK(c->d, s->head);
        if (h->ment >= 0 && MENT(c->d, (uint32_t)h->ment).kind == AK_PERSON)
            return h->ment;
        return -1;
    }
    return -1;
}

/* "The parties agreed" after "Putin had a telephone conversation with Macron": the two
 * sides of the last meeting or talk coded in the article. */
/* The same side: one country's state (government, forces, police, the country itself).
 * Rebels, opposition and civilians of that country are other sides. */
static bool same_side(const char *a, const char *b)
{
    if (strncmp(a, b, 3) != 0 || strlen(a) < 3)
        return false;
    const char *ra = a + 3, *rb = b + 3;
    bool sa = !*ra || !strncmp(ra, "GOV", 3) || !strncmp(ra, "MIL", 3) || !strncmp(ra, "COP", 3);
    bool sb = !*rb || !strncmp(rb, "GOV", 3) || !strncmp(rb, "MIL", 3) || !strncmp(rb, "COP", 3);
    return sa && sb;
}

/* A role code (the three letters after the country) among the n listed. */
static bool role_in(const char *code, const char *const *roles, size_t n)
{
    if (strlen(code) != 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!memcmp(code + 3, roles[i], 3))
            return true;
    return false;
}

/* CAMEO 175: a state's police or soldiers attacking its own protesters or opposition, or
 * its police attacking civilians, is repression, not fighting ("troops fired on unarmed
 * protesters"). Only assault and small arms; seizing ground or shelling stays what it is. */
static bool repression(const char *src, const char *tgt, const char *cameo)
{
    static const char *const state[] = {"MIL", "COP", "SPY", "GOV"};
    static const char *const police[] = {"COP", "SPY"};
    static const char *const opp[] = {"OPP"};
    static const char *const people[] = {"CVL", "MED", "EDU", "LAB", "HRI"};
    bool assault = cameo[0] == '1' && cameo[1] == '8';
    bool fire = !strcmp(cameo, "190") || !strcmp(cameo, "193");
    if (!(assault || fire) || strncmp(src, tgt, 3) != 0)
        return false;
    if (role_in(tgt, opp, 1))
        return role_in(src, state, sizeof state / sizeof *state);
    return role_in(tgt, people, sizeof people / sizeof *people) && role_in(src, police, 2);
}

/* A side that argues rather than fights: a state as such, its government, parliament,
 * parties, or an organisation. */
static bool civil_side(const char *code)
{
    size_t n = strlen(code);
    if (n == 3)
        return true;
    static const char *const r[] = {"GOV", "LEG", "PTY", "BUS", "JUD"};
    return !strncmp(code, "IGO", 3) || role_in(code, r, sizeof r / sizeof *r);
}

/* A mention, not of a person, whose last word (or its lemma) is one of the n words. */
static bool head_among(const nev_doc *d, const mention *m, const char *const *w, size_t n)
{
    if (!m || m->t1 == 0 || m->kind == AK_PERSON)
        return false;
    const token *h = &TOK(d, m->t1 - 1);
    for (size_t i = 0; i < n; i++)
        if (tok_is_lemma(h, w[i]) || tok_is(h, w[i]))
            return true;
    return false;
}

/* A mention of the press as such: "the press", "reporters", "journalists". */
static bool press(const nev_doc *d, const mention *m)
{
    static const char *const w[] = {"press", "reporter", "journalist", "newsman", "media",
                                    "correspondent"};
    return head_among(d, m, w, sizeof w / sizeof *w);
}

/* A mention of protesters: "Lebanese protesters", "the demonstrators", "rioters". */
static bool crowd(const nev_doc *d, const mention *m)
{
    static const char *const w[] = {"protester", "protestor", "demonstrator", "rioter",
                                    "crowd", "mob", "marcher"};
    return head_among(d, m, w, sizeof w / sizeof *w);
}

static bool state_actor(const char *code)
{
    size_t n = strlen(code);
    if (n < 3 || !strncmp(code, "NGO", 3))
        return false;
    return n == 3 || !strncmp(code + 3, "GOV", 3) || !strncmp(code + 3, "MIL", 3) ||
           !strncmp(code, "IGO", 3);
}

static bool meeting_pair(const nev_doc *d, int32_t pair[2])
{
    /* A meeting of two people ("Putin had a telephone conversation with Macron") is the
     * frame of the story and wins over later talks between delegations reported in it;
     * otherwise the last meeting coded. */
    for (int persons = 1; persons >= 0; persons--)
        for (int32_t q = (int32_t)d->events.n - 1; q >= 0; q--) {
            const event *e = &VEC_AT(d->events, event, (uint32_t)q);
            if (e->cameo[0] != '0' || e->cameo[1] != '4' || e->src_ment < 0 || !e->tgt[0] ||
                !state_actor(e->src) || !state_actor(e->tgt))
                continue;
            /* the target's mention: the first mention of its text span */
            int32_t tm = -1;
            for (uint32_t m = 0; m < d->ments.n && tm < 0; m++)
                if (MENT(d, m).t0 == e->tgt_t0 && MENT(d, m).t1 == e->tgt_t1)
                    tm = (int32_t)m;
            if (tm < 0)
                continue;
            if (persons && (MENT(d, (uint32_t)e->src_ment).kind != AK_PERSON ||
                            MENT(d, (uint32_t)tm).kind != AK_PERSON))
                continue;
            pair[0] = e->src_ment;
            pair[1] = tm;
            return strncmp(MENT(d, (uint32_t)pair[0]).code, MENT(d, (uint32_t)tm).code, 3) != 0;
        }
    return false;
}

/* The most recent sentence before token t (within three) that names exactly two countries:
 * their first mentions there. */
static size_t side_key_len(const char *code)
{
    /* organisations are told apart by their full code (IGOEUR, IGOWTO), states by country */
    return !strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) ? strlen(code) : 3;
}

static bool state_actor(const char *code);
static size_t side_key_len(const char *code);

/* Two mentions of different sides joined by "and" in sentence s (before token t): "India
 * and Pakistan". */
static bool coordinated_pair(const nev_doc *d, uint32_t s, uint32_t t, bool igo, int32_t pair[2])
{
    for (uint32_t q = 0; q + 1 < d->ments.n; q++) {
        const mention *a = &MENT(d, q), *b = &MENT(d, q + 1);
        if (a->sent != s || b->sent != s || b->t0 >= t || b->t0 != a->t1 + 1 ||
            !tok_is(&TOK(d, a->t1), "and") || !state_actor(a->code) || !state_actor(b->code) ||
            (!igo && (!strncmp(a->code, "IGO", 3) || !strncmp(b->code, "IGO", 3))))
            continue;
        size_t la = side_key_len(a->code);
        if (la == side_key_len(b->code) && !strncmp(a->code, b->code, la))
            continue;
        pair[0] = (int32_t)q;
        pair[1] = (int32_t)q + 1;
        return true;
    }
    return false;
}

/* The most recent sentence before token t (within four) that names exactly two sides:
 * their first mentions there. Organisations count as sides when igo ("both sides", "the
 * parties": the EU and the US), not for "the two countries". */
static bool recent_pair(const nev_doc *d, uint32_t t, bool igo, int32_t pair[2])
{
    int32_t last_sent = -1;
    const char *k1 = NULL, *k2 = NULL;
    int32_t m1 = -1, m2 = -1;
    bool too_many = false;
    uint32_t seen_sents = 0;
    for (int32_t q = (int32_t)d->ments.n - 1; q >= 0; q--) {
        const mention *m = &MENT(d, (uint32_t)q);
        if (m->t0 >= t || !state_actor(m->code) || (!igo && !strncmp(m->code, "IGO", 3)))
            continue;
        if ((int32_t)m->sent != last_sent) {
            if (last_sent >= 0 && m2 >= 0 && !too_many)
                break;
            /* a sentence naming more sides may still join two of them: "The UK welcomed
             * the decision by India and Pakistan" */
            if (last_sent >= 0 && too_many &&
                coordinated_pair(d, (uint32_t)last_sent, t, igo, pair))
                return true;
            if (++seen_sents > 4)
                return false;
            last_sent = (int32_t)m->sent;
            k1 = k2 = NULL;
            m1 = m2 = -1;
            too_many = false;
        }
        size_t kl = side_key_len(m->code);
        if (!k1 || (side_key_len(k1) == kl && !strncmp(k1, m->code, kl))) {
            k1 = m->code;
            m1 = q;
        } else if (!k2 || (side_key_len(k2) == kl && !strncmp(k2, m->code, kl))) {
            k2 = m->code;
            m2 = q;
        } else {
            too_many = true;
        }
    }
    if (too_many && last_sent >= 0)
        return coordinated_pair(d, (uint32_t)last_sent, t, igo, pair);
    if (m1 < 0 || m2 < 0)
        return false;
    pair[0] = m2; /* text order */
    pair[1] = m1;
    return true;
}

static void np_actors_resolve(ctx *c, uint32_t ci);

static void np_actors(ctx *c, uint32_t ci)
{
    chunk *k = &c->ch[ci];
    if (k->resolved && !k->pronoun)
        return; /* once: a coordination may have merged other actors in; pronouns are
                 * resolved again when the clause's subjects are known */
    if (k->busy)
        return; /* "we" -> the speaker -> a subject search that meets this "we" again */
    k->resolved = true;
    k->busy = true;
    np_actors_resolve(c, ci);
    k->busy = false;
}

static void np_actors_resolve(ctx *c, uint32_t ci)
{
    nev_doc *d = c->d;
    chunk *k = &c->ch[ci];
    k->n_act = 0;
    if (k->pronoun) {
        int32_t r = resolve_pronoun(c, ci);
        if (r >= 0)
            k->act[k->n_act++] = r;
        return;
    }
    const token *h = &TOK(d, k->head);
    /* "the ELN rebel group", "the Wagner mercenary group": a group noun right after the
     * name of an organisation or armed group is that group */
    /* also "military intelligence agents": a role noun with no country of its own after a
     * named force */
    bool bare_role = h->ment >= 0 && !MENT(d, (uint32_t)h->ment).code[0] &&
                     MENT(d, (uint32_t)h->ment).kind == AK_AGENT &&
                     MENT(d, (uint32_t)h->ment).t0 == k->head;
    if ((h->ment < 0 || bare_role) && k->head > k->t0 && TOK(d, k->head - 1).ment >= 0 &&
        TOK(d, k->head - 1).ment != h->ment) {
        static const char *const g[] = {"group", "groups", "movement", "organisation",
                                        "organization", "faction", "militia", "network",
                                        "outfit", "wing", "bloc", "coalition", "alliance"};
        /* "opposition supporters", "Hamas members": the people of the one named before */
        static const char *const people[] = {"supporters", "members", "activists", "followers",
                                             "loyalists", "sympathizers", "sympathisers",
                                             "militants", "cadres"};
        const mention *pm = &MENT(d, (uint32_t)TOK(d, k->head - 1).ment);
        bool of_group = in_words(h, g, sizeof g / sizeof *g) ||
                        in_words(h, people, sizeof people / sizeof *people);
        if (pm->code[0] && pm->kind != AK_ADJ && pm->kind != AK_COUNTRY && pm->kind != AK_PERSON &&
            (bare_role || of_group)) {
            k->act[k->n_act++] = TOK(d, k->head - 1).ment;
            return;
        }
    }
    /* head is an actor mention (a bare role noun without a country falls through to the
     * reference rules below: "the two leaders") */
    if (h->ment >= 0 && (MENT(d, (uint32_t)h->ment).code[0] || !np_has_reference(d, k))) {
        const mention *hm = &MENT(d, (uint32_t)h->ment);
        k->act[k->n_act++] = h->ment;
        /* possessive pronoun with a role noun: "its troops" -> the country + role */
        if (!hm->code[0] && hm->kind == AK_AGENT) {
            for (uint32_t i = k->t0; i < hm->t0; i++) {
                const token *t = &TOK(d, i);
                if (tok_is(t, "its") || tok_is(t, "their") || tok_is(t, "his") ||
                    tok_is(t, "her") || tok_is(t, "our")) {
                    int32_t r =
                        tok_is(t, "our")
                            ? speaker_side(c, ci)
                            : last_country_mention(d, i, tok_is(t, "his") || tok_is(t, "her"));
                    if (r >= 0) {
                        /* compose: country of r + role of the agent word */
                        uint32_t n;
                        const actor_entry *e = actor_lookup(d->m, TOK(d, hm->head).norm,
                                                            TOK(d, hm->head).norm_len, &n);
                        mention *mm = &MENT(d, (uint32_t)h->ment);
                        if (e && e->kind == AK_AGENT) {
                            char tmp[12];
                            snprintf(tmp, sizeof tmp, "%.3s%.8s", MENT(d, (uint32_t)r).code,
                                     e->code);
                            memcpy(mm->code, tmp, sizeof tmp);
                        }
                    }
                    break;
                }
            }
        }
    } else {
        if ((tok_is(h, "nation") || tok_is(h, "country") || tok_is(h, "state") ||
             tok_is(h, "government")) && k->head > k->t0 && tok_is(&TOK(d, k->head - 1), "our")) {
            int32_t r = speaker_side(c, ci);
            if (r >= 0)
                k->act[k->n_act++] = r;
        }
        /* "the nation", "the country", "the isolated nation": the last country named */
        if (k->n_act == 0 && (tok_is(h, "nation") || tok_is(h, "country") || tok_is(h, "state") ||
            tok_is(h, "regime"))) {
            bool definite = false;
            for (uint32_t i = k->t0; i < k->head; i++)
                if (tok_is(&TOK(d, i), "the"))
                    definite = true;
            if (definite) {
                int32_t r = last_country_mention(d, k->t0, false);
                if (r >= 0)
                    k->act[k->n_act++] = r;
            }
        }
        /* "the two leaders", "both countries", "the parties", "both sides": the two most
         * mentioned actors of the story (GUIDE: symmetric acts go both ways) */
        bool two = false, the = false;
        for (uint32_t i = k->t0; i < k->head; i++) {
            if (tok_is(&TOK(d, i), "two") || tok_is(&TOK(d, i), "both"))
                two = true;
            if (tok_is(&TOK(d, i), "the"))
                the = true;
        }
        bool of_follows = k->t1 < d->toks.n && tok_is(&TOK(d, k->t1), "of");
        bool pair_alone = the && k->head == k->t0 + 1 && !of_follows &&
                          in_words(h, pair_alone_nouns, N_PAIR_ALONE);
        if ((two || pair_alone) && in_words(h, pair_nouns, N_PAIR_NOUNS)) {
            bool persons = tok_is(h, "leaders") || tok_is(h, "presidents") ||
                           tok_is(h, "ministers") || tok_is(h, "interlocutors");
            /* count by country key */
            /* count every mention by country key; for leaders only keys that have a
             * person, and the person's mention stands for the side */
            char keys[16][4];
            uint32_t cnt[16], firstm[16], nk = 0;
            bool has_person[16];
            for (uint32_t m = 0; m < d->ments.n; m++) {
                const mention *mm = &MENT(d, m);
                if (mm->t0 >= k->t0 || strlen(mm->code) < 3 || !strncmp(mm->code, "IGO", 3))
                    continue;
                uint32_t q = 0;
                while (q < nk && strncmp(keys[q], mm->code, 3))
                    q++;
                if (q == nk && nk < 16) {
                    snprintf(keys[nk], 4, "%.3s", mm->code);
                    cnt[nk] = 0;
                    firstm[nk] = m;
                    has_person[nk] = false;
                    nk++;
                }
                if (q < 16) {
                    cnt[q]++;
                    if (mm->kind == AK_PERSON && !has_person[q]) {
                        has_person[q] = true;
                        firstm[q] = m;
                    }
                }
            }
            for (uint32_t q = 0; q < nk; q++)
                if (persons && !has_person[q])
                    cnt[q] = 0;
            /* "both sides", "the two countries": the two countries last named together
             * ("India and Pakistan ... Both sides agreed") win over the most frequent */
            if (!persons) {
                int32_t pair[2];
                /* "the parties" took part in the last meeting; "both sides", "the two
                 * countries" are the last two named together */
                bool parties = tok_is(h, "parties");
                bool igo = parties || tok_is(h, "sides");
                if ((parties && meeting_pair(d, pair)) || recent_pair(d, k->t0, igo, pair)) {
                    k->act[k->n_act++] = pair[0];
                    k->act[k->n_act++] = pair[1];
                    nk = 0;
                }
            }
            for (int pick = 0; pick < 2 && nk; pick++) {
                uint32_t b = 0;
                for (uint32_t q = 1; q < nk; q++)
                    if (cnt[q] > cnt[b])
                        b = q;
                if (cnt[b] == 0)
                    break;
                k->act[k->n_act++] = (int32_t)firstm[b];
                cnt[b] = 0;
            }
            if (k->n_act < 2)
                k->n_act = 0;
        }
    }
    /* "the trip", "the detentions": an event named before stands for whoever did it
     * ("expressed concern about the trip" is about Putin's trip) */
    if (k->n_act == 0 && k->possessor < 0 && np_noun_patterns(d, k)) {
        bool definite = false;
        for (uint32_t i = k->t0; i < k->head; i++)
            if (tok_is(&TOK(d, i), "the") || tok_is(&TOK(d, i), "these") ||
                tok_is(&TOK(d, i), "this"))
                definite = true;
        for (int32_t q = (int32_t)d->acts.n - 1; definite && q >= 0; q--) {
            const act_ref *e = &VEC_AT(d->acts, act_ref, (uint32_t)q);
            if (e->src_ment < 0 || !e->lemma || !MENT(d, (uint32_t)e->src_ment).code[0])
                continue;
            size_t same = 0;
            while (e->lemma[same] && e->lemma[same] == h->lemma[same])
                same++;
            if (same >= 4 || (same == strlen(h->lemma) && same >= 3)) {
                k->act[k->n_act++] = e->src_ment;
                break;
            }
        }
    }
    /* "Ukrainian representatives", "Pakistani villages": a noun of no known role with a
     * country adjective or possessor stands for that country */
    if (k->n_act == 0 && pos_is_noun(h->pos) && h->pos != POS_NNP && !tok_is(h, "leaders")) {
        for (uint32_t i = k->t0; i < k->head; i++) {
            const token *t = &TOK(d, i);
            if (t->ment < 0)
                continue;
            const mention *mm = &MENT(d, (uint32_t)t->ment);
            if ((mm->kind == AK_ADJ || mm->kind == AK_COUNTRY) && mm->code[0] &&
                !np_noun_patterns(d, k)) {
                k->act[k->n_act++] = t->ment;
                break;
            }
        }
    }
    /* possessor: an actor mention before the head ("Russia's", "Russian", "Putin's") */
    for (uint32_t i = k->t0; i < k->head; i++) {
        const token *t = &TOK(d, i);
        if (t->ment >= 0 && t->ment != h->ment) {
            k->possessor = t->ment;
            break;
        }
        /* my our his her its your their, by length and first letter: most modifiers are
         * none of them */
        static const uint32_t poss_first[8] = {
            [2] = LBIT('m'), [3] = LBIT('o') | LBIT('h') | LBIT('i'), [4] = LBIT('y'),
            [5] = LBIT('t')};
        uint32_t pl = t->norm_len & (0u - (uint32_t)(t->norm_len < 8)); /* (row 0: none; one
                                                                         * probe, no branch) */
        if (!(poss_first[pl] >> ((unsigned char)t->norm[0] & 31) & 1))
            continue;
        if (tok_is(t, "our") || tok_is(t, "my")) {
            k->possessor = first_person(d, c->s, i);
            if (k->possessor < 0 && tok_is(t, "our"))
                k->possessor = speaker_side(c, ci);
            break;
        }
        if (tok_is(t, "your") && !(t->flags & TF_QUOTED)) {
            k->possessor = transcript_addressee(d, c->s);
            break;
        }
        if (tok_is(t, "his") || tok_is(t, "her")) {
            /* "Michel told Putin about his visit": the subject of the clause first */
            k->possessor = clause_subject_person(c, ci);
            if (k->possessor < 0)
                k->possessor = last_country_mention(d, i, true);
            break;
        }
        if (tok_is(t, "its") || tok_is(t, "their")) {
            k->possessor = last_country_mention(d, i, tok_is(t, "his") || tok_is(t, "her"));
            if (k->possessor < 0 && (tok_is(t, "its") || tok_is(t, "their")))
                k->possessor = last_country_mention(d, i, true);
            break;
        }
    }
}

/* "he", "it", "they": the subject of the previous reporting clause or the last fitting
 * actor. */
/* "we", "our": the side of whoever speaks - the subject of the sentence's reporting verb
 * ("Zelenskyy reminded that our state helped Moldova"). */
static int32_t speaker_side(ctx *c, uint32_t ci)
{
    for (uint32_t j = 0; j < c->n; j++) {
        chunk *v = &c->ch[j];
        if (v->type != CH_VG || !v->say || j == ci)
            continue;
        if (v->subj < 0)
            v->subj = find_subject(c, j);
        if (v->subj >= 0 && v->subj != (int32_t)ci) {
            chunk *s = &c->ch[v->subj];
            if (s->n_act == 0 && !s->pronoun)
                np_actors(c, (uint32_t)v->subj);
            if (s->n_act)
                return s->act[0];
        }
    }
    /* no reporting verb: the subject of the main clause ("Zelenskyy reminded that our state
     * helped Moldova") */
    for (uint32_t j = 0; j < c->n && j < ci; j++) {
        chunk *v = &c->ch[j];
        if (v->type != CH_VG)
            continue;
        if (v->subj < 0)
            v->subj = find_subject(c, j);
        if (v->subj >= 0 && v->subj != (int32_t)ci) {
            chunk *s = &c->ch[v->subj];
            if (s->n_act == 0 && !s->pronoun)
                np_actors(c, (uint32_t)v->subj);
            if (s->n_act && MENT(c->d, (uint32_t)s->act[0]).code[0])
                return s->act[0];
        }
        break;
    }
    return -1;
}

/* Verbs whose saying is the doing: "I thank", "we congratulate", "I express concern". */
static bool performative_verb(const token *t)
{
    static const char *const w[] = {"thank", "congratulate", "express", "welcome", "praise",
                                    "commend", "apologize", "apologise", "condemn", "assure",
                                    "stress", "emphasize", "emphasise", "salute", "invite"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is_lemma(t, w[i]))
            return true;
    return false;
}

static bool weapon_noun(const token *t);

/* "Israeli jets", "Russian missiles": an NP whose head names a thing acts for the country
 * its adjective (or country name) names. */
static void adjective_actor(const nev_doc *d, chunk *k)
{
    for (uint32_t i = k->t0; i < k->head; i++) {
        const token *t = &TOK(d, i);
        if (t->ment < 0)
            continue;
        const mention *mm = &MENT(d, (uint32_t)t->ment);
        /* a country, or a force modifying a weapon ("Saudi-led coalition airstrikes") */
        if (mm->code[0] && (mm->kind == AK_ADJ || mm->kind == AK_COUNTRY ||
                            weapon_noun(&TOK(d, k->head)))) {
            k->act[k->n_act++] = t->ment;
            return;
        }
    }
}

/* The head of a by-phrase that makes a passive act violence without a named doer. */
static bool weapon_noun(const token *t)
{
    static const char *const w[] = {
        "missile", "rocket", "drone", "shell", "shelling", "bomb", "bombing", "strike",
        "airstrike", "air", "gunfire", "fire", "sniper", "artillery", "mortar", "grenade",
        "gunman", "gunmen", "attacker", "assailant", "militant", "explosive", "blast", "shot",
        "bullet", "raid", "attack", "ambush", "mine", "landmine", "projectile", "munition",
        "barrage", "salvo", "tank", "helicopter", "jet", "warplane", "aircraft", "plane",
        "weapon", "knife", "car", "truck", "device", "vessel", "ship", "warship", "boat",
        "gunboat", "submarine"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t l = strlen(w[i]);
        if (tok_is_lemma(t, w[i]) || tok_is(t, w[i]) ||
            (t->norm_len == l + 1 && t->norm[l] == 's' && memcmp(t->norm, w[i], l) == 0))
            return true;
    }
    return false;
}

/* A strike of workers, not an air strike: a modifier that says so, or a light verb that
 * workers use ("staged a half-day strike", "called a general strike"). */
static bool labour_strike(const nev_doc *d, const chunk *k, const chunk *light)
{
    static const char *const mod[] = {"general", "hunger", "national", "nationwide", "half-day",
                                      "one-day", "two-day", "24-hour", "48-hour", "workers",
                                      "labour", "labor", "staff", "rail", "teachers", "doctors",
                                      "nurses", "miners", "dockers", "transport", "warning",
                                      "sit-down", "indefinite", "wildcat", "union"};
    for (uint32_t i = k->t0; i < k->head; i++)
        if (in_words(&TOK(d, i), mod, sizeof mod / sizeof *mod))
            return true;
    if (light) {
        const token *v = &TOK(d, light->head);
        if (tok_is_lemma(v, "stage") || tok_is_lemma(v, "call") || tok_is_lemma(v, "go") ||
            tok_is_lemma(v, "authorize") || tok_is_lemma(v, "authorise") ||
            tok_is_lemma(v, "approve"))
            return true;
    }
    return false;
}

/* Things that violence cannot hit: "an attack on the cost of", "shot down the proposal". */
static bool abstract_noun(const token *t)
{
    static const char *const w[] = {
        "cost", "costs", "price", "prices", "policy", "policies", "system", "plan", "plans",
        "decision", "record", "handling", "approach", "economy", "budget", "performance",
        "credibility", "reputation", "role", "stance", "claim", "claims", "idea",
        "proposal", "proposals", "bill", "law", "legislation", "reform", "reforms", "tax",
        "taxes", "rate", "rates", "deal", "strategy", "agenda", "rule", "rules", "culture",
        "spending", "deficit", "debt", "leadership", "government's", "manifesto", "campaign",
        "report", "statement", "remarks", "comments", "views", "motion", "vote", "report",
        "inflation", "currency", "shares", "stocks", "profits", "sales",
        "animal", "animals", "game", "ball", "records", "goal", "evasion", "corruption",
        "crime", "fraud", "poverty", "smuggling", "trafficking", "disease", "pandemic",
        "epidemic", "unemployment", "laundering", "drought", "hunger", "competition",
        "infection", "virus", "fire", "fires", "flood", "floods"};
    return in_words(t, w, sizeof w / sizeof *w) ||
           (t->lemma && in_words(&(token){.norm = t->lemma, .norm_len = (uint16_t)strlen(t->lemma)},
                                 w, sizeof w / sizeof *w));
}

/* Does the sentence set a condition ("if", "unless")? */
static bool conditional(const ctx *c)
{
    const sentence *se = &SENT(c->d, c->s);
    for (uint32_t i = se->tok0; i < se->tok0 + se->ntok; i++)
        if (tok_is(&TOK(c->d, i), "if") || tok_is(&TOK(c->d, i), "unless"))
            return true;
    return false;
}

/* "trilateral talks", "a three-way meeting", "multilateral consultations" */
static bool multilateral(const nev_doc *d, const chunk *k)
{
    static const char *const w[] = {"trilateral", "multilateral", "quadrilateral",
                                    "three-way", "four-way", "three-party", "four-party",
                                    "tripartite", "quadripartite"};
    for (uint32_t i = k->t0; i < k->head; i++)
        for (size_t q = 0; q < sizeof w / sizeof *w; q++)
            if (tok_is(&TOK(d, i), w[q]))
                return true;
    return false;
}

/* "each other", "one another" */
static bool reciprocal(const nev_doc *d, const chunk *k)
{
    if (k->t1 - k->t0 != 2)
        return false;
    const token *a = &TOK(d, k->t0), *b = &TOK(d, k->t0 + 1);
    return (tok_is(a, "each") && tok_is(b, "other")) || (tok_is(a, "one") && tok_is(b, "another"));
}

static bool reporting_word(const token *t)
{
    static const char *const w[] = {"say", "tell", "add", "write", "state", "note", "insist",
                                    "declare", "stress", "explain", "continue", "conclude",
                                    "argue", "tweet", "told", "said"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is_lemma(t, w[i]) || tok_is(t, w[i]))
            return true;
    return false;
}

/* "I", "we", "my", "our" inside a quotation: the speaker the quotation is attributed to,
 * after it ('..." EU foreign policy chief Catherine Ashton said') or before it ('Ashton
 * said: "...'), even when the quotation runs over several sentences. Returns a mention with
 * a code, or -1. */
static int32_t quoted_speaker(const nev_doc *d, uint32_t at)
{
    if (!(TOK(d, at).flags & TF_QUOTED))
        return -1;
    uint32_t n = d->toks.n, e = at, b = at;
    while (e < n && e < at + 400 && (TOK(d, e).flags & TF_QUOTED))
        e++;
    while (b > 0 && b + 400 > at && (TOK(d, b - 1).flags & TF_QUOTED))
        b--;
    /* after: the first coded mention in the next few tokens, with a reporting verb near */
    for (int side = 0; side < 2; side++) {
        uint32_t lo = side == 0 ? e : (b > 12 ? b - 12 : 0);
        uint32_t hi = side == 0 ? (e + 12 < n ? e + 12 : n) : b;
        bool rep = false;
        int32_t who = -1;
        for (uint32_t i = lo; i < hi; i++) {
            const token *t = &TOK(d, i);
            if (t->flags & TF_QUOTED)
                break;
            if (reporting_word(t))
                rep = true;
            if (t->ment >= 0 && who < 0 && MENT(d, (uint32_t)t->ment).code[0] &&
                (MENT(d, (uint32_t)t->ment).kind == AK_PERSON || side == 0))
                who = t->ment;
        }
        if (rep && who >= 0)
            return who;
    }
    return -1;
}

/* A transcript label: sentence s starts with a speaker's name and a colon ("President of
 * Russia Vladimir Putin: I am happy to see you."): the person mention, or -1. */
static int32_t transcript_label(const nev_doc *d, uint32_t s)
{
    const sentence *se = &SENT(d, s);
    int32_t who = -1;
    int paren = 0;
    for (uint32_t i = se->tok0; i < se->tok0 + se->ntok && i < se->tok0 + 20; i++) {
        const token *t = &TOK(d, i);
        if (t->norm_len == 1 && t->norm[0] == ':')
            return paren ? -1 : who;
        /* "Milorad Dodik (retranslated):" */
        if (t->norm_len == 1 && (t->norm[0] == '(' || t->norm[0] == '['))
            paren++;
        if (t->norm_len == 1 && (t->norm[0] == ')' || t->norm[0] == ']') && paren)
            paren--;
        if (paren)
            continue;
        if (pos_is_verb(t->pos) || t->pos == POS_MD || (t->flags & TF_QUOTED))
            return -1;
        if (t->ment >= 0 && MENT(d, (uint32_t)t->ment).kind == AK_PERSON &&
            MENT(d, (uint32_t)t->ment).code[0])
            who = t->ment;
    }
    return -1;
}

/* The speaker of sentence s in a transcript (the last label at or before it, within 40
 * sentences), or -1 when s is not in a transcript. */
static int32_t transcript_speaker(const nev_doc *d, uint32_t s, uint32_t *label_sent)
{
    for (uint32_t q = s + 1; q-- > 0 && q + 40 > s;) {
        int32_t w = transcript_label(d, q);
        if (w >= 0) {
            if (label_sent)
                *label_sent = q;
            return w;
        }
    }
    return -1;
}

/* "you" in a transcript: the last earlier speaker of another side, else the other side of
 * the meeting the story reports. */
static bool meeting_pair(const nev_doc *d, int32_t pair[2]);
static int32_t transcript_addressee(const nev_doc *d, uint32_t s)
{
    uint32_t ls = 0;
    int32_t sp = transcript_speaker(d, s, &ls);
    if (sp < 0)
        return -1;
    const char *sc = MENT(d, (uint32_t)sp).code;
    for (uint32_t q = ls; q-- > 0 && q + 40 > ls;) {
        int32_t w = transcript_label(d, q);
        if (w >= 0 && strncmp(MENT(d, (uint32_t)w).code, sc, 3) != 0)
            return w;
    }
    int32_t pair[2];
    if (meeting_pair(d, pair))
        for (int k = 0; k < 2; k++)
            if (strncmp(MENT(d, (uint32_t)pair[k]).code, sc, 3) != 0)
                return pair[k];
    return -1;
}

/* "... This was stated by President of Ukraine Volodymyr Zelenskyy ...": the sentence after
 * s attributes s to someone; that mention, or -1. */
static int32_t stated_by_next(const nev_doc *d, uint32_t s)
{
    if (s + 1 >= d->sents.n)
        return -1;
    const sentence *n = &SENT(d, s + 1);
    uint32_t i = n->tok0, end = n->tok0 + n->ntok;
    if (end - i < 5 || !(tok_is(&TOK(d, i), "this") || tok_is(&TOK(d, i), "that")) ||
        !(tok_is(&TOK(d, i + 1), "was") || tok_is(&TOK(d, i + 1), "is")))
        return -1;
    static const char *const said[] = {"stated", "said", "announced", "noted", "emphasized",
                                       "emphasised", "stressed", "declared", "reported"};
    if (!in_words(&TOK(d, i + 2), said, sizeof said / sizeof *said) ||
        !tok_is(&TOK(d, i + 3), "by"))
        return -1;
    for (uint32_t j = i + 4; j < end && j < i + 14; j++)
        if (TOK(d, j).ment >= 0 && MENT(d, (uint32_t)TOK(d, j).ment).code[0] &&
            (MENT(d, (uint32_t)TOK(d, j).ment).kind == AK_PERSON ||
             MENT(d, (uint32_t)TOK(d, j).ment).kind == AK_AGENT))
            return TOK(d, j).ment;
    return -1;
}

/* First person outside quotation marks in a transcript, inside them the quotation's
 * speaker; or the one a following "This was stated by X" names. */
static int32_t first_person(const nev_doc *d, uint32_t s, uint32_t at)
{
    int32_t q = quoted_speaker(d, at);
    if (q < 0 && !(TOK(d, at).flags & TF_QUOTED))
        q = transcript_speaker(d, s, NULL);
    if (q < 0)
        q = stated_by_next(d, s);
    return q;
}

static int32_t resolve_pronoun(ctx *c, uint32_t ci)
{
    nev_doc *d = c->d;
    const token *t = &TOK(d, c->ch[ci].t0);
    if (tok_is(t, "i") || tok_is(t, "me"))
        return first_person(d, c->s, c->ch[ci].t0);
    if (tok_is(t, "we") || tok_is(t, "us")) {
        int32_t q = first_person(d, c->s, c->ch[ci].t0);
        return q >= 0 ? q : speaker_side(c, ci);
    }
    if (tok_is(t, "you"))
        return (TOK(d, c->ch[ci].t0).flags & TF_QUOTED) ? -1 : transcript_addressee(d, c->s);
    bool want_person = tok_is(t, "he") || tok_is(t, "she") || tok_is(t, "him") || tok_is(t, "her");
    /* inside this sentence: the subject of an earlier verb group */
    for (int32_t j = (int32_t)ci - 1; j >= 0; j--) {
        chunk *v = &c->ch[j];
        if (v->type != CH_VG || v->subj < 0)
            continue;
        chunk *s = &c->ch[v->subj];
        if (s->n_act == 0 || s->pronoun)
            continue;
        const mention *m = &MENT(d, (uint32_t)s->act[0]);
        /* "Germany's foreign minister said she": a role that is one person counts */
        bool is_person =
            m->kind == AK_PERSON ||
            (m->kind == AK_AGENT && m->code[0] &&
             actor_lookup_kind(d->m, TOK(d, m->head).norm, TOK(d, m->head).norm_len, AK_TITLE) &&
             TOK(d, m->head).norm[TOK(d, m->head).norm_len - 1] != 's');
        if (want_person == is_person)
            return s->act[0];
    }
    return last_country_mention(d, c->ch[ci].t0, want_person);
}

/* ---- subjects ---------------------------------------------------------------------------- */
static bool is_prep(const token *t)
{
    return t->pos == POS_IN || t->pos == POS_TO;
}

static int32_t find_subject(ctx *c, uint32_t vi)
{
    nev_doc *d = c->d;
    int depth_comma = 0;
    bool passed_comma = false;
    /* "Speaking to reporters after talks with Suharto, he said": a participle opening the
     * sentence shares the subject of the clause after its comma */
    if (opening_participle(c, vi))
        for (uint32_t j = vi + 1; j + 1 < c->n; j++) {
            const chunk *k = &c->ch[j];
            if (k->type == CH_VG)
                break;
            if (k->type == CH_TOK && tok_is(&TOK(d, k->t0), ",") &&
                c->ch[j + 1].type == CH_NP && j + 2 < c->n && c->ch[j + 2].type == CH_VG)
                return (int32_t)j + 1;
        }
    /* an infinitive is controlled by the verb before it, across any parenthesis ("Washington
     * had chosen this time, only a week before ..., to make accusations"): its object when that
     * is an actor ("urged the community to counter"), else its subject */
    if (c->ch[vi].infinitive) {
        /* "in the context of Russia's military operation to protect ...": an infinitive
         * right after an owned noun that is not itself an actor is the owner's act */
        static const char *const acts[] = {"plan", "plans", "decision", "intention", "bid",
                                           "readiness", "willingness", "efforts", "effort",
                                           "attempt", "attempts", "proposal"};
        if (vi >= 1 && c->ch[vi - 1].type == CH_NP && c->ch[vi - 1].possessor >= 0 &&
            TOK(d, c->ch[vi - 1].head).ment < 0 &&
            MENT(d, (uint32_t)c->ch[vi - 1].possessor).code[0] &&
            (np_noun_patterns(d, &c->ch[vi - 1]) ||
             in_words(&TOK(d, c->ch[vi - 1].head), acts, sizeof acts / sizeof *acts))) {
            np_actors(c, vi - 1);
            if (np_coded(d, &c->ch[vi - 1]))
                return (int32_t)vi - 1;
        }
        for (int32_t j = (int32_t)vi - 1; j >= 0; j--) {
            const chunk *k = &c->ch[j];
            if (k->type == CH_TOK && (tok_is(&TOK(d, k->t0), ";") || k->t0 < SENT(d, c->s).tok0))
                break;
            if (k->type != CH_VG)
                continue;
            if ((uint32_t)j + 1 < vi && c->ch[j + 1].type == CH_NP) {
                np_actors(c, (uint32_t)j + 1);
                if (c->ch[j + 1].n_act && np_coded(d, &c->ch[j + 1]))
                    return j + 1;
            }
            if (k->subj < 0)
                c->ch[j].subj = find_subject(c, (uint32_t)j);
            return c->ch[j].subj;
        }
    }
    /* "X condemned the launch and called on Y", "X said so before speaking to Y": a verb
     * right after a conjunction, or a gerund after a time word, shares the subject of the
     * verb before */
    if (vi >= 2 && c->ch[vi - 1].type == CH_TOK && !c->ch[vi].infinitive) {
        const token *cj = &TOK(d, c->ch[vi - 1].t0);
        bool gerund_clause = c->ch[vi].gerund &&
                             (tok_is(cj, "before") || tok_is(cj, "after") || tok_is(cj, "while") ||
                              tok_is(cj, "when") || tok_is(cj, "by") || tok_is(cj, "without") ||
                              tok_is(cj, "since"));
        if (tok_is(cj, "and") || tok_is(cj, "but") || tok_is(cj, "or") || tok_is(cj, "then") ||
            gerund_clause) {
            for (int32_t j = (int32_t)vi - 2; j >= 0; j--)
                if (c->ch[j].type == CH_VG) {
                    if (c->ch[j].subj < 0)
                        c->ch[j].subj = find_subject(c, (uint32_t)j);
                    if (c->ch[j].subj >= 0)
                        return c->ch[j].subj;
                    break;
                }
        }
    }
    for (int32_t j = (int32_t)vi - 1; j >= 0; j--) {
        chunk *k = &c->ch[j];
        if (k->type == CH_VG) {
            /* coordinated or controlled verb: share the subject ("crossed ... and withdrew",
             * "prepares to roll out"); an infinitive takes the object of its controller */
            if (c->ch[vi].infinitive) {
                /* object control: "urged X to counter" */
                if ((uint32_t)j + 1 < vi && c->ch[j + 1].type == CH_NP && c->ch[j + 1].n_act)
                    return j + 1;
                return k->subj;
            }
            /* a participle or gerund clause attached to the previous NP is not a subject
             * source; otherwise share only through a conjunction */
            bool conj = false;
            for (uint32_t q = (uint32_t)j + 1; q < vi; q++) {
                const token *t = &TOK(d, c->ch[q].t0);
                if (c->ch[q].type == CH_TOK &&
                    (tok_is(t, "and") || tok_is(t, "but") || tok_is(t, "or")))
                    conj = true;
                if (c->ch[q].type == CH_NP)
                    conj = false;
            }
            if (conj)
                return k->subj;
            return -1;
        }
        if (k->type == CH_NP && k->t1 <= c->dateline_end)
            return -1;
        if (k->type == CH_NP) {
            /* skip NPs that are objects of prepositions ("analyst at the RAND Corporation"),
             * but not the subject right after a subordinator ("as Kim prepares") */
            if (j > 0 && c->ch[j - 1].type == CH_TOK && is_prep(&TOK(d, c->ch[j - 1].t0)) &&
                !tok_is(&TOK(d, c->ch[j - 1].t0), "that") && !is_dash(&TOK(d, c->ch[j - 1].t0)))
                continue;
            if (depth_comma)
                continue;
            /* "Shami Chakrabarti, director of civil rights group Liberty, has called": past
             * an apposition closed by a comma, the named actor before its opening comma */
            if (passed_comma && !np_coded(d, k)) {
                int32_t q = j;
                while (q > 0 && c->ch[q - 1].type != CH_VG &&
                       !(c->ch[q - 1].type == CH_TOK && tok_is(&TOK(d, c->ch[q - 1].t0), ",")))
                    q--;
                if (q >= 2 && c->ch[q - 1].type == CH_TOK && c->ch[q - 2].type == CH_NP) {
                    np_actors(c, (uint32_t)q - 2);
                    if (np_coded(d, &c->ch[q - 2]) && !c->ch[q - 2].pronoun)
                        return q - 2;
                }
            }
            return j;
        }
        const token *t = &TOK(d, k->t0);
        if (tok_is(t, "who") || tok_is(t, "which") || tok_is(t, "that")) {
            /* relative clause: the antecedent NP */
            for (int32_t q = j - 1; q >= 0; q--)
                if (c->ch[q].type == CH_NP)
                    return q;
            return -1;
        }
        if (tok_is(t, ",")) {
            /* ", X said" inversions and appositions: look past an apposition "X, the
             * analyst, said" only when it is closed by a comma right before the verb */
            /* closed right before the verb, or before a time word ("Kuwait, a target of
             * Iranian anger, today rejected") */
            bool close = true;
            for (uint32_t q = (uint32_t)j + 1; q < vi && close; q++)
                close = c->ch[q].type == CH_TOK && (temporal(&TOK(d, c->ch[q].t0)) ||
                                                    TOK(d, c->ch[q].t0).pos == POS_RB);
            if (close) {
                passed_comma = true;
                /* an inserted clause between commas: "Lavrov, speaking in Ankara on
                 * Thursday, accused", "The government, which has long claimed Taiwan,
                 * condemned": the subject is before its opening comma */
                int32_t o = j - 1;
                bool verb = false;
                while (o >= 0 && !(c->ch[o].type == CH_TOK && (tok_is(&TOK(d, c->ch[o].t0), ",") ||
                                                               tok_is(&TOK(d, c->ch[o].t0), ";"))))
                    verb |= c->ch[o--].type == CH_VG;
                if (o >= 1 && tok_is(&TOK(d, c->ch[o].t0), ",") && c->ch[o - 1].type == CH_NP &&
                    o + 1 < j) {
                    const token *f = &TOK(d, c->ch[o + 1].t0);
                    bool rel = c->ch[o + 1].type == CH_TOK &&
                               (tok_is(f, "who") || tok_is(f, "which") || tok_is(f, "whose"));
                    if (rel || (verb && c->ch[o + 1].type == CH_VG))
                        return o - 1;
                }
            }
            continue;
        }
        if (tok_is(t, ";") || tok_is(t, ":") || t->pos == POS_LQUOTE || t->pos == POS_RQUOTE)
            return -1;
    }
    return -1;
}

/* ---- pattern matching -------------------------------------------------------------------- */
static bool literal_ok(const token *t, const char *item)
{
    /* item: "a|b|c" (one pass over the item; the lemma measured once) */
    size_t lemma_len = strlen(t->lemma);
    const char *p = item;
    while (*p) {
        const char *bar = p;
        while (*bar && *bar != '|')
            bar++;
        size_t l = (size_t)(bar - p);
        if ((t->norm_len == l && memcmp(t->norm, p, l) == 0) ||
            (lemma_len == l && memcmp(t->lemma, p, l) == 0))
            return true;
        if (!*bar)
            break;
        p = bar + 1;
    }
    return false;
}

/* Sets of alt_bit and alt_bit2 bits (a word's, or those of the words of a window). */
typedef struct winbits {
    uint64_t b1, b2;
} winbits;

/* The two filter bits of a word that is not empty. */
static inline winbits word_bits(const char *s)
{
    const unsigned char *w = (const unsigned char *)s;
    return (winbits){(uint64_t)1 << alt_bit(w[0], w[1]),
                     (uint64_t)1 << alt_bit2(w[0], w[1], w[1] ? w[2] : 0)};
}

/* Can a word with bits b be an alternative of an item with bits alts, alts2? */
static inline bool bits_pass(uint64_t alts, uint64_t alts2, winbits b)
{
    return (alts & b.b1) && (alts2 & b.b2);
}

/* False when no alternative of the item with bits alts can be t's form or lemma. */
static bool maybe_literal(const token *t, uint64_t alts, uint64_t alts2)
{
    /* (the form first: the lemma is read only when it is another string; an empty lemma
     * passes, as does an empty form) */
    if (t->norm_len == 0)
        return true;
    if (bits_pass(alts, alts2, word_bits(t->norm)))
        return true;
    if (t->lemma == t->norm)
        return false;
    return !t->lemma[0] || bits_pass(alts, alts2, word_bits(t->lemma));
}

static bool skippable(const token *t)
{
    return t->pos == POS_RB || t->pos == POS_DT || pos_is_adj(t->pos) || t->pos == POS_PRPS ||
           t->pos == POS_CD || t->pos == POS_RP || t->pos == POS_LQUOTE || t->pos == POS_RQUOTE ||
           (t->norm_len == 1 && (t->norm[0] == '"' || t->norm[0] == '\''));
}

/* Before a preposition literal the direct object may stand: "fired warning shots at". */
static bool skippable_before_prep(const token *t)
{
    return skippable(t) || ((t->pos == POS_NN || t->pos == POS_NNS || t->pos == POS_VBG) &&
                            t->ment < 0 && t->place < 0);
}

static bool is_prep_word(const char *item)
{
    static const struct {
        const char *s;
        uint8_t len;
    } w[] = {{"at", 2},     {"on", 2},    {"in", 2},     {"to", 2},       {"with", 4},
             {"against", 7}, {"into", 4}, {"upon", 4},   {"toward", 6},   {"towards", 7},
             {"for", 3},    {"over", 4},  {"about", 5},  {"from", 4}};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t l = w[i].len;
        if (item[0] == w[i].s[0] && strncmp(item, w[i].s, l) == 0 &&
            (item[l] == '\0' || item[l] == '|'))
            return true;
    }
    return false;
}

/* chunk index containing token t (linear; sentences are short) */
static int32_t chunk_of(const ctx *c, uint32_t t)
{
    for (uint32_t i = 0; i < c->n; i++)
        if (t >= c->ch[i].t0 && t < c->ch[i].t1)
            return (int32_t)i;
    return -1;
}

typedef struct pmatch {
    const pattern *p;
    int32_t target;   /* chunk index of the target NP or -1 */
    uint32_t end;     /* token after the match */
} pmatch;

/* The alt_bit and alt_bit2 sets of the forms and lemmas of tokens [from, limit) (all bits
 * for a token that maybe_literal passes unread), for may_match. */

static winbits window_bits(const nev_doc *d, uint32_t from, uint32_t limit)
{
    winbits wb = {0, 0};
    for (uint32_t q = from; q < limit; q++) {
        const token *t = &TOK(d, q);
        if (t->norm_len == 0)
            return (winbits){~(uint64_t)0, ~(uint64_t)0};
        winbits f = word_bits(t->norm);
        wb.b1 |= f.b1;
        wb.b2 |= f.b2;
        if (t->lemma == t->norm)
            continue;
        if (!t->lemma[0])
            return (winbits){~(uint64_t)0, ~(uint64_t)0};
        f = word_bits(t->lemma);
        wb.b1 |= f.b1;
        wb.b2 |= f.b2;
    }
    return wb;
}

/* False when match_items(c, p, from, limit) must fail: a literal item of p has no
 * alternative whose bits (maybe_literal) a token of the window wb = window_bits(from,
 * limit) has, so no token there can be it. */
static inline bool may_match(const pattern *p, winbits wb)
{
    /* (without a branch per item: whether an item fails is data; "*" and "+" have all bits) */
    bool bad = false;
    for (uint8_t i = 0; i < p->n_items; i++)
        bad |= ((p->alts[i] & wb.b1) == 0) | ((p->alts2[i] & wb.b2) == 0);
    return !bad;
}

/* Match items of p from token `from` up to `limit`. */
static bool match_items(const ctx *c, const pattern *p, uint32_t from, uint32_t limit,
                        pmatch *out)
{
    const nev_doc *d = c->d;
    uint32_t pos = from;
    int32_t target = -1;
    int32_t last_lit = -1; /* a literal matched inside an actor mention */
    bool star = false;
    bool has_plus = false;
    for (uint8_t i = 0; i < p->n_items; i++) {
        const char *it = p->items[i];
        if (p->kind[i] == IK_STAR) {
            star = true;
            continue;
        }
        if (p->kind[i] == IK_PLUS) {
            has_plus = true;
            /* next NP (skipping adverbs) */
            uint32_t q = pos;
            while (q < limit && TOK(d, q).pos == POS_RB)
                q++;
            int32_t ci = q < limit ? chunk_of(c, q) : -1;
            if (ci < 0 || c->ch[ci].type != CH_NP) {
                if (!star)
                    return false;
                /* find the next NP within the window */
                ci = -1;
                for (uint32_t r = q; r < limit && r < q + 8; r++) {
                    int32_t cj = chunk_of(c, r);
                    if (cj >= 0 && c->ch[cj].type == CH_NP) {
                        ci = cj;
                        break;
                    }
                }
                if (ci < 0)
                    return false;
            }
            target = ci;
            pos = c->ch[ci].t1;
            star = false;
            continue;
        }
        uint32_t maxskip = star ? 12 : 3;
        bool prep = (p->kind[i] & IK_PREP) != 0;
        uint64_t alts = p->alts[i], alts2 = p->alts2[i];
        uint32_t q = pos, skipped = 0;
        bool ok = false;
        while (q < limit && skipped <= maxskip) {
            const token *t = &TOK(d, q);
            if (maybe_literal(t, alts, alts2) && literal_ok(t, it)) {
                ok = true;
                break;
            }
            if (!star && !(prep ? skippable_before_prep(t) : skippable(t)))
                break;
            if (tok_is(t, ";") || (TOK(d, q).pos == POS_PUNCT))
                break;
            q++;
            skipped++;
        }
        if (!ok)
            return false;
        if (i + 1 == p->n_items) /* only the pattern's last word can name the other side */
            last_lit = TOK(d, q).ment >= 0 ? (int32_t)q : -1;
        pos = q + 1;
        star = false;
    }
    if (!has_plus && last_lit >= 0 && TOK(d, (uint32_t)last_lit).ment >= 0) {
        /* "clash with police", "killed three Israeli soldiers in": a literal that is part
         * of an actor names the other side itself */
        int32_t ci = chunk_of(c, (uint32_t)last_lit);
        if (ci >= 0 && c->ch[ci].type == CH_NP)
            target = ci;
    }
    if (!has_plus && target < 0) {
        /* direct object: the next NP after the match, skipping adverbs and particles */
        uint32_t q = pos;
        while (q < limit && (TOK(d, q).pos == POS_RB || TOK(d, q).pos == POS_RP))
            q++;
        int32_t ci = q < limit ? chunk_of(c, q) : -1;
        if (ci >= 0 && c->ch[ci].type == CH_NP)
            target = ci;
    }
    out->p = p;
    out->target = target;
    out->end = pos;
    return true;
}

/* "the President of the United States", "the leaders of Greece and Turkey": an NP without
 * an actor takes the first actor of its "of" chain. Returns the NP to use. */
static bool np_coded(const nev_doc *d, const chunk *k)
{
    for (uint32_t i = 0; i < k->n_act; i++)
        if (MENT(d, (uint32_t)k->act[i]).code[0])
            return true;
    return false;
}

/* End token of an NP's "of" chain ("the outskirts of Chasiv Yar"). */
/* The word after chunk j that links it to the owner named next: "of", "from" ("planes from
 * Afghanistan"), and "with" after a border ("the border with Azerbaijan"). */
static bool chain_link(const ctx *c, uint32_t j)
{
    const token *w = &TOK(c->d, c->ch[j + 1].t0);
    if (tok_is(w, "of") || tok_is(w, "from"))
        return true;
    const token *h = &TOK(c->d, c->ch[j].head);
    return tok_is(w, "with") && c->ch[j].type == CH_NP &&
           (tok_is_lemma(h, "border") || tok_is_lemma(h, "frontier") ||
            tok_is_lemma(h, "boundary"));
}

static uint32_t of_chain_end(const ctx *c, uint32_t ci)
{
    uint32_t j = ci;
    while (j + 2 < c->n && c->ch[j + 1].type == CH_TOK && chain_link(c, j) &&
           c->ch[j + 2].type == CH_NP && j < ci + 6)
        j += 2;
    return c->ch[j].t1;
}

static chunk *of_chain(ctx *c, uint32_t ci)
{
    nev_doc *d = c->d;
    uint32_t j = ci;
    for (int hops = 0; hops < 3; hops++) {
        /* "planes from Afghanistan" act for Afghanistan too */
        if (j + 2 >= c->n || c->ch[j + 1].type != CH_TOK || !chain_link(c, j) ||
            c->ch[j + 2].type != CH_NP)
            break;
        j += 2;
        if (c->ch[j].n_act == 0)
            np_actors(c, j);
        if (np_coded(d, &c->ch[j]))
            return &c->ch[j];
    }
    return &c->ch[ci];
}

/* "between A of X and B of Y": the coded NP naming the second side, when the first side
 * (chunk ci, already resolved through its "of" chain to a coded NP) is followed by "and" and
 * another NP whose own chain names actors none of which is on the first side. */
static chunk *between_other_side(ctx *c, uint32_t ci)
{
    nev_doc *d = c->d;
    uint32_t end_tok = of_chain_end(c, ci);
    uint32_t j = ci;
    while (j + 1 < c->n && c->ch[j].t1 < end_tok)
        j++;
    if (j + 2 >= c->n || c->ch[j + 1].type != CH_TOK || !tok_is(&TOK(d, c->ch[j + 1].t0), "and") ||
        c->ch[j + 2].type != CH_NP)
        return NULL;
    chunk *a = &c->ch[ci];
    if (!np_coded(d, a))
        a = of_chain(c, ci);
    chunk *b = &c->ch[j + 2];
    if (b->n_act == 0)
        np_actors(c, j + 2);
    /* the list pass may have lent b the first side's actors ("the EU and representatives
     * of Iran"): b names a side itself only with an actor inside it */
    bool own = false;
    for (uint32_t y = 0; y < b->n_act && !own; y++) {
        const mention *m = &MENT(d, (uint32_t)b->act[y]);
        own = m->code[0] && m->t0 >= b->t0 && m->t1 <= b->t1;
    }
    if (!own)
        b = of_chain(c, j + 2);
    if (!np_coded(d, a) || !np_coded(d, b) || a == b)
        return NULL;
    for (uint32_t x = 0; x < a->n_act; x++)
        for (uint32_t y = 0; y < b->n_act; y++)
            if (a->act[x] == b->act[y])
                return NULL;
    return b;
}

/* ---- emitting ---------------------------------------------------------------------------- */
static const char *intent_code(const char *code)
{
    /* an act announced for the future is an intent (GUIDE: 036 for meetings and visits) */
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    switch (root) {
    case 4: return "036";
    case 5: return "030";
    case 6: return "031";
    case 7: return "033";
    case 8: return "035";
    default: return NULL;
    }
}

/* An armed-group role noun with no country ("rebels", "militants") that acts where the
 * sentence places it ("in Borno state"): REB of that place's country, in out. */
static bool rebels_where(const ctx *c, const mention *sm, char out[12])
{
    const nev_doc *d = c->d;
    const char *role = actor_open_role(d, sm);
    if (!role || strcmp(role, "REB") != 0)
        return false;
    /* a place after "in", "near", "at" ("in the Tillaberi region"), or a country after
     * "in" ("in southeastern Turkey") */
    const sentence *se = &SENT(d, c->s);
    for (uint32_t i = se->tok0 + 1; i < se->tok0 + se->ntok; i++) {
        const token *t = &TOK(d, i);
        if (t->ment >= 0 && MENT(d, (uint32_t)t->ment).kind == AK_COUNTRY &&
            MENT(d, (uint32_t)t->ment).t0 == i && strlen(MENT(d, (uint32_t)t->ment).code) == 3) {
            uint32_t b = i - 1;
            while (b > se->tok0 &&
                   (pos_is_adj(TOK(d, b).pos) || tok_is(&TOK(d, b), "central") ||
                    (TOK(d, b).norm_len > 4 &&
                     !memcmp(TOK(d, b).norm + TOK(d, b).norm_len - 3, "ern", 3))))
                b--; /* "southeastern", "southwestern/NN" */
            if (tok_is(&TOK(d, b), "in")) {
                snprintf(out, 12, "%.3sREB", MENT(d, (uint32_t)t->ment).code);
                return true;
            }
        }
        if (t->place < 0 || (i > se->tok0 && TOK(d, i - 1).place == t->place))
            continue;
        uint32_t b = i - 1;
        if (tok_is(&TOK(d, b), "the") && b > se->tok0)
            b--;
        const token *p = &TOK(d, b);
        const char *cc = VEC_AT(d->places, place_ref, (uint32_t)t->place).gp.cc3;
        /* ("the town of Goma") */
        bool of_place = tok_is(p, "of") && b > se->tok0 &&
                        (tok_is(&TOK(d, b - 1), "town") || tok_is(&TOK(d, b - 1), "city") ||
                         tok_is(&TOK(d, b - 1), "village") || tok_is(&TOK(d, b - 1), "region") ||
                         tok_is(&TOK(d, b - 1), "province") || tok_is(&TOK(d, b - 1), "district"));
        if (cc[0] && (tok_is(p, "in") || tok_is(p, "near") || tok_is(p, "at") ||
                      tok_is(p, "around") || tok_is(p, "outside") || tok_is(p, "inside") ||
                      of_place)) {
            snprintf(out, 12, "%.3sREB", cc);
            return true;
        }
    }
    return false;
}

/* A role noun with no country ("an activist") as the object of a state's court, police or
 * government: the role in the source's country, in out. */
static bool same_country_role(const ctx *c, const char *src_code, const mention *tm,
                              char out[12])
{
    const nev_doc *d = c->d;
    static const char *const state[] = {"JUD", "COP", "GOV", "SPY", "MIL"};
    const char *role = actor_open_role(d, tm);
    if (!role || !role_in(src_code, state, sizeof state / sizeof *state) ||
        !strcmp(role, "MIL") || !strcmp(role, "GOV"))
        return false;
    /* not "foreign firms", "these people" (named before), "our citizens" */
    const sentence *se = &SENT(d, tm->sent);
    for (uint32_t q = tm->t0 > se->tok0 + 3 ? tm->t0 - 3 : se->tok0; q < tm->t1; q++) {
        const token *u = &TOK(d, q);
        if (u->pos == POS_PRPS || tok_is(u, "foreign") || tok_is(u, "international") ||
            tok_is(u, "enemy") || tok_is(u, "these") || tok_is(u, "those"))
            return false;
    }
    snprintf(out, 12, "%.3s%.3s", src_code, role);
    return true;
}

static int emit(ctx *c, const char *src_code, const mention *sm, const char *tgt_code,
                const mention *tm, const char *cameo, uint32_t trig0, uint32_t trig1,
                uint8_t modality)
{
    nev_doc *d = c->d;
    /* every act with a known doer is remembered, coded or not ("detained their crew" makes
     * a later "the detentions" Iran's) */
    if (sm && src_code[0]) {
        act_ref ar = {TOK(d, trig0).lemma, (int32_t)(sm - &MENT(d, 0))};
        if (vec_push(&d->ar, &d->acts, &ar) < 0)
            return NEV_ENOMEM;
    }
    if (!src_code[0] && !tgt_code[0])
        return NEV_OK;
    int root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
    /* GUIDE: armed groups take the country where they act ("Rebels ambushed an army convoy
     * in Borno state" -> NGAREB) */
    char rebel[12];
    if (!src_code[0] && sm && root >= 18 && rebels_where(c, sm, rebel))
        src_code = rebel;
    /* "Thailand's court sentenced an activist", "police detained protesters": the state's
     * courts, police and forces act on people of their own country unless told otherwise */
    char own[12];
    if (!tgt_code[0] && tm && (root == 17 || !strncmp(cameo, "116", 3)) &&
        same_country_role(c, src_code, tm, own))
        tgt_code = own;
    if (!src_code[0] && (root < 18 || !c->anon_ok))
        return NEV_OK; /* only violence is coded with an unknown perpetrator */
    if (!tgt_code[0] && !c->vague_target)
        return NEV_OK; /* an act needs the other side, unless it is a vague collective */
    if (src_code[0] && tgt_code[0] && strcmp(src_code, tgt_code) == 0)
        return NEV_OK;
    if (src_code[0] && tgt_code[0] && strncmp(src_code, tgt_code, 3) == 0 &&
        strlen(src_code) <= 3 && strlen(tgt_code) <= 3)
        return NEV_OK;
    /* a state does not meet, intend to cooperate with, or make demands of itself ("both
     * sides agreed to reopen their consulates" is not Pakistan agreeing with Pakistan's
     * consulates; a president ordering his army is a command, not a demand) */
    if ((root == 3 || root == 4 || root == 6 || root == 10) && src_code[0] && tgt_code[0] &&
        same_side(src_code, tgt_code))
        return NEV_OK;
    /* "Reagan will meet the press", "spoke to reporters": talking to journalists is how
     * news is made, not a meeting between actors */
    if ((root == 3 || root == 4) && (press(d, tm) || press(d, sm)))
        return NEV_OK;
    /* "Speaking on BBC Radio 4, Mr Clarke said": a statement made on the media is not
     * one made to them */
    static const char *const med[] = {"MED"};
    if (root == 1 && role_in(tgt_code, med, 1))
        return NEV_OK;
    /* CAMEO 175: a state's police or soldiers attacking its own protesters or civilians
     * is repression, not fighting ("troops fired on unarmed protesters") */
    if (repression(src_code, tgt_code, cameo))
        cameo = "175";
    /* "Britain and Japan clashed over U.K. demands": states or politicians clashing over
     * something argue; forces, police, rebels and crowds that clash fight */
    if (!strcmp(cameo, "190") && tok_is_lemma(&TOK(d, trig0), "clash") &&
        civil_side(src_code) && civil_side(tgt_code) && !(sm && crowd(d, sm))) {
        uint32_t end = SENT(d, c->s).tok0 + SENT(d, c->s).ntok;
        uint32_t q = trig1 > trig0 ? trig1 : trig0 + 1;
        while (q < end && q < trig1 + 3 &&
               (temporal(&TOK(d, q)) || TOK(d, q).pos == POS_RB || tok_is(&TOK(d, q), "on")))
            q++; /* "clashed today over", "clashed on Monday over" */
        if (q < end && (tok_is(&TOK(d, q), "over") || tok_is(&TOK(d, q), "about")))
            cameo = "111";
    }
    /* CAMEO 145: protesters who storm, attack or clash riot; they do not wage war */
    if ((root == 18 || root == 19) && sm && crowd(d, sm))
        cameo = "145";
    event e;
    memset(&e, 0, sizeof e);
    str_put(e.src, sizeof e.src, src_code, SIZE_MAX);
    str_put(e.tgt, sizeof e.tgt, tgt_code, SIZE_MAX);
    e.src_ment = -1;
    if (sm) {
        e.src_name = sm->name;
        e.src_t0 = sm->t0;
        e.src_t1 = sm->t1;
        e.src_ment = (int32_t)(sm - &MENT(d, 0));
    }
    e.lemma = TOK(d, trig0).lemma;
    if (tm) {
        e.tgt_name = tm->name;
        e.tgt_t0 = tm->t0;
        e.tgt_t1 = tm->t1;
    }
    str_put(e.cameo, sizeof e.cameo, cameo, SIZE_MAX);
    e.sent = c->s;
    e.trig_t0 = trig0;
    e.trig_t1 = trig1;
    e.modality = modality;
    /* dedup inside the article */
    for (uint32_t i = 0; i < d->events.n; i++) {
        event *o = &VEC_AT(d->events, event, i);
        if (!strcmp(o->src, e.src) && !strcmp(o->tgt, e.tgt) && !strcmp(o->cameo, e.cameo))
            return NEV_OK;
    }
    return vec_push(&d->ar, &d->events, &e) < 0 ? NEV_ENOMEM : NEV_OK;
}

/* Country of a place named in the NP or right after it ("the outskirts of Chasiv Yar"). */
static const char *place_country(const ctx *c, uint32_t t0, uint32_t t1)
{
    const nev_doc *d = c->d;
    for (uint32_t i = t0; i < t1; i++)
        if (TOK(d, i).place >= 0)
            return VEC_AT(d->places, place_ref, (uint32_t)TOK(d, i).place).gp.cc3;
    return NULL;
}

/* "struck targets in Gaza": a country named after a locative preposition is where the
 * violence landed. Returns its 3-letter key or NULL. */
static const char *locative_actor(ctx *c, uint32_t from, uint32_t limit)
{
    nev_doc *d = c->d;
    for (uint32_t j = from; j + 1 < c->n && c->ch[j].t0 < limit; j++) {
        if (c->ch[j].type == CH_VG)
            break;
        if (c->ch[j].type != CH_TOK || c->ch[j + 1].type != CH_NP)
            continue;
        const token *p = &TOK(d, c->ch[j].t0);
        if (!(tok_is(p, "in") || tok_is(p, "near") || tok_is(p, "at") || tok_is(p, "across") ||
              tok_is(p, "inside") || tok_is(p, "around")))
            continue;
        chunk *k = &c->ch[j + 1];
        if (k->n_act == 0)
            np_actors(c, j + 1);
        for (uint32_t q = 0; q < k->n_act; q++) {
            const mention *m = &MENT(d, (uint32_t)k->act[q]);
            if (m->code[0] && (m->kind == AK_COUNTRY || m->kind == AK_SEAT))
                return m->code;
        }
    }
    return NULL;
}

static void code_of(const nev_doc *d, int32_t m, char *out)
{
    str_put(out, 12, m >= 0 ? MENT(d, (uint32_t)m).code : "", SIZE_MAX);
}

/* GUIDE section 2: "the West", "the international community" are actors without a code. */
static bool vague_collective(const nev_doc *d, const chunk *k)
{
    const token *h = &TOK(d, k->head);
    if (tok_is(h, "west") || tok_is(h, "world"))
        return true;
    return tok_is(h, "community") && k->head > k->t0 &&
           tok_is(&TOK(d, k->head - 1), "international");
}

/* Emit for all source x target actor pairs; sym adds the reverse. */
static int emit_pairs(ctx *c, const chunk *sc, int32_t s_override, const chunk *tc,
                      const char *tgt_fallback, const char *cameo, uint8_t flags, uint32_t trig0,
                      uint32_t trig1, uint8_t modality)
{
    nev_doc *d = c->d;
    int32_t srcs[MAX_ACT], tgts[MAX_ACT];
    uint32_t ns = 0, nt = 0;
    if (s_override >= 0)
        srcs[ns++] = s_override;
    else if (sc)
        for (uint32_t i = 0; i < sc->n_act; i++)
            srcs[ns++] = sc->act[i];
    if (tc)
        for (uint32_t i = 0; i < tc->n_act; i++)
            tgts[nt++] = tc->act[i];
    if (ns == 0)
        srcs[ns++] = -1;
    /* symmetric act of a pair with no other side: "the two leaders would sign" */
    int root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
    /* (not when the other side is named but unknown: "the presidents will meet with media
     * representatives") */
    bool other_named = tc && tc->t0 > 0 &&
                       (tok_is(&TOK(d, tc->t0 - 1), "with") || tok_is(&TOK(d, tc->t0 - 1), "to"));
    if (nt == 0 && ns >= 2 && srcs[0] >= 0 && srcs[1] >= 0 && !other_named &&
        ((flags & P_SYM) || root == 3 || root == 4)) {
        /* "the parties agreed", "Greece and Turkey clashed": the act is between them */
        for (uint32_t a = 0; a < ns; a++)
            for (uint32_t b = 0; b < ns; b++)
                if (a != b) {
                    char sa[12], sb[12];
                    code_of(d, srcs[a], sa);
                    code_of(d, srcs[b], sb);
                    int rc = emit(c, sa, &MENT(d, (uint32_t)srcs[a]), sb,
                                  &MENT(d, (uint32_t)srcs[b]), cameo, trig0, trig1, modality);
                    if (rc)
                        return rc;
                }
        return NEV_OK;
    }
    /* "Mr Straw and his Spanish counterpart agreed to ...": the sides of a joint act act
     * toward each other too */
    /* (not a meeting with someone else: "the foreign ministers of France, Germany and
     * Poland held talks with Yanukovych" is each of them with him) */
    if (ns >= 2 && nt > 0 && srcs[0] >= 0 && srcs[1] >= 0 && !(root == 4 && other_named) &&
        ((flags & P_SYM) || root == 3 || root == 4)) {
        for (uint32_t a = 0; a < ns; a++)
            for (uint32_t b = 0; b < ns; b++) {
                if (a == b)
                    continue;
                char sa[12], sb[12];
                code_of(d, srcs[a], sa);
                code_of(d, srcs[b], sb);
                int rc = emit(c, sa, &MENT(d, (uint32_t)srcs[a]), sb, &MENT(d, (uint32_t)srcs[b]),
                              cameo, trig0, trig1, modality);
                if (rc)
                    return rc;
            }
    }
    bool tfb = false;
    c->vague_target = tc && vague_collective(d, tc);
    if (nt == 0) {
        tgts[nt++] = -1;
        tfb = tgt_fallback != NULL;
    }
    for (uint32_t a = 0; a < ns; a++)
        for (uint32_t b = 0; b < nt; b++) {
            char sa[12], tb[12];
            code_of(d, srcs[a], sa);
            if (tfb)
                str_put(tb, sizeof tb, tgt_fallback, SIZE_MAX);
            else
                code_of(d, tgts[b], tb);
            const mention *sm = srcs[a] >= 0 ? &MENT(d, (uint32_t)srcs[a]) : NULL;
            const mention *tm = tgts[b] >= 0 ? &MENT(d, (uint32_t)tgts[b]) : NULL;
            int rc = emit(c, sa, sm, tb, tm, cameo, trig0, trig1, modality);
            if (rc)
                return rc;
            if (flags & P_SYM) {
                rc = emit(c, tb, tm, sa, sm, cameo, trig0, trig1, modality);
                if (rc)
                    return rc;
            }
        }
    return NEV_OK;
}

/* A year more than one year before the article in the clause: background. */
static bool background(const ctx *c, uint32_t t0, uint32_t t1)
{
    const nev_doc *d = c->d;
    if (d->date == INT32_MIN)
        return false;
    int y, mo, dd;
    civil_from_days(d->date, &y, &mo, &dd);
    for (uint32_t i = t0; i < t1; i++) {
        const token *t = &TOK(d, i);
        if (t->norm_len == 4 && t->pos == POS_CD) {
            int yr = atoi(t->norm);
            if (yr >= 1900 && yr < y - 1 + (mo > 6 ? 0 : 0) && yr <= y)
                return true;
            if (yr >= 1900 && yr < y)
                return true;
        }
    }
    return false;
}

/* End of the clause that starts after chunk vi: the next reporting boundary. */
static uint32_t clause_limit(const ctx *c, uint32_t vi)
{
    const nev_doc *d = c->d;
    sentence *se = &SENT(d, c->s);
    uint32_t end = se->tok0 + se->ntok;
    /* (every rule below is of a single token of a clause word: build_chunks listed those) */
    uint32_t li = 0;
    while (li < c->ncw && c->cw[li] <= vi)
        li++;
    for (; li < c->ncw; li++) {
        uint32_t j = c->cw[li];
        const token *t = &TOK(d, c->ch[j].t0);
        if (tok_is(t, ";") || tok_is(t, "but") || tok_is(t, "while") ||
            tok_is(t, "although") || tok_is(t, "whereas"))
            return c->ch[j].t0;
        /* "condemned the launch and called on ...": a coordinated verb starts its own act */
        if ((tok_is(t, "and") || tok_is(t, "but")) && j + 1 < c->n &&
            c->ch[j + 1].type == CH_VG && !c->ch[j + 1].infinitive)
            return c->ch[j].t0;
        /* ", and" starts a new clause when a subject and a verb follow */
        if (tok_is(t, "and") && c->ch[j - 1].type == CH_TOK &&
            tok_is(&TOK(d, c->ch[j - 1].t0), ",") && j + 2 < c->n && c->ch[j + 1].type == CH_NP &&
            c->ch[j + 2].type == CH_VG)
            return c->ch[j].t0;
    }
    return end;
}

/* "The regime must deliver on its obligations", said by someone else: the speaker
 * demands it of the subject (100). The speaker is the
 * one a quotation is attributed to, or the subject of the sentence's reporting verb. */
static int code_obligation(ctx *c, uint32_t vi)
{
    nev_doc *d = c->d;
    chunk *v = &c->ch[vi];
    const char *cameo = NULL;
    /* only "must": "should" is as often a forecast ("the economies should recover") */
    for (uint32_t i = v->t0; i < v->head; i++)
        if (tok_is(&TOK(d, i), "must"))
            cameo = "100";
    if (!cameo || v->subj < 0)
        return NEV_OK;
    chunk *sc = &c->ch[v->subj];
    if (sc->pronoun)
        return NEV_OK;
    /* "this is how NATO should behave", "whether Iran should": not said to anyone */
    if (sc->t0 > SENT(d, c->s).tok0) {
        const token *w = &TOK(d, sc->t0 - 1);
        if (w->pos == POS_WRB || w->pos == POS_WP || tok_is(w, "whether") || tok_is(w, "if"))
            return NEV_OK;
    }
    np_actors(c, (uint32_t)v->subj);
    bool vague = vague_collective(d, sc); /* "the international community must act" */
    if (!np_coded(d, sc) && !vague)
        return NEV_OK;
    /* the subject names the actor itself, not through a reference or an "of" phrase */
    for (uint32_t q = 0; q < sc->n_act; q++)
        if (MENT(d, (uint32_t)sc->act[q]).t0 < sc->t0 || MENT(d, (uint32_t)sc->act[q]).t1 > sc->t1)
            return NEV_OK;
    int32_t sp = quoted_speaker(d, v->t0);
    if (sp < 0 && !(TOK(d, v->t0).flags & TF_QUOTED)) {
        for (uint32_t j = 0; j < vi; j++) {
            chunk *r = &c->ch[j];
            if (r->type != CH_VG || !r->say)
                continue;
            if (r->subj < 0)
                r->subj = find_subject(c, j);
            if (r->subj >= 0 && r->subj != v->subj) {
                np_actors(c, (uint32_t)r->subj);
                if (c->ch[r->subj].n_act && np_coded(d, &c->ch[r->subj]))
                    sp = c->ch[r->subj].act[0];
            }
            break;
        }
    }
    if (sp < 0)
        sp = stated_by_next(d, c->s);
    if (sp < 0 || !MENT(d, (uint32_t)sp).code[0])
        return NEV_OK;
    const mention *sm = &MENT(d, (uint32_t)sp);
    if (vague) {
        /* an appeal to everyone (GUIDE: vague collectives have no code) */
        c->vague_target = true;
        int rc = emit(c, sm->code, sm, "", NULL, "020", v->head, v->t1, MOD_ASSERTED);
        c->vague_target = false;
        return rc;
    }
    for (uint32_t q = 0; q < sc->n_act; q++) {
        const mention *tm = &MENT(d, (uint32_t)sc->act[q]);
        if (!tm->code[0] || same_side(sm->code, tm->code) || !strncmp(sm->code, tm->code, 3))
            continue;
        int rc = emit(c, sm->code, sm, tm->code, tm, cameo, v->head, v->t1, MOD_ASSERTED);
        if (rc)
            return rc;
    }
    return NEV_OK;
}

/* Is verb group j a relative clause's ("the government, which has long claimed Taiwan,
 * condemned"): "which" or "who" right before it, or before one word (an adverb) before it? */
static bool in_relative(const ctx *c, uint32_t j)
{
    for (uint32_t back = 1; back <= 2 && back <= j; back++) {
        const chunk *k = &c->ch[j - back];
        if (k->type != CH_TOK)
            return false;
        const token *t = &TOK(c->d, k->t0);
        if (tok_is(t, "which") || tok_is(t, "who") ||
            (tok_is(t, "that") && (t->pos == POS_WDT || t->pos == POS_WP) && j - back > 0 &&
             c->ch[j - back - 1].type == CH_NP))
            return true;
    }
    return false;
}

/* The party a complaint to an organisation is about: the first actor, not of the
 * complainer's side, after "that", "about" or "over" following the addressee ti. */
static chunk *complaint_about(ctx *c, uint32_t ti, uint32_t limit, const chunk *sc)
{
    nev_doc *d = c->d;
    const char *own = sc && sc->n_act ? MENT(d, (uint32_t)sc->act[0]).code : "";
    uint32_t j = ti + 1;
    /* over a time: "complained to the UN today that" */
    while (j < c->n && c->ch[j].t0 < limit && c->ch[j].type != CH_VG &&
           temporal(&TOK(d, c->ch[j].head)))
        j++;
    if (j >= c->n || c->ch[j].type != CH_TOK || c->ch[j].t0 >= limit)
        return NULL;
    const token *w = &TOK(d, c->ch[j].t0);
    if (!tok_is(w, "that") && !tok_is(w, "about") && !tok_is(w, "over"))
        return NULL;
    for (j++; j < c->n && j <= ti + 6 && c->ch[j].t0 < limit; j++) {
        chunk *k = &c->ch[j];
        if (k->type != CH_NP)
            continue;
        np_actors(c, j);
        if (k->n_act == 0 && !k->pronoun)
            adjective_actor(d, k);
        if (np_coded(d, k) && !(own[0] && same_side(MENT(d, (uint32_t)k->act[0]).code, own)) &&
            strncmp(MENT(d, (uint32_t)k->act[0]).code, "IGO", 3))
            return k;
    }
    return NULL;
}

static int code_verbs(ctx *c)
{
    nev_doc *d = c->d;
    const nev_model *m = d->m;
    /* reporting verbs first: "we" and "our" need to know who speaks */
    for (uint32_t li = 0; li < c->nvg; li++) {
        chunk *v = &c->ch[c->vg[li]];
        const pattern *p = patterns_for(m, TOK(d, v->head).lemma);
        /* (for the main loop below: the lemmas do not change in between) */
        v->vpat = p ? (uint32_t)(p - m->patterns) + 1 : 0;
        if (p && (p->chain_flags & P_SAY))
            v->say = true;
    }
    /* "was struck and killed by a coalition airstrike": a participle joined to a passive
     * verb group is passive too */
    for (uint32_t li = 0; li < c->nvg; li++) {
        uint32_t vi = c->vg[li];
        if (vi < 2)
            continue;
        chunk *v = &c->ch[vi];
        const chunk *cj = &c->ch[vi - 1], *pv = &c->ch[vi - 2];
        if (!v->passive && TOK(d, v->head).pos == POS_VBN &&
            v->t1 == v->head + 1 && v->t0 == v->head && cj->type == CH_TOK &&
            (tok_is(&TOK(d, cj->t0), "and") || tok_is(&TOK(d, cj->t0), "or")) &&
            pv->type == CH_VG && pv->passive)
            v->passive = true;
    }
    /* "she was deeply concerned about the arrests": a feeling, not a passive act (no "by"
     * agent follows) */
    for (uint32_t li = 0; li < c->nvg; li++) {
        uint32_t vi = c->vg[li];
        chunk *v = &c->ch[vi];
        static const char *const feel[] = {"concerned", "worried", "alarmed", "disturbed",
                                           "disappointed", "troubled", "dismayed"};
        if (!v->passive ||
            !in_words(&TOK(d, v->head), feel, sizeof feel / sizeof *feel))
            continue;
        bool by = false;
        for (uint32_t j = vi + 1; j < c->n && j < vi + 3 && !by; j++)
            by = c->ch[j].type == CH_TOK && tok_is(&TOK(d, c->ch[j].t0), "by");
        if (!by)
            v->passive = false;
    }
    for (uint32_t li = 0; li < c->nvg; li++) {
        uint32_t vi = c->vg[li];
        chunk *v = &c->ch[vi];
        v->subj = find_subject(c, vi);
        token *mv = &TOK(d, v->head);
        /* "plan to", "prepare to", "be set to": the next verb is intended */
        const pattern *p = v->vpat ? &m->patterns[v->vpat - 1] : NULL;
        uint8_t hf = p ? p->chain_flags : 0;
        /* an infinitive shares its controller's negation, modality and scope ("must work
         * to support", "did not want to join"); "plan to", "prepare to" make it intended */
        /* the infinitive right after, or after the verb's object ("will not allow
         * al-Qaida to grow") */
        uint32_t ii = vi + 1;
        if (ii + 1 < c->n && c->ch[ii + 1].type == CH_VG && c->ch[ii + 1].infinitive &&
            (c->ch[ii].type == CH_NP ||
             (c->ch[ii].type == CH_TOK && (TOK(d, c->ch[ii].t0).ment >= 0 ||
                                           (TOK(d, c->ch[ii].t0).flags & TF_CAP)))))
            ii++; /* (an object the tagger missed: "allow al-Qaida/RB to grow") */
        /* "has not yet seen the Russians withdraw": a bare infinitive after a verb of
         * perception or causing and its object is controlled like one with "to" */
        bool bare = false;
        if (vi + 2 < c->n && c->ch[vi + 1].type == CH_NP &&
            c->ch[vi + 2].type == CH_VG &&
            (TOK(d, c->ch[vi + 2].head).pos == POS_VB ||
             TOK(d, c->ch[vi + 2].head).pos == POS_VBP) &&
            (tok_is_lemma(mv, "see") || tok_is_lemma(mv, "watch") || tok_is_lemma(mv, "hear") ||
             tok_is_lemma(mv, "witness"))) {
            ii = vi + 2;
            bare = true;
        }
        if (ii < c->n && c->ch[ii].type == CH_VG && (c->ch[ii].infinitive || bare)) {
            chunk *inf = &c->ch[ii];
            if (v->negated)
                inf->negated = true;
            if (v->suppressed)
                inf->suppressed = true;
            /* "I would like to thank", "we wish to express": a polite performative is the
             * act itself, not an intention */
            bool performative = (tok_is_lemma(mv, "like") || tok_is_lemma(mv, "wish") ||
                                 tok_is_lemma(mv, "want")) &&
                                !v->negated && performative_verb(&TOK(d, inf->head));
            if (v->modality > inf->modality && !performative)
                inf->modality = v->modality;
            if ((hf & P_FUTURE) && inf->modality == MOD_ASSERTED && !performative)
                inf->modality = MOD_INTENDED;
        }
        if (hf & P_SAY)
            v->say = true;
        if (!v->suppressed && !v->negated && !v->infinitive) {
            int rc = code_obligation(c, vi);
            if (rc)
                return rc;
        }
        if (v->suppressed || v->negated || !p)
            continue;
        if (v->modality == MOD_HYPOTHETICAL)
            continue;
        uint32_t limit = clause_limit(c, vi);
        pmatch best = {0};
        bool found = false;
        /* (the window's bits rule out most of a long chain's patterns unmatched: taken
         * after the first pattern tried, as most chains end there) */
        winbits wb = {~(uint64_t)0, ~(uint64_t)0};
        uint32_t tried = 0;
        for (; p; p = next_pattern(m, p)) {
            if (p->flags & (P_SAY | P_FUTURE))
                continue;
            if (tried++ == 1)
                wb = window_bits(d, v->t1, limit);
            pmatch pm;
            if (!strcmp(p->code, "-")) {
                /* a blocker: "received a message from" is no visit received */
                if (p->n_items > 0 && may_match(p, wb) && match_items(c, p, v->t1, limit, &pm))
                    break;
                continue;
            }
            if (may_match(p, wb) && match_items(c, p, v->t1, limit, &pm)) {
                best = pm;
                found = true;
                break; /* chains are sorted most specific first */
            }
        }
        if (!found)
            continue;
        if (background(c, v->t0, limit))
            continue;
        /* "Speaking about sanctions against Russia, he noted": an opening participle of
         * speech, appeal or support sets the scene; its topic is no other side */
        if (opening_participle(c, vi) &&
            (best.p->code[0] == '0' && (best.p->code[1] == '1' || best.p->code[1] == '2' ||
                                        best.p->code[1] == '5')))
            continue;
        /* "launched an attack on the cost of the asylum system": violence needs a target
         * that can be hurt */
        if (best.p->code[0] >= '1' && best.p->code[1] >= '8' && best.target >= 0 &&
            abstract_noun(&TOK(d, c->ch[best.target].head)))
            continue;
        chunk *sc = v->subj >= 0 ? &c->ch[v->subj] : NULL;
        chunk *tc = best.target >= 0 ? &c->ch[best.target] : NULL;
        /* "Armenia and Azerbaijan accused each other": the subject's members act on one
         * another */
        bool recip = tc && reciprocal(d, tc);
        if (recip)
            tc = NULL;
        if (sc && sc->n_act == 0)
            np_actors(c, (uint32_t)v->subj);
        if (tc && tc->n_act == 0)
            np_actors(c, (uint32_t)best.target);
        if (sc && !np_coded(d, sc))
            sc = of_chain(c, (uint32_t)v->subj);
        /* "Israeli jets struck": a subject whose head names a thing acts for the country
         * its adjective names (even when the head also names events elsewhere: "jets to") */
        if (sc && sc->n_act == 0 && !sc->pronoun && !v->infinitive && !v->passive)
            adjective_actor(d, sc);
        if (tc && !np_coded(d, tc))
            tc = of_chain(c, (uint32_t)best.target);
        /* "rejected Turkey's proposal", "condemned the Russian strikes": the owner */
        if (tc && tc->n_act == 0 && tc->possessor >= 0 &&
            MENT(d, (uint32_t)tc->possessor).code[0]) {
            tc->act[tc->n_act++] = tc->possessor;
        }
        /* "The interlocutors agreed that sanctions on Russia should increase": sides that
         * act together are each other's other party, not whoever their words are about */
        bool joint = sc && sc->n_act >= 2 && (best.p->flags & P_SYM);
        /* target not an actor: look for "by X" ("drones launched by Russian forces") or the
         * first actor of the clause for verbal acts ("denied giving equipment to Russia") */
        if (tc && !np_coded(d, tc) && !vague_collective(d, tc) && !joint) {
            for (uint32_t j = (uint32_t)best.target + 1; j < c->n && c->ch[j].t0 < limit; j++) {
                if (c->ch[j].type == CH_NP) {
                    np_actors(c, j);
                    bool own_side = sc && sc->n_act &&
                                    same_side(MENT(d, (uint32_t)c->ch[j].act[0]).code,
                                              MENT(d, (uint32_t)sc->act[0]).code);
                    if (np_coded(d, &c->ch[j]) && !own_side) {
                        const token *before = &TOK(d, c->ch[j].t0 - 1);
                        if (tok_is(before, "by") || (best.p->flags & P_COMM)) {
                            tc = &c->ch[j];
                            break;
                        }
                    }
                }
                if (c->ch[j].type == CH_VG && !(best.p->flags & P_COMM) &&
                    TOK(d, c->ch[j].head).pos != POS_VBN)
                    break;
            }
        }
        /* "The leaders discussed the situation in Ukraine": the sides are the subject, the
         * object is a topic; one side alone discussing something is no event */
        if (best.p->flags & P_PAIR) {
            if (!sc || sc->n_act < 2 || recip)
                continue;
            tc = NULL;
        }
        /* "Moscow denies its troops have a role in Crimea": a verbal act aims at the other
         * side, not at the speaker's own troops */
        bool own_target = tc && sc && tc->n_act && sc->n_act && (best.p->flags & P_COMM) &&
                          MENT(d, (uint32_t)sc->act[0]).code[0];
        for (uint32_t q = 0; own_target && q < tc->n_act; q++)
            if (!same_side(MENT(d, (uint32_t)tc->act[q]).code, MENT(d, (uint32_t)sc->act[0]).code))
                own_target = false; /* some of the targets are the other side */
        /* "Sri Lanka ordered its armed forces to defend the waters": an order to one's
         * own forces is no act toward anyone */
        if (own_target && best.p->code[0] == '1' && best.p->code[1] == '0')
            continue;
        if (own_target)
            tc = NULL;
        if (!recip && !joint && (!tc || !np_coded(d, tc)) && (best.p->flags & P_COMM) &&
            !(tc && vague_collective(d, tc))) {
            /* the other party of the act: not the speaker's own side ("Russia denied that
             * its troops fired on Georgian soldiers" points at Georgia) */
            const char *own = sc && sc->n_act ? MENT(d, (uint32_t)sc->act[0]).code : "";
            for (uint32_t j = vi + 1; j < c->n && c->ch[j].t0 < limit; j++) {
                /* not inside a relative clause ("agreed to establish a body that would
                 * give Gibraltarians a voice") */
                if (c->ch[j].type == CH_VG && in_relative(c, j))
                    break;
                if (c->ch[j].type == CH_NP) {
                    np_actors(c, j);
                    if (np_coded(d, &c->ch[j]) &&
                        !(own[0] && same_side(MENT(d, (uint32_t)c->ch[j].act[0]).code, own))) {
                        tc = &c->ch[j];
                        break;
                    }
                }
            }
        }
        /* GUIDE: a complaint addressed to a third party points at the party it is about
         * ("Pakistan complained to the UN that planes from Afghanistan attacked") */
        if (tc && best.p->code[0] == '1' && best.p->code[1] == '1' && np_coded(d, tc) &&
            !strncmp(MENT(d, (uint32_t)tc->act[0]).code, "IGO", 3)) {
            chunk *about = complaint_about(c, (uint32_t)(tc - c->ch), limit, sc);
            if (about)
                tc = about;
        }
        const char *code = best.p->code;
        uint8_t mod = v->modality;
        if (mod == MOD_INTENDED) {
            const char *ic = intent_code(code);
            if (ic)
                code = ic;
            /* "Moscow would hit back if its market were flooded": force promised on a
             * condition is a threat */
            int r0 = (code[0] - '0') * 10 + (code[1] - '0');
            if (r0 >= 15 && conditional(c))
                code = "130";
        }
        if (mod == MOD_ASSERTED) {
            /* inside a reported clause */
            for (int32_t j = (int32_t)vi - 1; j >= 0; j--)
                if (c->ch[j].type == CH_VG && c->ch[j].say && !in_relative(c, (uint32_t)j)) {
                    mod = MOD_REPORTED;
                    break;
                }
        }
        /* a place as the object stands for its country ("visited Bucha", "shelled Kyiv");
         * violence without an object takes the place it happened */
        const char *fb = NULL;
        int root = (code[0] - '0') * 10 + (code[1] - '0');
        if (tc && tc->n_act == 0)
            fb = place_country(c, tc->t0, of_chain_end(c, (uint32_t)(tc - c->ch)));
        if (!fb && (!tc || tc->n_act == 0) && root >= 18) {
            fb = place_country(c, v->t1, limit);
            if (!fb)
                fb = locative_actor(c, vi + 1, limit);
            if (!fb)
                fb = place_country(c, SENT(d, c->s).tok0, SENT(d, c->s).tok0 + SENT(d, c->s).ntok);
        }
        if (v->passive) {
            /* "Y was attacked by X": swap; source from the by-phrase. Without one, an
             * unknown attacker is coded only when the victim is named, not a pronoun. */
            chunk *by = NULL;
            for (uint32_t j = vi + 1; j + 1 < c->n && c->ch[j].t0 < limit; j++)
                if (c->ch[j].type == CH_TOK && tok_is(&TOK(d, c->ch[j].t0), "by") &&
                    c->ch[j + 1].type == CH_NP) {
                    by = &c->ch[j + 1];
                    np_actors(c, j + 1);
                    /* "hit by Russian missiles": the weapons act for their country */
                    if (!np_coded(d, by) && weapon_noun(&TOK(d, by->head))) {
                        uint8_t had = by->n_act;
                        by->n_act = 0;
                        adjective_actor(d, by);
                        if (by->n_act == 0)
                            by->n_act = had;
                    }
                    break;
                }
            /* "Kyiv was shelled overnight": a passive names the victim, not the attacker */
            c->anon_ok = sc && sc->n_act > 0 && !sc->pronoun;
            /* "hit by unrest", "struck by an earthquake": a by-phrase that names neither an
             * actor nor a weapon says it was no attack */
            if (by && !np_coded(d, by) && !weapon_noun(&TOK(d, by->head)))
                c->anon_ok = false;
            /* "the convoy was attacked by Houthi rebels near Hodeidah": a victim that is no
             * actor takes the place it happened, for violence */
            const char *pfb = NULL;
            if ((!sc || !np_coded(d, sc)) && root >= 18)
                pfb = place_country(c, SENT(d, c->s).tok0, SENT(d, c->s).tok0 + SENT(d, c->s).ntok);
            /* "The President of France was asked to be more active" in the readout of a
             * conversation: an agentless verbal act is the other side's */
            int32_t s_over = -1;
            int32_t pair[2];
            static const char *const addressed[] = {"ask", "urge", "invite", "inform", "brief",
                                                    "warn", "advise", "request", "tell", "thank",
                                                    "assure", "call", "encourage", "remind"};
            bool to_addressee = false;
            for (size_t q = 0; q < sizeof addressed / sizeof *addressed && !to_addressee; q++)
                to_addressee = tok_is_lemma(&TOK(d, v->head), addressed[q]);
            if (!by && to_addressee && (best.p->flags & P_COMM) && sc && np_coded(d, sc) &&
                !sc->pronoun && meeting_pair(d, pair)) {
                const char *tcode = MENT(d, (uint32_t)sc->act[0]).code;
                for (int q = 0; q < 2; q++)
                    if (strncmp(MENT(d, (uint32_t)pair[q]).code, tcode, 3) != 0 &&
                        !strncmp(MENT(d, (uint32_t)pair[1 - q]).code, tcode, 3))
                        s_over = pair[q];
            }
            int rc = emit_pairs(c, by, s_over, sc, pfb, code, best.p->flags, v->head, best.end,
                                mod);
            c->anon_ok = false;
            if (rc)
                return rc;
        } else if (recip) {
            if (sc && sc->n_act >= 2) {
                int rc = emit_pairs(c, sc, -1, NULL, NULL, code, best.p->flags | P_SYM, v->head,
                                    best.end, mod);
                if (rc)
                    return rc;
            }
        } else {
            /* "Thank you for coming" opening a speaker's words: the speaker thanks */
            int32_t s_over = -1;
            if ((!sc || sc->n_act == 0) && performative_verb(&TOK(d, v->head)) &&
                (v->t0 == SENT(d, c->s).tok0 || TOK(d, v->t0 - 1).pos == POS_LQUOTE))
                s_over = first_person(d, c->s, v->t0);
            /* "A suicide bomber killed 12 people", "Gunmen attacked a police station": an
             * unknown attacker named by a role noun, with a named victim */
            c->anon_ok = sc && !sc->pronoun && sc->n_act > 0 && !np_coded(d, sc) &&
                         TOK(d, sc->head).ment >= 0 &&
                         MENT(d, (uint32_t)TOK(d, sc->head).ment).kind == AK_AGENT;
            /* "Carrington offered himself as a mediator in the dispute": mediation is
             * between the two sides last named together */
            int32_t pair[2];
            if (!strncmp(code, "039", 3) || !strncmp(code, "045", 3)) {
                if ((!tc || !np_coded(d, tc)) && !fb && sc && np_coded(d, sc) &&
                    recent_pair(d, v->t0, false, pair)) {
                    for (int q = 0; q < 2; q++) {
                        int rc = emit_pairs(c, sc, s_over, NULL, MENT(d, (uint32_t)pair[q]).code,
                                            code, best.p->flags, v->head, best.end, mod);
                        if (rc)
                            return rc;
                    }
                    c->anon_ok = false;
                    continue;
                }
            }
            int rc = emit_pairs(c, sc, s_over, tc, fb, code, best.p->flags, v->head, best.end, mod);
            c->anon_ok = false;
            if (rc)
                return rc;
        }
        if (best.p->flags & P_COMM) {
            /* the complement of a verbal act is not coded ("accused North Korea of supplying
             * Russia"); a finite clause with a subject of its own is reported speech and is
             * ("complained that planes from Afghanistan attacked Pakistani villages") */
            bool own_subject = false, adjunct = false;
            for (uint32_t j = vi + 1; j < c->n && c->ch[j].t0 < limit; j++) {
                chunk *w = &c->ch[j];
                /* "called for restraint after clashes between ...": an adjunct of time or
                 * cause is not what was called for */
                if (w->type == CH_TOK) {
                    const token *tt = &TOK(d, w->t0);
                    if (tok_is(tt, "after") || tok_is(tt, "before") || tok_is(tt, "during") ||
                        tok_is(tt, "following") || tok_is(tt, "amid") || tok_is(tt, "since") ||
                        tok_is(tt, "as") || tok_is(tt, "when") || tok_is(tt, "because"))
                        adjunct = true;
                }
                if (w->type == CH_TOK && (tok_is(&TOK(d, w->t0), "that")) && j + 2 < c->n &&
                    c->ch[j + 1].type == CH_NP)
                    own_subject = true;
                if (w->type == CH_NP && !own_subject && !adjunct)
                    w->suppressed = true; /* "warned Israel against any attack": no attack */
                if (w->type != CH_VG)
                    continue;
                bool nonfinite = w->infinitive || w->gerund || TOK(d, w->head).pos == POS_VBG;
                /* a denied or rejected act is never coded ("denied that its troops fired") */
                bool denial = !strncmp(code, "016", 3) || (code[0] == '1' && code[1] == '2');
                if (nonfinite || !own_subject || denial)
                    w->suppressed = true;
            }
        }
    }
    return NEV_OK;
}

/* Noun events: "held talks with", "Putin's visit to", "a drone strike ...". */
/* A definite noun of violence ("the attacks", "these strikes") after violence has been
 * coded in the article: the same act named again. */
static bool told_before(const nev_doc *d, const chunk *k)
{
    const token *t = &TOK(d, k->t0);
    if (!(tok_is(t, "the") || tok_is(t, "these") || tok_is(t, "those") || tok_is(t, "this") ||
          tok_is(t, "such")))
        return false;
    for (uint32_t i = 0; i < d->events.n; i++) {
        const event *e = &VEC_AT(d->events, event, i);
        if (e->cameo[0] >= '2' || (e->cameo[0] == '1' && e->cameo[1] >= '8'))
            return true;
    }
    return false;
}

static int code_nouns(ctx *c)
{
    nev_doc *d = c->d;
    const nev_model *m = d->m;
    for (uint32_t li = 0; li < c->nnp; li++) {
        uint32_t ni = c->np[li];
        chunk *k = &c->ch[ni];
        if (k->pronoun || k->suppressed)
            continue;
        const token *h = &TOK(d, k->head);
        if (h->ment >= 0 || in_question(c, k->t1))
            continue;
        char key[80];
        const pattern *p = np_noun_patterns(d, k);
        /* plural-only nouns have patterns of their own ("talks"): the written form's chain
         * is tried after the lemma's */
        const pattern *p_alt = NULL;
        if (h->lemma != h->norm && strcmp(h->lemma, h->norm) != 0) {
            size_t kl = noun_key(key, sizeof key, h->norm, SIZE_MAX);
            p_alt = patterns_for_len(m, key, kl);
        }
        if (!p) {
            p = p_alt;
            p_alt = NULL;
        }
        if (!p)
            continue;
        /* "an expected government strike", "possible talks": not (yet) an event;
         * "planned talks", "a proposed summit" are intended */
        bool unreal = false, planned = false;
        /* (the tagger may leave "expected" out of the noun phrase: "an expected/VBN") */
        uint32_t from = k->t0 > SENT(d, c->s).tok0 ? k->t0 - 1 : k->t0;
        for (uint32_t i = from; i < k->head; i++) {
            static const char *const maybe[] = {"expected", "possible", "potential", "feared",
                                                "imminent", "likely", "prospective",
                                                "hypothetical", "threatened", "looming", "any"};
            static const char *const plan[] = {"planned", "proposed", "scheduled", "upcoming",
                                               "forthcoming"};
            const token *u = &TOK(d, i);
            unreal |= in_words(u, maybe, sizeof maybe / sizeof *maybe);
            planned |= in_words(u, plan, sizeof plan / sizeof *plan);
        }
        if (unreal)
            continue;
        np_actors(c, ni);
        /* context: object of a light verb, subject of a clause, or with an actor possessor */
        int32_t src = -1;
        chunk *sc = NULL;
        bool ok = false;
        int32_t vg = -1;
        for (int32_t j = (int32_t)ni - 1; j >= 0 && j >= (int32_t)ni - 2; j--)
            if (c->ch[j].type == CH_VG) {
                vg = j;
                break;
            }
        bool suppressed = false, with_ctx = false, intended = planned;
        if (vg >= 0) {
            chunk *v = &c->ch[vg];
            const token *vt = &TOK(d, v->head);
            suppressed = v->suppressed || v->negated || v->modality == MOD_HYPOTHETICAL;
            intended = intended || v->modality == MOD_INTENDED;
            if (is_light_verb(m, vt->lemma)) {
                if (v->subj < 0)
                    v->subj = find_subject(c, (uint32_t)vg);
                if (v->subj >= 0) {
                    sc = &c->ch[v->subj];
                    if (sc->n_act == 0)
                        np_actors(c, (uint32_t)v->subj);
                }
                ok = true;
            }
        }
        if (!ok && k->possessor >= 0) {
            src = k->possessor;
            ok = true;
            /* a possessed event noun inside a prepositional phrase is background
             * ("since Russia's invasion of Ukraine") unless it starts the clause */
            if (ni > 0 && c->ch[ni - 1].type == CH_TOK && is_prep(&TOK(d, c->ch[ni - 1].t0)))
                ok = false;
        }
        if (!ok) {
            /* subject of a clause: an NP followed by a verb group */
            if (ni + 1 < c->n && c->ch[ni + 1].type == CH_VG && !c->ch[ni + 1].negated)
                ok = true;
            /* "with a clash between A and B": the pattern names both sides */
            if (ni > 0 && c->ch[ni - 1].type == CH_TOK &&
                (tok_is(&TOK(d, c->ch[ni - 1].t0), "with") ||
                 tok_is(&TOK(d, c->ch[ni - 1].t0), "amid")))
                ok = with_ctx = true;
        }
        if (suppressed)
            continue;
        /* without such a context the noun still counts when its pattern names the other
         * side: "progress in talks between A and B", "during his visit to Kyiv"; so does
         * one after "with", but only a meeting or fighting ("connected with the treaty
         * between A and B" is about a thing) */
        bool need_explicit = !ok || with_ctx;
        bool reporter = false; /* sc is the subject of a verb reporting the noun's clause */
        bool clause_agent = false; /* sc is the agent of the clause the noun sits in */
        if (need_explicit && src < 0 && !sc && k->possessor >= 0)
            src = k->possessor;
        if (need_explicit && src < 0 && !sc) {
            /* the agent of the clause the noun sits in (not of the verb that reports it:
             * "Zelensky said that the shelling of Kharkiv ...") */
            for (int32_t j = (int32_t)ni - 1; j >= 0; j--)
                if (c->ch[j].type == CH_VG) {
                    chunk *v = &c->ch[j];
                    reporter = v->say && (uint32_t)j + 1 < ni;
                    clause_agent = true;
                    if (v->negated || v->modality == MOD_HYPOTHETICAL || v->suppressed) {
                        suppressed = true;
                        break;
                    }
                    /* "will travel to Moscow next week for talks with": intended too */
                    if (v->modality == MOD_INTENDED)
                        intended = true;
                    if (v->subj < 0)
                        v->subj = find_subject(c, (uint32_t)j);
                    if (v->subj >= 0) {
                        sc = &c->ch[v->subj];
                        if (sc->n_act == 0)
                            np_actors(c, (uint32_t)v->subj);
                    }
                    break;
                }
        }
        if (suppressed)
            continue;
        /* "the occupation by Russian troops", "contacts held recently by Putin and Michel
         * with ...": the agent of a noun, and where its pattern may go on */
        uint32_t by_end = 0;
        /* "New sanctions were imposed on Iran by the EU": a noun subject of a passive light
         * verb takes its agent from the by-phrase and its pattern goes on after the verb */
        if (ni + 1 < c->n && c->ch[ni + 1].type == CH_VG && c->ch[ni + 1].passive &&
            is_light_verb(m, TOK(d, c->ch[ni + 1].head).lemma)) {
            by_end = c->ch[ni + 1].t1;
            for (uint32_t j = ni + 2; j + 1 < c->n && c->ch[j].type != CH_VG; j++)
                if (c->ch[j].type == CH_TOK && tok_is(&TOK(d, c->ch[j].t0), "by") &&
                    c->ch[j + 1].type == CH_NP) {
                    np_actors(c, j + 1);
                    if (np_coded(d, &c->ch[j + 1])) {
                        sc = &c->ch[j + 1];
                        src = -1;
                        need_explicit = false;
                        reporter = clause_agent = false;
                    }
                    break;
                }
        }
        /* "meetings will take place between A and B", "talks began in Geneva between A and
         * B": a noun subject of a verb of happening goes on after the verb */
        if (!by_end && ni + 1 < c->n && c->ch[ni + 1].type == CH_VG && !c->ch[ni + 1].negated) {
            const chunk *v = &c->ch[ni + 1];
            const token *vt = &TOK(d, v->head);
            if (tok_is_lemma(vt, "take") && ni + 2 < c->n && c->ch[ni + 2].type == CH_NP &&
                tok_is(&TOK(d, c->ch[ni + 2].head), "place"))
                by_end = c->ch[ni + 2].t1;
            else if (!v->passive && (tok_is_lemma(vt, "begin") || tok_is_lemma(vt, "start") ||
                                     tok_is_lemma(vt, "resume") || tok_is_lemma(vt, "continue") ||
                                     tok_is_lemma(vt, "open") || tok_is_lemma(vt, "end")))
                by_end = v->t1;
            /* "will take place next month in Geneva between": over a time or a place */
            for (uint32_t q = ni + 2, hops = 0; by_end && q < c->n && hops < 5; q++, hops++) {
                const chunk *w = &c->ch[q];
                if (w->t1 <= by_end)
                    continue;
                const token *wt = &TOK(d, w->t0);
                if (w->type == CH_TOK && (tok_is(wt, "between") || tok_is(wt, "with"))) {
                    by_end = w->t0;
                    break;
                }
                if (w->type == CH_VG ||
                    (w->type == CH_TOK && !tok_is(wt, "in") && !tok_is(wt, "on") &&
                     !tok_is(wt, "at") && !temporal(wt) && wt->pos != POS_JJ && wt->pos != POS_NN))
                    break;
            }
        }
        if (!by_end) {
            uint32_t j = ni + 1;
            if (j + 1 < c->n && c->ch[j].type == CH_TOK && tok_is(&TOK(d, c->ch[j].t0), "of") &&
                c->ch[j + 1].type == CH_NP)
                j += 2; /* skip "of the city" */
            if (j < c->n && c->ch[j].type == CH_VG && TOK(d, c->ch[j].head).pos == POS_VBN) {
                /* a participle: "held (recently) by" */
                uint32_t q = j + 1;
                while (q < c->n && c->ch[q].type == CH_TOK && TOK(d, c->ch[q].t0).pos == POS_RB)
                    q++;
                if (q < c->n && c->ch[q].type == CH_TOK && tok_is(&TOK(d, c->ch[q].t0), "by"))
                    j = q;
            }
            if (j + 1 < c->n && c->ch[j].type == CH_TOK && tok_is(&TOK(d, c->ch[j].t0), "by") &&
                c->ch[j + 1].type == CH_NP) {
                np_actors(c, j + 1);
                if (np_coded(d, &c->ch[j + 1])) {
                    sc = &c->ch[j + 1];
                    src = -1;
                    need_explicit = false;
                    reporter = clause_agent = false;
                    uint32_t q = j + 1;
                    while (q + 2 < c->n && c->ch[q + 1].type == CH_TOK &&
                           (tok_is(&TOK(d, c->ch[q + 1].t0), "and") ||
                            tok_is(&TOK(d, c->ch[q + 1].t0), ",")) &&
                           c->ch[q + 2].type == CH_NP)
                        q += 2;
                    by_end = c->ch[q].t1;
                }
            }
        }
        uint32_t limit = SENT(d, c->s).tok0 + SENT(d, c->s).ntok;
        for (; p || (p_alt && (p = p_alt, p_alt = NULL, true)); p = next_pattern(m, p)) {
            pmatch pm;
            if (!strcmp(p->code, "-"))
                continue;
            if (!match_items(c, p, k->t1, limit, &pm) &&
                !(by_end && p->n_items && match_items(c, p, by_end, limit, &pm)))
                continue;
            if (need_explicit) {
                /* only meetings and fighting are events by mention alone; "the treaty
                 * between A and B" is a thing, "talks between A and B" happened */
                int r0 = (p->code[0] - '0') * 10 + (p->code[1] - '0');
                if (pm.target < 0 || !(r0 == 4 || r0 >= 18))
                    continue;
                chunk *t = &c->ch[pm.target];
                if (t->n_act == 0)
                    np_actors(c, (uint32_t)pm.target);
                if (!np_coded(d, t))
                    t = of_chain(c, (uint32_t)pm.target);
                if (!np_coded(d, t) &&
                    !place_country(c, t->t0, of_chain_end(c, (uint32_t)(t - c->ch))))
                    continue;
            }
            if (p->n_items == 0)
                pm.target = -1; /* a bare noun has no object */
            if (p->code[0] >= '1' && p->code[1] >= '8' && pm.target >= 0 &&
                abstract_noun(&TOK(d, c->ch[pm.target].head)))
                break;
            /* "the fight to end food surpluses", "a battle to save jobs": a purpose makes
             * violence a figure of speech */
            if ((p->code[0] >= '2' || (p->code[0] == '1' && p->code[1] >= '8')) &&
                k->t1 + 1 < limit && tok_is(&TOK(d, k->t1), "to") &&
                TOK(d, k->t1 + 1).pos == POS_VB)
                break;
            if (background(c, k->t0,
                           pm.end > k->t1 ? pm.end + 3 < limit ? pm.end + 3 : limit : limit))
                break;
            chunk *tc = pm.target >= 0 ? &c->ch[pm.target] : NULL;
            if (tc && tc->n_act == 0)
                np_actors(c, (uint32_t)pm.target);
            if (tc && !np_coded(d, tc))
                tc = of_chain(c, (uint32_t)pm.target);
            int root = (p->code[0] - '0') * 10 + (p->code[1] - '0');
            const char *fb = NULL;
            if (tc && tc->n_act == 0)
                fb = place_country(c, tc->t0, of_chain_end(c, (uint32_t)(tc - c->ch)));
            if (!fb && (!tc || tc->n_act == 0) && root >= 18) {
                fb = place_country(c, k->t1, limit);
                if (!fb)
                    fb = place_country(c, SENT(d, c->s).tok0, limit);
            }
            /* "clash between A and B", "host talks between A and B": both sides are inside
             * the target, whoever else is in the clause */
            /* ("a meeting of the ministers of both countries": "of" names the members) */
            bool between = pm.target >= 0 && c->ch[pm.target].t0 > 0 &&
                           (tok_is(&TOK(d, c->ch[pm.target].t0 - 1), "between") ||
                            (tok_is(&TOK(d, c->ch[pm.target].t0 - 1), "of") && (p->flags & P_SYM) &&
                             p->code[0] == '0' && p->code[1] == '4'));
            /* nobody else in the clause: "talks of A and B". A subject that is there but
             * unknown ("She held talks with A and B") is a third side, and so is the
             * speaker of "talks with A and B". */
            bool no_source = src < 0 && (!sc || (!np_coded(d, sc) && !sc->pronoun)) &&
                             !(tc && tc->t0 > 0 && tok_is(&TOK(d, tc->t0 - 1), "with"));
            if (between && tc && (p->flags & P_SYM)) {
                /* "between senior officials of the EU and representatives of Iran and
                 * Egypt": each side named through its "of" chain */
                chunk *side_b = between_other_side(c, (uint32_t)pm.target);
                if (side_b) {
                    int rc = emit_pairs(c, tc, -1, side_b, NULL, p->code, p->flags, k->head,
                                        pm.end, MOD_ASSERTED);
                    if (rc)
                        return rc;
                    break;
                }
            }
            if (tc && tc->n_act >= 2 && (between || no_source) && (p->flags & P_SYM)) {
                int rc = emit_pairs(c, tc, -1, NULL, NULL, p->code, p->flags, k->head, pm.end,
                                    MOD_ASSERTED);
                if (rc)
                    return rc;
                break;
            }
            /* "a trilateral meeting with the presidents of Poland and Lithuania": the
             * others meet one another too */
            if (tc && tc->n_act >= 2 && (p->flags & P_SYM) && multilateral(d, k)) {
                int rc = emit_pairs(c, tc, -1, NULL, NULL, p->code, p->flags, k->head, pm.end,
                                    MOD_ASSERTED);
                if (rc)
                    return rc;
            }
            /* "Zelensky said that the shelling of Kharkiv continues": who reports violence
             * is not who does it (but "Macron said that during his talks with Putin" is
             * one of the sides) */
            /* ("the lives we are losing from missile strikes on our cities": violence
             * named as a cause is not the clause subject's) */
            bool cause = false;
            for (uint32_t q = k->t0, hops = 0; q > SENT(d, c->s).tok0 && hops < 4; q--, hops++) {
                const token *w = &TOK(d, q - 1);
                if (tok_is(w, "from") || tok_is(w, "despite")) {
                    cause = true;
                    break;
                }
                /* over a coordinated modifier: "from missile and air strikes" */
                if (!(tok_is(w, "and") || tok_is(w, "or") || w->pos == POS_NN ||
                      pos_is_adj(w->pos)))
                    break;
            }
            if ((reporter || (cause && clause_agent)) && root >= 14 && src < 0)
                sc = NULL;
            /* "hope to reach a deal", "will hold talks": the act is intended */
            const char *code = p->code;
            /* "staff staged a half-day strike", "a general strike": a strike of workers */
            if (tok_is_lemma(h, "strike") && labour_strike(d, k, vg >= 0 ? &c->ch[vg] : NULL))
                code = "143";
            if (intended && intent_code(code))
                code = intent_code(code);
            /* "a drone strike on Azov": nobody claimed it; but "the attacks took place
             * after ..." names again violence told before, whose doer was known */
            c->anon_ok = !told_before(d, k);
            int rc = emit_pairs(c, sc, src, tc, fb, code, p->flags, k->head, pm.end,
                                intended ? MOD_INTENDED : MOD_ASSERTED);
            c->anon_ok = false;
            if (rc)
                return rc;
            break;
        }
    }
    return NEV_OK;
}

/* Merge "A and B" noun phrases into one NP with several actors. */
static void coordinate(ctx *c)
{
    nev_doc *d = c->d;
    for (uint32_t li = 0; li < c->nnp; li++)
        np_actors(c, c->np[li]);
    /* lists: NP (, NP)* ,? and|or NP - every member gets the actors of the whole list
     * ("the Foreign Ministers of Iran, Saudi Arabia, Turkey and Qatar") */
    uint32_t from = 0; /* the first chunk the loop may take: a list's members are skipped */
    for (uint32_t li = 0; li < c->nnp; li++) {
        uint32_t i = c->np[li];
        if (i < from)
            continue;
        uint32_t members[16], nmem = 1;
        members[0] = i;
        bool closed = false;
        uint32_t j = i;
        while (j + 2 < c->n && nmem < 16) {
            const chunk *sep = &c->ch[j + 1];
            if (sep->type != CH_TOK || c->ch[j + 2].type != CH_NP) {
                /* ", and NP" */
                if (sep->type == CH_TOK && tok_is(&TOK(d, sep->t0), ",") && j + 3 < c->n &&
                    c->ch[j + 2].type == CH_TOK && tok_is(&TOK(d, c->ch[j + 2].t0), "and") &&
                    c->ch[j + 3].type == CH_NP) {
                    members[nmem++] = j + 3;
                    closed = true;
                }
                break;
            }
            const token *t = &TOK(d, sep->t0);
            bool conj = tok_is(t, "and") || tok_is(t, "or");
            if (!conj && !tok_is(t, ","))
                break;
            members[nmem++] = j + 2;
            j += 2;
            if (conj) {
                closed = true;
                break;
            }
        }
        if (nmem < 2)
            continue;
        /* "allies met in Brussels and Nato condemned Russia": the object of a preposition
         * and the subject of the next clause are no list */
        static const char *const loc[] = {"in", "at", "on", "near", "from", "to", "into",
                                          "across", "inside", "outside"};
        if (nmem == 2 && members[0] > 0 && c->ch[members[0] - 1].type == CH_TOK &&
            in_words(&TOK(d, c->ch[members[0] - 1].t0), loc, sizeof loc / sizeof *loc) &&
            members[nmem - 1] + 1 < c->n && c->ch[members[nmem - 1] + 1].type == CH_VG &&
            !c->ch[members[nmem - 1] + 1].infinitive) {
            from = members[nmem - 1];
            continue;
        }
        /* "Greece and Turkey's NATO allies": the list is the possessor of the last member's
         * head, which is the actor ("the allies"), not a list of sides */
        {
            const chunk *last = &c->ch[members[nmem - 1]];
            bool poss = false;
            for (uint32_t q = last->t0; q < last->head && !poss; q++)
                poss = TOK(d, q).pos == POS_POS && TOK(d, last->head).ment >= 0 &&
                       MENT(d, (uint32_t)TOK(d, last->head).ment).code[0];
            if (poss) {
                from = members[nmem - 1] + 1;
                continue;
            }
        }
        if (!closed) {
            /* an open list ("Iran, Saudi Arabia, Turkey, Qatar before the end of the year")
             * is a list when it has three or more members that all name countries or
             * organisations; fewer, or a member that is no actor, is an apposition or a
             * run of clauses */
            bool all = nmem >= 3;
            for (uint32_t q = 0; q < nmem && all; q++) {
                const chunk *k = &c->ch[members[q]];
                all = k->n_act == 1 && MENT(d, (uint32_t)k->act[0]).code[0] &&
                      MENT(d, (uint32_t)k->act[0]).t0 == k->t0 + (TOK(d, k->t0).pos == POS_DT) &&
                      MENT(d, (uint32_t)k->act[0]).t1 == k->t1;
            }
            if (!all)
                continue;
        }
        int32_t acts[MAX_ACT * 2];
        uint32_t na = 0;
        for (uint32_t q = 0; q < nmem; q++) {
            chunk *k = &c->ch[members[q]];
            for (uint32_t r = 0; r < k->n_act && na < MAX_ACT; r++)
                acts[na++] = k->act[r];
        }
        if (na == 0)
            continue; /* "the US and its allies": the list has the actors of its members */
        for (uint32_t q = 0; q < nmem; q++) {
            chunk *k = &c->ch[members[q]];
            k->n_act = (uint8_t)na;
            memcpy(k->act, acts, na * sizeof *acts);
        }
        from = members[nmem - 1] + 1;
    }
    /* an NP that is an actor mention with several names inside ("North and South Korean
     * troops" is one NP with two mentions) */
    for (uint32_t li = 0; li < c->nnp; li++) {
        chunk *k = &c->ch[c->np[li]];
        if (k->n_act != 1)
            continue;
        for (uint32_t t = k->t0; t < k->head; t++) {
            const token *u = &TOK(d, t);
            if (u->ment >= 0 && u->ment != k->act[0] && MENT(d, (uint32_t)u->ment).kind == AK_ADJ &&
                t + 1 < k->t1 && tok_is(&TOK(d, t + 1), "and")) {
                /* "North and South Korean troops": compose the role with this adjective */
                const mention *hm = &MENT(d, (uint32_t)k->act[0]);
                mention *am = &MENT(d, (uint32_t)u->ment);
                if (strlen(hm->code) > 3) {
                    char tmp[12];
                    snprintf(tmp, sizeof tmp, "%.3s%.8s", am->code, hm->code + 3);
                    memcpy(am->code, tmp, sizeof tmp);
                }
                if (k->n_act < MAX_ACT)
                    k->act[k->n_act++] = u->ment;
                break;
            }
        }
    }
}

/* Is token t in a question: does its clause end with "?" ("What is the advantage of
 * Ukraine signing the agreement?", '"Will Russia attack?" he asked')? */
static inline bool in_question(const ctx *c, uint32_t t)
{
    const nev_doc *d = c->d;
    if (!c->has_q)
        return false;
    uint32_t end = SENT(d, c->s).tok0 + SENT(d, c->s).ntok;
    for (uint32_t i = t; i < end; i++) {
        const token *u = &TOK(d, i);
        if (u->norm_len == 1 && u->norm[0] == '?')
            return true;
        if (u->norm_len == 1 && (u->norm[0] == '.' || u->norm[0] == ';' || u->norm[0] == '!'))
            return false;
    }
    return false;
}

/* Is verb group vi inside an "if" or "unless" clause: the word comes before it in the
 * sentence with no comma, semicolon or other verb group between? */
static bool in_condition(const ctx *c, uint32_t vi)
{
    const nev_doc *d = c->d;
    for (uint32_t j = vi; j-- > 0;) {
        const chunk *k = &c->ch[j];
        if (k->type == CH_VG)
            return false;
        if (k->type != CH_TOK)
            continue;
        const token *t = &TOK(d, k->t0);
        if (tok_is(t, "if") || tok_is(t, "unless"))
            return true;
        if (tok_is(t, ",") || tok_is(t, ";") || tok_is(t, ":"))
            return false;
    }
    return false;
}

static int code_sentence(nev_doc *d, uint32_t s, chunk *ch, uint32_t *idx)
{
    /* (build_chunks sets has_q and the VG, NP and clause-word lists; idx has room for all) */
    uint32_t half = SENT(d, s).ntok + 1;
    ctx c = {d, s, ch, 0, false, false, 0, false, idx, 0, idx + half, 0, idx + 2 * half, 0};
    int rc = build_chunks(&c);
    if (rc)
        return rc;
    /* a question asserts nothing, nor does a condition ("if Washington imposes sanctions
     * against Tokyo, the group might ...") */
    for (uint32_t li = 0; li < c.nvg; li++) {
        uint32_t i = c.vg[li];
        if (in_question(&c, c.ch[i].t1) || in_condition(&c, i))
            c.ch[i].modality = MOD_HYPOTHETICAL;
    }
    coordinate(&c);
    rc = code_verbs(&c);
    if (rc)
        return rc;
    return code_nouns(&c);
}

/* A visit implies a host: A visits B gives B hosts A (CAMEO 043). */
static int add_hosts(nev_doc *d)
{
    uint32_t n = d->events.n;
    for (uint32_t i = 0; i < n; i++) {
        event e = VEC_AT(d->events, event, i);
        if (strcmp(e.cameo, "042") || !e.tgt[0] || !e.src[0])
            continue;
        event h = e;
        str_put(h.src, sizeof h.src, e.tgt, SIZE_MAX);
        str_put(h.tgt, sizeof h.tgt, e.src, SIZE_MAX);
        h.src_name = e.tgt_name;
        h.tgt_name = e.src_name;
        h.src_t0 = e.tgt_t0;
        h.src_t1 = e.tgt_t1;
        h.tgt_t0 = e.src_t0;
        h.tgt_t1 = e.src_t1;
        snprintf(h.cameo, sizeof h.cameo, "043");
        bool dup = false;
        for (uint32_t j = 0; j < d->events.n; j++) {
            event *o = &VEC_AT(d->events, event, j);
            if (!strcmp(o->cameo, "043") && !strncmp(o->src, h.src, 3) &&
                !strncmp(o->tgt, h.tgt, 3))
                dup = true;
        }
        if (!dup && vec_push(&d->ar, &d->events, &h) < 0)
            return NEV_ENOMEM;
    }
    return NEV_OK;
}

/* A sports story ("Spain beat Australia", "England and France come to Lansdowne Road"):
 * three or more words that only sport uses. Its countries are teams, so it codes no
 * events (places and quotes are still read). The words by length: a token is compared only
 * with the words of its own length. */
static const char *const sport_w3[] = {"cup", "lap"};
static const char *const sport_w4[] = {"golf", "fifa", "uefa"};
static const char *const sport_w5[] = {"goals", "coach", "squad", "medal", "rugby"};
static const char *const sport_w6[] = {
    "league", "scored", "medals", "wicket", "soccer", "tennis", "winger", "seeded", "scorer",
    "podium", "opener"};
static const char *const sport_w7[] = {
    "striker", "olympic", "fixture", "innings", "wickets", "cricket", "referee", "stadium",
    "playoff", "matches", "wembley", "anfield"};
static const char *const sport_w8[] = {
    "olympics", "fixtures", "football", "unbeaten", "play-off", "marathon", "sprinter",
    "fly-half", "friendly"};
static const char *const sport_w9[] = {"hat-trick", "athletics"};
static const char *const sport_w10[] = {
    "tournament", "midfielder", "goalkeeper", "semi-final", "scrum-half", "twickenham"};
static const char *const sport_w11[] = {"semi-finals", "premiership"};
static const char *const sport_w12[] = {"championship"};
static const char *const sport_w13[] = {"championships", "quarter-final"};
static const char *const sport_w14[] = {"quarter-finals"};
#define L(w) {w, sizeof w / sizeof *w}
static const struct {
    const char *const *w;
    uint8_t n;
} sport_by_len[NEV_SPORT_LENS] = {
    L(sport_w3),  L(sport_w4),  L(sport_w5),  L(sport_w6),  L(sport_w7),  L(sport_w8),
    L(sport_w9),  L(sport_w10), L(sport_w11), L(sport_w12), L(sport_w13), L(sport_w14)};
#undef L

/* The model's sport_bits (once, at load): for each length and first letter (every word
 * begins with a-z) the set of the words' second bytes (their low five bits). A token whose
 * second byte has no bit there is none of the words, so most tokens cost one table probe. */
static void sport_bits_init(nev_model *m)
{
    memset(m->sport_bits, 0, sizeof m->sport_bits);
    for (size_t l = 0; l < NEV_SPORT_LENS; l++)
        for (uint8_t q = 0; q < sport_by_len[l].n; q++) {
            const unsigned char *w = (const unsigned char *)sport_by_len[l].w[q];
            m->sport_bits[l][w[0] & 31u] |= 1u << (w[1] & 31u);
        }
}

static bool sports_story(const nev_doc *d)
{
    const nev_model *m = d->m;
    uint32_t hits = 0;
    for (uint32_t i = 0; i < d->toks.n && hits < 3; i++) {
        const token *t = &TOK(d, i);
        /* (the words have 3 to 14 bytes, a score 3 to 5: shorter and longer tokens are
         * settled by their length alone) */
        uint32_t l = (uint32_t)t->norm_len - 3u;
        l = l < NEV_SPORT_LENS ? l : NEV_SPORT_LENS; /* (the row of none: no branch) */
        const unsigned char *s = (const unsigned char *)t->norm;
        unsigned c0 = s[0], c1 = s[t->norm_len != 0];
        if (m->sport_bits[l][c0 & 31u] >> (c1 & 31u) & 1u) {
            bool hit = false;
            for (uint8_t q = 0; q < sport_by_len[l].n && !hit; q++) {
                const unsigned char *w = (const unsigned char *)sport_by_len[l].w[q];
                hit = w[0] == c0 && w[1] == s[1] && memcmp(w, s, t->norm_len) == 0;
            }
            if (hit) {
                hits++;
                continue;
            }
        }
        /* a score: "18-17", "2-1" (not "2004-05"; 3 to 5 bytes, so no other length passes) */
        if (c0 < '0' || c0 > '9')
            continue;
        unsigned a = 0, b = 0, na = 0, nb = 0, k = 0;
        while (k < t->norm_len && t->norm[k] >= '0' && t->norm[k] <= '9' && na < 4)
            a = a * 10 + (unsigned)(t->norm[k++] - '0'), na++;
        if (na == 0 || na > 2 || k >= t->norm_len || t->norm[k] != '-')
            continue;
        k++;
        while (k < t->norm_len && t->norm[k] >= '0' && t->norm[k] <= '9' && nb < 4)
            b = b * 10 + (unsigned)(t->norm[k++] - '0'), nb++;
        if (k == t->norm_len && nb >= 1 && nb <= 2 && a < 100 && b < 100)
            hits++;
    }
    return hits >= 3;
}

int event_run(nev_doc *d)
{
    if (sports_story(d))
        return NEV_OK;
    /* one chunk array for all sentences, sized for the longest: it stays in the cache,
     * where one per sentence would be fresh memory every time */
    uint32_t longest = 0;
    for (uint32_t s = 0; s < d->sents.n; s++)
        if (SENT(d, s).dup_of < 0 && SENT(d, s).ntok > longest)
            longest = SENT(d, s).ntok;
    chunk *ch = arena_alloc(&d->ar, sizeof(chunk) * (longest + 1));
    uint32_t *idx = arena_alloc(&d->ar, sizeof(uint32_t) * 3 * (longest + 1));
    if (!ch || !idx)
        return NEV_ENOMEM;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        if (SENT(d, s).dup_of >= 0)
            continue;
        int rc = code_sentence(d, s, ch, idx);
        if (rc)
            return rc;
    }
    return add_hosts(d);
}
