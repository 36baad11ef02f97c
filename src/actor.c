/*
 * actor.c - actors: loading the compiled actor dictionary, and finding actor mentions in a
 * document.
 *
 * Mentions are found by longest match of folded token sequences against the dictionary,
 * then composed into actor phrases:
 *   country adjective or name (+ 's) + role noun  "Russian forces" -> RUSMIL,
 *                                                  "Ukraine's air force" -> UKRMIL
 *   country/seat/org + title + Name                "Ukrainian Foreign Minister Dmytro Kuleba"
 *                                                  -> UKRGOV, "Kremlin adviser Yuri Ushakov"
 *   person (dated)                                 "Kim Jong Un" -> PRKGOV in office, else PRK
 *   elliptical adjectives                          "North and South Korean troops" -> PRKMIL,
 *                                                  KORMIL
 *   "the North" / "the South" in a Korean story    -> PRK / KOR
 *   surname-only second mentions                   "Kuleba" -> the earlier Dmytro Kuleba
 * Unknown capitalised names of two to four words become persons without a code, so quotes
 * can name their speakers.
 */
#include "internal.h"
#include "translit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct actor_link {
    uint32_t entry, next; /* next: index + 1, 0 ends the chain */
} actor_link;

/* ---- loading ----------------------------------------------------------------------------- */
int actor_load(nev_model *m, const uint8_t *data, size_t len, nev_error *err)
{
    m->actor_text = nev_malloc(&m->alc, len + 1);
    if (!m->actor_text)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    memcpy(m->actor_text, data, len);
    m->actor_text[len] = '\0';
    uint32_t lines = 0, keys = 0;
    for (size_t i = 0; i < len; i++) {
        lines += data[i] == '\n';
        keys += data[i] == '|' || data[i] == '\n';
    }
    m->actors = nev_calloc(&m->alc, lines + 1, sizeof *m->actors);
    actor_link *links = nev_calloc(&m->alc, keys + 1, sizeof *links);
    m->actor_chain = (uint32_t *)links;
    if (!m->actors || !links || strmap_init(&m->actor_index, &m->alc, keys * 2) != NEV_OK)
        return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
    uint32_t n_links = 0;
    long line_no = 0;
    for (char *p = m->actor_text, *nl; p && *p; p = nl) {
        nl = strchr(p, '\n');
        if (nl)
            *nl++ = '\0';
        line_no++;
        if (*p == '#')
            continue;
        char *f[8];
        if (nev_split_tabs(p, f, 8) != 8)
            return nev_seterr(err, NEV_EDATA, "actors", line_no, "malformed actor section line");
        actor_entry *e = &m->actors[m->n_actors];
        e->kind = (uint8_t)atoi(f[0]);
        str_put(e->code, sizeof e->code, f[1], SIZE_MAX);
        e->from = strcmp(f[2], "-") ? (int32_t)atol(f[2]) : INT32_MIN;
        e->to = strcmp(f[3], "-") ? (int32_t)atol(f[3]) : INT32_MAX;
        e->flags = (uint8_t)atoi(f[4]);
        if (strcmp(f[5], "-") != 0)
            str_put(e->home, sizeof e->home, f[5], 3);
        e->name = f[6];
        uint32_t idx = m->n_actors++;
        for (char *k = f[7], *bar; k && *k; k = bar) {
            bar = strchr(k, '|');
            if (bar)
                *bar++ = '\0';
            size_t kl = strlen(k);
            /* prefixes of multi-word keys, for longest match */
            for (size_t j = 0; j < kl; j++)
                if (k[j] == ' ' && !strmap_put(&m->actor_index, k, j, 0, NULL))
                    return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
            uint32_t *v = strmap_put(&m->actor_index, k, kl, 0, NULL);
            if (!v)
                return nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
            /* append at the end of the chain: dictionary order is preference order */
            links[n_links].entry = idx;
            links[n_links].next = 0;
            if (*v == 0) {
                *v = n_links + 1;
            } else {
                uint32_t c = *v;
                while (links[c - 1].next)
                    c = links[c - 1].next;
                if (links[c - 1].entry != idx)
                    links[c - 1].next = n_links + 1;
                else
                    continue;
            }
            n_links++;
        }
    }
    return NEV_OK;
}

void actor_free(nev_model *m)
{
    strmap_free(&m->actor_index);
    nev_free(&m->alc, m->actor_chain);
    nev_free(&m->alc, m->actors);
    nev_free(&m->alc, m->actor_text);
}

/* First link (index + 1) for a key, 0 when only a prefix or unknown. */
static uint32_t lookup(const nev_model *m, const char *key, size_t len, bool *prefix)
{
    const uint32_t *v = strmap_get(&m->actor_index, key, len);
    if (prefix)
        *prefix = v != NULL;
    return v ? *v : 0;
}

const actor_entry *actor_lookup(const nev_model *m, const char *key, size_t len, uint32_t *n)
{
    uint32_t c = lookup(m, key, len, NULL);
    const actor_link *links = (const actor_link *)m->actor_chain;
    uint32_t cnt = 0;
    const actor_entry *first = NULL;
    for (; c; c = links[c - 1].next) {
        if (!first)
            first = &m->actors[links[c - 1].entry];
        cnt++;
    }
    if (n)
        *n = cnt;
    return first;
}

/* The first entry of kind on chain link c (index + 1; 0 is no chain), NULL when none. */
static const actor_entry *chain_kind(const nev_model *m, uint32_t c, int kind)
{
    const actor_link *links = (const actor_link *)m->actor_chain;
    for (; c; c = links[c - 1].next)
        if (m->actors[links[c - 1].entry].kind == kind)
            return &m->actors[links[c - 1].entry];
    return NULL;
}

const actor_entry *actor_lookup_kind(const nev_model *m, const char *key, size_t len, int kind)
{
    return chain_kind(m, lookup(m, key, len, NULL), kind);
}

bool actor_has_prefix(const nev_model *m, const char *key, size_t len)
{
    bool p;
    lookup(m, key, len, &p);
    return p;
}

/* The first entry of chain link c (index + 1), NULL for 0. */
static const actor_entry *first_entry(const nev_model *m, uint32_t c)
{
    return c ? &m->actors[((const actor_link *)m->actor_chain)[c - 1].entry] : NULL;
}

const actor_entry *actor_lookup_known(const nev_model *m, const char *key, size_t len,
                                      bool *known)
{
    return first_entry(m, lookup(m, key, len, known));
}

void actor_tokens(nev_doc *d)
{
    const strmap *ix = &d->m->actor_index;
    token *tk = d->toks.data;
    const uint32_t *th = d->tok_hash; /* (segment_run hashed every token) */
    uint32_t n = d->toks.n;
    if (!ix->slots) {
        for (uint32_t i = 0; i < n; i++)
            tk[i].actor1 = 0;
        return;
    }
    /* the index is bigger than the cache and most tokens miss it: each probe's first slot
     * is prefetched PD tokens ahead */
    enum { PD = 16 };
    for (uint32_t i = 0; i < n && i < PD; i++)
        strmap_prefetch(ix, th[i]);
    for (uint32_t i = 0; i < n; i++) {
        if (i + PD < n)
            strmap_prefetch(ix, th[i + PD]);
        const uint32_t *v = strmap_probe(ix, tk[i].norm, tk[i].norm_len, th[i]);
        tk[i].actor1 = v ? *v + 1 : 0;
    }
}

const actor_entry *actor_tok_known(const nev_model *m, const token *t, bool *known)
{
    *known = t->actor1 != 0;
    return first_entry(m, t->actor1 ? t->actor1 - 1 : 0);
}

/* ---- matching ---------------------------------------------------------------------------- */
typedef struct match {
    uint32_t t0, t1;
    const actor_entry *e; /* best entry for the article date */
    uint8_t kind;
    bool possessive;      /* followed by 's */
    uint8_t titled;       /* tokens of a title before the name that belong to the mention */
} match;

