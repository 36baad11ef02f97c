/*
 * place.c - places named in the article (GUIDE section 3): capitalised word sequences looked
 * up in the gazetteer (longest match), disambiguated by the countries the article names and
 * by cue words before the name ("in", "near", "the city of"). Capitals used as governments
 * ("Moscow said") are places too. Each sentence remembers its first place (the event's
 * action geography).
 */
#include "internal.h"

#include <string.h>

static bool tok_is(const token *t, const char *w) { return strcmp(t->norm, w) == 0; }

/* Months and weekdays are dates, never places ("March", "Sunday"). */
static bool is_calendar_word(const token *t)
{
    static const char *const w[] = {"january", "february", "march", "april", "may", "june",
                                    "july", "august", "september", "october", "november",
                                    "december", "monday", "tuesday", "wednesday", "thursday",
                                    "friday", "saturday", "sunday"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is(t, w[i]))
            return true;
    return false;
}

/* Countries the article mentions, weighted by count: names, adjectives, capitals. */
static void article_countries(nev_doc *d, char (*cc)[4], float *w, size_t *n, size_t cap)
{
    *n = 0;
    char key[128];
    for (uint32_t i = 0; i < d->toks.n; i++) {
        for (uint32_t len = 3; len >= 1; len--) {
            if (i + len > d->toks.n)
                continue;
            size_t kl = 0;
            bool ok = true;
            for (uint32_t j = i; j < i + len; j++) {
                const token *t = &TOK(d, j);
                if (kl + t->norm_len + 2 >= sizeof key) {
                    ok = false;
                    break;
                }
                if (j > i)
                    key[kl++] = ' ';
                memcpy(key + kl, t->norm, t->norm_len);
                kl += t->norm_len;
            }
            if (!ok || !(TOK(d, i).flags & (TF_CAP | TF_CAPSENT)))
                continue;
            uint32_t cnt;
            const actor_entry *e = actor_lookup(d->m, key, kl, &cnt, NULL);
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
    const token *p = &TOK(d, i - 1);
    static const char *const cues[] = {"in", "near", "at", "from", "outside", "across",
                                       "toward", "towards", "into", "around", "of", "to",
                                       "through", "via", "inside", "reach", "visited"};
    for (size_t k = 0; k < sizeof cues / sizeof *cues; k++)
        if (tok_is(p, cues[k]))
            return true;
    return false;
}

/* A name that the actor dictionary knows as a person, organisation or country is not a place
 * ("Putin", "NATO", "Russia"); capitals and seats are both. */
static bool actor_not_place(const nev_doc *d, const char *key, size_t kl)
{
    uint32_t n;
    const actor_entry *e = actor_lookup(d->m, key, kl, &n, NULL);
    if (!e)
        return false;
    return e->kind == AK_PERSON || e->kind == AK_ORG || e->kind == AK_COUNTRY ||
           e->kind == AK_ADJ || e->kind == AK_GROUP || e->kind == AK_MEDIA ||
           (e->kind == AK_SEAT && !(e->flags & AEF_PLACE));
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
    char key[256];
    for (uint32_t s = 0; s < d->sents.n; s++) {
        sentence *se = &SENT(d, s);
        if (se->dup_of >= 0)
            continue;
        uint32_t end = se->tok0 + se->ntok;
        for (uint32_t i = se->tok0; i < end; i++) {
            token *t = &TOK(d, i);
            bool cap = (t->flags & (TF_CAP | TF_CAPSENT)) != 0;
            if (t->norm_len < 2 || t->pos == POS_PUNCT || is_calendar_word(t))
                continue;
            /* "The Hague", but not "The meeting" at the start of a sentence */
            if (t->pos == POS_DT && !(i + 1 < end && (TOK(d, i + 1).flags & TF_CAP)))
                continue;
            /* longest match */
            size_t kl = 0, best_kl = 0;
            uint32_t best_end = 0;
            for (uint32_t j = i; j < end && j < i + 6; j++) {
                const token *u = &TOK(d, j);
                /* lower-case words continue a name only while the gazetteer has a longer
                 * name with this prefix ("Rostov region", "Korean Peninsula") */
                if (kl + u->norm_len + 2 >= sizeof key)
                    break;
                if (j > i)
                    key[kl++] = ' ';
                memcpy(key + kl, u->norm, u->norm_len);
                kl += u->norm_len;
                geo_place tmp;
                if (geo_lookup(g, key, kl, &tmp, 1) > 0) {
                    best_kl = kl;
                    best_end = j + 1;
                }
                if (!geo_has_prefix(g, key, kl))
                    break;
            }
            if (!best_kl)
                continue;
            if (geo_is_country_name(g, key, best_kl) || actor_not_place(d, key, best_kl))
                continue;
            /* a following capitalised word makes it part of a longer unknown name */
            if (best_end < end && (TOK(d, best_end).flags & TF_CAP) &&
                !(TOK(d, best_end).flags & TF_CAPSENT) &&
                (TOK(d, best_end).pos == POS_NNP || TOK(d, best_end).pos == POS_NNPS ||
                 pos_is_adj(TOK(d, best_end).pos))) {
                i = best_end - 1; /* skip the whole capitalised run */
                continue;
            }
            gctx.cue = cue_before(d, i, se->tok0);
            geo_place gp;
            if (!geo_resolve(g, key, best_kl, &gctx, &gp))
                continue;
            /* lower-case: only well-known capitals ("arms supplies to kyiv") */
            if (!cap && (gp.kind != GEO_CAPITAL || gp.population < 500000 ||
                         geo_is_common_word(g, key, best_kl)))
                continue;
            place_ref pr;
            pr.gp = gp;
            pr.off = t->off;
            pr.len = TOK(d, best_end - 1).off + TOK(d, best_end - 1).len - t->off;
            pr.sent = s;
            pr.written = arena_strndup(&d->ar, d->text + pr.off, pr.len);
            if (!pr.written)
                return NEV_ENOMEM;
            int64_t idx = vec_push(&d->ar, &d->places, &pr);
            if (idx < 0)
                return NEV_ENOMEM;
            for (uint32_t j = i; j < best_end; j++)
                TOK(d, j).place = (int32_t)idx;
            if (se->place < 0)
                se->place = (int32_t)idx;
            i = best_end - 1;
        }
    }
    return NEV_OK;
}
