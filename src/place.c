/*
 * place.c - places named in the article (GUIDE section 3): capitalised word sequences looked
 * up in the gazetteer (longest match), disambiguated by the countries the article names and
 * by cue words before the name ("in", "near", "the city of"). Capitals used as governments
 * ("Moscow said") are places too. Each sentence remembers its first place (the event's
 * action geography).
 */
#include "internal.h"

#include <string.h>

/* A word of a closed list, with its length so most comparisons stop at the length. */
typedef struct word {
    const char *s;
    uint8_t len;
} word;
#define W(s) {s, sizeof s - 1}

/* True when the token's folded form is one of list[0..n). (The folded form has no NUL
 * inside, so comparing lengths and bytes is strcmp.) */
static bool tok_in(const token *t, const word *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].len == t->norm_len && list[i].s[0] == t->norm[0] &&
            memcmp(list[i].s, t->norm, t->norm_len) == 0)
            return true;
    return false;
}

/* Months and weekdays are dates, never places ("March", "Sunday"). Checked for every token,
 * so the words are grouped by length (3 to 9) and compared from their first byte. */
static bool is_calendar_word(const token *t)
{
    static const char *const by_len[7][5] = {
        {"may"},
        {"june", "july"},
        {"march", "april"},
        {"august", "monday", "friday", "sunday"},
        {"january", "october", "tuesday"},
        {"february", "november", "december", "thursday", "saturday"},
        {"september", "wednesday"},
    };
    if (t->norm_len < 3 || t->norm_len > 9)
        return false;
    const char *const *w = by_len[t->norm_len - 3];
    for (size_t i = 0; i < 5 && w[i]; i++)
        if (w[i][0] == t->norm[0] && memcmp(w[i], t->norm, t->norm_len) == 0)
            return true;
    return false;
}

/* Facility and district nouns ("the Novy microdistrict"), grouped by length (3 to 13) like
 * the calendar words: the word after every name found is tested. */
static bool is_facility_word(const token *t)
{
    static const char *const by_len[11][8] = {
        {"dam"},
        {"camp", "mine", "port"},
        {"plant", "hotel"},
        {"street", "avenue", "square", "prison", "bridge", "mosque", "church", "school"},
        {"quarter", "airport", "airbase", "station", "stadium", "factory"},
        {"district", "hospital", "building", "refinery", "terminal"},
        {NULL},
        {"university"},
        {NULL},
        {"neighborhood"},
        {"microdistrict", "neighbourhood"},
    };
    if ((t->flags & TF_CAP) || t->norm_len < 3 || t->norm_len > 13)
        return false;
    const char *const *w = by_len[t->norm_len - 3];
    for (size_t i = 0; i < 8 && w[i]; i++)
        if (w[i][0] == t->norm[0] && memcmp(w[i], t->norm, t->norm_len) == 0)
            return true;
    return false;
}

/* Countries the article mentions, weighted by count: names, adjectives, capitals. At a
 * capitalised token, the longest of the 3-, 2- and 1-word keys that is a country, an
 * adjective or a seat counts. A longer key is looked up only when the shorter one is in the
 * actor index, as a key or as the prefix of a longer key. */
static void article_countries(nev_doc *d, char (*cc)[4], float *w, size_t *n, size_t cap)
{
    *n = 0;
    char key[128];
    /* held in locals: the key's char stores could alias d->toks */
    const token *tk = (const token *)d->toks.data;
    const uint32_t ntok = d->toks.n;
    for (uint32_t i = 0; i < ntok; i++) {
        if (!(tk[i].flags & (TF_CAP | TF_CAPSENT)))
            continue;
        const actor_entry *es[4] = {NULL, NULL, NULL, NULL}; /* by number of words */
        size_t kl = 0;
        for (uint32_t len = 1; len <= 3 && i + len <= ntok; len++) {
            bool known;
            if (len == 1) {
                /* looked up already (actor_tokens); copied only when a longer key may follow */
                if ((size_t)tk[i].norm_len + 2 >= sizeof key)
                    break;
                es[1] = actor_tok_known(d->m, &tk[i], &known);
                if (!known)
                    break; /* no longer key starts with this one */
                key_append(key, &kl, sizeof key, &tk[i]);
                continue;
            }
            if (!key_append(key, &kl, sizeof key, &tk[i + len - 1]))
                break;
            es[len] = actor_lookup_known(d->m, key, kl, &known);
            if (!known)
                break; /* no longer key starts with this one */
        }
        for (uint32_t len = 3; len >= 1; len--) {
            const actor_entry *e = es[len];
            if (!e || !(e->kind == AK_COUNTRY || e->kind == AK_ADJ || e->kind == AK_SEAT))
                continue;
            size_t q = 0;
            while (q < *n && strncmp(cc[q], e->code, 3) != 0)
                q++;
            if (q == *n) {
                if (*n == cap)
                    continue;
                memcpy(cc[q], e->code, 3);
                cc[q][3] = '\0';
                w[q] = 0;
                (*n)++;
            }
            w[q] += 1;
            i += len - 1;
            break;
        }
    }
}