static bool capitalised(const nev_doc *d, const token *t)
{
    if (t->flags & (TF_CAP | TF_CAPSENT))
        return true;
    /* Arabic names keep the article in lower case: "al-Qaida", "al-Assad", "el-Sisi" */
    static const char *const art[] = {"al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-"};
    for (size_t i = 0; i < sizeof art / sizeof *art; i++) {
        size_t n = strlen(art[i]);
        if (t->len > n && memcmp(d->text + t->off, art[i], n) == 0)
            return d->text[t->off + n] >= 'A' && d->text[t->off + n] <= 'Z';
    }
    return false;
}

/* Pick the entry of a chain that fits the article date; persons out of office fall back. */
static const actor_entry *best_entry(const nev_doc *d, uint32_t c, bool *out_of_office)
{
    const nev_model *m = d->m;
    const actor_link *links = (const actor_link *)m->actor_chain;
    const actor_entry *any = NULL, *person_any = NULL;
    *out_of_office = false;
    for (; c; c = links[c - 1].next) {
        const actor_entry *e = &m->actors[links[c - 1].entry];
        if (e->kind != AK_PERSON)
            return any ? any : e;
        if (d->date == INT32_MIN) {
            /* no article date: the role held in the latest year the text dates something
             * ("21 November 2013: ..."), else the latest role (data/README.md, "DATES") */
            if (d->text_date != INT32_MIN && d->text_date >= e->from && d->text_date <= e->to)
                return e;
            if (!person_any || e->from > person_any->from)
                person_any = e;
            continue;
        }
        if (d->date >= e->from && d->date <= e->to)
            return e;
        /* the nearest term, for the fallback */
        if (!person_any ||
            labs((long)d->date - (long)e->to) < labs((long)d->date - (long)person_any->to))
            person_any = e;
    }
    if (person_any && d->date != INT32_MIN)
        *out_of_office = true;
    return person_any ? person_any : any;
}

/* Can t end in one of match_at's country suffixes ("-led", "-owned")? Each ends in "d" or
 * "n" and is at least 4 bytes long, with 2 more before it: most words need no comparison. */
static bool may_have_country_suffix(const token *t)
{
    return t->norm_len >= 7 &&
           (t->norm[t->norm_len - 1] == 'd' || t->norm[t->norm_len - 1] == 'n');
}

/* Longest dictionary match starting at token i, within [i, end). */
static bool match_at(const nev_doc *d, uint32_t i, uint32_t end, match *out)
{
    /* most words are no key and no prefix of one (actor_tokens), and have no suffix below */
    if (!TOK(d, i).actor1 && !may_have_country_suffix(&TOK(d, i)))
        return false;
    char key[256];
    size_t kl = 0;
    uint32_t best_c = 0, best_end = 0;
    for (uint32_t j = i; j < end && j < i + 8; j++) {
        const token *t = &TOK(d, j);
        if (t->pos == POS_POS || tok_is(t, "'s"))
            break;
        /* hyphenated names: "Kim Jong-un" folds as "kim jong-un"; a dash token joins */
        bool prefix;
        uint32_t c;
        if (j == i) {
            /* the one-word key was looked up already (actor_tokens); it is copied only when
             * a longer key may follow */
            if ((size_t)t->norm_len + 2 >= sizeof key)
                break;
            prefix = t->actor1 != 0;
            c = prefix ? t->actor1 - 1 : 0;
            if (prefix)
                key_append(key, &kl, sizeof key, t);
        } else {
            if (!key_append(key, &kl, sizeof key, t))
                break;
            c = lookup(d->m, key, kl, &prefix);
        }
        if (c) {
            best_c = c;
            best_end = j + 1;
        }
        if (!prefix)
            break;
    }
    if (!best_c) {
        /* "British-flagged", "Saudi-owned", "U.S.-led": the country of the first part; not
         * "-backed" (the backer is another side) nor "-made" (the maker does not act: "Chinese-made
         * missiles" fired by Iran) */
        static const char *const suf[] = {"-flagged", "-owned", "-registered", "-based", "-run",
                                          "-operated", "-led"};
        const token *t = &TOK(d, i);
        bool may = may_have_country_suffix(t);
        for (size_t q = 0; may && q < sizeof suf / sizeof *suf && !best_c; q++) {
            size_t sl = strlen(suf[q]);
            if (t->norm_len <= sl + 2 || memcmp(t->norm + t->norm_len - sl, suf[q], sl) != 0)
                continue;
            bool prefix;
            uint32_t c = lookup(d->m, t->norm, t->norm_len - sl, &prefix);
            if (c) {
                bool ooo;
                const actor_entry *e = best_entry(d, c, &ooo);
                if (e && (e->kind == AK_ADJ || e->kind == AK_COUNTRY)) {
                    best_c = c;
                    best_end = i + 1;
                }
            }
        }
        if (!best_c)
            return false;
    }
    bool ooo;
    const actor_entry *e = best_entry(d, best_c, &ooo);
    out->t0 = i;
    out->t1 = best_end;
    out->e = e;
    out->kind = e->kind;
    out->titled = 0;
    out->possessive = best_end < end && (TOK(d, best_end).pos == POS_POS ||
                                         tok_is(&TOK(d, best_end), "'s"));
    return true;
}

static bool needs_capital(uint8_t kind)
{
    return kind != AK_AGENT && kind != AK_TITLE && kind != AK_BLOCK;
}

/* Base code an entry gives a phrase: the country (or IGO/NGO code) without the role. */
static void base_code(const nev_doc *d, const actor_entry *e, char *out)
{
    if (e->kind == AK_ORG || (strncmp(e->code, "IGO", 3) == 0) || strncmp(e->code, "NGO", 3) == 0) {
        str_put(out, 12, e->code, SIZE_MAX);
        return;
    }
    if (e->kind == AK_GROUP && strlen(e->code) <= 3) {
        /* a group's home country first (Hamas: PSE), else the story's main country */
        const char *c = e->home[0] ? e->home : actor_doc_country(d);
        str_put(out, 12, c, 3);
        return;
    }
    str_put(out, 12, e->code, 3);
}

static void full_code(const nev_doc *d, const match *mt, char *out)
{
    const actor_entry *e = mt->e;
    bool ooo = false;
    if (e->kind == AK_PERSON) {
        /* recompute out-of-office state */
        if (d->date != INT32_MIN && (d->date < e->from || d->date > e->to))
            ooo = true;
        if (ooo && strncmp(e->code, "IGO", 3) != 0) {
            str_put(out, 12, e->code, 3);
            return;
        }
        str_put(out, 12, e->code, SIZE_MAX);
        return;
    }
    if (e->kind == AK_GROUP) {
        const char *c = e->home[0] ? e->home : actor_doc_country(d);
        snprintf(out, 12, "%.3s%s", c, *c ? "REB" : "");
        if (strlen(e->code) > 3)
            str_put(out, 12, e->code, SIZE_MAX);
        return;
    }
    if (e->kind == AK_ADJ) {
        str_put(out, 12, e->code, 3);
        return;
    }
    str_put(out, 12, e->code, SIZE_MAX);
}

/* "kim jong-un" -> "Kim Jong-un": the dictionary's lower-case canonical form for display. */
static const char *title_case(nev_doc *d, const char *s)
{
    size_t n = strlen(s);
    char *o = arena_strndup(&d->ar, s, n);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || o[i - 1] == ' ' || o[i - 1] == '(') && o[i] >= 'a' && o[i] <= 'z')
            o[i] = (char)(o[i] - 32);
    return o;
}

