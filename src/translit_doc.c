/*
 * translit_doc.c - the transliteration stage (see translit.h): words of other scripts get
 * Latin folded forms so the actor dictionary, the gazetteer and surname links see "putin" for
 * "Путин"; persons named in another script get a Latin display name.
 */
#include "internal.h"
#include "translit.h"

#include <unicode/uchar.h>

/* The document's transliterator, opened on first use. NEV_OK with *tr NULL when ICU cannot
 * build it: the record says so once and the words keep their own-script forms. */
static int doc_translit(nev_doc *d, translit **tr, bool warn)
{
    *tr = d->translit;
    if (*tr)
        return NEV_OK;
    int rc = translit_open(&d->translit, &d->m->alc);
    if (rc == NEV_ENOMEM)
        return rc;
    if (rc != NEV_OK)
        return warn ? doc_warn(d, "transliteration unavailable (%s): names in other scripts "
                                  "are not matched", nev_strerror(rc))
                    : NEV_OK;
    *tr = d->translit;
    return NEV_OK;
}

int translit_run(nev_doc *d)
{
    char key[256];
    for (uint32_t i = 0; i < d->toks.n; i++) {
        token *t = &TOK(d, i);
        const char *w = d->text + t->off;
        if (!translit_wanted(w, t->len)) /* a byte loop for ASCII words */
            continue;
        translit *tr;
        int rc = doc_translit(d, &tr, true);
        if (rc != NEV_OK)
            return rc;
        if (!tr)
            return NEV_OK;
        size_t n;
        rc = translit_word(tr, w, t->len, key, sizeof key, &n);
        if (rc == NEV_ENOMEM)
            return rc;
        if (rc != NEV_OK || n == 0)
            continue; /* too long for a name, or nothing left: keep the own-script form */
        char *norm = arena_strndup(&d->ar, key, n);
        if (!norm)
            return NEV_ENOMEM;
        t->norm = norm;
        t->norm_len = (uint16_t)n;
        t->lemma = norm;
        /* capitalised: an upper-case first letter (also Є, І, Ї, Ґ, Ў, Ј...), or a letter of a
         * script without case, which in English news is a name */
        uint32_t cp;
        utf8_decode(w, t->len, &cp);
        if (u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ||
            (u_isalpha((UChar32)cp) && !u_hasBinaryProperty((UChar32)cp, UCHAR_CASED)))
            t->flags |= TF_CAP;
        if ((t->flags & TF_CAP) && !(t->flags & TF_CAPSENT) &&
            (t->pos == POS_NN || t->pos == POS_NNS || pos_is_adj(t->pos) || t->pos == POS_FW))
            t->pos = POS_NNP;
    }
    return NEV_OK;
}

/* "ivan petrov" -> "Ivan Petrov", "bashar al-assad" -> "Bashar al-Assad" in the arena */
static const char *title_case(nev_doc *d, const char *s, size_t n)
{
    char *o = arena_strndup(&d->ar, s, n);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        bool start = i == 0 || o[i - 1] == ' ' || o[i - 1] == '(';
        if (start && i + 3 < n && (o[i] == 'a' || o[i] == 'e') && o[i + 1] == 'l' &&
            o[i + 2] == '-') {
            i += 2; /* the Arabic article stays in lower case; the name after it does not */
            if (o[i + 1] >= 'a' && o[i + 1] <= 'z')
                o[i + 1] = (char)(o[i + 1] - 32);
            continue;
        }
        if (start && o[i] >= 'a' && o[i] <= 'z')
            o[i] = (char)(o[i] - 32);
    }
    return o;
}

int translit_name(nev_doc *d, const char **name, size_t *len)
{
    if (!translit_wanted(*name, *len))
        return NEV_OK;
    translit *tr;
    int rc = doc_translit(d, &tr, false);
    if (rc != NEV_OK || !tr)
        return rc;
    char key[256];
    size_t n;
    rc = translit_phrase(tr, *name, *len, key, sizeof key, &n);
    if (rc == NEV_ENOMEM)
        return rc;
    if (rc != NEV_OK || n == 0)
        return NEV_OK;
    uint32_t cnt;
    const actor_entry *e = actor_lookup(d->m, key, n, &cnt, NULL);
    const char *src = e && e->kind == AK_PERSON ? e->name : key;
    size_t sl = strlen(src);
    const char *tc = title_case(d, src, sl);
    if (!tc)
        return NEV_ENOMEM;
    *name = tc;
    *len = sl;
    return NEV_OK;
}

void translit_doc_free(nev_doc *d)
{
    translit_close(d->translit);
    d->translit = NULL;
}