static bool cue_before(const nev_doc *d, uint32_t i, uint32_t s0)
{
    if (i <= s0)
        return false;
    static const word cues[] = {W("in"), W("near"), W("at"), W("from"), W("outside"),
                                W("across"), W("toward"), W("towards"), W("into"), W("around"),
                                W("of"), W("to"), W("through"), W("via"), W("inside"),
                                W("reach"), W("visited")};
    return tok_in(&TOK(d, i - 1), cues, sizeof cues / sizeof *cues);
}

/* A name that the actor dictionary knows as a person, organisation or country is not a place
 * ("Putin", "NATO", "Russia"); capitals and seats are both. */
static bool actor_not_place(const nev_doc *d, const char *key, size_t kl, const token *one)
{
    uint32_t n;
    bool kn;
    /* a one-word key (token one) was looked up already (actor_tokens) */
    const actor_entry *e = one ? actor_tok_known(d->m, one, &kn) : actor_lookup(d->m, key, kl, &n);
    if (!e)
        return false;
    /* a region that acts ("Crimea") is a place; a country name is not */
    if (e->kind == AK_COUNTRY)
        return geo_is_country_name(d->m->geo, key, kl);
    /* a seat of an organisation that is also a capital ("Brussels") is a place */
    if (e->kind == AK_SEAT && !(e->flags & AEF_PLACE)) {
        geo_place gp;
        return !(geo_lookup(d->m->geo, key, kl, &gp, 1) > 0 && gp.kind == GEO_CAPITAL);
    }
    return e->kind == AK_PERSON || e->kind == AK_ORG || e->kind == AK_ADJ ||
           e->kind == AK_GROUP || e->kind == AK_MEDIA;
}

static bool in_story(const char (*cc)[4], size_t n, const char *cc3)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(cc[i], cc3, 3) == 0)
            return true;
    return false;
}

/* geo_prefetch_h, inline, for the one-word key of token t when place_run may look it up; its hash
 * goes to *h for the lookups */
static inline void prefetch_name(const geo_prefetcher *g, const token *t, uint32_t *h)
{
    if (t->norm_len >= 2 && t->pos != POS_PUNCT) {
        *h = geo_hash(t->norm, t->norm_len);
        geo_prefetch_with(g, *h, !(t->flags & (TF_CAP | TF_CAPSENT)));
    }
}