static int add_person(nev_doc *d, const char *name, size_t name_len, const char *code)
{
    /* a name written in another script is kept in Latin letters (translit.h) */
    translit_name(d, &name, &name_len);
    /* surname: last word of the folded name */
    char key[256];
    size_t kl = text_fold(name, name_len, key, sizeof key);
    if (kl >= sizeof key)
        kl = sizeof key - 1;
    const char *sp = strrchr(key, ' ');
    const char *sur = sp ? sp + 1 : key;
    if ((sur[0] == 'a' || sur[0] == 'e') && sur[1] == 'l' && sur[2] == '-' && sur[3])
        sur += 3; /* "al-Shaheen" is later "Shaheen" */
    /* Chinese, Korean and Vietnamese names put the family name first ("Wang Yi" -> Wang) */
    static const char *const family_first[] = {"CHN", "TWN", "HKG", "PRK", "KOR", "VNM", "MNG",
                                               "SGP", "MAC"};
    char first[64] = "";
    if (code && sp) {
        for (size_t i = 0; i < sizeof family_first / sizeof *family_first; i++)
            if (!strncmp(code, family_first[i], 3)) {
                const char *s1 = strchr(key, ' ');
                size_t fl =
                    (size_t)(s1 - key) < sizeof first - 1 ? (size_t)(s1 - key) : sizeof first - 1;
                memcpy(first, key, fl);
                first[fl] = '\0';
                sur = first;
                break;
            }
    }
    for (uint32_t i = 0; i < d->persons.n; i++) {
        person *p = &VEC_AT(d->persons, person, i);
        if (strcmp(p->surname, sur) == 0) {
            if (!p->code[0] && code && code[0])
                str_put(p->code, sizeof p->code, code, SIZE_MAX);
            return (int)i;
        }
    }
    person p;
    memset(&p, 0, sizeof p);
    p.name = arena_strndup(&d->ar, name, name_len);
    p.surname = arena_strndup(&d->ar, sur, strlen(sur));
    if (!p.name || !p.surname)
        return -1;
    str_put(p.code, sizeof p.code, code ? code : "", SIZE_MAX);
    int64_t r = vec_push(&d->ar, &d->persons, &p);
    return (int)r;
}

static int find_person(const nev_doc *d, const char *surname)
{
    for (uint32_t i = 0; i < d->persons.n; i++)
        if (strcmp(VEC_AT(d->persons, person, i).surname, surname) == 0)
            return (int)i;
    return -1;
}

static int push_mention(nev_doc *d, uint32_t s, uint32_t t0, uint32_t t1, uint32_t head,
                        uint8_t kind, const char *code, const char *name, int pidx)
{
    mention mt;
    memset(&mt, 0, sizeof mt);
    mt.sent = s;
    mt.t0 = t0;
    mt.t1 = t1;
    mt.head = head;
    mt.kind = kind;
    str_put(mt.code, sizeof mt.code, code ? code : "", SIZE_MAX);
    mt.name = name;
    mt.person = pidx;
    int64_t r = vec_push(&d->ar, &d->ments, &mt);
    if (r < 0)
        return NEV_ENOMEM;
    for (uint32_t i = t0; i < t1; i++)
        TOK(d, i).ment = (int32_t)r;
    return NEV_OK;
}

/* A capitalised word that can be part of a person's name. */
/* "al-Shaheen", "el-Sisi": an Arabic article glued to a capitalised name */
static bool article_prefixed(const nev_doc *d, const token *t)
{
    const char *w = d->text + t->off;
    return t->len > 4 && (w[0] == 'a' || w[0] == 'e') && w[1] == 'l' && w[2] == '-' &&
           w[3] >= 'A' && w[3] <= 'Z';
}

static bool name_word_d(const nev_doc *d, const token *t);

static bool name_word(const token *t)
{
    if (!(t->flags & TF_CAP) || (t->flags & TF_CAPSENT))
        return false;
    if (t->pos != POS_NNP && t->pos != POS_NNPS && t->pos != POS_NN && t->pos != POS_JJ &&
        t->pos != POS_FW)
        return false;
    return t->norm_len > 1 || t->len == 2; /* "J." initials */
}

/* A word of a person's name, including glued Arabic articles ("al-Shaheen") and numbers or
 * other tags the tagger gave an unknown capitalised word. */
static bool name_word_d(const nev_doc *d, const token *t)
{
    if (article_prefixed(d, t) && !(t->flags & TF_CAPSENT))
        return true;
    if (name_word(t))
        return true;
    return (t->flags & TF_CAP) && !(t->flags & TF_CAPSENT) && t->pos == POS_CD &&
           t->norm[0] >= 'a' && t->norm[0] <= 'z';
}

const char *actor_doc_country(const nev_doc *d)
{
    /* the most mentioned country key among mentions so far; ties go to the key named first.
     * One pass with a small table (articles name few countries). */
    static const char empty[] = "";
    enum { MAXK = 64 };
    const char *key[MAXK];
    uint32_t cnt[MAXK], nk = 0;
    for (uint32_t i = 0; i < d->ments.n; i++) {
        const char *c = MENT(d, i).code;
        if (!c[0] || !c[1] || !c[2] || !strncmp(c, "IGO", 3) || !strncmp(c, "NGO", 3) ||
            MENT(d, i).kind == AK_GROUP)
            continue;
        uint32_t q = 0;
        while (q < nk && strncmp(key[q], c, 3) != 0)
            q++;
        if (q == nk) {
            if (nk == MAXK)
                continue;
            key[nk] = c;
            cnt[nk++] = 0;
        }
        cnt[q]++;
    }
    uint32_t best = 0;
    for (uint32_t q = 1; q < nk; q++)
        if (cnt[q] > cnt[best])
            best = q;
    /* a 3-letter view: callers print with %.3s or copy three bytes */
    return nk ? key[best] : empty;
}

const char *actor_home_country(const nev_doc *d)
{
    if (d->dateline[0])
        for (uint32_t i = 0; i < d->ments.n; i++)
            if (!strncmp(MENT(d, i).code, d->dateline, 3))
                return d->dateline;
    return actor_doc_country(d);
}

static bool korean_story(const nev_doc *d)
{
    for (uint32_t i = 0; i < d->ments.n; i++)
        if (strncmp(MENT(d, i).code, "PRK", 3) == 0 || strncmp(MENT(d, i).code, "KOR", 3) == 0)
            return true;
    return false;
}

/* Is the place at byte offset off a destination ("an envoy to Washington")? Such a place is
 * not where the role noun belongs. */
static bool destination(const nev_doc *d, const sentence *se, uint32_t off)
{
    for (uint32_t i = se->tok0 + 1; i < se->tok0 + se->ntok; i++)
        if (TOK(d, i).off == off) {
            const token *p = &TOK(d, i - 1);
            return tok_is(p, "to") || tok_is(p, "into") || tok_is(p, "towards") ||
                   tok_is(p, "toward");
        }
    return false;
}

static int sentence_mentions(nev_doc *d, uint32_t s)
{
    sentence *se = &SENT(d, s);
    uint32_t end = se->tok0 + se->ntok;
    uint32_t first_ment = d->ments.n;
    match ms[NEV_MAX_SENT_TOKENS];
    uint32_t nm = 0;
    for (uint32_t i = se->tok0; i < end;) {
        match mt;
        token *t = &TOK(d, i);
        if (match_at(d, i, end, &mt) && (!needs_capital(mt.kind) || capitalised(d, t) ||
                                         strchr(t->norm, '.')) &&
            !((mt.e->flags & AEF_CAPS) && !(t->flags & TF_ALLCAP)) &&
            !(mt.t1 == mt.t0 + 1 && t->norm_len <= 3 && !(t->flags & (TF_ALLCAP | TF_CAPSENT)) &&
              !strchr(t->norm, '.') &&
              (mt.kind == AK_ORG || mt.kind == AK_MEDIA || mt.kind == AK_GROUP))) {
            /* short acronyms of organisations only in capitals: "UN", not the "Un" of a name
             * (four letters may be written as a word: "Nato", "the Pope") */
            if (mt.kind == AK_BLOCK) { /* "South America": no actor, and no "America" */
                i = mt.t1;
                continue;
            }
            /* sentence-initial capital is no evidence for common-word agents; fine */
            ms[nm++] = mt;
            i = mt.t1;
            continue;
        }
        /* "US-led", "Russian-backed", "Saudi-brokered": the country before the hyphen */
        const char *hy = NULL; /* (TF_HYPHEN: most words hold none; they are short: no memchr) */
        for (uint16_t q = 0; (t->flags & TF_HYPHEN) && q < t->norm_len && !hy; q++)
            if (t->norm[q] == '-')
                hy = t->norm + q;
        if (hy && hy > t->norm && capitalised(d, t)) {
            /* who acts ("US-led"), not where things come from ("Chinese-made" missiles) */
            static const char *const tails[] = {"led", "backed", "sponsored", "brokered",
                                                "supported", "controlled", "held", "run",
                                                "funded", "allied", "aligned"};
            const char *tail = hy + 1;
            size_t tl = t->norm_len - (size_t)(tail - t->norm);
            bool known_tail = false;
            for (size_t q = 0; q < sizeof tails / sizeof *tails; q++)
                if (strlen(tails[q]) == tl && memcmp(tails[q], tail, tl) == 0)
                    known_tail = true;
            uint32_t n;
            const actor_entry *e = NULL;
            size_t pl = (size_t)(hy - t->norm);
            if (known_tail) {
                e = actor_lookup(d->m, t->norm, pl, &n);
                if (!e && pl == 2 && memcmp(t->norm, "us", 2) == 0)
                    e = actor_lookup(d->m, "united states", 13, &n);
            }
            if (e && (e->kind == AK_COUNTRY || e->kind == AK_ADJ || e->kind == AK_ORG)) {
                memset(&mt, 0, sizeof mt);
                mt.t0 = i;
                mt.t1 = i + 1;
                mt.e = e;
                mt.kind = e->kind == AK_COUNTRY ? AK_ADJ : e->kind;
                ms[nm++] = mt;
                i++;
                continue;
            }
        }
        /* "US" in capitals is the United States (lower-case "us" is a pronoun) */
        if (t->len == 2 && memcmp(d->text + t->off, "US", 2) == 0) {
            uint32_t n;
            const actor_entry *e = actor_lookup(d->m, "united states", 13, &n);
            if (e) {
                memset(&mt, 0, sizeof mt);
                mt.t0 = i;
                mt.t1 = i + 1;
                mt.e = e;
                mt.kind = e->kind;
                mt.possessive = i + 1 < end && TOK(d, i + 1).pos == POS_POS;
                ms[nm++] = mt;
            }
        }
        i++;
    }
    /* elliptical adjectives: "North and South Korean" -> "north korean" too */
    for (uint32_t k = 0; k < nm; k++) {
        match *b = &ms[k];
        if (b->kind != AK_ADJ || b->t1 - b->t0 < 2 || b->t0 < se->tok0 + 2)
            continue;
        token *cc = &TOK(d, b->t0 - 1), *x = &TOK(d, b->t0 - 2);
        if (!(tok_is(cc, "and") || tok_is(cc, "or") || tok_is(cc, ",")) || x->ment >= 0)
            continue;
        char key[256];
        const token *rest = &TOK(d, b->t0 + 1);
        int kl = snprintf(key, sizeof key, "%s %s", x->norm, rest->norm);
        for (uint32_t j = b->t0 + 2; j < b->t1 && kl > 0 && (size_t)kl < sizeof key; j++)
            kl += snprintf(key + kl, sizeof key - (size_t)kl, " %s", TOK(d, j).norm);
        uint32_t n;
        const actor_entry *e = actor_lookup(d->m, key, (size_t)kl, &n);
        if (e && e->kind == AK_ADJ && nm < NEV_MAX_SENT_TOKENS) {
            uint32_t bt0 = b->t0;
            memmove(&ms[k + 1], &ms[k], (nm - k) * sizeof *ms);
            ms[k].t0 = bt0 - 2;
            ms[k].t1 = bt0 - 1;
            ms[k].e = e;
            ms[k].kind = AK_ADJ;
            ms[k].possessive = false;
            ms[k].titled = 0;
            nm++;
            k++;
        }
    }
    /* compose phrases */
    for (uint32_t k = 0; k < nm; k++) {
        match *a = &ms[k];
        char code[12] = "";
        uint32_t t0 = a->t0, t1 = a->t1, head = a->t1 - 1;
        uint8_t kind = a->kind;
        const char *name = NULL;
        int pidx = -1;
        /* "the President of Ukraine", "the people of Kazakhstan", "the Foreign Minister of
         * France": the role of the one country named after "of" (not "the leaders of Greece
         * and Turkey", a list the coder pairs) */
        bool composed = false;
        if ((a->kind == AK_AGENT || a->kind == AK_TITLE) && k + 1 < nm && strcmp(a->e->code, "-") &&
            a->t1 < end && tok_is(&TOK(d, a->t1), "of")) {
            const match *nx = &ms[k + 1];
            uint32_t j = a->t1 + 1;
            if (j < end && tok_is(&TOK(d, j), "the"))
                j++;
            bool pair = tok_is(&TOK(d, a->t1 - 1), "leaders") ||
                        tok_is(&TOK(d, a->t1 - 1), "sides") ||
                        tok_is(&TOK(d, a->t1 - 1), "parties");
            bool list =
                nx->t1 < end && (tok_is(&TOK(d, nx->t1), "and") || tok_is(&TOK(d, nx->t1), ",") ||
                                 tok_is(&TOK(d, nx->t1), "or"));
            /* "President of the French Republic Emmanuel Macron": the name is the actor */
            bool named = nx->t1 < end && (TOK(d, nx->t1).flags & TF_CAP) &&
                         name_word_d(d, &TOK(d, nx->t1));
            if (nx->t0 == j && nx->kind == AK_COUNTRY && nx->e && strlen(nx->e->code) == 3 &&
                !pair && !list && !nx->possessive && !named) {
                snprintf(code, sizeof code, "%.3s%.8s", nx->e->code, a->e->code);
                t1 = nx->t1;
                head = a->t1 - 1;
                kind = AK_AGENT;
                composed = true;
                k++;
            }
        }
        if (composed) {
            /* done */
        } else if (a->kind == AK_AGENT || a->kind == AK_TITLE) {
            /* Title + Name: "President Biden" is the person, title included (not a role noun
             * of its own that takes the country of a place nearby) */
            if (k + 1 < nm && ms[k + 1].t0 == t1 && ms[k + 1].kind == AK_PERSON &&
                !a->possessive && t1 - t0 < 8) {
                ms[k + 1].titled = (uint8_t)(t1 - t0);
                continue;
            }
            /* a role noun alone: country from "the" + context for governments and forces */
            if (a->kind == AK_TITLE) {
                /* an unknown name after a title is a person of the story's country */
                uint32_t j = t1;
                while (j < end && name_word_d(d, &TOK(d, j)) && TOK(d, j).ment < 0 && j < t1 + 4)
                    j++;
                if (j > t1 && (k + 1 >= nm || ms[k + 1].t0 >= j)) {
                    const char *role = a->e->code;
                    const char *ctry = actor_home_country(d);
                    if (strcmp(role, "-") == 0 || !ctry[0])
                        code[0] = '\0';
                    else
                        snprintf(code, sizeof code, "%.3s%.8s", ctry, role);
                    pidx = add_person(d, d->text + TOK(d, t1).off,
                                      TOK(d, j - 1).off + TOK(d, j - 1).len - TOK(d, t1).off, code);
                    if (pidx >= 0)
                        name = VEC_AT(d->persons, person, pidx).name;
                    head = j - 1;
                    t1 = j;
                    kind = AK_PERSON;
                } else {
                    continue; /* a bare title without a name: a role noun below */
                }
            } else {
                /* "the government" of a story about one country; not "the presidents of
                 * Poland and Lithuania", where the of-phrase names them */
                /* "the leaders", "the parties" are the story's two sides, not its main
                 * country (see event.c) */
                bool pair_word = tok_is(&TOK(d, t1 - 1), "leaders") ||
                                 tok_is(&TOK(d, t1 - 1), "parties") ||
                                 tok_is(&TOK(d, t1 - 1), "presidents") ||
                                 tok_is(&TOK(d, t1 - 1), "sides");
                bool definite = t0 > se->tok0 && (tok_is(&TOK(d, t0 - 1), "the")) &&
                                !(t1 < end && tok_is(&TOK(d, t1), "of")) && !pair_word;
                const char *role = a->e->code;
                if (definite && (strcmp(role, "GOV") == 0 || strcmp(role, "MIL") == 0 ||
                                 strcmp(role, "COP") == 0)) {
                    const char *ctry = actor_home_country(d);
                    if (ctry[0])
                        snprintf(code, sizeof code, "%.3s%.8s", ctry, role);
                }
                /* "Police arrested dozens of protesters in Minsk": a role noun without a
                 * country acts where the sentence happens */
                bool intl = t0 > se->tok0 && (tok_is(&TOK(d, t0 - 1), "international") ||
                                              tok_is(&TOK(d, t0 - 1), "foreign"));
                /* "its state media", "their troops": the possessive decides (event.c) */
                for (uint32_t q = t0 > se->tok0 + 3 ? t0 - 3 : se->tok0; q < t0; q++)
                    if (TOK(d, q).pos == POS_PRPS)
                        intl = true;
                bool acting_role = !strcmp(role, "MIL") || !strcmp(role, "COP") ||
                                   !strcmp(role, "GOV") || !strcmp(role, "REB") ||
                                   !strcmp(role, "OPP") || !strcmp(role, "JUD") ||
                                   !strcmp(role, "LEG") || !strcmp(role, "CVL");
                /* the place named with the role ("police in Minsk") or opening the
                 * sentence ("In Minsk, police ..."); not one further on ("rebels signed
                 * a deal in Pretoria" are not South Africa's) */
                const place_ref *where = NULL;
                uint32_t near_lo = TOK(d, t1 - 1).off;
                uint32_t near_hi = TOK(d, t1 + 3 < end ? t1 + 3 : end - 1).off;
                /* people who stay where the event is (civilians, police, courts) take any
                 * place of the sentence */
                bool stays = !strcmp(role, "CVL") || !strcmp(role, "COP") || !strcmp(role, "JUD") ||
                             !strcmp(role, "LEG") || !strcmp(role, "EDU") || !strcmp(role, "HLH") ||
                             !strcmp(role, "BUS") || !strcmp(role, "AGR") || !strcmp(role, "LAB") ||
                             !strcmp(role, "OPP");
                if (stays) {
                    near_lo = 0;
                    near_hi = TOK(d, end - 1).off;
                    acting_role = true;
                }
                uint32_t open_hi = TOK(d, se->tok0 + 3 < end ? se->tok0 + 3 : end - 1).off;
                for (uint32_t q = 0; q < d->places.n && !where; q++) {
                    const place_ref *pr = &VEC_AT(d->places, place_ref, q);
                    if (pr->sent == s && pr->cued &&
                        ((pr->off > near_lo && pr->off <= near_hi) ||
                         (pr->off <= open_hi && pr->off < TOK(d, t0).off)) &&
                        !destination(d, se, pr->off))
                        where = pr;
                }
                if (!code[0] && where && acting_role && !intl &&
                    !(t1 < end && tok_is(&TOK(d, t1), "of")))
                    snprintf(code, sizeof code, "%.3s%.8s", where->gp.cc3, role);
                /* "students from a school in northwestern Nigeria": a country named as the
                 * place of the sentence */
                for (uint32_t q = 0; q < nm && !code[0] && stays && !intl &&
                                     !(t1 < end && tok_is(&TOK(d, t1), "of"));
                     q++) {
                    const match *cm = &ms[q];
                    if (cm->kind != AK_COUNTRY || !cm->e || strlen(cm->e->code) != 3)
                        continue;
                    for (uint32_t b = cm->t0 > se->tok0 + 3 ? cm->t0 - 3 : se->tok0; b < cm->t0;
                         b++)
                        if (tok_is(&TOK(d, b), "in")) {
                            snprintf(code, sizeof code, "%.3s%.8s", cm->e->code, role);
                            break;
                        }
                }
                kind = AK_AGENT;
            }
        } else {
            full_code(d, a, code);
            /* modifier + role: "Russian forces", "Ukraine's air force", "Kremlin adviser X" */
            uint32_t j = a->t1 + (a->possessive ? 1 : 0);
            uint32_t skip = 0;
            match *nx = k + 1 < nm ? &ms[k + 1] : NULL;
            while (nx && j < nx->t0 && skip < 3) {
                const token *w = &TOK(d, j);
                if (!(pos_is_adj(w->pos) || w->pos == POS_NN || w->pos == POS_VBN ||
                      w->pos == POS_NNP || w->pos == POS_CD || w->pos == POS_DT) || tok_is(w, ","))
                    break;
                j++;
                skip++;
            }
            if (nx && j == nx->t0 && (a->kind == AK_ADJ || a->kind == AK_COUNTRY ||
                                      a->kind == AK_SEAT || a->kind == AK_ORG ||
                                      a->kind == AK_PERSON || a->kind == AK_GROUP) &&
                (nx->kind == AK_AGENT || nx->kind == AK_TITLE || nx->kind == AK_PERSON ||
                 nx->kind == AK_MEDIA)) {
                char base[12];
                base_code(d, a->e, base);
                if (a->kind == AK_PERSON && !a->possessive && nx->kind != AK_AGENT)
                    goto plain; /* two names side by side */
                /* an armed group's fighters and commanders stay the group ("Islamic State
                 * commander" is IRQREB, not IRQMIL) */
                bool group = a->kind == AK_GROUP;
                /* "Russian adviser Ivan Petrov", "Jordan's King Abdullah": a form that is a
                 * role noun and a title is a title before a name */
                bool titled = false;
                if (nx->kind == AK_AGENT && nx->t1 < end && name_word_d(d, &TOK(d, nx->t1)) &&
                    TOK(d, nx->t1).ment < 0) {
                    char kbuf[128];
                    size_t klen = 0;
                    for (uint32_t q = nx->t0; q < nx->t1; q++)
                        if (!key_append(kbuf, &klen, sizeof kbuf, &TOK(d, q)))
                            break;
                    titled = actor_lookup_kind(d->m, kbuf, klen, AK_TITLE) != NULL;
                }
                if (nx->kind == AK_AGENT && !titled) {
                    if (strncmp(base, "IGO", 3) == 0 || strncmp(base, "NGO", 3) == 0)
                        str_put(code, sizeof code, base, SIZE_MAX);
                    else
                        snprintf(code, sizeof code, "%.3s%.8s", base, group ? "REB" : nx->e->code);
                    t1 = nx->t1;
                    head = nx->t1 - 1;
                    kind = AK_AGENT;
                    k++;
                } else if (nx->kind == AK_TITLE || titled) {
                    /* country + title + Name */
                    uint32_t e2 = nx->t1;
                    while (e2 < end && name_word_d(d, &TOK(d, e2)) && e2 < nx->t1 + 4 &&
                           (k + 2 >= nm || ms[k + 2].t0 > e2))
                        e2++;
                    const char *role = group ? "REB" : nx->e->code;
                    if (strncmp(base, "IGO", 3) == 0 || strncmp(base, "NGO", 3) == 0 ||
                        strcmp(role, "-") == 0)
                        str_put(code, sizeof code, base, SIZE_MAX);
                    else
                        snprintf(code, sizeof code, "%.3s%.8s", base, role);
                    if (k + 2 < nm && ms[k + 2].t0 == nx->t1 && ms[k + 2].kind == AK_PERSON) {
                        /* a known person after the title: the dictionary knows better */
                        match *p = &ms[k + 2];
                        char pc[12];
                        full_code(d, p, pc);
                        if (strncmp(pc, base, 3) == 0 || strncmp(base, "IGO", 3) != 0)
                            str_put(code, sizeof code, pc, SIZE_MAX);
                        name = p->e->name;
                        pidx = add_person(d, d->text + TOK(d, p->t0).off,
                                          TOK(d, p->t1 - 1).off + TOK(d, p->t1 - 1).len -
                                              TOK(d, p->t0).off, code);
                        t1 = p->t1;
                        head = p->t1 - 1;
                        k += 2;
                    } else if (e2 > nx->t1) {
                        pidx = add_person(d, d->text + TOK(d, nx->t1).off,
                                          TOK(d, e2 - 1).off + TOK(d, e2 - 1).len -
                                              TOK(d, nx->t1).off, code);
                        if (pidx >= 0)
                            name = VEC_AT(d->persons, person, pidx).name;
                        t1 = e2;
                        head = e2 - 1;
                        k++;
                    } else {
                        t1 = nx->t1;
                        head = nx->t1 - 1;
                        k++;
                    }
                    kind = AK_PERSON;
                } else if (nx->kind == AK_PERSON) {
                    char pc[12];
                    full_code(d, nx, pc);
                    str_put(code, sizeof code, pc, SIZE_MAX);
                    t1 = nx->t1;
                    head = nx->t1 - 1;
                    kind = AK_PERSON;
                    name = nx->e->name;
                    pidx = add_person(d, d->text + TOK(d, nx->t0).off,
                                      TOK(d, nx->t1 - 1).off + TOK(d, nx->t1 - 1).len -
                                          TOK(d, nx->t0).off, code);
                    k++;
                } else {
                    t1 = nx->t1;
                    head = nx->t1 - 1;
                    snprintf(code, sizeof code, "%.3sMED", base);
                    k++;
                }
            } else {
            plain:
                if (a->kind == AK_PERSON) {
                    name = a->e->name;
                    pidx = add_person(d, d->text + TOK(d, a->t0).off,
                                      TOK(d, a->t1 - 1).off + TOK(d, a->t1 - 1).len -
                                          TOK(d, a->t0).off, code);
                    /* a surname-only first mention takes the dictionary's full name */
                    if (pidx >= 0 && a->t1 - a->t0 == 1) {
                        person *pp = &VEC_AT(d->persons, person, pidx);
                        if (!strchr(pp->name, ' ')) {
                            const char *tc = title_case(d, a->e->name);
                            if (tc)
                                pp->name = tc;
                        }
                    }
                }
            }
        }
        if (pidx >= 0) { /* display name: the first full mention; its code when ours has none */
            name = VEC_AT(d->persons, person, pidx).name;
            if (!code[0])
                str_put(code, sizeof code, VEC_AT(d->persons, person, pidx).code, SIZE_MAX);
        }
        if (push_mention(d, s, t0 - a->titled, t1, head, kind, code, name, pidx) != NEV_OK)
            return NEV_ENOMEM;
    }
    /* "Indian and Chinese troops", "Hungarian and Romanian officials": a country adjective
     * joined by "and" to one that heads a role shares the role */
    for (uint32_t i = first_ment; i + 1 < d->ments.n; i++) {
        mention *a = &MENT(d, i);
        const mention *b = &MENT(d, i + 1);
        if (a->kind != AK_ADJ || strlen(a->code) != 3 || b->kind != AK_AGENT ||
            strlen(b->code) != 6 || b->t0 != a->t1 + 1 || !tok_is(&TOK(d, a->t1), "and") ||
            (!pos_is_adj(TOK(d, b->t0).pos) && TOK(d, b->t0).pos != POS_NNP))
            continue;
        memcpy(a->code + 3, b->code + 3, 4); /* the role and its NUL */
        a->kind = AK_AGENT;
    }
    /* the North / the South in a Korean story */
    for (uint32_t i = se->tok0 + 1; i < end; i++) {
        token *t = &TOK(d, i);
        /* (both words have five bytes: most tokens stop at their length) */
        if (t->norm_len != 5 || t->ment >= 0 || !(t->flags & TF_CAP) ||
            !tok_is(&TOK(d, i - 1), "the"))
            continue;
        bool north = tok_is(t, "north"), south = tok_is(t, "south");
        if (!north && !south)
            continue;
        if (i + 1 < end && (TOK(d, i + 1).flags & TF_CAP))
            continue;
        if (!korean_story(d))
            continue;
        if (push_mention(d, s, i - 1, i + 1, i, AK_COUNTRY, north ? "PRK" : "KOR", NULL, -1) !=
            NEV_OK)
            return NEV_ENOMEM;
    }
    /* surnames of persons named earlier, and unknown names */
    for (uint32_t i = se->tok0; i < end; i++) {
        token *t = &TOK(d, i);
        /* (both cases below need a capital in a sentence not in capitals: most words stop
         * at their flags) */
        if ((t->flags & (TF_CAP | TF_CAPSENT)) != TF_CAP || t->ment >= 0 || t->place >= 0)
            continue;
        if (!name_word(t)) {
            /* a surname the tagger took for a verb ("Ahmed, who ...") */
            int p = (t->flags & TF_CAP) && !(t->flags & TF_CAPSENT) ? find_person(d, t->norm) : -1;
            if (p >= 0) {
                person *pp = &VEC_AT(d->persons, person, p);
                t->pos = POS_NNP;
                if (push_mention(d, s, i, i + 1, i, AK_PERSON, pp->code, pp->name, p) != NEV_OK)
                    return NEV_ENOMEM;
            }
            continue;
        }
        uint32_t j = i;
        while (j < end && j < i + 4 && name_word_d(d, &TOK(d, j)) && TOK(d, j).ment < 0 &&
               TOK(d, j).place < 0)
            j++;
        int p = find_person(d, TOK(d, j - 1).norm);
        if (p >= 0) {
            person *pp = &VEC_AT(d->persons, person, p);
            if (push_mention(d, s, i, j, j - 1, AK_PERSON, pp->code, pp->name, p) != NEV_OK)
                return NEV_ENOMEM;
            i = j - 1;
            continue;
        }
        /* two to four capitalised words, not at the very start of the sentence unless a
         * reporting verb or a comma follows: a person without a dictionary entry */
        if (j - i >= 2 && TOK(d, i).pos == POS_NNP && TOK(d, j - 1).pos == POS_NNP) {
            const token *nx = j < end ? &TOK(d, j) : NULL;
            bool ok = nx && (tok_is(nx, ",") || tok_is(nx, "said") || tok_is(nx, "says") ||
                             tok_is(nx, "told") || tok_is(nx, "added") || tok_is(nx, "wrote"));
            bool prev_ok = i > se->tok0 && (tok_is(&TOK(d, i - 1), ",") ||
                                            tok_is(&TOK(d, i - 1), "said") ||
                                            tok_is(&TOK(d, i - 1), "to"));
            if (ok || prev_ok) {
                int pi = add_person(d, d->text + t->off,
                                    TOK(d, j - 1).off + TOK(d, j - 1).len - t->off, "");
                if (pi >= 0 && push_mention(d, s, i, j, j - 1, AK_PERSON, "",
                                            VEC_AT(d->persons, person, pi).name, pi) != NEV_OK)
                    return NEV_ENOMEM;
            }
            i = j - 1;
        }
    }
    /* mentions were pushed out of token order by the passes above: sort this sentence's */
    return NEV_OK;
}