int place_run(nev_doc *d)
{
    char cc[32][4];
    float w[32];
    size_t ncc;
    article_countries(d, cc, w, &ncc, 32);
    geo_context gctx;
    gctx.countries = (const char(*)[4])cc;
    gctx.weights = w;
    gctx.n_countries = ncc;
    const geo_model *g = d->m->geo;
    geo_prefetcher gpf;
    geo_prefetcher_init(g, &gpf);
    char key[256];
    token *tk = (token *)d->toks.data; /* a local: the key's char stores could alias d->toks */
    for (uint32_t s = 0; s < d->sents.n; s++) {
        sentence *se = &SENT(d, s);
        if (se->dup_of >= 0)
            continue;
        uint32_t end = se->tok0 + se->ntok;
        /* the gazetteer's filters and table are far bigger than the cache: start loading what
         * the lookup of a token PD ahead reads first */
        enum { PD = 8 };
        uint32_t gh[2 * PD]; /* geo_hash of the one-word keys, token i at i % (2 * PD) */
        uint32_t pf = se->tok0; /* the next token to prefetch (matches skip tokens) */
        for (; pf < end && pf < se->tok0 + PD; pf++)
            prefetch_name(&gpf, &tk[pf], &gh[pf % (2 * PD)]);
        for (uint32_t i = se->tok0; i < end; i++) {
            token *t = &tk[i];
            /* one bound (a select), not two tests: one token a step, none near the end */
            uint32_t pf_end = i + PD + 1 < end ? i + PD + 1 : end;
            for (; pf < pf_end; pf++)
                prefetch_name(&gpf, &tk[pf], &gh[pf % (2 * PD)]);
            bool cap = (t->flags & (TF_CAP | TF_CAPSENT)) != 0;
            if (t->norm_len < 2 || t->pos == POS_PUNCT)
                continue;
            /* a word in lower case can only start a longer name or a big capital (the test
             * that rejects most lower-case words comes first; its answer is the key's record) */
            uint32_t h1 = gh[i % (2 * PD)]; /* set: norm_len >= 2, not punctuation */
            const geo_krec *k1 = NULL;
            if (!cap && !(k1 = geo_find_lower_start_h(g, t->norm, t->norm_len, h1)))
                continue;
            /* "The Hague", but not "The meeting" at the start of a sentence */
            if (t->pos == POS_DT && !(i + 1 < end && (tk[i + 1].flags & TF_CAP)))
                continue;
            /* longest match */
            size_t kl = 0, best_kl = 0;
            uint32_t best_end = 0;
            const geo_krec *best = NULL;
            uint32_t hk = h1; /* geo_hash of key, word by word */
            const geo_krec *k = NULL;
            for (uint32_t j = i; j < end && j < i + 6; j++) {
                /* lower-case words continue a name only while the gazetteer has a longer
                 * name with this prefix ("Rostov region", "Korean Peninsula") */
                if (!key_append(key, &kl, sizeof key, &tk[j]))
                    break;
                if (j > i) {
                    uint32_t hp = hk;
                    hk = geo_hash_more(geo_hash_more(hk, " ", 1), tk[j].norm, tk[j].norm_len);
                    k = geo_find_more_h(g, k, hp, key, kl, hk);
                } else {
                    k = cap ? geo_find_h(g, key, kl, hk) : k1;
                }
                if (k && k->n_cand > 0) {
                    best_kl = kl;
                    best_end = j + 1;
                    best = k;
                }
                if (!k || !(k->flags & GEO_KF_PREFIX))
                    break;
            }
            /* months and weekdays after the lookup (which has no effect): most words have
             * no name, and the length and word tests mispredict */
            if (!best_kl || is_calendar_word(t))
                continue;
            if ((best->flags & GEO_KF_COUNTRY) ||
                actor_not_place(d, key, best_kl, best_end == i + 1 ? t : NULL))
                continue;
            gctx.cue = cue_before(d, i, se->tok0);
            /* "Mr Straw": a name after a title is a person's */
            if (i > se->tok0) {
                const token *pv = &tk[i - 1];
                bool kn;
                const actor_entry *te = actor_tok_known(d->m, pv, &kn);
                if (te && te->kind == AK_TITLE)
                    continue;
            }
            /* "Congress", "Arab", "Levant": a one-word name that is an English word needs a
             * cue or a real town */
            geo_place gp;
            bool resolved = false; /* gp holds geo_resolve_rec's answer (same arguments) */
            if (best_end == i + 1 && !gctx.cue && (t->flags & TF_CAP) &&
                lemma_is_word(d->m->lemma, key, best_kl)) {
                if (!geo_resolve_rec(g, best, key, best_kl, &gctx, &gp) ||
                    (gp.population < 10000 && gp.kind != GEO_CAPITAL))
                    continue;
                resolved = true;
            }
            /* "the Novy microdistrict", "the Azovstal plant": a name before a facility or
             * district noun names that facility, not the town of the same name */
            if (best_end < end && is_facility_word(&tk[best_end]))
                continue;
            /* a following capitalised word makes it part of a longer unknown name */
            if (best_end < end && (tk[best_end].flags & TF_CAP) &&
                !(tk[best_end].flags & TF_CAPSENT) &&
                (tk[best_end].pos == POS_NNP || tk[best_end].pos == POS_NNPS ||
                 pos_is_adj(tk[best_end].pos))) {
                i = best_end - 1; /* skip the whole capitalised run */
                continue;
            }
            if (!resolved && !geo_resolve_rec(g, best, key, best_kl, &gctx, &gp))
                continue;
            /* "Jessica Parker", "Edgar Hoover": a capitalised word before makes it the end
             * of a person's name */
            if (best_end == i + 1 && !gctx.cue && i > se->tok0 + 1) {
                const token *pv = &tk[i - 1];
                if ((pv->flags & TF_CAP) && !(pv->flags & (TF_CAPSENT | TF_ALLCAP)) &&
                    pv->place < 0 && pv->pos == POS_NNP && pv->ment < 0)
                    continue;
            }
            /* "Hoover", "Parker", "Brookside": a one-word name without a cue that is only a
             * small town in a country the story does not name is more likely a person or
             * a thing */
            if (best_end == i + 1 && !gctx.cue && gp.population < 20000 &&
                gp.kind != GEO_CAPITAL && !in_story(cc, ncc, gp.cc3))
                continue;
            /* lower-case: only well-known capitals ("arms supplies to kyiv") */
            if (!cap && (gp.kind != GEO_CAPITAL || gp.population < GEO_BIG_CAPITAL ||
                         (best->flags & GEO_KF_COMMON)))
                continue;
            place_ref pr;
            pr.gp = gp;
            pr.off = t->off;
            pr.len = tk[best_end - 1].off + tk[best_end - 1].len - t->off;
            pr.sent = s;
            pr.cued = gctx.cue;
            pr.written = arena_strndup(&d->ar, d->text + pr.off, pr.len);
            if (!pr.written)
                return NEV_ENOMEM;
            int64_t idx = vec_push(&d->ar, &d->places, &pr);
            if (idx < 0)
                return NEV_ENOMEM;
            for (uint32_t j = i; j < best_end; j++)
                tk[j].place = (int32_t)idx;
            if (se->place < 0)
                se->place = (int32_t)idx;
            /* a wire dateline: the body's first words are a place and a comma */
            if (i == se->tok0 && se->off == d->body_off && best_end < end &&
                tk[best_end].norm_len == 1 && tk[best_end].norm[0] == ',')
                memcpy(d->dateline, gp.cc3, 4);
            i = best_end - 1;
        }
    }
    return NEV_OK;
}