static int cmp_ment(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    if (x->sent != y->sent)
        return x->sent < y->sent ? -1 : 1;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

/* The one country a story is about, for role nouns that name no country ("police fired tear
 * gas at protesters" in a story about Ukraine): at least three mentions of it, and no other
 * country named more than half as often (home: police, courts, parliament, protesters) or
 * a third as often (home_forces: forces are often the other side's). Each is the 3-letter
 * key or "". */
static void dominant_country(const nev_doc *d, char home[4], char home_forces[4])
{
    enum { MAXK = 32 };
    char key[MAXK][4];
    uint32_t cnt[MAXK], nk = 0;
    home[0] = home_forces[0] = '\0';
    for (uint32_t i = 0; i < d->ments.n; i++) {
        const mention *m = &MENT(d, i);
        /* armed groups cross borders: their home says little about the story's country */
        if (strlen(m->code) < 3 || !strncmp(m->code, "IGO", 3) || !strncmp(m->code, "NGO", 3) ||
            m->kind == AK_GROUP)
            continue;
        uint32_t q = 0;
        while (q < nk && strncmp(key[q], m->code, 3) != 0)
            q++;
        if (q == nk) {
            if (nk == MAXK)
                continue;
            str_put(key[nk], 4, m->code, 3);
            cnt[nk++] = 0;
        }
        cnt[q]++;
    }
    uint32_t best = 0, second = 0;
    for (uint32_t q = 1; q < nk; q++)
        if (cnt[q] > cnt[best])
            best = q;
    for (uint32_t q = 0; q < nk; q++)
        if (q != best && cnt[q] > second)
            second = cnt[q];
    if (nk == 0 || cnt[best] < 3)
        return;
    if (second * 2u <= cnt[best])
        memcpy(home, key[best], 4);
    if (second * 3u <= cnt[best])
        memcpy(home_forces, key[best], 4);
}

const char *actor_open_role(const nev_doc *d, const mention *m)
{
    if (m->kind != AK_AGENT || m->code[0] || m->t1 <= m->t0)
        return NULL;
    /* the head's one-word key was looked up already (actor_tokens): its chain */
    const token *h = &TOK(d, m->t1 - 1);
    const actor_entry *e = chain_kind(d->m, h->actor1 ? h->actor1 - 1 : 0, AK_AGENT);
    return e ? e->code : NULL;
}

/* A short text that names one country only ("Nicaraguan Contra rebels ambushed a government
 * patrol"): its government, police, courts and parliament are that country's. Armed groups,
 * protesters and civilians are not assumed to be (they may be the other side). */
static void only_country_institutions(nev_doc *d)
{
    char key[4] = "";
    for (uint32_t i = 0; i < d->ments.n; i++) {
        const mention *m = &MENT(d, i);
        if (strlen(m->code) < 3 || !strncmp(m->code, "IGO", 3) || !strncmp(m->code, "NGO", 3) ||
            m->kind == AK_GROUP)
            continue;
        if (!key[0])
            memcpy(key, m->code, 3);
        else if (memcmp(key, m->code, 3) != 0)
            return; /* two countries */
    }
    if (!key[0] || d->sents.n > 3)
        return;
    for (uint32_t i = 0; i < d->ments.n; i++) {
        mention *m = &MENT(d, i);
        const char *role = actor_open_role(d, m);
        if (role && (!strcmp(role, "GOV") || !strcmp(role, "COP") || !strcmp(role, "JUD") ||
                     !strcmp(role, "LEG")))
            snprintf(m->code, sizeof m->code, "%.3s%.8s", key, role);
    }
}

/* Role nouns left without a country after the whole article is read take the story's
 * country when it has one (see dominant_country). */
static void agents_of_story(nev_doc *d)
{
    char home[4], home_forces[4];
    dominant_country(d, home, home_forces);
    if (!home[0]) {
        only_country_institutions(d);
        return;
    }
    /* an armed group of several countries (Islamic State: home Iraq) acts for the country
     * of a story that never names its home ("Da'esh attacks in Jabla" in a Syrian story) */
    char homes[8][4];
    bool home_named[8];
    uint32_t n_homes = 0;
    if (home_forces[0])
        for (uint32_t i = 0; i < d->ments.n; i++) {
            mention *m = &MENT(d, i);
            if (m->kind != AK_GROUP || strlen(m->code) < 4 || !strncmp(m->code, home_forces, 3))
                continue;
            /* is the home named by anything but a group? (answers kept per home country,
             * so a long article asks once) */
            bool named = false, asked = false;
            for (uint32_t q = 0; q < n_homes && !asked; q++)
                if (!memcmp(homes[q], m->code, 3)) {
                    asked = true;
                    named = home_named[q];
                }
            for (uint32_t q = 0; q < d->ments.n && !named && !asked; q++)
                named = MENT(d, q).kind != AK_GROUP && !strncmp(MENT(d, q).code, m->code, 3);
            if (!asked && n_homes < 8) {
                memcpy(homes[n_homes], m->code, 3);
                homes[n_homes][3] = '\0';
                home_named[n_homes++] = named;
            }
            if (!named) {
                char role[9];
                str_put(role, sizeof role, m->code + 3, SIZE_MAX);
                snprintf(m->code, sizeof m->code, "%.3s%s", home_forces, role);
            }
        }
    for (uint32_t i = 0; i < d->ments.n; i++) {
        mention *m = &MENT(d, i);
        const char *role = actor_open_role(d, m);
        if (!role)
            continue;
        bool forces = !strcmp(role, "MIL");
        bool home_role = !strcmp(role, "COP") || !strcmp(role, "GOV") || !strcmp(role, "OPP") ||
                         !strcmp(role, "JUD") || !strcmp(role, "LEG") || !strcmp(role, "CVL") ||
                         !strcmp(role, "REB") || !strcmp(role, "PTY") || !strcmp(role, "LAB") ||
                         !strcmp(role, "BUS") || !strcmp(role, "MED") || !strcmp(role, "EDU") ||
                         !strcmp(role, "HLH") || !strcmp(role, "AGR");
        if (!(forces ? home_forces[0] : home_role))
            continue;
        /* "the leaders of X", "international observers", "their troops": named elsewhere */
        const sentence *se = &SENT(d, m->sent);
        if (m->t1 < se->tok0 + se->ntok && tok_is(&TOK(d, m->t1), "of"))
            continue;
        bool other = false;
        for (uint32_t q = m->t0 > se->tok0 + 3 ? m->t0 - 3 : se->tok0; q < m->t0; q++) {
            const token *u = &TOK(d, q);
            if (u->pos == POS_PRPS || tok_is(u, "international") || tok_is(u, "foreign") ||
                tok_is(u, "enemy") || tok_is(u, "allied") || tok_is(u, "coalition"))
                other = true;
        }
        if (other)
            continue;
        snprintf(m->code, sizeof m->code, "%.3s%.8s", forces ? home_forces : home, role);
    }
}

/* For an article without a date: the latest year written with a month ("21 November
 * 2013", "in March 2014") or after "in" ("in 2013"), as the middle of that year in days;
 * INT32_MIN when the text dates nothing. */
static int32_t text_year(const nev_doc *d)
{
    static const char *const months[] = {"january", "february", "march", "april", "may",
                                         "june", "july", "august", "september", "october",
                                         "november", "december"};
    int best = 0;
    for (uint32_t i = 1; i < d->toks.n; i++) {
        const token *t = &TOK(d, i);
        if (t->norm_len != 4 || t->pos != POS_CD)
            continue;
        int y = 0;
        for (int k = 0; k < 4; k++)
            y = y * 10 + (t->norm[k] >= '0' && t->norm[k] <= '9' ? t->norm[k] - '0' : -10000);
        if (y < 1945 || y > 2100)
            continue;
        const token *p = &TOK(d, i - 1);
        if (p->pos == POS_CD && i >= 2)
            p = &TOK(d, i - 2); /* "November 21, 2013" */
        else if (tok_is(p, ",") && i >= 3 && TOK(d, i - 2).pos == POS_CD)
            p = &TOK(d, i - 3);
        bool dated = tok_is(p, "in");
        for (size_t k = 0; k < sizeof months / sizeof *months && !dated; k++)
            dated = tok_is(p, months[k]);
        if (dated && y > best)
            best = y;
    }
    return best ? days_from_civil(best, 7, 1) : INT32_MIN;
}

/* "World Bank president Barber Conable pledged the Bank's support": a capitalised role
 * noun after "the" that ends the name of an organisation named before is that
 * organisation ("the Bank", "the Commission", "the Council", "the Fund"). */
static void org_short_names(nev_doc *d)
{
    static const char *const heads[] = {"bank",       "commission",   "council", "fund",
                                        "agency",     "organisation", "court",   "union",
                                        "organization", "community",  "alliance", "league"};
    enum { RECENT = 32 };
    uint32_t orgs[RECENT], n_orgs = 0; /* the last organisations named, oldest first */
    for (uint32_t i = 0; i < d->ments.n; i++) {
        mention *m = &MENT(d, i);
        /* an organisation, or its head named with it ("World Bank president X") */
        bool org = m->kind == AK_ORG ||
                   (m->kind == AK_PERSON &&
                    (!strncmp(m->code, "IGO", 3) || !strncmp(m->code, "NGO", 3)));
        if (org && m->code[0] && m->t1 > m->t0 + 1) {
            if (n_orgs == RECENT) {
                memmove(orgs, orgs + 1, (RECENT - 1) * sizeof *orgs);
                n_orgs--;
            }
            orgs[n_orgs++] = i;
            continue;
        }
        if (m->kind != AK_AGENT || m->t1 != m->t0 + 1 || m->t0 == 0)
            continue;
        const token *h = &TOK(d, m->t0);
        if (!(h->flags & TF_CAP) || (h->flags & TF_CAPSENT) || !tok_is(&TOK(d, m->t0 - 1), "the"))
            continue;
        bool org_word = false;
        for (size_t q = 0; q < sizeof heads / sizeof *heads && !org_word; q++)
            org_word = tok_is(h, heads[q]);
        bool found = false;
        for (uint32_t r = n_orgs; r-- > 0 && org_word && !found;) {
            const mention *o = &MENT(d, orgs[r]);
            for (uint32_t q = o->t0 + 1; q < o->t1 && !found; q++) {
                const token *w = &TOK(d, q);
                if (w->norm_len == h->norm_len && !memcmp(w->norm, h->norm, h->norm_len) &&
                    (w->flags & TF_CAP)) {
                    char code[sizeof m->code];
                    memcpy(code, o->code, sizeof code); /* (o may alias m for the compiler) */
                    memcpy(m->code, code, sizeof code);
                    m->kind = AK_ORG;
                    found = true;
                }
            }
        }
    }
}

int actor_run(nev_doc *d)
{
    d->text_date = d->date == INT32_MIN ? text_year(d) : INT32_MIN;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        if (SENT(d, s).dup_of >= 0)
            continue;
        int rc = sentence_mentions(d, s);
        if (rc != NEV_OK)
            return rc;
        /* a dateline naming a country or capital: "KUWAIT, June 2 - ..." (later sentences'
         * "the Foreign Ministry" belongs there) */
        for (uint32_t k = 0; k < d->ments.n && !d->dateline[0]; k++) {
            const mention *m = &MENT(d, k);
            const sentence *se = &SENT(d, m->sent);
            if (m->sent == s && se->off == d->body_off && m->t0 == se->tok0 &&
                m->t1 < d->toks.n && TOK(d, m->t1).norm_len == 1 && TOK(d, m->t1).norm[0] == ',' &&
                (m->kind == AK_COUNTRY || m->kind == AK_SEAT) && strlen(m->code) >= 3)
                str_put(d->dateline, sizeof d->dateline, m->code, 3);
        }
    }
    org_short_names(d);
    agents_of_story(d);
    if (d->ments.n > 1) {
        qsort(d->ments.data, d->ments.n, sizeof(mention), cmp_ment);
        for (uint32_t i = 0; i < d->toks.n; i++)
            TOK(d, i).ment = -1;
        for (uint32_t k = 0; k < d->ments.n; k++)
            for (uint32_t i = MENT(d, k).t0; i < MENT(d, k).t1; i++)
                TOK(d, i).ment = (int32_t)k;
    }
    return NEV_OK;
}

/* ---- explaining a name (newsevents actors NAME) ------------------------------------------ */
static const char *kind_name(int k)
{
    static const char *const names[] = {"?", "country", "country adjective", "seat of government",
                                        "organisation", "armed group", "news agency", "person",
                                        "role noun", "title", "blocking phrase"};
    return k >= 0 && k <= AK_BLOCK ? names[k] : "?";
}

static void fmt_day(int32_t days, char *out, size_t cap)
{
    if (days == INT32_MIN || days == INT32_MAX) {
        str_put(out, cap, "", SIZE_MAX);
        return;
    }
    char buf[16];
    format_date(days, buf);
    str_put(out, cap, buf, SIZE_MAX);
}

int nev_model_explain_actor(const nev_model *m, const char *name, size_t len, const char *date,
                            char *out, size_t cap)
{
    if (!m || !name || !out || cap == 0)
        return NEV_EINVAL;
    char key[256];
    size_t kl;
    int rc = translit_key(&m->alc, name, len, key, sizeof key, &kl); /* "Путин" too */
    if (rc != NEV_OK)
        return rc;
    int32_t day = date ? parse_date(date, strlen(date)) : INT32_MIN;
    size_t o = 0;
#define OUT(...)                                                                             \
    do {                                                                                     \
        int k_ = snprintf(out + o, o < cap ? cap - o : 0, __VA_ARGS__);                     \
        if (k_ > 0)                                                                          \
            o += (size_t)k_;                                                                 \
    } while (0)
    uint32_t c = lookup(m, key, kl, NULL);
    if (!c) {
        OUT("\"%s\": no dictionary entry (key \"%s\")\n", name, key);
        OUT("  in an article it may still be coded through a title (\"President X\"), a country\n"
            "  adjective (\"Russian X\"), or an earlier full mention of the same surname\n");
        return o < cap ? NEV_OK : NEV_ELIMIT;
    }
    const actor_link *links = (const actor_link *)m->actor_chain;
    const actor_entry *chosen = NULL, *nearest = NULL;
    OUT("\"%s\" (key \"%s\"):\n", name, key);
    for (; c; c = links[c - 1].next) {
        const actor_entry *e = &m->actors[links[c - 1].entry];
        char f[16], t[16];
        fmt_day(e->from, f, sizeof f);
        fmt_day(e->to, t, sizeof t);
        bool in = day == INT32_MIN || (day >= e->from && day <= e->to);
        OUT("  %-10s %-18s %s%s%s%s  (%s)\n", e->code, kind_name(e->kind),
            e->from != INT32_MIN || e->to != INT32_MAX ? f : "always",
            e->from != INT32_MIN || e->to != INT32_MAX ? ".." : "", t,
            in ? "" : "  out of range", e->name);
        if (in && !chosen)
            chosen = e;
        if (!nearest || (day != INT32_MIN &&
                         labs((long)day - (long)e->to) < labs((long)day - (long)nearest->to)))
            nearest = e;
    }
    if (chosen) {
        OUT("-> %s", chosen->code);
        if (chosen->kind == AK_ADJ)
            OUT(" (with a role noun: \"%s forces\" -> %.3sMIL)", chosen->name, chosen->code);
        OUT("\n");
    } else if (nearest && nearest->kind == AK_PERSON) {
        OUT("-> %.3s (no entry covers %s: the person's country, without the role)\n",
            strncmp(nearest->code, "IGO", 3) ? nearest->code : nearest->code, date ? date : "");
    }
#undef OUT
    return o < cap ? NEV_OK : NEV_ELIMIT;
}
